//! The engine's exported operations over JSON text: what `bindings` hands through unchanged and
//! what native tests call. JSON text crosses the wasm boundary faster than object graphs, and
//! keeps every check here, in plain Rust.

use super::time;
use super::validate::{self, ValidateOptions};
use super::{Policy, MAX_SUBMISSION_BYTES};
use crate::error::{check_size, Error, ErrorCode};
use serde_json::{Map, Value};

pub(crate) fn parse_json(what: &str, text: &str, max: usize) -> Result<Value, Error> {
    check_size(what, text, max)?;
    serde_json::from_str(text).map_err(|e| Error::invalid_argument(format!("{what} is not valid JSON: {e}")))
}

pub(crate) fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| Error::invalid_argument(e.to_string()))
}

/// An options object with only known keys (a typo is reported, not ignored). Some readers serve
/// only the record exports of the `replies` build.
#[cfg_attr(not(feature = "replies"), allow(dead_code))]
pub(crate) struct Opts(Map<String, Value>, &'static str);

#[cfg_attr(not(feature = "replies"), allow(dead_code))]
impl Opts {
    pub(crate) fn parse(what: &'static str, text: &str, allowed: &[&str]) -> Result<Opts, Error> {
        let v = if text.is_empty() { Value::Object(Map::new()) } else { parse_json(what, text, 64 * 1024)? };
        let m = match v {
            Value::Object(m) => m,
            Value::Null => Map::new(),
            _ => return Err(Error::invalid_argument(format!("{what} must be an object"))),
        };
        for k in m.keys() {
            if !allowed.contains(&k.as_str()) {
                return Err(Error::invalid_argument(format!("unknown option {k:?} in {what}; allowed: {}", allowed.join(", "))));
            }
        }
        Ok(Opts(m, what))
    }

    fn get(&self, k: &str) -> Option<&Value> {
        self.0.get(k).filter(|v| !v.is_null())
    }

    pub(crate) fn str(&self, k: &str, max: usize) -> Result<Option<String>, Error> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) if s.len() <= max => Ok(Some(s.clone())),
            Some(Value::String(_)) => Err(Error::new(ErrorCode::InputTooLarge, format!("{}: {k} is longer than {max} bytes", self.1))),
            Some(_) => Err(Error::invalid_argument(format!("{}: {k} must be a string", self.1))),
        }
    }

    pub(crate) fn required_str(&self, k: &str, max: usize) -> Result<String, Error> {
        self.str(k, max)?.ok_or_else(|| Error::invalid_argument(format!("{}: {k} is required", self.1)))
    }

    /// An instant: ISO 8601 text or epoch milliseconds (the wrapper turns a Date into the latter).
    pub(crate) fn instant(&self, k: &str) -> Result<Option<i64>, Error> {
        match self.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => time::parse(s).map(Some).map_err(|e| Error::invalid_argument(format!("{}: {k}: {}", self.1, e.message))),
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 8.64e15)
                .map(|f| Some(f as i64))
                .ok_or_else(|| Error::invalid_argument(format!("{}: {k} is not a valid time", self.1))),
            Some(_) => Err(Error::invalid_argument(format!("{}: {k} must be an ISO 8601 string, a Date or epoch milliseconds", self.1))),
        }
    }

    pub(crate) fn now(&self) -> Result<i64, Error> {
        self.instant("now")?.ok_or_else(|| Error::invalid_argument(format!("{}: now is required", self.1)))
    }

    pub(crate) fn int(&self, k: &str, min: i64, max: i64) -> Result<Option<i64>, Error> {
        match self.get(k) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .filter(|n| (min..=max).contains(n))
                .map(Some)
                .ok_or_else(|| Error::invalid_argument(format!("{}: {k} must be an integer from {min} to {max}", self.1))),
        }
    }

    pub(crate) fn sub(&self, k: &str, what: &'static str, allowed: &[&str]) -> Result<Opts, Error> {
        match self.get(k) {
            None => Ok(Opts(Map::new(), what)),
            Some(v) => Opts::parse(what, &v.to_string(), allowed),
        }
    }

    pub(crate) fn value(&self, k: &str) -> Option<&Value> {
        self.get(k)
    }
}

pub(crate) fn policy(o: &Opts) -> Result<Policy, Error> {
    let p = o.sub("policy", "policy", &["refreshMonths", "doiHours"])?;
    let d = Policy::default();
    Ok(Policy {
        refresh_months: p.int("refreshMonths", 1, 1200)?.unwrap_or(d.refresh_months),
        doi_hours: p.int("doiHours", 1, 24 * 365)?.unwrap_or(d.doi_hours),
    })
}

/// `validateConsent(submission, { now, policy })`.
pub fn validate_consent(submission: &str, options: &str) -> Result<String, Error> {
    let sub = parse_json("submission", submission, MAX_SUBMISSION_BYTES)?;
    let o = Opts::parse("validateConsent options", options, &["now", "policy"])?;
    let v = validate::validate(&sub, &ValidateOptions { now_ms: o.now()?, policy: policy(&o)? })?;
    to_json(&v)
}

