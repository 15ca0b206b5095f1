//! validateConsent: checks a submission (what a sign-up form hands over, as JSON) against the
//! GDPR consent rules. Bad data never fails the call: every problem is a [`Violation`] with a
//! stable code, the article it comes from and the field; only a non-object is an `Err`.
//!
//! Messages never repeat the phone number, name, e-mail or IP (they end up in logs).

use super::age::age_of_consent;
use super::time;
use super::{Checkbox, Controller, Method, ParentalConsent, Policy, Source, Submission};
use crate::error::Error;
use crate::phone;
use crate::texts::{sha256_hex, Purpose};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidateOptions {
    pub now_ms: i64,
    pub policy: Policy,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Violation {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub rule: &'static str,
    pub field: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    pub valid: bool,
    pub violations: Vec<Violation>,
    pub e164: Option<String>,
    pub jurisdiction: Option<String>,
    /// What a record may keep, whenever the fields it needs could be read (even with violations:
    /// createConsent refuses when `valid` is false).
    #[serde(skip)]
    pub submission: Option<Submission>,
}

/// Every violation code: its severity and the rule it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    PreTicked,
    NoAffirmativeAction,
    BundledPurposes,
    MissingPurpose,
    MissingController,
    MissingPrivacyPolicy,
    InsecureUrl,
    ChannelNotNamed,
    ControllerNotNamed,
    MissingText,
    TextVersionMismatch,
    PhoneInvalid,
    PhoneNotMobile,
    Underage,
    ParentalConsentUnverified,
    ExcessiveData,
    MissingTimestamp,
    FutureTimestamp,
    EmailConsentNotTransferable,
    StaleConsent,
    MissingLanguage,
    MissingField,
    InvalidField,
    UnknownField,
}

impl Code {
    pub const ALL: [Code; 24] = [
        Code::PreTicked,
        Code::NoAffirmativeAction,
        Code::BundledPurposes,
        Code::MissingPurpose,
        Code::MissingController,
        Code::MissingPrivacyPolicy,
        Code::InsecureUrl,
        Code::ChannelNotNamed,
        Code::ControllerNotNamed,
        Code::MissingText,
        Code::TextVersionMismatch,
        Code::PhoneInvalid,
        Code::PhoneNotMobile,
        Code::Underage,
        Code::ParentalConsentUnverified,
        Code::ExcessiveData,
        Code::MissingTimestamp,
        Code::FutureTimestamp,
        Code::EmailConsentNotTransferable,
        Code::StaleConsent,
        Code::MissingLanguage,
        Code::MissingField,
        Code::InvalidField,
        Code::UnknownField,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::PreTicked => "PRE_TICKED",
            Code::NoAffirmativeAction => "NO_AFFIRMATIVE_ACTION",
            Code::BundledPurposes => "BUNDLED_PURPOSES",
            Code::MissingPurpose => "MISSING_PURPOSE",
            Code::MissingController => "MISSING_CONTROLLER",
            Code::MissingPrivacyPolicy => "MISSING_PRIVACY_POLICY",
            Code::InsecureUrl => "INSECURE_URL",
            Code::ChannelNotNamed => "CHANNEL_NOT_NAMED",
            Code::ControllerNotNamed => "CONTROLLER_NOT_NAMED",
            Code::MissingText => "MISSING_TEXT",
            Code::TextVersionMismatch => "TEXT_VERSION_MISMATCH",
            Code::PhoneInvalid => "PHONE_INVALID",
            Code::PhoneNotMobile => "PHONE_NOT_MOBILE",
            Code::Underage => "UNDERAGE",
            Code::ParentalConsentUnverified => "PARENTAL_CONSENT_UNVERIFIED",
            Code::ExcessiveData => "EXCESSIVE_DATA",
            Code::MissingTimestamp => "MISSING_TIMESTAMP",
            Code::FutureTimestamp => "FUTURE_TIMESTAMP",
            Code::EmailConsentNotTransferable => "EMAIL_CONSENT_NOT_TRANSFERABLE",
            Code::StaleConsent => "STALE_CONSENT",
            Code::MissingLanguage => "MISSING_LANGUAGE",
            Code::MissingField => "MISSING_FIELD",
            Code::InvalidField => "INVALID_FIELD",
            Code::UnknownField => "UNKNOWN_FIELD",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::PhoneNotMobile
            | Code::ParentalConsentUnverified
            | Code::ExcessiveData
            | Code::StaleConsent => Severity::Warning,
            _ => Severity::Error,
        }
    }

    pub fn rule(self) -> &'static str {
        match self {
            Code::PreTicked => "CJEU C-673/17 Planet49; GDPR Recital 32",
            Code::NoAffirmativeAction => "GDPR Art. 4(11); Recital 32",
            Code::BundledPurposes => "GDPR Art. 7(2); Recital 43",
            Code::MissingPurpose => "GDPR Art. 4(11) (specific); Art. 6(1)(a)",
            Code::MissingController | Code::ControllerNotNamed => "GDPR Art. 13(1)(a); Recital 42",
            Code::MissingPrivacyPolicy => "GDPR Art. 13",
            Code::InsecureUrl => "GDPR Art. 32(1)",
            Code::ChannelNotNamed => "GDPR Art. 4(11) (specific, informed); Art. 7(2)",
            Code::MissingText => "GDPR Art. 7(1); EDPB Guidelines 05/2020 §5.1",
            Code::TextVersionMismatch => "GDPR Art. 7(1)",
            Code::PhoneInvalid => "GDPR Art. 5(1)(d)",
            Code::PhoneNotMobile => "WhatsApp Business Messaging Policy (mobile number)",
            Code::Underage => "GDPR Art. 8(1)",
            Code::ParentalConsentUnverified => "GDPR Art. 8(2)",
            Code::ExcessiveData => "GDPR Art. 5(1)(c)",
            Code::MissingTimestamp | Code::FutureTimestamp => "GDPR Art. 7(1)",
            Code::EmailConsentNotTransferable => {
                "GDPR Art. 6(1)(a), Art. 4(11) (specific); ePrivacy Directive Art. 13; UWG §7(2) Nr. 2"
            }
            Code::StaleConsent => "EDPB Guidelines 05/2020 (refresh consent at appropriate intervals)",
            Code::MissingLanguage => "EDPB Guidelines 05/2020 §5.1",
            // The controller must be able to demonstrate the consent: a record it cannot read
            // proves nothing.
            Code::MissingField | Code::InvalidField => "GDPR Art. 7(1)",
            // A schema allow-list keeps data out that the purpose does not need (R-5c).
            Code::UnknownField => "GDPR Art. 5(1)(c)",
        }
    }
}

// Caps: a submission is a form, not a database.
const MAX_TEXT_BYTES: usize = 64 * 1024;
const MAX_URL_BYTES: usize = 2 * 1024;
const MAX_NAME_CHARS: usize = 256;
const MAX_EMAIL_CHARS: usize = 254;
const MAX_SHORT_CHARS: usize = 64;
const MAX_VERSION_CHARS: usize = 128;
const MAX_PHONE_BYTES: usize = 1024;
const MAX_CHECKBOXES: usize = 8;
const MAX_EXTRA_KEYS: usize = 100;
/// Unknown keys reported per object; the rest are counted in one more violation.
const MAX_UNKNOWN_REPORTED: usize = 20;
/// Clock skew tolerated between the form and the server.
const CLOCK_SKEW_MS: i64 = 5 * 60_000;
/// A refresh interval above 100 years is no interval.
const MAX_REFRESH_MONTHS: i64 = 1200;

const TOP_FIELDS: &[&str] = &[
    "phone",
    "name",
    "email",
    "lang",
    "country",
    "controller",
    "privacyPolicyUrl",
    "checkboxes",
    "source",
    "collectedAt",
    "age",
    "parentalConsent",
    "extra",
];
const TOP_ALIASES: &[(&str, &str)] = &[
    ("phonenumber", "phone"),
    ("mobile", "phone"),
    ("mobilenumber", "phone"),
    ("msisdn", "phone"),
    ("tel", "phone"),
    ("telephone", "phone"),
    ("cellphone", "phone"),
    ("number", "phone"),
    ("whatsapp", "phone"),
    ("whatsappnumber", "phone"),
    ("waid", "phone"),
    ("language", "lang"),
    ("locale", "lang"),
    ("countrycode", "country"),
    ("region", "country"),
    ("jurisdiction", "country"),
    ("privacyurl", "privacyPolicyUrl"),
    ("privacy", "privacyPolicyUrl"),
    ("privacypolicy", "privacyPolicyUrl"),
    ("privacylink", "privacyPolicyUrl"),
    ("policyurl", "privacyPolicyUrl"),
    ("timestamp", "collectedAt"),
    ("createdat", "collectedAt"),
    ("consentedat", "collectedAt"),
    ("collected", "collectedAt"),
    ("givenat", "collectedAt"),
    ("date", "collectedAt"),
    ("checkbox", "checkboxes"),
    ("purposes", "checkboxes"),
    ("consents", "checkboxes"),
    ("company", "controller"),
    ("business", "controller"),
    ("organisation", "controller"),
    ("organization", "controller"),
    ("emailaddress", "email"),
    ("mail", "email"),
    ("fullname", "name"),
    ("parentconsent", "parentalConsent"),
    ("guardianconsent", "parentalConsent"),
    ("extras", "extra"),
    ("metadata", "extra"),
    ("meta", "extra"),
];
const BOX_FIELDS: &[&str] = &["purpose", "checked", "preChecked", "text", "textVersion"];
const BOX_ALIASES: &[(&str, &str)] = &[
    ("preticked", "preChecked"),
    ("defaultchecked", "preChecked"),
    ("checkedbydefault", "preChecked"),
    ("ticked", "checked"),
    ("selected", "checked"),
    ("value", "checked"),
    ("accepted", "checked"),
    ("label", "text"),
    ("wording", "text"),
    ("version", "textVersion"),
    ("hash", "textVersion"),
    ("texthash", "textVersion"),
    ("purposes", "purpose"),
    ("type", "purpose"),
];
const CONTROLLER_FIELDS: &[&str] = &["name", "contact"];
const CONTROLLER_ALIASES: &[(&str, &str)] = &[
    ("company", "name"),
    ("companyname", "name"),
    ("email", "contact"),
    ("address", "contact"),
    ("dpo", "contact"),
];
const SOURCE_FIELDS: &[&str] = &["method", "url", "userAgent", "ip", "consentChannel"];
const SOURCE_ALIASES: &[(&str, &str)] = &[
    ("type", "method"),
    ("pageurl", "url"),
    ("formurl", "url"),
    ("page", "url"),
    ("ua", "userAgent"),
    ("ipaddress", "ip"),
    ("ipaddr", "ip"),
    ("channel", "consentChannel"),
    ("originalchannel", "consentChannel"),
];
const PARENTAL_FIELDS: &[&str] = &["givenBy", "method", "at"];
const PARENTAL_ALIASES: &[(&str, &str)] = &[
    ("parent", "givenBy"),
    ("guardian", "givenBy"),
    ("by", "givenBy"),
    ("date", "at"),
    ("timestamp", "at"),
    ("givenat", "at"),
];
const CHANNELS: &[&str] = &["whatsapp", "email", "sms", "phone", "other"];
const PURPOSES: &[&str] = &["promo", "trans"];

