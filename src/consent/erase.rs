//! Erasure (Art. 17), suppression (R-17a/b) and retention (Art. 5(1)(e)).

use super::record::{commitment, NewEvent, Record, Status};
use super::time;
use crate::error::{Error, ErrorCode};
use crate::phone;
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use serde_json::{json, Map, Value};
use sha2::Sha256;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    pub key: String,
    pub scope: &'static str,
    pub since: String,
    pub reason: &'static str,
}

fn check_secret(secret: &[u8]) -> Result<(), Error> {
    // Phone numbers are few enough to enumerate: the key is only as strong as the secret.
    if secret.len() < 16 {
        return Err(Error::invalid_argument("the suppression secret must be at least 16 bytes (keep it out of the database)"));
    }
    Ok(())
}

/// HMAC-SHA256(secret, E.164): never the number, never a plain hash (which anyone can reverse by
/// hashing every possible number).
pub fn suppression_key(phone_input: &str, secret: &[u8]) -> Result<String, Error> {
    check_secret(secret)?;
    let info = phone::normalize_with(phone_input, None, phone::Formats::Skip)?;
    let e164 = info.e164.ok_or_else(|| {
        Error::new(ErrorCode::NotANumber, format!("suppressionKey needs a number in international form (+…): {}", info.error.map(|e| e.message).unwrap_or_default()))
    })?;
    Ok(key_for_e164(&e164, secret))
}

fn key_for_e164(e164: &str, secret: &[u8]) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(e164.as_bytes());
    let out = mac.finalize().into_bytes();
    let hex: String = out.iter().map(|b| format!("{b:02x}")).collect();
    format!("hmac-sha256:{hex}")
}

pub fn is_suppressed(phone_input: &str, keys: &[String], secret: &[u8]) -> Result<bool, Error> {
    let key = suppression_key(phone_input, secret)?;
    Ok(keys.iter().any(|k| k == &key))
}

/// Removes the personal data of every event (the chain still verifies: the hash covers salted
/// commitments, and the salt goes too), appends an `erased` event, and returns the suppression
/// entry that keeps the person from being messaged again (R-17a; Art. 17(1)(b), 21(3)).
pub fn erase(rec: &mut Record, secret: &[u8], now: i64) -> Result<Option<Suppression>, Error> {
    check_secret(secret)?;
    if rec.state.erased {
        return Err(Error::invalid_argument("this record is already erased"));
    }
    let key = rec.state.phone.as_deref().map(|p| key_for_e164(p, secret));
    let salt = rec.salt.clone().unwrap_or_default();
    for ev in rec.events.iter_mut() {
        if let Some(Value::Object(pii)) = ev.remove("pii") {
            let mut red = ev.get("redacted").and_then(Value::as_object).cloned().unwrap_or_default();
            for (k, v) in pii {
                red.insert(k.clone(), json!(commitment(&salt, &k, v.as_str().unwrap_or_default())));
            }
            ev.insert("redacted".into(), Value::Object(red));
        }
    }
    // The salt would let anyone test guesses against the commitments: it goes with the data.
    rec.salt = None;
    let mut ev = NewEvent::new("erased", now, "system");
    let mut changes = Vec::new();
    for (p, s) in &rec.state.purposes {
        if matches!(s.status, Status::Given | Status::Requested) {
            changes.push((*p, Status::Withdrawn));
        }
    }
    ev.changes = changes;
    let mut d = Map::new();
    d.insert("rule".into(), json!("GDPR Art. 17(1)(b), Art. 7(3), Art. 5(2)"));
    d.insert("kept".into(), json!(["consent texts and versions", "event times, types and statuses", "message ids", "hash chain", "suppression key"]));
    d.insert("subjectKey".into(), json!(key));
    ev.data = d;
    rec.append(ev)?;
    Ok(key.map(|key| Suppression {
        key,
        scope: "all",
        since: time::format(now),
        reason: "erasure",
    }))
}

#[derive(Debug, Clone, Copy)]
pub struct RetentionPolicy {
    pub proof_months: i64,
    pub pending_days: i64,
    pub message_days: i64,
}

impl Default for RetentionPolicy {
    fn default() -> Self {
        // Proof: the general limitation period (three years, e.g. §195 BGB) after the consent
        // ended; message texts: what handling a dispute about them needs.
        RetentionPolicy { proof_months: 36, pending_days: 30, message_days: 90 }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionItem {
    pub what: &'static str,
    pub delete_at: Option<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Retention {
    pub items: Vec<RetentionItem>,
    pub next_action: Option<String>,
}

/// When each piece of a record must go (Art. 5(1)(e) storage limitation; Art. 17(1)(b)).
pub fn retention(rec: &Record, pol: &RetentionPolicy) -> Retention {
    let st = &rec.state;
    let active = st.purposes.values().any(|p| p.status == Status::Given);
    let pending = st.purposes.values().any(|p| p.status == Status::Requested);
    // When the consent ended: the latest status change of any purpose.
    let ended = st.purposes.values().map(|p| p.since_ms).max().unwrap_or(st.last_at_ms);
    let mut items = Vec::new();
    let contact = if st.erased {
        (None, "already erased".to_string())
    } else if active {
        (None, "needed while a consent is given".to_string())
    } else if pending {
        let until = st.doi.as_ref().map(|d| d.expires_ms).unwrap_or(st.last_at_ms) + pol.pending_days * time::MS_PER_DAY;
        (Some(until), format!("unconfirmed double opt-in: {} days after the token expires", pol.pending_days))
    } else {
        // "Without undue delay" (Art. 17(1)(b)); at the latest within one month (Art. 12(3)).
        (Some(time::add_months(ended, 1)), "no consent left: erase without undue delay, at the latest one month after it ended (GDPR Art. 17(1)(b), 12(3))".to_string())
    };
    items.push(RetentionItem { what: "contact_data", delete_at: contact.0.map(time::format), reason: contact.1 });
    let oldest_text = rec
        .events
        .iter()
        .filter(|e| e.get("pii").and_then(|p| p.get("text")).is_some())
        .filter_map(|e| e.get("at").and_then(Value::as_str).and_then(|s| time::parse(s).ok()))
        .min();
    items.push(RetentionItem {
        what: "message_texts",
        delete_at: oldest_text.map(|t| time::format(t + pol.message_days * time::MS_PER_DAY)),
        reason: format!("exact texts of inbound messages: {} days after receipt", pol.message_days),
    });
    let proof = if active || pending {
        (None, "while the consent lasts, and after it ends for the limitation period".to_string())
    } else {
        (Some(time::add_months(ended, pol.proof_months)), format!("proof of past lawfulness (GDPR Art. 7(1), 7(3)): {} months after the consent ended", pol.proof_months))
    };
    items.push(RetentionItem { what: "proof", delete_at: proof.0.map(time::format), reason: proof.1.clone() });
    items.push(RetentionItem { what: "record", delete_at: proof.0.map(time::format), reason: "with the proof".into() });
    let next_action = [contact.0, oldest_text.map(|t| t + pol.message_days * time::MS_PER_DAY), proof.0]
        .into_iter()
        .flatten()
        .min()
        .map(time::format);
    Retention { items, next_action }
}