#[cfg(feature = "replies")]
pub use records::*;

#[cfg(feature = "replies")]
mod records {
    use super::*;
    use crate::consent::MAX_RECORD_BYTES;
    use crate::consent::erase::{self, RetentionPolicy};
    use crate::consent::migrate::{self, MigrationOptions};
    use crate::consent::record::{self, ApplyOptions, Input, Record};
    use crate::consent::send::{self, Category};
    use crate::consent::export;
    use crate::texts::Purpose;
    use serde_json::json;

    fn load(record: &str) -> Result<Record, Error> {
        record::load(parse_json("record", record, MAX_RECORD_BYTES)?)
    }

    /// A verified record as JSON, for the read-only exports.
    fn load_value(record: &str) -> Result<Value, Error> {
        let v = parse_json("record", record, MAX_RECORD_BYTES)?;
        record::check(&v)?;
        Ok(v)
    }

    /// Thrown with the violations attached, so a caller sees every reason at once.
    pub struct Invalid {
        pub error: Error,
        pub violations: String,
    }

    /// `createConsent(submission, { now, policy, token })` → `{ record, token }`.
    pub fn create_consent(submission: &str, options: &str) -> Result<Result<String, Invalid>, Error> {
        let sub = parse_json("submission", submission, MAX_SUBMISSION_BYTES)?;
        let o = Opts::parse("createConsent options", options, &["now", "policy", "token"])?;
        let now = o.now()?;
        let pol = policy(&o)?;
        let v = validate::validate(&sub, &ValidateOptions { now_ms: now, policy: pol })?;
        let errors: Vec<&str> = v.violations.iter().filter(|x| x.severity == validate::Severity::Error).map(|x| x.code).collect();
        let Some(s) = v.submission.as_ref().filter(|_| v.valid) else {
            return Ok(Err(Invalid {
                error: Error::new(ErrorCode::ConsentInvalid, format!("the submission is not a valid consent: {}", errors.join(", "))),
                violations: to_json(&v.violations)?,
            }));
        };
        let token = o.str("token", 64)?;
        let c = record::create(s, now, &pol, token.as_deref())?;
        Ok(Ok(to_json(&json!({ "record": c.record.to_value(), "token": c.token }))?))
    }

    /// `applyReply(record, input, options)`: `input` is the reply text, or JSON of a webhook event
    /// or a parseReply result.
    pub fn apply_reply(record: &str, input: &str, input_is_text: bool, options: &str) -> Result<String, Error> {
        let mut rec = load(record)?;
        let o = Opts::parse("applyReply options", options, &["now", "from", "messageId", "channel", "token", "policy"])?;
        let opts = ApplyOptions {
            now_ms: o.now()?,
            from: o.str("from", 256)?,
            message_id: o.str("messageId", 512)?,
            channel: o.str("channel", 64)?,
            token: o.str("token", 64)?,
            policy: policy(&o)?,
        };
        let value;
        let input = if input_is_text {
            check_size("reply text", input, crate::reply::MAX_REPLY_BYTES)?;
            Input::Text(input)
        } else {
            value = parse_json("applyReply input", input, crate::webhook::MAX_WEBHOOK_BYTES)?;
            Input::Value(&value)
        };
        let outcome = record::apply(&mut rec, &input, &opts)?;
        to_json(&json!({ "record": rec.to_value(), "outcome": outcome }))
    }

    pub fn record_sent(record: &str, sent: &str, options: &str) -> Result<String, Error> {
        let mut rec = load(record)?;
        let s = Opts::parse("recordSent: sent", sent, &["category", "text", "messageId"])?;
        let o = Opts::parse("recordSent options", options, &["now"])?;
        let cat = Category::parse(&s.required_str("category", 32)?)?;
        let text = s.str("text", 32)?;
        if let Some(t) = &text {
            const KINDS: [&str; 10] = ["checkbox", "confirmation", "confirmed", "optout_footer", "unsubscribed", "preferences", "help", "privacy_notice", "invitation_email", "access_report"];
            if !KINDS.contains(&t.as_str()) {
                return Err(Error::invalid_argument(format!("recordSent: unknown text {t:?}; texts: {}", KINDS.join(", "))));
            }
        }
        send::record_sent(&mut rec, cat, text.as_deref(), s.str("messageId", 512)?.as_deref(), o.now()?)?;
        to_json(&rec.to_value())
    }

    pub fn verify_record(record: &str, options: &str) -> Result<String, Error> {
        let v = parse_json("record", record, MAX_RECORD_BYTES)?;
        let o = Opts::parse("verifyRecord options", options, &["expectedHead"])?;
        to_json(&record::verify(&v, o.str("expectedHead", 128)?.as_deref()))
    }

    pub fn can_send(record: &str, options: &str) -> Result<String, Error> {
        let rec = load(record)?;
        let o = Opts::parse("canSend options", options, &["category", "text", "now", "lastInboundAt"])?;
        let cat = Category::parse(&o.required_str("category", 32)?)?;
        let d = send::can_send(&rec, cat, o.str("text", 32)?.as_deref(), o.now()?, o.instant("lastInboundAt")?);
        to_json(&d)
    }