/// Checks a submission. `Err` only when it is not a JSON object.
pub fn validate(sub: &Value, opts: &ValidateOptions) -> Result<Validation, Error> {
    let obj = sub.as_object().ok_or_else(|| {
        Error::invalid_argument(format!("the submission must be an object, got {}", kind(sub)))
    })?;
    let mut c = Check::default();
    c.unknown_fields(obj, "", "a submission", TOP_FIELDS, TOP_ALIASES);

    let country = c.country(obj.get("country"));
    let phone_info = c.phone(obj.get("phone"), country.as_deref());
    let e164 = phone_info.as_ref().and_then(|p| p.e164.clone());
    let jurisdiction = country.clone().or_else(|| {
        phone_info
            .as_ref()
            .and_then(|p| p.region.clone())
            .filter(|r| r.len() == 2)
    });
    let lang = c.lang(obj.get("lang"));
    let name = c.optional_str(obj.get("name"), "name", Cap::Chars(MAX_NAME_CHARS));
    let email = c.email(obj.get("email"));
    let controller = c.controller(obj.get("controller"));
    let privacy_policy_url = c.privacy_policy_url(obj.get("privacyPolicyUrl"));
    let collected_at_ms = c.collected_at(obj.get("collectedAt"), opts);
    let source = c.source(obj.get("source"));
    let boxes = c.checkboxes(obj.get("checkboxes"));
    let age = c.age(obj.get("age"));
    let parental = c.parental_consent(obj.get("parentalConsent"));
    c.extra(obj.get("extra"));

    if let Some((boxes, _)) = &boxes {
        let channel_rule_fired = c.channel_rules(boxes, source.as_ref());
        c.text_rules(
            boxes,
            controller.as_ref().map(|(n, _)| n.as_str()),
            channel_rule_fired,
        );
    }
    if let Some(age) = age {
        c.age_rule(
            age,
            jurisdiction.as_deref(),
            collected_at_ms.unwrap_or(opts.now_ms),
            &parental,
        );
    }

    let checkboxes = boxes
        .as_ref()
        .filter(|(_, complete)| *complete)
        .and_then(|(b, _)| {
            b.iter()
                .map(|b| {
                    Some(Checkbox {
                        purpose: b.purpose?,
                        checked: b.checked?,
                        pre_checked: b.pre_checked?,
                        text: b.text.clone()?,
                        text_version: b.version.clone()?,
                    })
                })
                .collect::<Option<Vec<_>>>()
        });
    let submission = match (
        &e164,
        &lang,
        &controller,
        &privacy_policy_url,
        checkboxes,
        &source,
        collected_at_ms,
    ) {
        (
            Some(e164),
            Some(lang),
            Some((cname, contact)),
            Some(url),
            Some(checkboxes),
            Some(src),
            Some(at),
        ) if src.method.is_some() && !cname.is_empty() && !contact.is_empty() => Some(Submission {
            e164: e164.clone(),
            name,
            email,
            lang: lang.clone(),
            jurisdiction: jurisdiction.clone(),
            controller: Controller {
                name: cname.clone(),
                contact: contact.clone(),
            },
            privacy_policy_url: url.clone(),
            checkboxes,
            source: src.clone(),
            collected_at_ms: at,
            age,
            parental_consent: match parental {
                Parental::Declared => Some(ParentalConsent::Declared),
                Parental::Documented(p) => Some(p),
                Parental::None | Parental::Malformed => None,
            },
        }),
        _ => None,
    };

    let mut violations = c.out;
    // Errors first; `sort_by_key` is stable, so the field order stays within each severity.
    violations.sort_by_key(|v| v.severity);
    Ok(Validation {
        valid: !violations.iter().any(|v| v.severity == Severity::Error),
        violations,
        e164,
        jurisdiction,
        submission,
    })
}

#[derive(Default)]
struct Check {
    out: Vec<Violation>,
}

enum Field<'a> {
    /// Absent or null.
    Absent,
    /// Present but unusable (already reported).
    Invalid,
    Str(&'a str),
}

#[derive(Clone, Copy)]
enum Cap {
    Bytes(usize),
    Chars(usize),
}

impl Cap {
    fn exceeded(self, s: &str) -> bool {
        match self {
            Cap::Bytes(n) => s.len() > n,
            Cap::Chars(n) => s.len() > n && s.chars().count() > n,
        }
    }
    fn describe(self) -> String {
        match self {
            Cap::Bytes(n) if n % 1024 == 0 => format!("{} KiB", n / 1024),
            Cap::Bytes(n) => format!("{n} bytes"),
            Cap::Chars(n) => format!("{n} characters"),
        }
    }
}

/// One checkbox as far as it could be read.
struct BoxRead {
    index: usize,
    purpose: Option<Purpose>,
    checked: Option<bool>,
    pre_checked: Option<bool>,
    text: Option<String>,
    /// `sha256:<lowercase hex>` when it had that shape, else the given string trimmed.
    version: Option<String>,
}

enum Parental {
    None,
    Declared,
    Documented(ParentalConsent),
    /// Present but not readable (reported as INVALID_FIELD / MISSING_FIELD).
    Malformed,
}

impl Check {
    fn add(&mut self, code: Code, field: Option<&str>, message: String) {
        self.out.push(Violation {
            code: code.as_str(),
            severity: code.severity(),
            message,
            rule: code.rule(),
            field: field.map(str::to_string),
        });
    }

