//! Moving an e-mail list to WhatsApp: an e-mail consent never becomes a WhatsApp consent (GDPR
//! Art. 4(11) "specific", 6(1)(a); ePrivacy Art. 13; UWG §7(2) Nr. 2). Each contact with an
//! e-mail consent gets an invitation by e-mail whose wa.me link lets them give a WhatsApp consent
//! themselves; the pending record waits for that message.

use super::record::{invite, Invitation};
use super::Policy;
use crate::error::{Error, ErrorCode};
use crate::phone::{self, Formats};
use crate::texts::{self, sha256_hex, Kind, Purpose, TextParams};
use crate::token;
use serde_json::{json, Map, Value};

/// Rows per call: the JS wrapper streams larger lists through in batches.
pub const MAX_BATCH: usize = 10_000;
const MAX_FIELD: usize = 4096;

#[derive(Debug, Clone)]
pub struct MigrationOptions {
    pub now_ms: i64,
    pub business_phone: String,
    pub lang: String,
    pub controller: (String, String),
    pub privacy_url: String,
    pub purposes: Vec<Purpose>,
    pub default_region: Option<String>,
    pub policy: Policy,
}

/// What an export's consent column says. Unknown counts as no: an invitation e-mail asking for
/// consent is itself advertising (BGH VI ZR 134/15 treats a consent request by e-mail so).
fn email_consent(v: Option<&Value>) -> Option<bool> {
    match v? {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => Some(n.as_i64() == Some(1)),
        Value::String(s) => {
            let s = s.trim().to_ascii_lowercase();
            match s.as_str() {
                "1" | "true" | "yes" | "y" | "ja" | "oui" | "si" | "sí" | "subscribed" | "opted_in" | "opt-in" | "optin"
                | "confirmed" | "double_opt_in" | "doi" | "consented" | "granted" => Some(true),
                "0" | "false" | "no" | "n" | "nein" | "non" | "unsubscribed" | "opted_out" | "opt-out" | "optout" | "bounced"
                | "cleaned" | "complained" | "withdrawn" | "revoked" | "pending" | "unconfirmed" => Some(false),
                _ => None,
            }
        }
        _ => None,
    }
}

fn plausible_email(e: &str) -> bool {
    let Some((local, domain)) = e.rsplit_once('@') else { return false };
    !local.is_empty()
        && e.len() <= 254
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn field<'a>(row: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| row.get(*n)).filter(|v| !v.is_null())
}

fn text_field(row: &Map<String, Value>, names: &[&str]) -> Result<Option<String>, String> {
    match field(row, names) {
        None => Ok(None),
        Some(Value::String(s)) if s.len() > MAX_FIELD => Err(format!("{} is longer than {MAX_FIELD} bytes", names[0])),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(format!("{} must be text", names[0])),
    }
}