    pub fn consent_receipt(record: &str) -> Result<String, Error> {
        let v = load_value(record)?;
        to_json(&export::consent_receipt(&v))
    }

    pub fn kantara_receipt(record: &str) -> Result<String, Error> {
        let v = load_value(record)?;
        to_json(&export::kantara_receipt(&v))
    }

    fn lang_opt(o: &Opts, rec: &Record) -> Result<String, Error> {
        Ok(o.str("lang", 35)?.unwrap_or_else(|| rec.state.lang.clone()))
    }

    /// Prints even a record that does not verify: the document then says so.
    pub fn print_record(record: &str, options: &str) -> Result<String, Error> {
        let v = parse_json("record", record, MAX_RECORD_BYTES)?;
        let rec = Record::from_value(&v)?;
        let o = Opts::parse("printRecord options", options, &["lang"])?;
        let ver = record::verify(&v, None);
        Ok(export::print_record(&v, &lang_opt(&o, &rec)?, &ver))
    }

    pub fn access_report(record: &str, options: &str) -> Result<String, Error> {
        let v = load_value(record)?;
        let rec = Record::from_value(&v)?;
        let o = Opts::parse("accessReport options", options, &["lang", "now"])?;
        let (json, text) = export::access_report(&v, &lang_opt(&o, &rec)?, o.now()?);
        to_json(&json!({ "json": json, "text": text }))
    }

    pub fn erase_record(record: &str, secret: &[u8], options: &str) -> Result<String, Error> {
        let mut rec = load(record)?;
        let o = Opts::parse("eraseRecord options", options, &["now"])?;
        let sup = erase::erase(&mut rec, secret, o.now()?)?;
        to_json(&json!({ "record": rec.to_value(), "suppression": sup }))
    }

    pub fn is_suppressed(phone: &str, entries: &str, secret: &[u8]) -> Result<bool, Error> {
        let v = parse_json("suppression entries", entries, 64 * 1024 * 1024)?;
        let list = v.as_array().ok_or_else(|| Error::invalid_argument("isSuppressed: entries must be an array of suppression entries"))?;
        let keys: Vec<String> = list
            .iter()
            .map(|e| match e {
                Value::String(s) => Some(s.clone()),
                Value::Object(m) => m.get("key").and_then(Value::as_str).map(str::to_string),
                _ => None,
            })
            .collect::<Option<_>>()
            .ok_or_else(|| Error::invalid_argument("isSuppressed: each entry must be { key, … } or the key string"))?;
        erase::is_suppressed(phone, &keys, secret)
    }

    pub fn retention(record: &str, policy: &str) -> Result<String, Error> {
        let rec = load(record)?;
        let o = Opts::parse("retention policy", policy, &["proofMonths", "pendingDays", "messageDays"])?;
        let d = RetentionPolicy::default();
        let p = RetentionPolicy {
            proof_months: o.int("proofMonths", 0, 1200)?.unwrap_or(d.proof_months),
            pending_days: o.int("pendingDays", 0, 36500)?.unwrap_or(d.pending_days),
            message_days: o.int("messageDays", 0, 36500)?.unwrap_or(d.message_days),
        };
        to_json(&erase::retention(&rec, &p))
    }

    pub fn plan_migration(contacts: &str, options: &str) -> Result<String, Error> {
        let v = parse_json("contacts", contacts, 64 * 1024 * 1024)?;
        let rows = v.as_array().ok_or_else(|| Error::invalid_argument("planMigration: contacts must be an array"))?;
        let o = Opts::parse(
            "planMigration options",
            options,
            &["now", "businessPhone", "lang", "controller", "privacyPolicyUrl", "purposes", "defaultRegion", "policy"],
        )?;
        let c = o.sub("controller", "planMigration: controller", &["name", "contact"])?;
        let purposes = match o.value("purposes") {
            None => vec![Purpose::Promo, Purpose::Trans],
            Some(Value::Array(a)) if a.len() <= 2 => a
                .iter()
                .map(|p| p.as_str().ok_or_else(|| Error::invalid_argument("planMigration: purposes must be strings")).and_then(Purpose::parse))
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err(Error::invalid_argument("planMigration: purposes must be an array such as ['promo', 'trans']")),
        };
        let mo = MigrationOptions {
            now_ms: o.now()?,
            business_phone: o.required_str("businessPhone", 256)?,
            lang: o.required_str("lang", 35)?,
            controller: (c.required_str("name", 512)?, c.required_str("contact", 2048)?),
            privacy_url: o.required_str("privacyPolicyUrl", 2048)?,
            purposes,
            default_region: o.str("defaultRegion", 16)?,
            policy: policy(&o)?,
        };
        to_json(&migrate::plan(rows, &mo)?)
    }

    pub fn hash_token(token: &str) -> Result<String, Error> {
        record::hash_token(token)
    }
}