    /// A string field: absent/null, wrong type or oversize (reported), or the string.
    fn string<'a>(&mut self, v: Option<&'a Value>, path: &str, cap: Cap) -> Field<'a> {
        match v {
            None | Some(Value::Null) => Field::Absent,
            Some(Value::String(s)) if cap.exceeded(s) => {
                self.add(
                    Code::InvalidField,
                    Some(path),
                    format!(
                        "{path} is too long: the limit is {}. Send only what the form showed.",
                        cap.describe()
                    ),
                );
                Field::Invalid
            }
            Some(Value::String(s)) => Field::Str(s),
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some(path),
                    format!("{path} must be a string, got {}.", kind(other)),
                );
                Field::Invalid
            }
        }
    }

    fn optional_str(&mut self, v: Option<&Value>, path: &str, cap: Cap) -> Option<String> {
        match self.string(v, path, cap) {
            Field::Str(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            _ => None,
        }
    }

    fn boolean(&mut self, v: Option<&Value>, path: &str, what: &str) -> Option<bool> {
        match v {
            None | Some(Value::Null) => {
                self.add(
                    Code::MissingField,
                    Some(path),
                    format!("{path} is required: true or false, {what}."),
                );
                None
            }
            Some(Value::Bool(b)) => Some(*b),
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some(path),
                    format!(
                        "{path} must be true or false (a JSON boolean), got {}; {what}.",
                        kind_and_value(other)
                    ),
                );
                None
            }
        }
    }

    fn unknown_fields(
        &mut self,
        obj: &Map<String, Value>,
        prefix: &str,
        what: &str,
        known: &[&'static str],
        aliases: &[(&str, &'static str)],
    ) {
        let unknown: Vec<&String> = obj.keys().filter(|k| !known.contains(&k.as_str())).collect();
        for key in unknown.iter().take(MAX_UNKNOWN_REPORTED) {
            let shown = truncate(key, 40);
            let path = if prefix.is_empty() {
                shown.clone()
            } else {
                format!("{prefix}.{shown}")
            };
            let hint = match suggest(key, known, aliases) {
                Some(s) => format!(" Did you mean \"{s}\"?"),
                None => String::new(),
            };
            let elsewhere = if prefix.is_empty() {
                " Anything else the form collected belongs in `extra` (and is not stored)."
            } else {
                ""
            };
            self.add(
                Code::UnknownField,
                Some(&path),
                format!(
                    "{path} is not a field of {what}.{hint} Fields: {}.{elsewhere}",
                    known.join(", ")
                ),
            );
        }
        if unknown.len() > MAX_UNKNOWN_REPORTED {
            let path = if prefix.is_empty() { None } else { Some(prefix) };
            self.add(
                Code::UnknownField,
                path,
                format!(
                    "{} more unknown fields in {what}; fields: {}.",
                    unknown.len() - MAX_UNKNOWN_REPORTED,
                    known.join(", ")
                ),
            );
        }
    }

    /// `country`: two letters, upper-cased (EL → GR, UK → GB as the EU and the UK write them).
    fn country(&mut self, v: Option<&Value>) -> Option<String> {
        let s = match self.string(v, "country", Cap::Chars(MAX_SHORT_CHARS)) {
            Field::Str(s) if !s.trim().is_empty() => s.trim(),
            _ => return None,
        };
        let upper = s.to_ascii_uppercase();
        let upper = match upper.as_str() {
            "EL" => "GR".to_string(),
            "UK" => "GB".to_string(),
            _ => upper,
        };
        if upper.len() != 2
            || !upper.bytes().all(|b| b.is_ascii_uppercase())
            || phone::parse_region_arg(&upper).is_err()
        {
            self.add(
                Code::InvalidField,
                Some("country"),
                format!(
                    "country must be an ISO 3166-1 alpha-2 code such as \"DE\", got {}.",
                    show(s)
                ),
            );
            return None;
        }
        Some(upper)
    }

    fn phone(&mut self, v: Option<&Value>, country: Option<&str>) -> Option<phone::PhoneInfo> {
        let input = match self.string(v, "phone", Cap::Bytes(MAX_PHONE_BYTES)) {
            Field::Str(s) if !s.trim().is_empty() => s,
            Field::Invalid => return None,
            _ => {
                self.add(
                    Code::MissingField,
                    Some("phone"),
                    "phone is required: the WhatsApp number the person entered, e.g. \"+49 151 23456789\"."
                        .into(),
                );
                return None;
            }
        };
        // `country` was checked to be a region libphonenumber accepts; Err is then only misuse.
        let info = match phone::normalize_with(input, country, phone::Formats::Skip) {
            Ok(info) => info,
            Err(e) => {
                self.add(
                    Code::PhoneInvalid,
                    Some("phone"),
                    format!("phone could not be read ({}: {}).", e.code.as_str(), e.message),
                );
                return None;
            }
        };
        if !info.valid {
            let (code, reason) = info
                .error
                .as_ref()
                .map(|e| (e.code.as_str(), e.message.as_str()))
                .unwrap_or(("INVALID_NUMBER", "not a valid number"));
            let national =
                !input.trim_start().starts_with(['+', '＋']) && !input.trim_start().starts_with("00");
            let fix = if country.is_none() && national {
                "Write it with + and the country code (e.g. +49 151 23456789), or give `country` so the national number can be read."
            } else {
                "Check the digits: the record must hold the number the person actually gave."
            };
            self.add(
                Code::PhoneInvalid,
                Some("phone"),
                format!("phone is not a valid phone number ({code}: {reason}). {fix}"),
            );
            return Some(info);
        }
        if info.number_type == Some("FIXED_LINE") {
            self.add(
                Code::PhoneNotMobile,
                Some("phone"),
                "phone is a landline number: WhatsApp accounts run on mobile numbers. Ask for the mobile number.".into(),
            );
        }
        Some(info)
    }

    /// `lang`: a BCP 47-like tag (`de`, `pt-BR`), stored with a lower-case language and an
    /// upper-case region.
    fn lang(&mut self, v: Option<&Value>) -> Option<String> {
        let s = match self.string(v, "lang", Cap::Chars(MAX_SHORT_CHARS)) {
            Field::Str(s) if !s.trim().is_empty() => s.trim(),
            Field::Invalid => return None,
            _ => {
                self.add(
                    Code::MissingLanguage,
                    Some("lang"),
                    "lang is required: the ISO 639-1 code of the language the checkbox text was shown in (e.g. \"de\"); the record must show which words the person read.".into(),
                );
                return None;
            }
        };
        let parts: Vec<&str> = s.split(['-', '_']).collect();
        let ok = (2..=3).contains(&parts[0].len())
            && parts[0].bytes().all(|b| b.is_ascii_alphabetic())
            && parts[1..]
                .iter()
                .all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
        if !ok {
            self.add(
                Code::InvalidField,
                Some("lang"),
                format!(
                    "lang must be a language code such as \"de\" or \"pt-BR\", got {}.",
                    show(s)
                ),
            );
            return None;
        }
        let mut out = parts[0].to_ascii_lowercase();
        for p in &parts[1..] {
            out.push('-');
            out.push_str(&if p.len() == 2 {
                p.to_ascii_uppercase()
            } else {
                p.to_string()
            });
        }
        Some(out)
    }

    fn email(&mut self, v: Option<&Value>) -> Option<String> {
        let s = self.optional_str(v, "email", Cap::Chars(MAX_EMAIL_CHARS))?;
        let ok = match s.rsplit_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if !ok {
            self.add(
                Code::InvalidField,
                Some("email"),
                "email is not an e-mail address (name@example.com); leave it out if the form did not ask for one.".into(),
            );
            return None;
        }
        Some(s)
    }

    /// (name, contact), each possibly empty when reported missing.
    fn controller(&mut self, v: Option<&Value>) -> Option<(String, String)> {
        let m = match v {
            None | Some(Value::Null) => {
                self.add(
                    Code::MissingController,
                    Some("controller"),
                    "controller is required: {name, contact} of the business collecting the consent; the person must know who will message them.".into(),
                );
                return None;
            }
            Some(Value::Object(m)) => m,
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some("controller"),
                    format!(
                        "controller must be an object {{name, contact}}, got {}.",
                        kind(other)
                    ),
                );
                return None;
            }
        };
        self.unknown_fields(
            m,
            "controller",
            "controller",
            CONTROLLER_FIELDS,
            CONTROLLER_ALIASES,
        );
        let mut part = |key: &str, cap: Cap, what: &str| -> Option<String> {
            let path = format!("controller.{key}");
            match self.string(m.get(key), &path, cap) {
                Field::Str(s) if !s.trim().is_empty() => Some(collapse(s)),
                Field::Invalid => None,
                _ => {
                    self.add(
                        Code::MissingController,
                        Some(&path),
                        format!("{path} is required: {what}."),
                    );
                    Some(String::new())
                }
            }
        };
        let name = part(
            "name",
            Cap::Chars(MAX_NAME_CHARS),
            "the legal name of the business, as shown in the checkbox text",
        );
        let contact = part(
            "contact",
            Cap::Bytes(MAX_URL_BYTES),
            "how to reach the controller (e-mail or postal address)",
        );
        Some((name?, contact?))
    }

    fn privacy_policy_url(&mut self, v: Option<&Value>) -> Option<String> {
        match self.string(v, "privacyPolicyUrl", Cap::Bytes(MAX_URL_BYTES)) {
            Field::Str(s) if !s.trim().is_empty() => {
                self.url(s.trim(), "privacyPolicyUrl");
                Some(s.trim().to_string())
            }
            Field::Invalid => None,
            _ => {
                self.add(
                    Code::MissingPrivacyPolicy,
                    Some("privacyPolicyUrl"),
                    "privacyPolicyUrl is required: the https link to the privacy policy shown with the checkbox (Art. 13 information).".into(),
                );
                None
            }
        }
    }

    /// http:// is INSECURE_URL; anything else that is not an absolute https URL is INVALID_FIELD.
    fn url(&mut self, s: &str, path: &str) {
        let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
        // Loopback is a secure context for browsers (W3C Secure Contexts §3.2): a form under
        // development on http://localhost is not sent over a network.
        let loopback = lower.starts_with("http://") && {
            let host = s[7..].split(['/', '?', '#']).next().unwrap_or("").to_ascii_lowercase();
            let host = host.rsplit_once(':').filter(|(h, p)| !h.is_empty() && !h.ends_with(':') && p.chars().all(|c| c.is_ascii_digit())).map(|(h, _)| h.to_string()).unwrap_or(host);
            matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]")
        };
        if loopback {
            return;
        }
        if lower.starts_with("http://") {
            self.add(
                Code::InsecureUrl,
                Some(path),
                format!("{path} uses http://: serve it over https:// so what the person read cannot be altered in transit."),
            );
            return;
        }
        let ok = lower.starts_with("https://") && {
            let rest = &s[8..];
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit('@').next().unwrap_or("");
            let host = if host.starts_with('[') {
                host
            } else {
                host.split(':').next().unwrap_or("")
            };
            !host.is_empty()
                && !s.chars().any(|c| c.is_whitespace() || c.is_control())
                && host
                    .chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '[' | ']' | ':'))
        };
        if !ok {
            self.add(
                Code::InvalidField,
                Some(path),
                format!(
                    "{path} must be an absolute https URL such as \"https://example.com/privacy\", got {}.",
                    show(s)
                ),
            );
        }
    }

    fn collected_at(&mut self, v: Option<&Value>, opts: &ValidateOptions) -> Option<i64> {
        let s = match self.string(v, "collectedAt", Cap::Chars(MAX_SHORT_CHARS)) {
            Field::Str(s) if !s.trim().is_empty() => s,
            Field::Invalid => return None,
            _ => {
                self.add(
                    Code::MissingTimestamp,
                    Some("collectedAt"),
                    "collectedAt is required: when the person ticked the box (ISO 8601, e.g. 2026-11-29T08:00:00Z).".into(),
                );
                return None;
            }
        };
        let Ok(ms) = time::parse(s) else {
            self.add(
                Code::InvalidField,
                Some("collectedAt"),
                format!(
                    "collectedAt must be an ISO 8601 date-time with its offset, e.g. 2026-11-29T08:00:00Z, got {}.",
                    show(s)
                ),
            );
            return None;
        };
        if ms > opts.now_ms.saturating_add(CLOCK_SKEW_MS) {
            self.add(
                Code::FutureTimestamp,
                Some("collectedAt"),
                format!(
                    "collectedAt ({}) is in the future (now is {}): send the instant the box was ticked, from a synchronised clock.",
                    time::format(ms),
                    time::format(opts.now_ms.clamp(-2_208_988_800_000, 253_402_300_799_999))
                ),
            );
        }
        let months = opts.policy.refresh_months;
        // A non-positive interval switches the check off (there is no "refresh at once").
        if months > 0 && opts.now_ms > time::add_months(ms, months.min(MAX_REFRESH_MONTHS)) {
            self.add(
                Code::StaleConsent,
                Some("collectedAt"),
                format!(
                    "the consent was collected on {}, more than {months} months ago: ask the person to confirm it again.",
                    time::date(ms)
                ),
            );
        }
        Some(ms)
    }

    fn source(&mut self, v: Option<&Value>) -> Option<Source> {
        let m = match v {
            None | Some(Value::Null) => {
                self.add(
                    Code::MissingField,
                    Some("source"),
                    "source is required: {method: \"web_form\" | …} – how the consent was collected, so it can be demonstrated.".into(),
                );
                return None;
            }
            Some(Value::Object(m)) => m,
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some("source"),
                    format!("source must be an object {{method, url?, userAgent?, ip?, consentChannel?}}, got {}.", kind(other)),
                );
                return None;
            }
        };
        self.unknown_fields(m, "source", "source", SOURCE_FIELDS, SOURCE_ALIASES);
        let methods: Vec<&'static str> = Method::ALL.iter().map(|(n, _)| *n).collect();
        let method = match self.string(m.get("method"), "source.method", Cap::Chars(MAX_SHORT_CHARS)) {
            Field::Str(s) if !s.trim().is_empty() => match Method::parse(s.trim()) {
                Some(m) => Some(m),
                None => {
                    let hint = suggest(s, &methods, &[])
                        .map(|h| format!(" Did you mean \"{h}\"?"))
                        .unwrap_or_default();
                    self.add(
                        Code::InvalidField,
                        Some("source.method"),
                        format!(
                            "source.method {} is not a collection method.{hint} Methods: {}.",
                            show(s),
                            methods.join(", ")
                        ),
                    );
                    None
                }
            },
            Field::Invalid => None,
            _ => {
                self.add(
                    Code::MissingField,
                    Some("source.method"),
                    format!("source.method is required: one of {}.", methods.join(", ")),
                );
                None
            }
        };
        let url = match self.string(m.get("url"), "source.url", Cap::Bytes(MAX_URL_BYTES)) {
            Field::Str(s) if !s.trim().is_empty() => {
                self.url(s.trim(), "source.url");
                Some(s.trim().to_string())
            }
            _ => None,
        };
        let user_agent = self.optional_str(m.get("userAgent"), "source.userAgent", Cap::Bytes(MAX_URL_BYTES));
        let ip = self.optional_str(m.get("ip"), "source.ip", Cap::Chars(MAX_SHORT_CHARS));
        let ip = ip.and_then(|ip| {
            let addr = ip.split_once('/').map_or(ip.as_str(), |(a, _)| a);
            if addr.parse::<std::net::IpAddr>().is_err() {
                self.add(
                    Code::InvalidField,
                    Some("source.ip"),
                    "source.ip is not an IPv4 or IPv6 address (a truncated one such as 203.0.113.0 is fine).".into(),
                );
                return None;
            }
            self.add(
                Code::ExcessiveData,
                Some("source.ip"),
                "source.ip is personal data: store it only if you need it as proof of the sign-up, and consider truncating it (e.g. 203.0.113.0).".into(),
            );
            Some(ip)
        });
        let consent_channel = match self.string(
            m.get("consentChannel"),
            "source.consentChannel",
            Cap::Chars(MAX_SHORT_CHARS),
        ) {
            Field::Str(s) if !s.trim().is_empty() => {
                let lower = s.trim().to_ascii_lowercase();
                if CHANNELS.contains(&lower.as_str()) {
                    Some(lower)
                } else {
                    let hint = suggest(
                        s,
                        CHANNELS,
                        &[("mail", "email"), ("text", "sms"), ("wa", "whatsapp")],
                    )
                    .map(|h| format!(" Did you mean \"{h}\"?"))
                    .unwrap_or_default();
                    self.add(
                        Code::InvalidField,
                        Some("source.consentChannel"),
                        format!(
                            "source.consentChannel {} is not a channel.{hint} Channels: {}.",
                            show(s),
                            CHANNELS.join(", ")
                        ),
                    );
                    None
                }
            }
            _ => None,
        };
        Some(Source {
            method,
            url,
            user_agent,
            ip,
            consent_channel,
        })
    }

    /// The boxes that could be read, and whether that is all of them; None when the list itself
    /// is unusable.
    fn checkboxes(&mut self, v: Option<&Value>) -> Option<(Vec<BoxRead>, bool)> {
        let list = match v {
            None | Some(Value::Null) => {
                self.add(
                    Code::MissingField,
                    Some("checkboxes"),
                    "checkboxes is required: one {purpose, checked, preChecked, text, textVersion} per purpose shown.".into(),
                );
                return None;
            }
            Some(Value::Array(a)) => a,
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some("checkboxes"),
                    format!(
                        "checkboxes must be an array (one entry per checkbox), got {}.",
                        kind(other)
                    ),
                );
                return None;
            }
        };
        let too_many = list.len() > MAX_CHECKBOXES;
        if too_many {
            self.add(
                Code::InvalidField,
                Some("checkboxes"),
                format!(
                    "checkboxes has {} entries; at most {MAX_CHECKBOXES} (there is one checkbox per purpose: promo, trans).",
                    list.len()
                ),
            );
        }
        let boxes: Vec<Option<BoxRead>> = list
            .iter()
            .take(MAX_CHECKBOXES)
            .enumerate()
            .map(|(i, v)| self.checkbox(i, v))
            .collect();

        let readable_checked = boxes
            .iter()
            .all(|b| b.as_ref().is_some_and(|b| b.checked.is_some()));
        let any_checked = boxes.iter().flatten().any(|b| b.checked == Some(true));
        // An unreadable `checked` is already an error; "no box ticked" would only guess.
        if !any_checked && readable_checked {
            self.add(
                Code::NoAffirmativeAction,
                Some("checkboxes"),
                "no checkbox is checked: consent needs a clear affirmative act (the person ticks a box). Record only boxes the person ticked, or do not record a consent.".into(),
            );
        }
        self.cross_box_rules(&boxes);
        let complete = !too_many && boxes.iter().all(Option::is_some);
        Some((boxes.into_iter().flatten().collect(), complete))
    }
}