fn plan_row(index: usize, row: &Value, o: &MigrationOptions) -> Value {
    let mut out = json!({
        "index": index, "email": Value::Null, "mayMessageOnWhatsApp": false, "action": "error",
        "reason": "", "invitation": Value::Null, "record": Value::Null, "phone": Value::Null, "error": Value::Null,
    });
    let fail = |out: &mut Value, code: &str, msg: String| {
        out["reason"] = json!(code);
        out["error"] = json!({ "code": code, "message": msg });
    };
    let Some(row) = row.as_object() else {
        fail(&mut out, "INVALID_ROW", "a contact must be an object".into());
        return out;
    };
    let read = |names: &[&str]| text_field(row, names);
    let (email, name, phone_in, lang_in) = match (
        read(&["email", "Email", "E-Mail", "email_address"]),
        read(&["name", "Name", "full_name", "first_name"]),
        read(&["phone", "Phone", "mobile", "phone_number"]),
        read(&["lang", "language", "Language", "locale"]),
    ) {
        (Ok(e), Ok(n), Ok(p), Ok(l)) => (e, n, p, l),
        (Err(m), ..) | (_, Err(m), ..) | (_, _, Err(m), _) | (.., Err(m)) => {
            fail(&mut out, "INVALID_ROW", m);
            return out;
        }
    };
    let Some(email) = email else {
        fail(&mut out, "MISSING_EMAIL", "the row has no e-mail address".into());
        return out;
    };
    out["email"] = json!(email);
    if !plausible_email(&email) {
        fail(&mut out, "INVALID_EMAIL", format!("{email:?} is not an e-mail address"));
        return out;
    }
    // A row's own country reads its national numbers (an export mixing countries).
    let region = match read(&["country", "Country", "region"]) {
        Ok(Some(c)) if c.len() == 2 && c.chars().all(|x| x.is_ascii_alphabetic()) => Some(c.to_ascii_uppercase()),
        _ => o.default_region.clone(),
    };
    let mut e164 = None;
    if let Some(p) = &phone_in {
        match phone::normalize_with(p, region.as_deref(), Formats::Skip) {
            Ok(info) => {
                e164 = info.e164.clone().filter(|_| info.valid);
                out["phone"] = json!({ "valid": info.valid, "e164": info.e164, "region": info.region, "type": info.number_type, "error": info.error });
            }
            Err(e) => out["phone"] = json!({ "valid": false, "e164": null, "region": null, "type": null, "error": e }),
        }
    }
    match email_consent(field(row, &["emailConsent", "email_consent", "consent", "status", "Status"])) {
        Some(true) => {}
        verdict => {
            out["action"] = json!("skip_no_email_consent");
            out["reason"] = json!(if verdict.is_some() { "NO_EMAIL_CONSENT" } else { "EMAIL_CONSENT_UNKNOWN" });
            return out;
        }
    }
    let lang = lang_in
        .filter(|l| texts::languages().contains(&l.to_ascii_lowercase().split(['-', '_']).next().unwrap_or("")))
        .unwrap_or_else(|| o.lang.clone());
    let result = (|| -> Result<(Value, Value), Error> {
        let token = token::new_token()?;
        let params = TextParams {
            lang: lang.clone(),
            fallback: true,
            company: Some(o.controller.0.clone()),
            name: name.clone(),
            purposes: o.purposes.clone(),
            privacy_url: Some(o.privacy_url.clone()),
            contact: Some(o.controller.1.clone()),
            business_phone: Some(o.business_phone.clone()),
            token: Some(token.clone()),
        };
        let r = texts::render(Kind::InvitationEmail, &params)?;
        // The record keeps the invitation's words, but neither the token (only its hash) nor the
        // name in the greeting: that is personal data, which an erasure must be able to remove.
        let generic = match &name {
            Some(_) => texts::render(Kind::InvitationEmail, &TextParams { name: Some("[NAME]".into()), ..params.clone() })?.text,
            None => r.text.clone(),
        };
        let masked = generic.replace(&token, "[TOKEN]");
        let version = sha256_hex(&masked);
        let region = e164.as_deref().and_then(|p| phone::normalize_with(p, None, Formats::Skip).ok()).and_then(|i| i.region);
        let rec = invite(
            &Invitation {
                email: &email,
                name: name.as_deref(),
                phone: e164.as_deref(),
                lang: &r.lang,
                jurisdiction: region.as_deref(),
                controller: (&o.controller.0, &o.controller.1),
                privacy_policy_url: &o.privacy_url,
                purposes: &o.purposes,
                text: &masked,
                text_version: &version,
            },
            o.now_ms,
            &o.policy,
            &token,
        )?;
        let inv = json!({
            "subject": r.subject, "text": r.text, "html": r.html, "link": r.link, "token": token, "lang": r.lang,
        });
        Ok((inv, rec.to_value()))
    })();
    match result {
        Ok((inv, rec)) => {
            out["action"] = json!("invite");
            out["reason"] = json!("INVITE_BY_EMAIL");
            out["invitation"] = inv;
            out["record"] = rec;
        }
        Err(e) => fail(&mut out, e.code.as_str(), e.message),
    }
    out
}

/// One plan per contact, in order. Errors only for options that make every row impossible.
pub fn plan(contacts: &[Value], o: &MigrationOptions) -> Result<Vec<Value>, Error> {
    if contacts.len() > MAX_BATCH {
        return Err(Error::new(ErrorCode::InputTooLarge, format!("planMigration takes at most {MAX_BATCH} contacts per call; use planMigrationStream for longer lists")));
    }
    if o.purposes.is_empty() {
        return Err(Error::invalid_argument("planMigration: purposes must name at least one purpose"));
    }
    // Checked once here so that a wrong business number is one error, not one per row.
    texts::wa_link(&o.business_phone, None)?;
    for (what, v) in [("controller.name", &o.controller.0), ("controller.contact", &o.controller.1), ("privacyPolicyUrl", &o.privacy_url)] {
        if v.trim().is_empty() {
            return Err(Error::invalid_argument(format!("planMigration: {what} is required")));
        }
    }
    if !o.privacy_url.starts_with("https://") {
        return Err(Error::invalid_argument("planMigration: privacyPolicyUrl must be an https:// URL (GDPR Art. 32(1))"));
    }
    Ok(contacts.iter().enumerate().map(|(i, c)| plan_row(i, c, o)).collect())
}