impl Check {
    fn checkbox(&mut self, i: usize, v: &Value) -> Option<BoxRead> {
        let at = format!("checkboxes[{i}]");
        let Some(m) = v.as_object() else {
            self.add(
                Code::InvalidField,
                Some(&at),
                format!(
                    "{at} must be an object {{purpose, checked, preChecked, text, textVersion}}, got {}.",
                    kind(v)
                ),
            );
            return None;
        };
        self.unknown_fields(m, &at, "a checkbox", BOX_FIELDS, BOX_ALIASES);
        let purpose = self.purpose(m.get("purpose"), &format!("{at}.purpose"));
        let checked = self.boolean(
            m.get("checked"),
            &format!("{at}.checked"),
            "whether the person ticked the box",
        );
        let pre_path = format!("{at}.preChecked");
        let pre_checked = self.boolean(
            m.get("preChecked"),
            &pre_path,
            "whether the box was already ticked before the person touched it",
        );
        if pre_checked == Some(true) {
            self.add(
                Code::PreTicked,
                Some(&pre_path),
                format!("{at} was pre-ticked: a box ticked in advance is not consent. Show it unticked and record only the person's own tick."),
            );
        }

        let text_path = format!("{at}.text");
        let text = match self.string(m.get("text"), &text_path, Cap::Bytes(MAX_TEXT_BYTES)) {
            Field::Str(s) => Some(s),
            Field::Invalid => None,
            Field::Absent => Some(""),
        };
        if text.is_some_and(|t| t.trim().is_empty()) {
            self.add(
                Code::MissingText,
                Some(&text_path),
                format!("{text_path} is required: the exact words shown next to the box (renderText gives them), so the consent can be demonstrated."),
            );
        }
        let absent_text = matches!(m.get("text"), None | Some(Value::Null));

        let ver_path = format!("{at}.textVersion");
        let version = match self.string(m.get("textVersion"), &ver_path, Cap::Chars(MAX_VERSION_CHARS)) {
            Field::Str(s) if !s.trim().is_empty() => {
                let canonical = canonical_version(s);
                match (text, &canonical) {
                    (_, None) => self.add(
                        Code::TextVersionMismatch,
                        Some(&ver_path),
                        format!("{ver_path} must be \"sha256:\" followed by the 64 hex digits of the SHA-256 of {text_path}, got {}.", show(s)),
                    ),
                    (Some(t), Some(v)) if !t.trim().is_empty() && *v != text_version(t) => self.add(
                        Code::TextVersionMismatch,
                        Some(&ver_path),
                        format!("{ver_path} is not the SHA-256 of {text_path}: the text was changed after its version was computed, or the version belongs to another text. Send the text and the version renderText returned for it."),
                    ),
                    _ => {}
                }
                Some(canonical.unwrap_or_else(|| s.trim().to_string()))
            }
            Field::Invalid => None,
            _ => {
                self.add(
                    Code::MissingField,
                    Some(&ver_path),
                    format!("{ver_path} is required: \"sha256:\" + the hex SHA-256 of the exact text (renderText returns it as `version`)."),
                );
                None
            }
        };
        Some(BoxRead {
            index: i,
            purpose,
            checked,
            pre_checked,
            text: if absent_text {
                None
            } else {
                text.map(str::to_string)
            },
            version,
        })
    }

    /// One purpose per box: several (an array, or "promo trans") is bundled consent.
    fn purpose(&mut self, v: Option<&Value>, path: &str) -> Option<Purpose> {
        let missing = |c: &mut Check| {
            c.add(
                Code::MissingPurpose,
                Some(path),
                format!("{path} is required: promo (offers and news) or trans (order and delivery updates), one checkbox per purpose."),
            );
        };
        let mut tokens: Vec<String> = Vec::new();
        match v {
            None | Some(Value::Null) => {
                missing(self);
                return None;
            }
            Some(Value::String(s)) => {
                if Cap::Chars(MAX_SHORT_CHARS).exceeded(s) {
                    self.add(
                        Code::InvalidField,
                        Some(path),
                        format!("{path} is too long: use promo or trans."),
                    );
                    return None;
                }
                tokens.extend(
                    s.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '+' | '&' | '/' | '|'))
                        .filter(|t| !t.is_empty())
                        .map(str::to_lowercase),
                );
            }
            Some(Value::Array(a)) if a.len() <= MAX_CHECKBOXES => {
                for (k, item) in a.iter().enumerate() {
                    match item {
                        Value::String(s) if !Cap::Chars(MAX_SHORT_CHARS).exceeded(s) => {
                            tokens.push(s.trim().to_lowercase())
                        }
                        other => {
                            self.add(
                                Code::InvalidField,
                                Some(&format!("{path}[{k}]")),
                                format!(
                                    "{path}[{k}] must be a purpose name (promo or trans), got {}.",
                                    kind(other)
                                ),
                            );
                            return None;
                        }
                    }
                }
                tokens.retain(|t| !t.is_empty());
            }
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some(path),
                    format!("{path} must be a string, promo or trans, got {}.", kind(other)),
                );
                return None;
            }
        }
        let mut distinct: Vec<String> = Vec::new();
        for t in tokens {
            if !distinct.contains(&t) {
                distinct.push(t);
            }
        }
        match distinct.as_slice() {
            [] => {
                missing(self);
                None
            }
            [one] => match Purpose::parse(one) {
                Ok(p) => Some(p),
                Err(_) => {
                    self.add(
                        Code::MissingPurpose,
                        Some(path),
                        format!("{path} {} is not a purpose we know: use promo (offers and news) or trans (order and delivery updates).", show(one)),
                    );
                    None
                }
            },
            several => {
                let list: Vec<String> = several.iter().take(8).map(|s| show(s)).collect();
                self.add(
                    Code::BundledPurposes,
                    Some(path),
                    format!("{path} asks for several purposes at once ({}): show one checkbox per purpose ({}), each ticked on its own.", list.join(", "), PURPOSES.join(", ")),
                );
                None
            }
        }
    }

    fn cross_box_rules(&mut self, boxes: &[Option<BoxRead>]) {
        let read: Vec<&BoxRead> = boxes.iter().flatten().collect();
        for (n, a) in read.iter().enumerate() {
            for b in &read[n + 1..] {
                let (Some(pa), Some(pb)) = (a.purpose, b.purpose) else {
                    continue;
                };
                let (ia, ib) = (a.index, b.index);
                if pa == pb {
                    self.add(
                        Code::BundledPurposes,
                        Some(&format!("checkboxes[{ib}].purpose")),
                        format!(
                            "checkboxes[{ia}] and checkboxes[{ib}] are both for {}: one checkbox per purpose, so each decision is recorded once.",
                            super::purpose_str(pa)
                        ),
                    );
                    continue;
                }
                let same = |x: &Option<String>, y: &Option<String>| matches!((x, y), (Some(x), Some(y)) if !x.trim().is_empty() && x == y);
                let which = if same(&a.text, &b.text) {
                    Some("text")
                } else if same(&a.version, &b.version) {
                    Some("textVersion")
                } else {
                    None
                };
                if let Some(which) = which {
                    self.add(
                        Code::BundledPurposes,
                        Some(&format!("checkboxes[{ib}].{which}")),
                        format!(
                            "checkboxes[{ia}] ({}) and checkboxes[{ib}] ({}) show the same {which}: one text cannot ask for two purposes separately. Give each purpose its own text (renderText with one purpose).",
                            super::purpose_str(pa),
                            super::purpose_str(pb)
                        ),
                    );
                }
            }
        }
    }

    /// EMAIL_CONSENT_NOT_TRANSFERABLE; returns whether it fired (then CHANNEL_NOT_NAMED would
    /// only repeat it).
    fn channel_rules(&mut self, boxes: &[BoxRead], source: Option<&Source>) -> bool {
        let method = source.and_then(|s| s.method);
        let channel = source.and_then(|s| s.consent_channel.as_deref());
        let any_names_whatsapp = boxes
            .iter()
            .any(|b| b.checked == Some(true) && b.text.as_deref().is_some_and(names_whatsapp));
        if let Some(ch) = channel.filter(|c| *c != "whatsapp") {
            self.add(
                Code::EmailConsentNotTransferable,
                Some("source.consentChannel"),
                format!("the consent was given for {ch}, not for WhatsApp: a consent covers only the channel it names. Ask the person for a WhatsApp opt-in (e.g. the invitation e-mail of planMigration) and record that instead."),
            );
            return true;
        }
        if method == Some(Method::Import) && !any_names_whatsapp {
            self.add(
                Code::EmailConsentNotTransferable,
                Some("source.method"),
                "source.method is \"import\" but no checked box's text names WhatsApp: an imported consent counts only if it was given for WhatsApp. Collect a new WhatsApp opt-in instead.".into(),
            );
            return true;
        }
        false
    }

    fn text_rules(&mut self, boxes: &[BoxRead], controller: Option<&str>, channel_rule_fired: bool) {
        for b in boxes {
            let Some(text) = b.text.as_deref().filter(|t| !t.trim().is_empty()) else {
                continue;
            };
            if b.checked != Some(true) {
                continue;
            }
            let path = format!("checkboxes[{}].text", b.index);
            if !channel_rule_fired && !names_whatsapp(text) {
                self.add(
                    Code::ChannelNotNamed,
                    Some(&path),
                    format!("{path} does not name WhatsApp: the person must know the messages come by WhatsApp. Name the channel in the text (renderText does)."),
                );
            }
            if let Some(name) = controller.filter(|n| !n.is_empty()) {
                if !names_controller(text, name) {
                    self.add(
                        Code::ControllerNotNamed,
                        Some(&path),
                        format!("{path} does not name the controller {}: put the business's name in the text the person ticks, so they know who will message them.", show(name)),
                    );
                }
            }
        }
    }

    fn age(&mut self, v: Option<&Value>) -> Option<u32> {
        let age = match v {
            None | Some(Value::Null) => return None,
            Some(Value::Number(n)) => n
                .as_u64()
                .or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && (0.0..=150.0).contains(f))
                        .map(|f| f as u64)
                })
                .filter(|a| *a <= 150),
            Some(_) => None,
        };
        if age.is_none() {
            self.add(
                Code::InvalidField,
                Some("age"),
                format!(
                    "age must be a whole number of years from 0 to 150, got {}.",
                    kind_and_value(v.unwrap_or(&Value::Null))
                ),
            );
        }
        age.map(|a| a as u32)
    }

    fn required_str(&mut self, v: Option<&Value>, path: &str, cap: Cap, what: &str) -> Option<String> {
        match self.string(v, path, cap) {
            Field::Str(s) if !s.trim().is_empty() => Some(collapse(s)),
            Field::Invalid => None,
            _ => {
                self.add(
                    Code::MissingField,
                    Some(path),
                    format!("{path} is required: {what}."),
                );
                None
            }
        }
    }

    fn parental_consent(&mut self, v: Option<&Value>) -> Parental {
        let m = match v {
            None | Some(Value::Null) | Some(Value::Bool(false)) => return Parental::None,
            Some(Value::Bool(true)) => return Parental::Declared,
            Some(Value::Object(m)) => m,
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some("parentalConsent"),
                    format!(
                        "parentalConsent must be true or {{givenBy, method, at}}, got {}.",
                        kind(other)
                    ),
                );
                return Parental::Malformed;
            }
        };
        self.unknown_fields(
            m,
            "parentalConsent",
            "parentalConsent",
            PARENTAL_FIELDS,
            PARENTAL_ALIASES,
        );
        let given_by = self.required_str(
            m.get("givenBy"),
            "parentalConsent.givenBy",
            Cap::Chars(MAX_NAME_CHARS),
            "who holds parental responsibility and gave or authorised the consent",
        );
        let method = self.required_str(
            m.get("method"),
            "parentalConsent.method",
            Cap::Chars(MAX_NAME_CHARS),
            "how the parental consent was obtained and verified (e.g. \"signed form\")",
        );
        let at = match self.string(m.get("at"), "parentalConsent.at", Cap::Chars(MAX_SHORT_CHARS)) {
            Field::Str(s) if !s.trim().is_empty() => match time::parse(s) {
                Ok(ms) => Some(ms),
                Err(_) => {
                    self.add(
                        Code::InvalidField,
                        Some("parentalConsent.at"),
                        format!("parentalConsent.at must be an ISO 8601 date-time such as 2026-11-29T08:00:00Z, got {}.", show(s)),
                    );
                    None
                }
            },
            Field::Invalid => None,
            _ => {
                self.add(
                    Code::MissingField,
                    Some("parentalConsent.at"),
                    "parentalConsent.at is required: when the parental consent was given (ISO 8601).".into(),
                );
                None
            }
        };
        match (given_by, method, at) {
            (Some(given_by), Some(method), Some(at_ms)) => {
                Parental::Documented(ParentalConsent::Documented {
                    given_by,
                    method,
                    at_ms,
                })
            }
            _ => Parental::Malformed,
        }
    }

    /// Art. 8(1): below the national age, consent needs the holder of parental responsibility.
    fn age_rule(&mut self, age: u32, jurisdiction: Option<&str>, at_ms: i64, parental: &Parental) {
        let rule = age_of_consent(jurisdiction.unwrap_or(""), at_ms);
        if age >= rule.age {
            return;
        }
        let place = match jurisdiction {
            Some(j) if rule.country_known => format!("the age of digital consent in {j} is {}", rule.age),
            Some(j) => format!(
                "{j} has no national age in our table, so the GDPR default of {} applies",
                rule.age
            ),
            None => format!(
                "the country is unknown (give `country`), so the GDPR default of {} applies",
                rule.age
            ),
        };
        let basis = if rule.note.is_empty() {
            rule.source.to_string()
        } else {
            format!("{}; {}", rule.note, rule.source)
        };
        match parental {
            Parental::None => self.add(
                Code::Underage,
                Some("age"),
                format!("age is below the age of digital consent: {place} (source: {basis}). Below it, consent counts only if given or authorised by the holder of parental responsibility: record parentalConsent {{givenBy, method, at}}, or do not collect the consent."),
            ),
            Parental::Declared => self.add(
                Code::ParentalConsentUnverified,
                Some("parentalConsent"),
                format!("age is below the age of digital consent ({place}) and parentalConsent is only `true`: make reasonable efforts to verify it and record {{givenBy, method, at}}."),
            ),
            Parental::Documented(_) | Parental::Malformed => {}
        }
    }

    fn extra(&mut self, v: Option<&Value>) {
        let m = match v {
            None | Some(Value::Null) => return,
            Some(Value::Object(m)) => m,
            Some(other) => {
                self.add(
                    Code::InvalidField,
                    Some("extra"),
                    format!(
                        "extra must be an object holding the form's other fields, got {}.",
                        kind(other)
                    ),
                );
                return;
            }
        };
        if m.len() > MAX_EXTRA_KEYS {
            self.add(
                Code::InvalidField,
                Some("extra"),
                format!("extra has {} keys; at most {MAX_EXTRA_KEYS}.", m.len()),
            );
        }
        if m.is_empty() {
            return;
        }
        const LISTED: usize = 20;
        let keys: Vec<String> = m.keys().take(LISTED).map(|k| truncate(k, 40)).collect();
        let more = if m.len() > LISTED {
            format!(" and {} more", m.len() - LISTED)
        } else {
            String::new()
        };
        let unnecessary: Vec<String> = m
            .keys()
            .filter(|k| clearly_unnecessary(k))
            .take(LISTED)
            .map(|k| truncate(k, 40))
            .collect();
        let mut msg = format!(
            "extra holds {} field(s) the consent does not need: {}{more}.",
            m.len(),
            keys.join(", ")
        );
        if !unnecessary.is_empty() {
            msg.push_str(&format!(
                " {} (birth date, address, gender and the like) are clearly unnecessary for sending WhatsApp messages: stop collecting them.",
                unnecessary.join(", ")
            ));
        }
        msg.push_str(" Collect only what the purpose needs; extra is never stored in the record.");
        self.add(Code::ExcessiveData, Some("extra"), msg);
    }
}

/// The SHA-256 version of a consent text. A form shows the same few texts to every visitor, so an
/// audit of a million submissions hashes the same words a million times: the last few texts and
/// their versions are kept (compared by the whole text, so a changed word is hashed again).
fn text_version(text: &str) -> String {
    use std::cell::RefCell;
    thread_local! {
        static RECENT: RefCell<Vec<(String, String)>> = const { RefCell::new(Vec::new()) };
    }
    RECENT.with(|recent| {
        let mut recent = recent.borrow_mut();
        if let Some((_, v)) = recent.iter().find(|(t, _)| t == text) {
            return v.clone();
        }
        let v = sha256_hex(text);
        if recent.len() >= 16 {
            recent.remove(0);
        }
        recent.push((text.to_string(), v.clone()));
        v
    })
}

/// `sha256:<64 lowercase hex>` from that form or bare hex, any case; None for anything else.
fn canonical_version(s: &str) -> Option<String> {
    let lower = s.trim().to_ascii_lowercase();
    let hex = lower.strip_prefix("sha256:").unwrap_or(&lower);
    (hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit())).then(|| format!("sha256:{hex}"))
}

/// Our texts in all 30 languages write the Latin "WhatsApp" (ar adds واتساب beside it).
fn names_whatsapp(text: &str) -> bool {
    text.to_lowercase().contains("whatsapp")
}

fn names_controller(text: &str, name: &str) -> bool {
    let text = fold(text);
    let name = fold(name);
    text.contains(&name) || strip_legal_form(&name).is_some_and(|short| text.contains(&short))
}

/// Legal-form suffixes (lower case) a text may leave out: "Musterladen" names "Musterladen GmbH".
const LEGAL_FORMS: &[&str] = &[
    "gmbh & co. kg",
    "gmbh & co kg",
    "ug (haftungsbeschränkt)",
    "sp. z o.o.",
    "sp. z o. o.",
    "sp.z o.o.",
    "spol. s r.o.",
    "s.à r.l.",
    "s.a r.l.",
    "gmbh",
    "ggmbh",
    "ug",
    "ag",
    "kg",
    "ohg",
    "e.k.",
    "e.v.",
    "ltd.",
    "ltd",
    "limited",
    "plc",
    "llp",
    "llc",
    "l.l.c.",
    "inc.",
    "inc",
    "corp.",
    "corp",
    "sas",
    "s.a.s.",
    "sarl",
    "s.a.r.l.",
    "sa",
    "s.a.",
    "s.l.",
    "sl",
    "s.l.u.",
    "slu",
    "b.v.",
    "bv",
    "n.v.",
    "nv",
    "bvba",
    "srl",
    "sprl",
    "ab",
    "oy",
    "oyj",
    "as",
    "a/s",
    "asa",
    "aps",
    "s.r.o.",
    "a.s.",
    "s.p.a.",
    "spa",
    "s.r.l.",
    "lda",
    "lda.",
    "kft.",
    "kft",
    "zrt.",
    "nyrt.",
    "d.o.o.",
    "d.d.",
    "oü",
    "uab",
    "sia",
    "eood",
    "ood",
    "ead",
    "ehf.",
    "hf.",
    "se",
];

fn strip_legal_form(folded: &str) -> Option<String> {
    let form = LEGAL_FORMS
        .iter()
        .filter(|f| {
            folded.len() > f.len()
                && folded.ends_with(*f)
                && matches!(folded[..folded.len() - f.len()].chars().last(), Some(' ' | ','))
        })
        .max_by_key(|f| f.len())?;
    let short = folded[..folded.len() - form.len()]
        .trim_end_matches([' ', ','])
        .to_string();
    (short.chars().count() >= 2).then_some(short)
}

/// Whitespace runs (any Unicode space) to one space, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold(s: &str) -> String {
    collapse(&s.to_lowercase())
}

fn clearly_unnecessary(key: &str) -> bool {
    let n = norm(key);
    const SHORT: &[&str] = &["dob", "sex", "zip", "plz", "city", "ssn", "bday"];
    const LONG: &[&str] = &[
        "birth",
        "geburt",
        "address",
        "adresse",
        "street",
        "strasse",
        "straße",
        "postcode",
        "postal",
        "gender",
        "geschlecht",
        "nationality",
        "religion",
        "health",
        "ethnic",
        "income",
        "salary",
        "passport",
        "socialsecurity",
        "idnumber",
        "marital",
        "politic",
        "tradeunion",
        "biometric",
    ];
    SHORT.iter().any(|s| n.starts_with(s)) || LONG.iter().any(|l| n.contains(l))
}

/// Lower case, letters and digits only ("pre_checked" → "prechecked").
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// "Did you mean": a known alias, the same name in another spelling, a small typo, or a name
/// that contains (or is contained in) a field name.
fn suggest(unknown: &str, known: &[&'static str], aliases: &[(&str, &'static str)]) -> Option<&'static str> {
    if unknown.len() > 256 {
        return None;
    }
    let n = norm(unknown);
    if n.is_empty() || n.chars().count() > 64 {
        return None;
    }
    if let Some((_, target)) = aliases.iter().find(|(a, t)| *a == n && known.contains(t)) {
        return known.iter().copied().find(|k| k == target);
    }
    if let Some(k) = known.iter().find(|k| norm(k) == n) {
        return Some(k);
    }
    let len = n.chars().count();
    let limit = if len >= 6 {
        2
    } else if len >= 3 {
        1
    } else {
        0
    };
    let close = known
        .iter()
        .map(|k| (levenshtein(&n, &norm(k)), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d);
    if let Some((_, k)) = close {
        return Some(k);
    }
    known.iter().copied().find(|k| {
        let nk = norm(k);
        (nk.chars().count() >= 4 && n.contains(&nk)) || (len >= 4 && nk.contains(&n))
    })
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn kind_and_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("the string {}", show(s)),
        Value::Number(n) => format!("the number {}", truncate(&n.to_string(), 30)),
        Value::Bool(b) => b.to_string(),
        other => kind(other).to_string(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// A caller's value quoted for a message (short, escaped).
fn show(s: &str) -> String {
    format!("{:?}", truncate(s, 40))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{render, Kind, TextParams};
    use serde_json::json;

    const NOW: &str = "2026-11-29T08:05:00Z";
    const COMPANY: &str = "Musterladen GmbH";
    const PRIVACY: &str = "https://musterladen.de/datenschutz";

    fn opts() -> ValidateOptions {
        ValidateOptions {
            now_ms: time::parse(NOW).unwrap(),
            policy: Policy::default(),
        }
    }

    fn checkbox_text(lang: &str, company: &str, purpose: Purpose) -> (String, String) {
        let r = render(
            Kind::Checkbox,
            &TextParams {
                lang: lang.into(),
                company: Some(company.into()),
                purposes: vec![purpose],
                privacy_url: Some(PRIVACY.into()),
                ..Default::default()
            },
        )
        .unwrap();
        (r.text, r.version)
    }

    /// A correct German sign-up: a real rendered checkbox text and its version.
    fn base() -> Value {
        let (text, version) = checkbox_text("de", COMPANY, Purpose::Promo);
        json!({
            "phone": "0151 23456789",
            "country": "DE",
            "lang": "de",
            "controller": { "name": COMPANY, "contact": "datenschutz@musterladen.de" },
            "privacyPolicyUrl": PRIVACY,
            "checkboxes": [
                { "purpose": "promo", "checked": true, "preChecked": false, "text": text, "textVersion": version }
            ],
            "source": { "method": "web_form", "url": "https://musterladen.de/whatsapp" },
            "collectedAt": "2026-11-29T08:00:00Z"
        })
    }

    fn run(v: &Value) -> Validation {
        validate(v, &opts()).unwrap()
    }

    fn codes(v: &Value) -> Vec<&'static str> {
        run(v).violations.iter().map(|x| x.code).collect()
    }

    fn with(f: impl FnOnce(&mut Value)) -> Value {
        let mut v = base();
        f(&mut v);
        v
    }

    fn set_text(v: &mut Value, i: usize, text: &str) {
        v["checkboxes"][i]["text"] = json!(text);
        v["checkboxes"][i]["textVersion"] = json!(sha256_hex(text));
    }

    fn remove(v: &mut Value, path: &[&str]) {
        let (last, parents) = path.split_last().unwrap();
        let mut cur = v;
        for p in parents {
            cur = match p.parse::<usize>() {
                Ok(i) => &mut cur[i],
                Err(_) => &mut cur[*p],
            };
        }
        cur.as_object_mut().unwrap().remove(*last);
    }

    fn find<'a>(val: &'a Validation, code: &str) -> &'a Violation {
        val.violations
            .iter()
            .find(|x| x.code == code)
            .unwrap_or_else(|| panic!("no {code} in {:#?}", val.violations))
    }

    #[test]
    fn a_correct_german_submission_has_no_violations() {
        let v = run(&base());
        assert!(v.violations.is_empty(), "{:#?}", v.violations);
        assert!(v.valid);
        assert_eq!(v.e164.as_deref(), Some("+4915123456789"));
        assert_eq!(v.jurisdiction.as_deref(), Some("DE"));
        let s = v.submission.expect("submission");
        assert_eq!(s.e164, "+4915123456789");
        assert_eq!(s.lang, "de");
        assert_eq!(s.collected_at_ms, time::parse("2026-11-29T08:00:00Z").unwrap());
        assert_eq!(s.controller.name, COMPANY);
        assert_eq!(s.checkboxes.len(), 1);
        assert_eq!(s.checkboxes[0].purpose, Purpose::Promo);
        assert!(s.checkboxes[0].text_version.starts_with("sha256:"));
        assert_eq!(s.source.method, Some(Method::WebForm));
    }

    /// Every code: one mutation of the correct submission that produces it (the correct one,
    /// above, produces none).
    #[test]
    fn every_code_has_a_failing_case() {
        let cases: Vec<(Code, Value)> = vec![
            (
                Code::PreTicked,
                with(|v| v["checkboxes"][0]["preChecked"] = json!(true)),
            ),
            (
                Code::NoAffirmativeAction,
                with(|v| v["checkboxes"][0]["checked"] = json!(false)),
            ),
            (
                Code::BundledPurposes,
                with(|v| v["checkboxes"][0]["purpose"] = json!(["promo", "trans"])),
            ),
            (
                Code::MissingPurpose,
                with(|v| remove(v, &["checkboxes", "0", "purpose"])),
            ),
            (Code::MissingController, with(|v| remove(v, &["controller"]))),
            (
                Code::MissingPrivacyPolicy,
                with(|v| remove(v, &["privacyPolicyUrl"])),
            ),
            (
                Code::InsecureUrl,
                with(|v| v["privacyPolicyUrl"] = json!("http://musterladen.de/datenschutz")),
            ),
            (
                Code::ChannelNotNamed,
                with(|v| set_text(v, 0, "Ja, Musterladen GmbH darf mir Angebote per SMS senden.")),
            ),
            (
                Code::ControllerNotNamed,
                with(|v| set_text(v, 0, "Ja, ich möchte Angebote per WhatsApp erhalten.")),
            ),
            (
                Code::MissingText,
                with(|v| v["checkboxes"][0]["text"] = json!("")),
            ),
            (
                Code::TextVersionMismatch,
                with(|v| v["checkboxes"][0]["textVersion"] = json!(sha256_hex("other words"))),
            ),
            (Code::PhoneInvalid, with(|v| v["phone"] = json!("0151 2"))),
            (Code::PhoneNotMobile, with(|v| v["phone"] = json!("030 1234567"))),
            (Code::Underage, with(|v| v["age"] = json!(15))),
            (
                Code::ParentalConsentUnverified,
                with(|v| {
                    v["age"] = json!(15);
                    v["parentalConsent"] = json!(true);
                }),
            ),
            (
                Code::ExcessiveData,
                with(|v| v["extra"] = json!({ "birthDate": "2001-02-03" })),
            ),
            (Code::MissingTimestamp, with(|v| remove(v, &["collectedAt"]))),
            (
                Code::FutureTimestamp,
                with(|v| v["collectedAt"] = json!("2026-11-29T08:11:00Z")),
            ),
            (
                Code::EmailConsentNotTransferable,
                with(|v| v["source"] = json!({ "method": "import", "consentChannel": "email" })),
            ),
            (
                Code::StaleConsent,
                with(|v| v["collectedAt"] = json!("2024-11-01T08:00:00Z")),
            ),
            (Code::MissingLanguage, with(|v| remove(v, &["lang"]))),
            (Code::MissingField, with(|v| remove(v, &["phone"]))),
            (
                Code::InvalidField,
                with(|v| v["checkboxes"][0]["checked"] = json!("yes")),
            ),
            (
                Code::UnknownField,
                with(|v| v["phonenumber"] = json!("+49 151 23456789")),
            ),
        ];
        for code in Code::ALL {
            let (_, sub) = cases
                .iter()
                .find(|(c, _)| *c == code)
                .unwrap_or_else(|| panic!("no case for {code:?}"));
            let val = run(sub);
            let found = find(&val, code.as_str());
            assert_eq!(found.severity, code.severity());
            assert_eq!(found.rule, code.rule());
            assert!(!found.message.is_empty());
            if code.severity() == Severity::Error {
                assert!(!val.valid, "{code:?}");
            }
        }
        let correct = codes(&base());
        for code in Code::ALL {
            assert!(!correct.contains(&code.as_str()));
        }
    }

    #[test]
    fn pre_ticked_names_the_field_and_keeps_the_submission() {
        let v = run(&with(|v| v["checkboxes"][0]["preChecked"] = json!(true)));
        let x = find(&v, "PRE_TICKED");
        assert_eq!(x.field.as_deref(), Some("checkboxes[0].preChecked"));
        assert_eq!(x.rule, "CJEU C-673/17 Planet49; GDPR Recital 32");
        assert!(!v.valid);
        // The caller decides: the submission is still read.
        let s = v.submission.expect("read despite the violation");
        assert!(s.checkboxes[0].pre_checked);
    }

    #[test]
    fn no_affirmative_action_when_nothing_is_ticked_or_there_are_no_boxes() {
        assert!(
            codes(&with(|v| v["checkboxes"][0]["checked"] = json!(false))).contains(&"NO_AFFIRMATIVE_ACTION")
        );
        assert!(codes(&with(|v| v["checkboxes"] = json!([]))).contains(&"NO_AFFIRMATIVE_ACTION"));
        // An unchecked second box beside a checked one is fine.
        let (text, version) = checkbox_text("de", COMPANY, Purpose::Trans);
        let two = with(|v| {
            v["checkboxes"].as_array_mut().unwrap().push(json!({
                "purpose": "trans", "checked": false, "preChecked": false, "text": text, "textVersion": version
            }))
        });
        assert!(run(&two).violations.is_empty(), "{:#?}", run(&two).violations);
    }

    #[test]
    fn bundled_purposes_in_every_shape() {
        for purpose in [
            json!(["promo", "trans"]),
            json!("promo trans"),
            json!("promo,trans"),
            json!("promo + trans"),
        ] {
            let v = run(&with(|v| v["checkboxes"][0]["purpose"] = purpose.clone()));
            let x = find(&v, "BUNDLED_PURPOSES");
            assert_eq!(x.field.as_deref(), Some("checkboxes[0].purpose"), "{purpose}");
            assert!(v.submission.is_none(), "a bundled box is no Checkbox");
        }
        // The same purpose twice.
        let twice = with(|v| {
            let b = v["checkboxes"][0].clone();
            v["checkboxes"].as_array_mut().unwrap().push(b);
        });
        assert_eq!(
            find(&run(&twice), "BUNDLED_PURPOSES").field.as_deref(),
            Some("checkboxes[1].purpose")
        );
        // Two purposes sharing one text.
        let shared = with(|v| {
            let mut b = v["checkboxes"][0].clone();
            b["purpose"] = json!("trans");
            v["checkboxes"].as_array_mut().unwrap().push(b);
        });
        assert_eq!(
            find(&run(&shared), "BUNDLED_PURPOSES").field.as_deref(),
            Some("checkboxes[1].text")
        );
        // Passing: a one-element array and different texts per purpose.
        assert!(
            !codes(&with(|v| v["checkboxes"][0]["purpose"] = json!(["promo"]))).contains(&"BUNDLED_PURPOSES")
        );
    }

    #[test]
    fn missing_or_unknown_purpose() {
        let v = run(&with(|v| v["checkboxes"][0]["purpose"] = json!("newsletter")));
        let x = find(&v, "MISSING_PURPOSE");
        assert!(
            x.message.contains("promo") && x.message.contains("trans"),
            "{}",
            x.message
        );
        assert!(codes(&with(|v| remove(v, &["checkboxes", "0", "purpose"]))).contains(&"MISSING_PURPOSE"));
        assert!(codes(&with(|v| v["checkboxes"][0]["purpose"] = json!([]))).contains(&"MISSING_PURPOSE"));
        assert!(
            !codes(&with(|v| v["checkboxes"][0]["purpose"] = json!("Promo"))).contains(&"MISSING_PURPOSE")
        );
    }

    #[test]
    fn missing_controller_parts() {
        for (mutate, field) in [
            (json!(null), "controller"),
            (json!({ "name": "", "contact": "a@b.de" }), "controller.name"),
            (json!({ "name": COMPANY }), "controller.contact"),
        ] {
            let v = run(&with(|v| v["controller"] = mutate.clone()));
            assert_eq!(find(&v, "MISSING_CONTROLLER").field.as_deref(), Some(field));
            assert!(v.submission.is_none());
        }
        assert!(codes(&with(|v| v["controller"] = json!("Musterladen GmbH"))).contains(&"INVALID_FIELD"));
    }

    #[test]
    fn privacy_policy_and_urls() {
        assert!(codes(&with(|v| v["privacyPolicyUrl"] = json!("  "))).contains(&"MISSING_PRIVACY_POLICY"));
        let insecure = run(&with(|v| {
            v["source"]["url"] = json!("http://musterladen.de/form")
        }));
        assert_eq!(
            find(&insecure, "INSECURE_URL").field.as_deref(),
            Some("source.url")
        );
        assert!(
            codes(&with(|v| v["privacyPolicyUrl"] = json!("HTTP://musterladen.de/")))
                .contains(&"INSECURE_URL")
        );
        for bad in [
            "musterladen.de/datenschutz",
            "ftp://musterladen.de/x",
            "https://",
            "https://muster laden.de/",
            "javascript:alert(1)",
        ] {
            let v = run(&with(|v| v["privacyPolicyUrl"] = json!(bad)));
            assert_eq!(
                find(&v, "INVALID_FIELD").field.as_deref(),
                Some("privacyPolicyUrl"),
                "{bad}"
            );
            assert!(!v.violations.iter().any(|x| x.code == "INSECURE_URL"), "{bad}");
        }
        for good in [
            "https://musterladen.de",
            "https://xn--mller-kva.de/datenschutz?x=1#a",
            "https://müller.de/",
            "https://[2001:db8::1]:8443/p",
        ] {
            assert!(
                run(&with(|v| v["privacyPolicyUrl"] = json!(good)))
                    .violations
                    .is_empty(),
                "{good}"
            );
        }
    }

    #[test]
    fn channel_must_be_named_in_every_language_we_ship() {
        for lang in crate::texts::languages() {
            let (text, version) = checkbox_text(lang, COMPANY, Purpose::Promo);
            let v = with(|v| {
                v["lang"] = json!(lang);
                v["checkboxes"][0]["text"] = json!(text);
                v["checkboxes"][0]["textVersion"] = json!(version);
            });
            let got = codes(&v);
            assert!(got.is_empty(), "{lang}: {got:?}");
        }
        let v = run(&with(|v| {
            set_text(v, 0, "Ja, Musterladen GmbH darf mir Angebote per SMS senden.")
        }));
        assert_eq!(
            find(&v, "CHANNEL_NOT_NAMED").field.as_deref(),
            Some("checkboxes[0].text")
        );
        // Only checked boxes count.
        let unchecked = with(|v| {
            set_text(v, 0, "Ja, Musterladen GmbH darf mir Angebote per SMS senden.");
            v["checkboxes"][0]["checked"] = json!(false);
        });
        assert!(!codes(&unchecked).contains(&"CHANNEL_NOT_NAMED"));
        assert!(
            !codes(&with(|v| set_text(v, 0, "Musterladen GmbH, WHATSAPP: ja")))
                .contains(&"CHANNEL_NOT_NAMED")
        );
    }

    #[test]
    fn controller_name_with_or_without_legal_form_case_and_spacing() {
        for (name, text) in [
            (
                "Musterladen GmbH",
                "Ja, MUSTERLADEN   gmbh darf mir Angebote per WhatsApp senden.",
            ),
            (
                "Musterladen GmbH",
                "Ja, Musterladen darf mir Angebote per WhatsApp senden.",
            ),
            ("Acme Ltd", "Yes, Acme may send me offers on WhatsApp."),
            (
                "Polska Firma Sp. z o.o.",
                "Tak, Polska Firma może wysyłać oferty przez WhatsApp.",
            ),
            (
                "Nordic Shop AB",
                "Ja, Nordic Shop får skicka erbjudanden på WhatsApp.",
            ),
            ("Tienda S.L.", "Sí, Tienda me envía ofertas por WhatsApp."),
        ] {
            let v = with(|v| {
                v["controller"]["name"] = json!(name);
                set_text(v, 0, text);
            });
            assert!(!codes(&v).contains(&"CONTROLLER_NOT_NAMED"), "{name}: {text}");
        }
        let v = run(&with(|v| v["controller"]["name"] = json!("Andere Firma GmbH")));
        let x = find(&v, "CONTROLLER_NOT_NAMED");
        assert!(x.message.contains("Andere Firma GmbH"));
        // A legal form alone is no name.
        assert!(strip_legal_form("gmbh").is_none());
        assert_eq!(
            strip_legal_form("musterladen gmbh & co. kg").as_deref(),
            Some("musterladen")
        );
    }

    #[test]
    fn missing_text_and_text_version() {
        let v = run(&with(|v| remove(v, &["checkboxes", "0", "text"])));
        assert_eq!(
            find(&v, "MISSING_TEXT").field.as_deref(),
            Some("checkboxes[0].text")
        );
        assert!(v.submission.is_none());
        let wrong = run(&with(|v| v["checkboxes"][0]["textVersion"] = json!("v1")));
        assert_eq!(
            find(&wrong, "TEXT_VERSION_MISMATCH").field.as_deref(),
            Some("checkboxes[0].textVersion")
        );
        let edited = with(|v| {
            let t = v["checkboxes"][0]["text"]
                .as_str()
                .unwrap()
                .replace("jederzeit", "nie");
            v["checkboxes"][0]["text"] = json!(t);
        });
        assert!(codes(&edited).contains(&"TEXT_VERSION_MISMATCH"));
        // Bare hex in upper case is the same version; the record keeps the canonical form.
        let bare = with(|v| {
            let ver = v["checkboxes"][0]["textVersion"]
                .as_str()
                .unwrap()
                .trim_start_matches("sha256:")
                .to_uppercase();
            v["checkboxes"][0]["textVersion"] = json!(ver);
        });
        let r = run(&bare);
        assert!(r.violations.is_empty(), "{:#?}", r.violations);
        assert!(r.submission.unwrap().checkboxes[0]
            .text_version
            .starts_with("sha256:"));
        assert!(codes(&with(|v| remove(v, &["checkboxes", "0", "textVersion"]))).contains(&"MISSING_FIELD"));
    }

    #[test]
    fn phone_rules() {
        let national = run(&with(|v| {
            remove(v, &["country"]);
            v["phone"] = json!("0170 9876543");
        }));
        let x = find(&national, "PHONE_INVALID");
        assert!(
            x.message.contains("INVALID_COUNTRY_CODE") && x.message.contains("country"),
            "{}",
            x.message
        );
        assert!(national.submission.is_none() && national.e164.is_none());
        assert!(!x.message.contains("9876543"), "the number is not repeated");
        let short = run(&with(|v| v["phone"] = json!("+49 1")));
        assert!(find(&short, "PHONE_INVALID").message.contains("TOO_SHORT"));
        // International format without `country`: the jurisdiction comes from the number.
        let intl = run(&with(|v| {
            remove(v, &["country"]);
            v["phone"] = json!("+43 664 1234567");
        }));
        assert!(intl.violations.is_empty(), "{:#?}", intl.violations);
        assert_eq!(intl.jurisdiction.as_deref(), Some("AT"));
        let landline = run(&with(|v| v["phone"] = json!("030 1234567")));
        let w = find(&landline, "PHONE_NOT_MOBILE");
        assert_eq!(w.severity, Severity::Warning);
        assert!(landline.valid, "a warning does not invalidate");
        assert!(codes(&with(|v| v["phone"] = json!(4915123456789u64))).contains(&"INVALID_FIELD"));
        assert!(codes(&with(|v| v["phone"] = json!(" "))).contains(&"MISSING_FIELD"));
    }

    #[test]
    fn country_is_checked_and_wins_over_the_number() {
        let v = run(&with(|v| {
            v["country"] = json!("at");
            v["phone"] = json!("+49 151 23456789");
        }));
        assert_eq!(v.jurisdiction.as_deref(), Some("AT"));
        assert_eq!(
            run(&with(|v| {
                v["country"] = json!("EL");
                v["phone"] = json!("+30 691 234 5678");
            }))
            .jurisdiction
            .as_deref(),
            Some("GR")
        );
        for bad in [json!("Germany"), json!("D"), json!(49), json!("1A")] {
            let v = run(&with(|v| v["country"] = bad.clone()));
            assert_eq!(
                find(&v, "INVALID_FIELD").field.as_deref(),
                Some("country"),
                "{bad}"
            );
        }
    }

    #[test]
    fn underage_by_country_and_date() {
        let v = run(&with(|v| v["age"] = json!(15)));
        let x = find(&v, "UNDERAGE");
        assert!(
            x.message.contains("DE") && x.message.contains("16") && x.message.contains("twobirds"),
            "{}",
            x.message
        );
        // Austria: 14.
        let at = |age: u32| {
            with(|v| {
                v["country"] = json!("AT");
                v["phone"] = json!("+49 151 23456789");
                v["age"] = json!(age);
            })
        };
        assert!(!codes(&at(14)).contains(&"UNDERAGE"));
        assert!(codes(&at(13)).contains(&"UNDERAGE"));
        // Denmark raised it from 13 to 15 on 2024-01-01: the date of collection decides.
        let dk = |collected: &str| {
            codes(&with(|v| {
                v["country"] = json!("DK");
                v["phone"] = json!("+49 151 23456789");
                v["age"] = json!(14);
                v["collectedAt"] = json!(collected);
            }))
        };
        assert!(!dk("2023-12-31T12:00:00Z").contains(&"UNDERAGE"));
        assert!(dk("2024-01-02T12:00:00Z").contains(&"UNDERAGE"));
        // Documented parental consent: no violation; `true` alone: a warning only.
        let documented = with(|v| {
            v["age"] = json!(15);
            v["parentalConsent"] = json!({ "givenBy": "Maria Muster (mother)", "method": "signed form", "at": "2026-11-28T10:00:00Z" });
        });
        let r = run(&documented);
        assert!(r.violations.is_empty(), "{:#?}", r.violations);
        assert!(matches!(
            r.submission.unwrap().parental_consent,
            Some(ParentalConsent::Documented { .. })
        ));
        let declared = run(&with(|v| {
            v["age"] = json!(15);
            v["parentalConsent"] = json!(true);
        }));
        assert_eq!(
            codes(&with(|v| {
                v["age"] = json!(15);
                v["parentalConsent"] = json!(true);
            })),
            ["PARENTAL_CONSENT_UNVERIFIED"]
        );
        assert!(declared.valid);
        assert!(!codes(&with(|v| v["age"] = json!(16))).contains(&"UNDERAGE"));
        assert!(!codes(&with(|v| v["age"] = json!(16.0))).contains(&"INVALID_FIELD"));
        for bad in [
            json!(-1),
            json!(151),
            json!(15.5),
            json!("15"),
            json!(true),
            json!([15]),
        ] {
            let v = run(&with(|v| v["age"] = bad.clone()));
            assert_eq!(find(&v, "INVALID_FIELD").field.as_deref(), Some("age"), "{bad}");
            assert!(!v.violations.iter().any(|x| x.code == "UNDERAGE"));
        }
    }

    #[test]
    fn excessive_data() {
        let v =
            run(&with(
                |v| v["extra"] = json!({ "birthDate": "2001-02-03", "gender": "f", "utm_source": "mail" }),
            ));
        let x = find(&v, "EXCESSIVE_DATA");
        assert_eq!(x.severity, Severity::Warning);
        assert!(x.message.contains("utm_source"));
        let unnecessary = x.message.split("clearly").next().unwrap();
        assert!(unnecessary.contains("birthDate, gender ("), "{}", x.message);
        assert!(v.valid);
        let ip = run(&with(|v| v["source"]["ip"] = json!("203.0.113.7")));
        let w = find(&ip, "EXCESSIVE_DATA");
        assert_eq!(w.field.as_deref(), Some("source.ip"));
        assert!(w.message.contains("truncat"));
        assert!(codes(&with(|v| v["source"]["ip"] = json!("not an ip"))).contains(&"INVALID_FIELD"));
        assert!(run(&with(|v| v["extra"] = json!({}))).violations.is_empty());
        let many: Map<String, Value> = (0..101).map(|i| (format!("k{i}"), json!(i))).collect();
        assert!(codes(&with(|v| v["extra"] = Value::Object(many))).contains(&"INVALID_FIELD"));
    }

    #[test]
    fn timestamps() {
        assert!(codes(&with(|v| v["collectedAt"] = json!(""))).contains(&"MISSING_TIMESTAMP"));
        for bad in [
            json!("29.11.2026"),
            json!("2026-11-29T08:00:00"),
            json!(1764403200000u64),
        ] {
            let v = run(&with(|v| v["collectedAt"] = bad.clone()));
            assert_eq!(
                find(&v, "INVALID_FIELD").field.as_deref(),
                Some("collectedAt"),
                "{bad}"
            );
            assert!(v.submission.is_none());
        }
        // Within the 5 minutes of clock skew: fine.
        assert!(run(&with(|v| v["collectedAt"] = json!("2026-11-29T08:09:00Z")))
            .violations
            .is_empty());
        assert!(
            codes(&with(|v| v["collectedAt"] = json!("2026-11-29T09:10:01+01:00")))
                .contains(&"FUTURE_TIMESTAMP")
        );
        // Stale after policy.refresh_months (24 by default).
        let stale = run(&with(|v| v["collectedAt"] = json!("2024-11-01T08:00:00Z")));
        assert_eq!(find(&stale, "STALE_CONSENT").severity, Severity::Warning);
        assert!(run(&with(|v| v["collectedAt"] = json!("2025-01-01T08:00:00Z")))
            .violations
            .is_empty());
        let short = ValidateOptions {
            policy: Policy {
                refresh_months: 6,
                ..Policy::default()
            },
            ..opts()
        };
        let v = validate(
            &with(|v| v["collectedAt"] = json!("2026-01-01T00:00:00Z")),
            &short,
        )
        .unwrap();
        assert!(v.violations.iter().any(|x| x.code == "STALE_CONSENT"));
    }

    #[test]
    fn consent_for_another_channel_does_not_carry_over() {
        for ch in ["email", "sms", "phone", "other"] {
            let v = run(&with(|v| {
                v["source"] = json!({ "method": "import", "consentChannel": ch })
            }));
            let x = find(&v, "EMAIL_CONSENT_NOT_TRANSFERABLE");
            assert_eq!(x.field.as_deref(), Some("source.consentChannel"));
        }
        // Any method with consentChannel email.
        assert!(codes(&with(|v| v["source"]["consentChannel"] = json!("email")))
            .contains(&"EMAIL_CONSENT_NOT_TRANSFERABLE"));
        // An import whose text never named WhatsApp: once, without CHANNEL_NOT_NAMED beside it.
        let no_wa = with(|v| {
            v["source"] = json!({ "method": "import" });
            set_text(v, 0, "Ja, Musterladen GmbH darf mir Angebote senden.");
        });
        let got = codes(&no_wa);
        assert!(got.contains(&"EMAIL_CONSENT_NOT_TRANSFERABLE"), "{got:?}");
        assert!(!got.contains(&"CHANNEL_NOT_NAMED"), "{got:?}");
        // Passing: an import of a consent given for WhatsApp, with a text naming it.
        assert!(run(&with(
            |v| v["source"] = json!({ "method": "import", "consentChannel": "whatsapp" })
        ))
        .violations
        .is_empty());
        assert!(run(&with(|v| v["source"] = json!({ "method": "import" })))
            .violations
            .is_empty());
        assert!(codes(&with(|v| v["source"]["consentChannel"] = json!("fax"))).contains(&"INVALID_FIELD"));
    }

    #[test]
    fn language_is_required() {
        for lang in [json!(null), json!("")] {
            let v = run(&with(|v| v["lang"] = lang.clone()));
            assert_eq!(find(&v, "MISSING_LANGUAGE").field.as_deref(), Some("lang"));
            assert!(v.submission.is_none());
        }
        assert!(codes(&with(|v| v["lang"] = json!("deutsch!"))).contains(&"INVALID_FIELD"));
        let pt = run(&with(|v| v["lang"] = json!("DE_at")));
        assert_eq!(pt.submission.unwrap().lang, "de-AT");
    }

    #[test]
    fn unknown_fields_suggest_the_right_name() {
        for (mutate, field, hint) in [
            (json!({ "phonenumber": "x" }), "phonenumber", "\"phone\""),
            (
                json!({ "privacyUrl": PRIVACY }),
                "privacyUrl",
                "\"privacyPolicyUrl\"",
            ),
            (json!({ "collected_at": "x" }), "collected_at", "\"collectedAt\""),
            (json!({ "langauge": "de" }), "langauge", "\"lang\""),
        ] {
            let v = run(&with(|v| {
                for (k, val) in mutate.as_object().unwrap() {
                    v[k] = val.clone();
                }
            }));
            let x = find(&v, "UNKNOWN_FIELD");
            assert_eq!(x.field.as_deref(), Some(field));
            assert!(
                x.message.contains(&format!("Did you mean {hint}")),
                "{}",
                x.message
            );
        }
        let pre = run(&with(|v| {
            remove(v, &["checkboxes", "0", "preChecked"]);
            v["checkboxes"][0]["prechecked"] = json!(false);
        }));
        let x = find(&pre, "UNKNOWN_FIELD");
        assert_eq!(x.field.as_deref(), Some("checkboxes[0].prechecked"));
        assert!(x.message.contains("Did you mean \"preChecked\""));
        assert_eq!(
            find(&pre, "MISSING_FIELD").field.as_deref(),
            Some("checkboxes[0].preChecked")
        );
        for (obj, key, hint) in [
            ("controller", "company", "name"),
            ("source", "ipAddress", "ip"),
            ("source", "user_agent", "userAgent"),
        ] {
            let v = run(&with(|v| v[obj][key] = json!("x")));
            let x = find(&v, "UNKNOWN_FIELD");
            assert_eq!(x.field.as_deref(), Some(format!("{obj}.{key}").as_str()));
            assert!(x.message.contains(&format!("\"{hint}\"")), "{}", x.message);
        }
        let v =
            run(&with(
                |v| {
                    v["parentalConsent"] =
                        json!({ "givenBy": "x", "method": "y", "at": "2026-01-01", "foo": 1 })
                },
            ));
        assert_eq!(
            find(&v, "UNKNOWN_FIELD").field.as_deref(),
            Some("parentalConsent.foo")
        );
        // A method typo gets a hint as well.
        let m = run(&with(|v| v["source"]["method"] = json!("webform")));
        assert!(find(&m, "INVALID_FIELD").message.contains("\"web_form\""));
        assert!(suggest("zzzzzz", TOP_FIELDS, TOP_ALIASES).is_none());
        // Thousands of unknown keys: a bounded number of violations.
        let flood = with(|v| {
            for i in 0..5000 {
                v[format!("junk{i}")] = json!(i);
            }
        });
        assert!(run(&flood).violations.len() <= MAX_UNKNOWN_REPORTED + 1);
    }

    #[test]
    fn wrong_types_are_invalid_field_with_the_path() {
        let v = run(&with(|v| v["checkboxes"][0]["checked"] = json!("yes")));
        let x = find(&v, "INVALID_FIELD");
        assert_eq!(x.field.as_deref(), Some("checkboxes[0].checked"));
        assert!(x.message.contains("\"yes\""));
        assert!(
            !v.violations.iter().any(|x| x.code == "NO_AFFIRMATIVE_ACTION"),
            "reported once"
        );
        assert!(v.submission.is_none());
        let nine: Vec<Value> = (0..9).map(|_| base()["checkboxes"][0].clone()).collect();
        assert_eq!(
            find(&run(&with(|v| v["checkboxes"] = json!(nine))), "INVALID_FIELD")
                .field
                .as_deref(),
            Some("checkboxes")
        );
        let big = "x".repeat(MAX_TEXT_BYTES + 1);
        assert_eq!(
            find(
                &run(&with(|v| v["checkboxes"][0]["text"] = json!(big))),
                "INVALID_FIELD"
            )
            .field
            .as_deref(),
            Some("checkboxes[0].text")
        );
        let long_name = "N".repeat(MAX_NAME_CHARS + 1);
        assert!(codes(&with(|v| v["name"] = json!(long_name))).contains(&"INVALID_FIELD"));
        assert!(codes(&with(|v| v["email"] = json!("not-an-email"))).contains(&"INVALID_FIELD"));
        let ok = run(&with(|v| {
            v["name"] = json!("  Anna   Muster ");
            v["email"] = json!("anna@example.de");
        }));
        assert!(ok.violations.is_empty());
        let s = ok.submission.unwrap();
        assert_eq!(
            (s.name.as_deref(), s.email.as_deref()),
            (Some("Anna   Muster"), Some("anna@example.de"))
        );
    }

    #[test]
    fn not_an_object_is_the_only_err() {
        for v in [json!(null), json!([]), json!("x"), json!(1), json!(true)] {
            assert_eq!(
                validate(&v, &opts()).unwrap_err().code,
                crate::ErrorCode::InvalidArgument
            );
        }
        let empty = run(&json!({}));
        assert!(!empty.valid);
        let got: Vec<_> = empty.violations.iter().map(|x| x.code).collect();
        for c in [
            "MISSING_FIELD",
            "MISSING_LANGUAGE",
            "MISSING_CONTROLLER",
            "MISSING_PRIVACY_POLICY",
            "MISSING_TIMESTAMP",
        ] {
            assert!(got.contains(&c), "{c}: {got:?}");
        }
    }

    #[test]
    fn errors_come_before_warnings_and_json_shape() {
        let v = run(&with(|v| {
            v["extra"] = json!({ "gender": "f" });
            v["phone"] = json!("030 1234567");
            v["checkboxes"][0]["preChecked"] = json!(true);
        }));
        let sev: Vec<Severity> = v.violations.iter().map(|x| x.severity).collect();
        let mut sorted = sev.clone();
        sorted.sort();
        assert_eq!(sev, sorted);
        assert_eq!(sev.first(), Some(&Severity::Error));
        let j = serde_json::to_value(&v).unwrap();
        let keys: Vec<&String> = j.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4, "{keys:?}");
        assert_eq!(j["valid"], json!(false));
        assert_eq!(j["violations"][0]["severity"], json!("error"));
        assert_eq!(
            j["violations"].as_array().unwrap().last().unwrap()["severity"],
            json!("warning")
        );
        assert_eq!(j["e164"], json!("+49301234567"));
        let no_field = serde_json::to_value(&Violation {
            code: "X",
            severity: Severity::Warning,
            message: String::new(),
            rule: "r",
            field: None,
        })
        .unwrap();
        assert_eq!(no_field["field"], Value::Null);
    }

    /// xorshift64*: deterministic garbage without a dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn garbage(r: &mut Rng, depth: u32) -> Value {
        match r.below(if depth == 0 { 6 } else { 9 }) {
            0 => Value::Null,
            1 => json!(r.below(2) == 0),
            2 => json!((r.next() as i64) >> r.below(64)),
            3 => json!(f64::from_bits(r.next() & 0x7FEF_FFFF_FFFF_FFFF)),
            4 => {
                let len = [0, 1, 3, 300, 70_000][r.below(5) as usize];
                let alphabet = [
                    'a', 'Z', ' ', '+', '4', '9', '\u{0}', 'é', '😀', '"', '\\', 'W', 'h', '@', '.', '/', ':',
                ];
                json!((0..len)
                    .map(|_| alphabet[r.below(alphabet.len() as u64) as usize])
                    .collect::<String>())
            }
            5 => json!(
                [
                    "promo",
                    "sha256:",
                    "https://x",
                    "2026-11-29T08:00:00Z",
                    "whatsapp",
                    "import"
                ][r.below(6) as usize]
            ),
            6 | 7 => Value::Array((0..r.below(12)).map(|_| garbage(r, depth - 1)).collect()),
            _ => {
                let keys = [
                    "phone",
                    "text",
                    "purpose",
                    "checked",
                    "name",
                    "a",
                    "",
                    "preChecked",
                    "extra",
                    "ip",
                ];
                Value::Object(
                    (0..r.below(8))
                        .map(|_| {
                            (
                                keys[r.below(keys.len() as u64) as usize].to_string(),
                                garbage(r, depth - 1),
                            )
                        })
                        .collect(),
                )
            }
        }
    }

    /// Values that are never valid for any field (null and booleans can be).
    fn never_valid(r: &mut Rng) -> Value {
        match r.below(6) {
            0 => json!(-1.5),
            1 => json!([[[[null]]], {}, "promo"]),
            2 => json!({ "zz": [[{}]] }),
            3 => json!("x".repeat(70_000)),
            4 => json!(1e300),
            _ => json!([
                1,
                "a",
                null,
                {},
                [],
                2.5,
                "https://x",
                "promo",
                "trans",
                true,
                false,
                "ten"
            ]),
        }
    }

    #[test]
    fn garbage_never_panics_and_is_reported() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        let mut rich = base();
        rich["age"] = json!(30);
        rich["name"] = json!("Anna");
        rich["email"] = json!("anna@example.de");
        rich["source"]["userAgent"] = json!("Mozilla/5.0");
        rich["source"]["consentChannel"] = json!("whatsapp");
        rich["parentalConsent"] =
            json!({ "givenBy": "Maria", "method": "form", "at": "2026-11-28T10:00:00Z" });
        rich["extra"] = json!({});
        assert!(run(&rich).violations.is_empty(), "{:#?}", run(&rich).violations);

        // Every field, at every level, replaced by every kind of wrong value.
        let mut paths: Vec<Vec<String>> = Vec::new();
        for (k, v) in rich.as_object().unwrap() {
            paths.push(vec![k.clone()]);
            if let Some(o) = v.as_object() {
                paths.extend(o.keys().map(|sub| vec![k.clone(), sub.clone()]));
            }
        }
        paths.extend(
            BOX_FIELDS
                .iter()
                .map(|f| vec!["checkboxes".into(), "0".into(), f.to_string()]),
        );
        paths.push(vec!["checkboxes".into(), "0".into()]);
        for path in &paths {
            for _ in 0..12 {
                let mut v = rich.clone();
                let mut cur = &mut v;
                for p in path {
                    cur = match p.parse::<usize>() {
                        Ok(i) => &mut cur[i],
                        Err(_) => &mut cur[p.as_str()],
                    };
                }
                *cur = never_valid(&mut r);
                let shown = truncate(&cur.to_string(), 80);
                let res = run(&v);
                let prefix = path
                    .iter()
                    .fold(String::new(), |acc, p| match p.parse::<usize>() {
                        Ok(i) => format!("{acc}[{i}]"),
                        Err(_) if acc.is_empty() => p.clone(),
                        Err(_) => format!("{acc}.{p}"),
                    });
                assert!(
                    res.violations
                        .iter()
                        .any(|x| x.field.as_deref().is_some_and(|f| f.starts_with(&prefix))),
                    "{prefix} = {shown}: {:#?}",
                    res.violations
                );
            }
        }

        // Whole random objects, and random values in the right places.
        for _ in 0..3000 {
            let mut v = if r.below(2) == 0 {
                match garbage(&mut r, 4) {
                    Value::Object(o) => Value::Object(o),
                    other => json!({ "phone": other }),
                }
            } else {
                rich.clone()
            };
            let path = &paths[r.below(paths.len() as u64) as usize];
            if v.get(&path[0]).is_some() || r.below(2) == 0 {
                let mut cur = &mut v;
                for p in path {
                    cur = match (p.parse::<usize>(), cur.is_array()) {
                        (Ok(i), true) if cur.as_array().unwrap().len() > i => &mut cur[i],
                        (Ok(_), _) => break,
                        (Err(_), _) if cur.is_object() || cur.is_null() => &mut cur[p.as_str()],
                        _ => break,
                    };
                }
                *cur = garbage(&mut r, 3);
            }
            let res = validate(&v, &opts()).expect("an object is never an Err");
            if res.violations.is_empty() {
                // Only possible when the random value happened to be valid where it landed.
                assert!(res.valid && res.submission.is_some(), "{v}");
            }
            let _ = serde_json::to_string(&res).unwrap();
        }
    }
}
