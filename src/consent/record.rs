//! The consent record: an append-only, hash-chained event log and the state it implies.
//!
//! Each event carries `prev` (the previous event's hash) and `hash` = SHA-256 of its own
//! canonical JSON (keys sorted, `hash` left out, `prev` in). Personal data sits in the event's
//! `pii` object and enters the hash only as salted commitments, SHA-256(salt ␟ key ␟ value), so
//! an erasure (Art. 17) can delete the data and the salt and still leave a chain that verifies.
//! The record's other fields are a view: `verify` recomputes them from the events, so editing
//! the view is caught like editing an event (GDPR Art. 5(2), 7(1): the controller must be able to
//! demonstrate consent; BGH I ZR 164/09).

use super::time;
use super::{purpose_str, Policy, Submission, MAX_EVENTS};
use crate::error::{Error, ErrorCode};
use crate::reply::{parse_reply, Intent, ReplyOptions};
use crate::texts::{sha256_hex, Purpose};
use crate::token;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

pub const SCHEMA: &str = "whatsapp-consent/record@1";
pub const GENESIS: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Requested,
    Given,
    Refused,
    Withdrawn,
    Expired,
}

impl Status {
    const ALL: [(Status, &'static str); 5] = [
        (Status::Requested, "ConsentRequested"),
        (Status::Given, "ConsentGiven"),
        (Status::Refused, "ConsentRefused"),
        (Status::Withdrawn, "ConsentWithdrawn"),
        (Status::Expired, "ConsentExpired"),
    ];
    pub fn as_str(self) -> &'static str {
        Status::ALL.iter().find(|(s, _)| *s == self).map(|(_, n)| *n).unwrap_or("ConsentRefused")
    }
    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.iter().find(|(_, n)| *n == s).map(|&(s, _)| s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurposeState {
    pub status: Status,
    pub since_ms: i64,
    pub text_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doi {
    pub token_hash: String,
    pub issued_ms: i64,
    pub expires_ms: i64,
    pub used_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub kind: String,
    pub received_ms: i64,
    pub due_ms: i64,
    pub message_id: Option<String>,
}

/// What the events say, replayed in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct State {
    pub phone: Option<String>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub lang: String,
    pub jurisdiction: Option<String>,
    pub controller: (String, String),
    pub privacy_policy_url: Option<String>,
    pub purposes: BTreeMap<&'static str, PurposeState>,
    pub doi: Option<Doi>,
    pub meta_marketing: Option<String>,
    pub requests: Vec<Request>,
    pub last_inbound_ms: Option<i64>,
    pub erased: bool,
    /// The last opt-out (or erasure request) and whether its one confirmation was sent.
    pub opted_out_ms: Option<i64>,
    pub optout_confirmation_sent: bool,
    pub last_at_ms: i64,
}

impl State {
    pub fn status(&self, p: &str) -> Option<Status> {
        self.purposes.get(p).map(|s| s.status)
    }
    fn pending(&self) -> bool {
        self.purposes.values().any(|s| s.status == Status::Requested)
    }
}

#[derive(Debug, Clone)]
pub struct Record {
    pub id: String,
    pub salt: Option<String>,
    pub events: Vec<Map<String, Value>>,
    pub state: State,
}

fn bad(msg: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidRecord, msg)
}

fn str_of<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a str> {
    m.get(k).and_then(Value::as_str)
}

fn obj_of<'a>(m: &'a Map<String, Value>, k: &str) -> Option<&'a Map<String, Value>> {
    m.get(k).and_then(Value::as_object)
}

fn purpose_key(p: &str) -> Option<&'static str> {
    match p {
        "promo" => Some("promo"),
        "trans" => Some("trans"),
        _ => None,
    }
}

/// A JSON string literal, escaped as serde_json and JavaScript's JSON.stringify escape it.
fn push_json_str(s: &str, out: &mut String) {
    out.push('"');
    if !s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.push_str(s);
        out.push('"');
        return;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn canonical_map(m: &Map<String, Value>, out: &mut String) {
    let mut keys: Vec<&String> = m.keys().collect();
    keys.sort_unstable();
    out.push('{');
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(k, out);
        out.push(':');
        canonical(&m[*k], out);
    }
    out.push('}');
}

/// Keys sorted at every level, no whitespace: the bytes the hash is taken over.
fn canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => canonical_map(m, out),
        Value::String(s) => push_json_str(s, out),
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

pub fn commitment(salt: &str, key: &str, value: &str) -> String {
    sha256_hex(&format!("{salt}\u{1f}{key}\u{1f}{value}"))
}

/// The commitments standing for an event's personal data: computed from `pii` with the salt,
/// or (after erasure) read from `redacted`.
fn commitments(ev: &Map<String, Value>, salt: Option<&str>) -> Result<Map<String, Value>, String> {
    let mut out = Map::new();
    if let Some(r) = ev.get("redacted") {
        let r = r.as_object().ok_or("redacted is not an object")?;
        for (k, v) in r {
            out.insert(k.clone(), Value::String(v.as_str().ok_or("redacted value is not a string")?.to_string()));
        }
    }
    if let Some(p) = ev.get("pii") {
        let p = p.as_object().ok_or("pii is not an object")?;
        let salt = salt.ok_or("personal data present but the record has no salt")?;
        for (k, v) in p {
            let v = v.as_str().ok_or("a pii value is not a string")?;
            out.insert(k.clone(), Value::String(commitment(salt, k, v)));
        }
    }
    Ok(out)
}

/// The event's hash over its canonical content (everything but `hash`; `pii` as commitments).
pub fn event_hash(ev: &Map<String, Value>, salt: Option<&str>) -> Result<String, String> {
    let c = commitments(ev, salt)?;
    // The canonical object: the event's keys without `hash` and `pii`, `redacted` = commitments.
    let mut keys: Vec<&str> = ev.keys().map(String::as_str).filter(|k| !matches!(*k, "hash" | "pii" | "redacted")).collect();
    if !c.is_empty() {
        keys.push("redacted");
    }
    keys.sort_unstable();
    let mut s = String::with_capacity(1024);
    s.push('{');
    for (i, k) in keys.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        push_json_str(k, &mut s);
        s.push(':');
        if *k == "redacted" {
            canonical_map(&c, &mut s);
        } else {
            canonical(&ev[*k], &mut s);
        }
    }
    s.push('}');
    Ok(sha256_hex(&s))
}

fn at_of(ev: &Map<String, Value>) -> Result<i64, Error> {
    let s = str_of(ev, "at").ok_or_else(|| bad("an event has no `at`"))?;
    time::parse(s).map_err(|_| bad(format!("event time {s:?} is not ISO 8601")))
}

fn parse_doi(d: &Map<String, Value>) -> Result<Doi, Error> {
    let t = |k: &str| -> Result<i64, Error> {
        time::parse(str_of(d, k).ok_or_else(|| bad(format!("doi.{k} missing")))?)
    };
    Ok(Doi {
        token_hash: str_of(d, "tokenHash").ok_or_else(|| bad("doi.tokenHash missing"))?.to_string(),
        issued_ms: t("issuedAt")?,
        expires_ms: t("expiresAt")?,
        used_ms: None,
    })
}

/// Applies one event to the state: the single definition of what each event type means.
fn apply_event(st: &mut State, ev: &Map<String, Value>) -> Result<(), Error> {
    let at = at_of(ev)?;
    st.last_at_ms = at;
    let kind = str_of(ev, "type").ok_or_else(|| bad("an event has no `type`"))?;
    let empty = Map::new();
    let data = obj_of(ev, "data").unwrap_or(&empty);
    let pii = obj_of(ev, "pii");
    let pii_str = |k: &str| pii.and_then(|p| str_of(p, k)).map(str::to_string);
    match kind {
        "requested" | "invited" => {
            st.lang = str_of(data, "lang").unwrap_or("en").to_string();
            st.jurisdiction = str_of(data, "jurisdiction").map(str::to_string);
            let c = obj_of(data, "controller").unwrap_or(&empty);
            st.controller = (
                str_of(c, "name").unwrap_or_default().to_string(),
                str_of(c, "contact").unwrap_or_default().to_string(),
            );
            st.privacy_policy_url = str_of(data, "privacyPolicyUrl").map(str::to_string);
            st.phone = pii_str("phone");
            st.name = pii_str("name");
            st.email = pii_str("email");
        }
        "confirmed" => {
            if let Some(d) = st.doi.as_mut() {
                d.used_ms = Some(at);
            }
            if data.get("bindsPhone") == Some(&Value::Bool(true)) {
                st.phone = pii_str("phone");
            }
        }
        "opted_out" | "erasure_requested" => {
            st.opted_out_ms = Some(at);
            // A repeated STOP after the confirmation is not answered again (`answer: false`).
            if data.get("answer") != Some(&Value::Bool(false)) {
                st.optout_confirmation_sent = false;
            }
        }
        "marketing_preference" => {
            st.meta_marketing = match str_of(data, "value") {
                Some("stop") => Some("stopped".into()),
                Some("resume") => Some("resumed".into()),
                _ => st.meta_marketing.take(),
            };
        }
        "sent" => match str_of(data, "text") {
            Some("unsubscribed") => st.optout_confirmation_sent = true,
            Some("access_report") => {
                if let Some(i) = st.requests.iter().position(|r| r.kind == "access") {
                    st.requests.remove(i);
                }
            }
            _ => {}
        },
        // Meta's 131050: the person stopped marketing messages (R-KW4; the code is per
        // integrators' reports, VERIFY against Meta's table).
        "delivery" if data.get("errorCodes").and_then(Value::as_array).is_some_and(|c| c.contains(&json!(131050))) => {
            st.meta_marketing = Some("stopped".into());
        }
        "erased" => {
            st.erased = true;
            st.phone = None;
            st.name = None;
            st.email = None;
            st.requests.retain(|r| r.kind != "erasure");
        }
        _ => {}
    }
    if matches!(kind, "access_requested" | "erasure_requested") {
        let due = time::parse(str_of(data, "dueBy").ok_or_else(|| bad("request without dueBy"))?)?;
        st.requests.push(Request {
            kind: if kind == "access_requested" { "access" } else { "erasure" }.into(),
            received_ms: at,
            due_ms: due,
            message_id: str_of(ev, "messageId").map(str::to_string),
        });
    }
    if let Some(d) = obj_of(data, "doi") {
        st.doi = Some(parse_doi(d)?);
    }
    if str_of(data, "direction") == Some("in") {
        st.last_inbound_ms = Some(at);
    }
    let versions = obj_of(data, "purposes");
    if let Some(changes) = obj_of(ev, "changes") {
        for (p, s) in changes {
            let key = purpose_key(p).ok_or_else(|| bad(format!("unknown purpose {p:?} in changes")))?;
            let status = s
                .as_str()
                .and_then(Status::parse)
                .ok_or_else(|| bad(format!("unknown consent status {s} in changes")))?;
            let version = versions
                .and_then(|v| obj_of(v, p))
                .and_then(|v| str_of(v, "textVersion"))
                .map(str::to_string);
            let entry = st.purposes.entry(key).or_insert(PurposeState {
                status,
                since_ms: at,
                text_version: None,
            });
            entry.status = status;
            entry.since_ms = at;
            if version.is_some() {
                entry.text_version = version;
            }
        }
    }
    Ok(())
}

impl Record {
    /// Reads a record (shape and types; the chain is checked by `verify`).
    pub fn from_value(v: &Value) -> Result<Record, Error> {
        Record::from_owned(v.clone())
    }

    /// Reads a record, taking its events without copying them.
    pub fn from_owned(mut v: Value) -> Result<Record, Error> {
        let events = match v.get_mut("events") {
            Some(Value::Array(a)) => std::mem::take(a),
            _ => return Err(bad("record has no events array")),
        };
        let m = v.as_object().ok_or_else(|| bad("a consent record must be an object"))?;
        if str_of(m, "schema") != Some(SCHEMA) {
            return Err(bad(format!("not a consent record: schema must be {SCHEMA:?}")));
        }
        let id = str_of(m, "id").ok_or_else(|| bad("record id missing"))?.to_string();
        let salt = match m.get("salt") {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            _ => return Err(bad("salt must be a string or null")),
        };
        if events.is_empty() || events.len() > MAX_EVENTS {
            return Err(bad(format!("a record has 1 to {MAX_EVENTS} events, this one {}", events.len())));
        }
        let mut out = Record {
            id,
            salt,
            events: Vec::with_capacity(events.len() + 2),
            state: State::default(),
        };
        for e in events {
            let Value::Object(e) = e else { return Err(bad("an event is not an object")) };
            apply_event(&mut out.state, &e)?;
            out.events.push(e);
        }
        Ok(out)
    }

    pub fn head(&self) -> &str {
        self.events.last().and_then(|e| str_of(e, "hash")).unwrap_or(GENESIS)
    }

    /// Appends an event: numbers it, chains it, hashes it, applies it.
    pub fn append(&mut self, ev: NewEvent) -> Result<(), Error> {
        if self.events.len() >= MAX_EVENTS {
            return Err(Error::new(ErrorCode::LimitExceeded, format!("a record holds at most {MAX_EVENTS} events")));
        }
        let at = ev.at_ms.max(self.state.last_at_ms);
        let mut m = Map::new();
        m.insert("seq".into(), json!(self.events.len()));
        m.insert("type".into(), json!(ev.kind));
        m.insert("at".into(), json!(time::format(at)));
        m.insert("channel".into(), json!(ev.channel));
        m.insert("messageId".into(), json!(ev.message_id));
        m.insert("intent".into(), json!(ev.intent));
        let changes: Map<String, Value> = ev.changes.iter().map(|(p, s)| (p.to_string(), json!(s.as_str()))).collect();
        m.insert("changes".into(), Value::Object(changes));
        m.insert("data".into(), Value::Object(ev.data));
        let pii: Map<String, Value> = ev.pii.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.to_string(), Value::String(v))).collect();
        if !pii.is_empty() {
            m.insert("pii".into(), Value::Object(pii));
        }
        m.insert("prev".into(), json!(self.head()));
        let hash = event_hash(&m, self.salt.as_deref()).map_err(bad)?;
        m.insert("hash".into(), json!(hash));
        apply_event(&mut self.state, &m)?;
        self.events.push(m);
        Ok(())
    }

    /// The record as JSON: the state view, the events and the head.
    pub fn to_value(&self) -> Value {
        let mut v = self.view();
        if let Value::Object(m) = &mut v {
            m.insert("events".into(), Value::Array(self.events.iter().cloned().map(Value::Object).collect()));
        }
        v
    }

    /// Every field but the events: what `verify` recomputes.
    fn view(&self) -> Value {
        self.view_with_head(self.head())
    }

    fn view_with_head(&self, head: &str) -> Value {
        let st = &self.state;
        let t = |ms: Option<i64>| ms.map(time::format);
        let purposes: Map<String, Value> = st
            .purposes
            .iter()
            .map(|(p, s)| {
                (p.to_string(), json!({ "status": s.status.as_str(), "since": time::format(s.since_ms), "textVersion": s.text_version }))
            })
            .collect();
        json!({
            "schema": SCHEMA,
            "id": self.id,
            "salt": self.salt,
            "phone": st.phone,
            "waId": st.phone.as_ref().map(|p| p.trim_start_matches('+').to_string()),
            "name": st.name,
            "email": st.email,
            "lang": st.lang,
            "jurisdiction": st.jurisdiction,
            "controller": { "name": st.controller.0, "contact": st.controller.1 },
            "privacyPolicyUrl": st.privacy_policy_url,
            "purposes": purposes,
            "doi": st.doi.as_ref().map(|d| json!({
                "tokenHash": d.token_hash, "issuedAt": time::format(d.issued_ms),
                "expiresAt": time::format(d.expires_ms), "usedAt": t(d.used_ms),
            })),
            "metaMarketing": st.meta_marketing,
            "requests": st.requests.iter().map(|r| json!({
                "type": r.kind, "receivedAt": time::format(r.received_ms), "dueBy": time::format(r.due_ms), "messageId": r.message_id,
            })).collect::<Vec<_>>(),
            "lastInboundAt": t(st.last_inbound_ms),
            "erased": st.erased,
            "head": head,
        })
    }
}

/// An event about to be appended.
pub struct NewEvent {
    pub kind: &'static str,
    pub at_ms: i64,
    pub channel: String,
    pub message_id: Option<String>,
    pub intent: Option<&'static str>,
    pub changes: Vec<(&'static str, Status)>,
    pub data: Map<String, Value>,
    pub pii: Vec<(&'static str, String)>,
}

impl NewEvent {
    pub fn new(kind: &'static str, at_ms: i64, channel: &str) -> Self {
        NewEvent {
            kind,
            at_ms,
            channel: channel.to_string(),
            message_id: None,
            intent: None,
            changes: Vec::new(),
            data: Map::new(),
            pii: Vec::new(),
        }
    }
}

fn random_hex<const N: usize>() -> Result<String, Error> {
    Ok(token::random_bytes::<N>()?.iter().map(|x| format!("{x:02x}")).collect())
}

/// A random (version 4) UUID, as ISO/IEC TS 27560 recommends for record ids.
pub fn uuid4() -> Result<String, Error> {
    let mut b = token::random_bytes::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..]))
}

/// `sha256:` of the canonical token: what a record keeps instead of the token (R-DOI1).
pub fn hash_token(t: &str) -> Result<String, Error> {
    Ok(sha256_hex(&token::parse_token(t)?))
}

fn fresh_token(given: Option<&str>) -> Result<String, Error> {
    match given {
        Some(t) => token::parse_token(t),
        None => token::new_token(),
    }
}

fn doi_data(token: &str, now: i64, policy: &Policy) -> Result<Value, Error> {
    Ok(json!({
        "tokenHash": hash_token(token)?,
        "issuedAt": time::format(now),
        "expiresAt": time::format(now + policy.doi_hours.clamp(1, 24 * 365) * time::MS_PER_HOUR),
    }))
}

pub struct Created {
    pub record: Record,
    pub token: String,
}

/// A record from a validated submission: ticked purposes `ConsentRequested` until the double
/// opt-in is confirmed (R-DOI1), unticked ones `ConsentRefused`.
pub fn create(sub: &Submission, now_ms: i64, policy: &Policy, token: Option<&str>) -> Result<Created, Error> {
    let token = fresh_token(token)?;
    let mut rec = Record {
        id: uuid4()?,
        salt: Some(random_hex::<16>()?),
        events: Vec::new(),
        state: State::default(),
    };
    let mut ev = NewEvent::new("requested", now_ms, sub.source.method.map(|m| m.as_str()).unwrap_or("api"));
    let mut purposes = Map::new();
    for c in &sub.checkboxes {
        let p = purpose_str(c.purpose);
        ev.changes.push((p, if c.checked { Status::Requested } else { Status::Refused }));
        purposes.insert(
            p.into(),
            json!({ "checked": c.checked, "preChecked": c.pre_checked, "text": c.text, "textVersion": c.text_version }),
        );
    }
    let mut source = Map::new();
    source.insert("method".into(), json!(sub.source.method.map(|m| m.as_str())));
    if let Some(u) = &sub.source.url {
        source.insert("url".into(), json!(u));
    }
    if let Some(c) = &sub.source.consent_channel {
        source.insert("consentChannel".into(), json!(c));
    }
    ev.data = json!({
        "lang": sub.lang,
        "jurisdiction": sub.jurisdiction,
        "controller": { "name": sub.controller.name, "contact": sub.controller.contact },
        "privacyPolicyUrl": sub.privacy_policy_url,
        "collectedAt": time::format(sub.collected_at_ms),
        "source": source,
        "purposes": purposes,
        "age": sub.age,
        "parentalConsent": match &sub.parental_consent {
            None => Value::Null,
            Some(super::ParentalConsent::Declared) => json!(true),
            Some(super::ParentalConsent::Documented { given_by, method, at_ms }) =>
                json!({ "givenBy": given_by, "method": method, "at": time::format(*at_ms) }),
        },
        "doi": doi_data(&token, now_ms, policy)?,
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    ev.pii.push(("phone", sub.e164.clone()));
    for (k, v) in [
        ("name", &sub.name),
        ("email", &sub.email),
        ("ip", &sub.source.ip),
        ("userAgent", &sub.source.user_agent),
    ] {
        if let Some(v) = v {
            ev.pii.push((k, v.clone()));
        }
    }
    rec.append(ev)?;
    Ok(Created { record: rec, token })
}

/// An invitation sent by e-mail (list migration): every offered purpose `ConsentRequested`, the
/// person not yet asked anything on WhatsApp. The text is stored with the token masked.
pub struct Invitation<'a> {
    pub email: &'a str,
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub lang: &'a str,
    pub jurisdiction: Option<&'a str>,
    pub controller: (&'a str, &'a str),
    pub privacy_policy_url: &'a str,
    pub purposes: &'a [Purpose],
    pub text: &'a str,
    pub text_version: &'a str,
}

pub fn invite(inv: &Invitation, now_ms: i64, policy: &Policy, token: &str) -> Result<Record, Error> {
    let mut rec = Record {
        id: uuid4()?,
        salt: Some(random_hex::<16>()?),
        events: Vec::new(),
        state: State::default(),
    };
    let mut ev = NewEvent::new("invited", now_ms, "email");
    let mut purposes = Map::new();
    for &p in inv.purposes {
        let p = purpose_str(p);
        ev.changes.push((p, Status::Requested));
        purposes.insert(p.into(), json!({ "textVersion": inv.text_version }));
    }
    ev.data = json!({
        "lang": inv.lang,
        "jurisdiction": inv.jurisdiction,
        "controller": { "name": inv.controller.0, "contact": inv.controller.1 },
        "privacyPolicyUrl": inv.privacy_policy_url,
        "collectedAt": Value::Null,
        "source": { "method": "email_link" },
        "invitation": { "kind": "invitation_email", "text": inv.text, "textVersion": inv.text_version },
        "purposes": purposes,
        "doi": doi_data(token, now_ms, policy)?,
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    ev.pii.push(("email", inv.email.to_string()));
    if let Some(p) = inv.phone {
        ev.pii.push(("phone", p.to_string()));
    }
    if let Some(n) = inv.name {
        ev.pii.push(("name", n.to_string()));
    }
    rec.append(ev)?;
    Ok(rec)
}

// ---------------------------------------------------------------------------------------------
// Verification

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub seq: Option<usize>,
    pub code: &'static str,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub valid: bool,
    pub problems: Vec<Problem>,
    pub events: usize,
    pub head: Option<String>,
}

/// Finds any change, removal, insertion or reordering of events, and any edit of the state view.
/// A truncation at the end (or a rewrite of the whole chain) is only visible against a head kept
/// elsewhere: pass it as `expected_head`.
pub fn verify(v: &Value, expected_head: Option<&str>) -> Verification {
    verify_replayed(v, expected_head).0
}

/// `verify`, and when the record verifies, its replayed state (a record without its events yet).
fn verify_replayed(v: &Value, expected_head: Option<&str>) -> (Verification, Option<Record>) {
    let mut replayed = None;
    let mut problems: Vec<Problem> = Vec::new();
    fn p(ps: &mut Vec<Problem>, seq: Option<usize>, code: &'static str, message: String) {
        ps.push(Problem { seq, code, message });
    }
    let Some(m) = v.as_object() else {
        p(&mut problems, None, "MALFORMED", "a consent record must be an object".into());
        return (Verification { valid: false, problems, events: 0, head: None }, None);
    };
    if str_of(m, "schema") != Some(SCHEMA) {
        p(&mut problems, None, "MALFORMED", format!("schema must be {SCHEMA:?}"));
    }
    let salt = match m.get("salt") {
        Some(Value::String(s)) => Some(s.as_str()),
        None | Some(Value::Null) => None,
        Some(_) => {
            p(&mut problems, None, "MALFORMED", "salt must be a string or null".into());
            None
        }
    };
    let events = m.get("events").and_then(Value::as_array);
    let Some(events) = events.filter(|e| !e.is_empty() && e.len() <= MAX_EVENTS) else {
        p(&mut problems, None, "MALFORMED", "events must be a non-empty array".into());
        return (Verification { valid: false, problems, events: 0, head: None }, None);
    };
    let mut prev = GENESIS.to_string();
    let mut last_at = i64::MIN;
    for (i, e) in events.iter().enumerate() {
        let Some(e) = e.as_object() else {
            p(&mut problems, Some(i), "MALFORMED", format!("event {i} is not an object"));
            continue;
        };
        if e.get("seq").and_then(Value::as_u64) != Some(i as u64) {
            p(&mut problems, Some(i), "SEQ_MISMATCH", format!("event at position {i} has seq {}: an event was removed, inserted or moved", e.get("seq").map(|s| s.to_string()).unwrap_or_default()));
        }
        if str_of(e, "prev") != Some(prev.as_str()) {
            p(&mut problems, Some(i), "PREV_MISMATCH", format!("event {i} does not point to the hash of the event before it"));
        }
        let stored = str_of(e, "hash").unwrap_or("").to_string();
        match event_hash(e, salt) {
            Ok(h) if h == stored => {}
            Ok(_) => p(&mut problems, Some(i), "HASH_MISMATCH", format!("event {i} ({}) was changed after it was recorded", str_of(e, "type").unwrap_or("?"))),
            Err(why) => p(&mut problems, Some(i), "HASH_MISMATCH", format!("event {i}: {why}")),
        }
        match str_of(e, "at").map(time::parse) {
            Some(Ok(t)) if t >= last_at => last_at = t,
            Some(Ok(_)) => p(&mut problems, Some(i), "TIME_ORDER", format!("event {i} is dated before the event preceding it")),
            _ => p(&mut problems, Some(i), "MALFORMED", format!("event {i} has no valid time")),
        }
        if i == 0 && !matches!(str_of(e, "type"), Some("requested" | "invited")) {
            p(&mut problems, Some(0), "MALFORMED", "the first event must be `requested` or `invited`".into());
        }
        prev = stored;
    }
    let head = str_of(m, "head").map(str::to_string);
    if head.as_deref() != Some(prev.as_str()) {
        p(&mut problems, None, "HEAD_MISMATCH", "head is not the hash of the last event".into());
    }
    if let Some(x) = expected_head {
        if x != prev {
            p(&mut problems, None, "HEAD_MISMATCH", "the last event's hash is not the head kept elsewhere: events were removed or the chain rewritten".into());
        }
    }
    if problems.is_empty() {
        match replay_view(m) {
            Ok((view, rec)) => {
                for (k, want) in &view {
                    if m.get(k) != Some(want) {
                        p(&mut problems, None, "STATE_MISMATCH", format!("`{k}` differs from what the events say"));
                    }
                }
                for k in m.keys() {
                    if k != "events" && !view.contains_key(k) {
                        p(&mut problems, None, "STATE_MISMATCH", format!("unknown field `{k}` in the record"));
                    }
                }
                replayed = Some(rec);
            }
            Err(e) => p(&mut problems, None, "MALFORMED", e.message),
        }
    }
    let valid = problems.is_empty();
    (Verification { valid, events: events.len(), head: Some(prev), problems }, replayed.filter(|_| valid))
}

/// The view the events imply, replayed without copying them.
fn replay_view(m: &Map<String, Value>) -> Result<(Map<String, Value>, Record), Error> {
    let mut rec = Record {
        id: str_of(m, "id").ok_or_else(|| bad("record id missing"))?.to_string(),
        salt: str_of(m, "salt").map(str::to_string),
        events: Vec::new(),
        state: State::default(),
    };
    let events = m.get("events").and_then(Value::as_array).ok_or_else(|| bad("record has no events array"))?;
    for e in events {
        apply_event(&mut rec.state, e.as_object().ok_or_else(|| bad("an event is not an object"))?)?;
    }
    let head = events.last().and_then(|e| e.get("hash")).and_then(Value::as_str).unwrap_or(GENESIS);
    match rec.view_with_head(head) {
        Value::Object(v) => Ok((v, rec)),
        _ => Err(bad("view")),
    }
}

/// Reads and verifies a record, refusing one that does not verify.
pub fn load(mut v: Value) -> Result<Record, Error> {
    let mut rec = checked(&v)?;
    // Verified: the events are objects; take them without copying or replaying them again.
    if let Some(Value::Array(events)) = v.get_mut("events") {
        rec.events = std::mem::take(events).into_iter().filter_map(|e| match e {
            Value::Object(m) => Some(m),
            _ => None,
        }).collect();
    }
    Ok(rec)
}

/// Refuses a record that does not verify (RECORD_TAMPERED, naming the first problem).
pub fn check(v: &Value) -> Result<(), Error> {
    checked(v).map(|_| ())
}

fn checked(v: &Value) -> Result<Record, Error> {
    let (ver, rec) = verify_replayed(v, None);
    if let Some(rec) = rec {
        return Ok(rec);
    }
    let (code, message) = ver.problems.first().map(|p| (p.code, p.message.as_str())).unwrap_or(("MALFORMED", ""));
    Err(Error::new(
        ErrorCode::RecordTampered,
        format!("the record does not verify ({code}: {message}); it was changed outside the engine"),
    ))
}

// ---------------------------------------------------------------------------------------------
// Replies

#[derive(Debug, Clone, Default)]
pub struct ApplyOptions {
    pub now_ms: i64,
    pub from: Option<String>,
    pub message_id: Option<String>,
    pub channel: Option<String>,
    /// The token of a re-opened double opt-in (tests; otherwise a fresh one).
    pub token: Option<String>,
    pub policy: Policy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub applied: bool,
    pub code: &'static str,
    pub auto_reply: Option<&'static str>,
    pub token: Option<String>,
}

fn outcome(applied: bool, code: &'static str, auto_reply: Option<&'static str>) -> Outcome {
    Outcome { applied, code, auto_reply, token: None }
}

/// What arrived, whatever form it was handed over in.
#[derive(Debug, Default)]
struct Inbound {
    kind: String,
    from: Option<String>,
    message_id: Option<String>,
    context_id: Option<String>,
    timestamp: Option<i64>,
    text: Option<String>,
    payload: Option<String>,
    intent: Option<Intent>,
    token: Option<String>,
    confidence: Option<String>,
    lang: Option<String>,
    matched: Option<String>,
    preference: Option<String>,
    status: Option<String>,
    error_codes: Vec<i64>,
}

fn intent_of(s: &str) -> Option<Intent> {
    Intent::ALL.iter().copied().find(|i| i.as_str() == s)
}

/// An E.164 number from `+49…`, a wa_id (`49…`) or a national form already normalised elsewhere.
fn e164_of(s: &str) -> String {
    let t = s.trim();
    let digits: String = t.chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty() && t.chars().all(|c| c.is_ascii_digit() || "+ -().".contains(c)) {
        format!("+{digits}")
    } else {
        t.to_string()
    }
}

pub enum Input<'a> {
    Text(&'a str),
    Value(&'a Value),
}

fn read_input(input: &Input, st: &State) -> Result<Inbound, Error> {
    let opts = ReplyOptions {
        lang: Some(st.lang.as_str()).filter(|l| crate::reply::resolve_lang(l).is_ok()),
        pending: st.pending(),
    };
    let mut ib = Inbound::default();
    let fill_reply = |ib: &mut Inbound, r: &crate::reply::Reply| {
        ib.intent = Some(r.intent);
        ib.token = r.token.clone();
        ib.confidence = r.confidence.map(|c| format!("{c:?}").to_lowercase());
        ib.lang = r.lang.map(str::to_string);
        ib.matched = r.matched.clone();
    };
    match input {
        Input::Text(t) => {
            ib.kind = "text".into();
            ib.text = Some(t.to_string());
            fill_reply(&mut ib, &parse_reply(t, &opts)?);
        }
        Input::Value(v) => {
            let m = v.as_object().ok_or_else(|| Error::invalid_argument("applyReply: input must be a webhook event, a parseReply result or the text"))?;
            if let Some(kind) = str_of(m, "kind") {
                const KINDS: [&str; 7] = ["text", "button", "interactive", "reaction", "marketing_preference", "status", "unsupported"];
                if !KINDS.contains(&kind) {
                    return Err(Error::invalid_argument(format!(
                        "applyReply: unknown event kind {:?}; kinds: {}",
                        kind.chars().take(40).collect::<String>(),
                        KINDS.join(", ")
                    )));
                }
                ib.kind = kind.to_string();
                ib.from = str_of(m, "from").map(e164_of);
                ib.message_id = str_of(m, "messageId").map(str::to_string);
                ib.context_id = str_of(m, "contextMessageId").map(str::to_string);
                ib.timestamp = m.get("timestamp").and_then(Value::as_i64);
                ib.text = str_of(m, "text").map(str::to_string);
                ib.payload = str_of(m, "payload").map(str::to_string);
                if let Some(p) = obj_of(m, "preference") {
                    ib.preference = str_of(p, "value").map(str::to_string);
                }
                if let Some(s) = obj_of(m, "status") {
                    ib.status = str_of(s, "status").map(str::to_string);
                    if let Some(errs) = s.get("errors").and_then(Value::as_array) {
                        ib.error_codes = errs.iter().filter_map(|e| e.get("code").and_then(Value::as_i64)).collect();
                    }
                }
                let reply = obj_of(m, "reply");
                let exact = reply.and_then(|r| str_of(r, "confidence")) == Some("payload");
                // A button label is in the template's language, which may not be the record's.
                let understood = reply.and_then(|r| str_of(r, "intent")).is_some_and(|i| i != "none");
                match kind {
                    // Free text is read again in the conversation's language and state: the
                    // webhook parser knew neither.
                    "text" | "button" | "interactive" if !exact && ib.text.is_some() && (kind == "text" || !understood) => {
                        let text = ib.text.clone().unwrap_or_default();
                        fill_reply(&mut ib, &parse_reply(&text, &opts)?);
                    }
                    // A reaction is not a statement (Art. 4(11) "unambiguous").
                    "reaction" | "unsupported" | "status" => ib.intent = Some(Intent::None),
                    _ => {
                        if let Some(r) = reply {
                            ib.intent = str_of(r, "intent").and_then(intent_of);
                            ib.token = str_of(r, "token").map(str::to_string);
                            ib.confidence = str_of(r, "confidence").map(str::to_string);
                        }
                    }
                }
            } else if let Some(intent) = str_of(m, "intent") {
                ib.kind = "reply".into();
                ib.intent = Some(intent_of(intent).ok_or_else(|| Error::invalid_argument(format!("applyReply: unknown intent {intent:?}")))?);
                ib.token = str_of(m, "token").map(str::to_string);
                ib.confidence = str_of(m, "confidence").map(str::to_string);
                ib.lang = str_of(m, "lang").map(str::to_string);
                ib.matched = str_of(m, "matched").map(str::to_string);
            } else {
                return Err(Error::invalid_argument("applyReply: input must be a webhook event (with `kind`), a parseReply result (with `intent`) or the text"));
            }
        }
    }
    Ok(ib)
}

/// Applies an inbound message to a record and returns the outcome. The record must verify.
pub fn apply(rec: &mut Record, input: &Input, opts: &ApplyOptions) -> Result<Outcome, Error> {
    let mut ib = read_input(input, &rec.state)?;
    if let Some(f) = &opts.from {
        ib.from = Some(e164_of(f));
    }
    if opts.message_id.is_some() {
        ib.message_id = opts.message_id.clone();
    }
    let channel = opts.channel.clone().unwrap_or_else(|| if ib.kind == "reply" || ib.kind == "text" && ib.from.is_none() { "api".into() } else { "whatsapp".into() });
    let now = opts.now_ms;
    if rec.state.erased {
        return Ok(outcome(false, "ERASED", None));
    }
    // Meta retries deliveries: an inbound message is applied once; a delivery status once per
    // (message, status), since sent → delivered → read (or failed) share the outbound id.
    if let Some(id) = &ib.message_id {
        let seen = rec.events.iter().any(|e| {
            str_of(e, "messageId") == Some(id.as_str())
                && if ib.kind == "status" {
                    str_of(e, "type") == Some("delivery") && obj_of(e, "data").and_then(|d| str_of(d, "status")) == ib.status.as_deref()
                } else {
                    str_of(e, "type") != Some("sent") && str_of(e, "type") != Some("delivery")
                }
        });
        if seen {
            return Ok(outcome(false, "DUPLICATE", None));
        }
    }
    let intent = ib.intent.unwrap_or(Intent::None);
    let other_number = matches!((&ib.from, &rec.state.phone), (Some(f), Some(p)) if f != p);
    // A wish to stop is honoured whoever sends it (fail-safe); nothing else from another number.
    if other_number && !(intent == Intent::OptOut && ib.kind != "status") {
        return Ok(outcome(false, "OTHER_NUMBER", None));
    }
    expire_if_due(rec, now)?;

    let mut ev = NewEvent::new("inbound", now, &channel);
    ev.message_id = ib.message_id.clone();
    ev.intent = Some(intent.as_str());
    let d = &mut ev.data;
    d.insert("direction".into(), json!("in"));
    d.insert("messageType".into(), json!(ib.kind));
    for (k, v) in [("contextMessageId", &ib.context_id), ("payload", &ib.payload), ("confidence", &ib.confidence), ("lang", &ib.lang)] {
        if let Some(v) = v {
            d.insert(k.into(), json!(v));
        }
    }
    if let Some(ts) = ib.timestamp {
        d.insert("sentAt".into(), json!(time::format(ts.saturating_mul(1000))));
    }
    if other_number {
        d.insert("otherNumber".into(), json!(true));
    }
    if let Some(t) = &ib.text {
        ev.pii.push(("text", t.clone()));
    }
    if let Some(m) = &ib.matched {
        ev.pii.push(("matched", m.clone()));
    }
    if other_number {
        ev.pii.push(("phone", ib.from.clone().unwrap_or_default()));
    }

    if ib.kind == "status" {
        ev.kind = "delivery";
        ev.intent = None;
        ev.data.insert("direction".into(), json!("out"));
        ev.data.insert("status".into(), json!(ib.status));
        ev.data.insert("errorCodes".into(), json!(ib.error_codes));
        rec.append(ev)?;
        return Ok(outcome(true, "RECORDED", None));
    }
    if ib.kind == "marketing_preference" {
        ev.kind = "marketing_preference";
        let stop = ib.preference.as_deref() == Some("stop");
        ev.data.insert("value".into(), json!(if stop { "stop" } else { "resume" }));
        // R-KW4: stop withdraws marketing; resume only lifts Meta's flag, our consent still governs.
        if stop {
            withdraw(rec, &mut ev, &["promo"]);
        }
        rec.append(ev)?;
        return Ok(outcome(true, if stop { "MARKETING_STOPPED" } else { "MARKETING_RESUMED" }, None));
    }

    let st = &rec.state;
    let mut out = outcome(true, "RECORDED", None);
    match intent {
        Intent::OptOut | Intent::ErasureRequest => {
            let was_out = st.opted_out_ms.is_some()
                && !st.purposes.values().any(|s| matches!(s.status, Status::Given | Status::Requested));
            withdraw(rec, &mut ev, &["promo", "trans"]);
            if intent == Intent::ErasureRequest {
                ev.kind = "erasure_requested";
                ev.data.insert("dueBy".into(), json!(time::format(time::add_months(now, 1))));
                ev.data.insert("rule".into(), json!("GDPR Art. 17(1)(b), Art. 12(3)"));
                out.code = "ERASURE_REQUESTED";
            } else {
                ev.kind = "opted_out";
                out.code = if was_out { "ALREADY_OPTED_OUT" } else { "OPTED_OUT" };
            }
            // FCC (a)(12), R-KW5: one confirmation per opt-out, none for a repeated one already confirmed.
            if !(was_out && st.optout_confirmation_sent && intent == Intent::OptOut) {
                out.auto_reply = Some("unsubscribed");
            } else {
                ev.data.insert("answer".into(), json!(false));
            }
        }
        Intent::AccessRequest => {
            ev.kind = "access_requested";
            ev.data.insert("dueBy".into(), json!(time::format(time::add_months(now, 1))));
            ev.data.insert("rule".into(), json!("GDPR Art. 15, Art. 12(3)"));
            out.code = "ACCESS_REQUESTED";
        }
        Intent::Confirm => confirm(rec, &mut ev, &ib, &mut out),
        Intent::Decline => {
            if st.pending() {
                ev.kind = "declined";
                let pending: Vec<&'static str> = st.purposes.iter().filter(|(_, s)| s.status == Status::Requested).map(|(p, _)| *p).collect();
                for p in pending {
                    ev.changes.push((p, Status::Refused));
                }
                out.code = "DECLINED";
            } else {
                out.code = "NOT_PENDING";
            }
        }
        Intent::PrefTrans | Intent::PrefPromo | Intent::PrefAll | Intent::Start => {
            let wanted: &[&'static str] = match intent {
                Intent::PrefTrans => &["trans"],
                Intent::PrefPromo => &["promo"],
                Intent::PrefAll => &["promo", "trans"],
                _ => &[],
            };
            let unwanted: Vec<&'static str> = if intent == Intent::Start { vec![] } else {
                ["promo", "trans"].into_iter().filter(|p| !wanted.contains(p)).collect()
            };
            let reopen: Vec<&'static str> = if intent == Intent::Start {
                // START re-opens what the person once asked for (never a box left unticked), and
                // never silently: a new double opt-in.
                st.purposes
                    .iter()
                    .filter(|(p, s)| !matches!(s.status, Status::Given | Status::Requested) && ever_requested(rec, p))
                    .map(|(p, _)| *p)
                    .collect()
            } else {
                wanted.iter().copied().filter(|p| st.status(p) != Some(Status::Given)).collect()
            };
            withdraw(rec, &mut ev, &unwanted);
            ev.kind = if intent == Intent::Start { "reopened" } else { "preferences" };
            out.code = if intent == Intent::Start { "REOPENED" } else { "PREFERENCES_CHANGED" };
            if !reopen.is_empty() {
                let token = fresh_token(opts.token.as_deref())?;
                ev.data.insert("doi".into(), doi_data(&token, now, &opts.policy)?);
                for p in reopen {
                    ev.changes.push((p, Status::Requested));
                }
                out.token = Some(token);
                out.auto_reply = Some("confirmation");
            } else if intent == Intent::Start {
                out.code = "ALREADY_CONFIRMED";
            }
            if ev.changes.is_empty() && out.code == "PREFERENCES_CHANGED" {
                out.code = "RECORDED";
            }
        }
        Intent::Help => {
            out.code = "HELP";
            out.auto_reply = Some("help");
        }
        Intent::None => {}
    }
    rec.append(ev)?;
    Ok(out)
}

fn ever_requested(rec: &Record, p: &str) -> bool {
    rec.events.iter().any(|e| e.get("changes").and_then(|c| c.get(p)).and_then(Value::as_str) == Some("ConsentRequested"))
}

/// Marks the listed purposes withdrawn where they were given or requested.
fn withdraw(rec: &Record, ev: &mut NewEvent, purposes: &[&'static str]) {
    for &p in purposes {
        if matches!(rec.state.status(p), Some(Status::Given | Status::Requested)) {
            ev.changes.push((p, Status::Withdrawn));
        }
    }
}

fn confirm(rec: &Record, ev: &mut NewEvent, ib: &Inbound, out: &mut Outcome) {
    let st = &rec.state;
    let pending: Vec<&'static str> = st.purposes.iter().filter(|(_, s)| s.status == Status::Requested).map(|(p, _)| *p).collect();
    let reject = |ev: &mut NewEvent, out: &mut Outcome, code: &'static str| {
        ev.kind = "confirm_rejected";
        ev.data.insert("reason".into(), json!(code));
        out.code = code;
    };
    if pending.is_empty() {
        let expired = st.purposes.values().any(|s| s.status == Status::Expired);
        let given = st.purposes.values().any(|s| s.status == Status::Given);
        out.code = if given { "ALREADY_CONFIRMED" } else if expired { "TOKEN_EXPIRED" } else { "NOT_PENDING" };
        return;
    }
    let Some(doi) = st.doi.clone() else {
        reject(ev, out, "NOT_PENDING");
        return;
    };
    if doi.used_ms.is_some() {
        reject(ev, out, "TOKEN_USED");
        return;
    }
    let token_ok = match &ib.token {
        Some(t) => match hash_token(t) {
            Ok(h) if h == doi.token_hash => true,
            _ => {
                reject(ev, out, "TOKEN_MISMATCH");
                return;
            }
        },
        None => false,
    };
    // R-DOI1: the confirmation must come from the same channel identity.
    let binds = st.phone.is_none();
    match (&ib.from, &st.phone) {
        (Some(f), Some(p)) if f == p => {}
        (Some(_), Some(_)) => {
            reject(ev, out, "OTHER_NUMBER");
            return;
        }
        (None, Some(_)) if !token_ok => {
            reject(ev, out, "UNVERIFIED_SENDER");
            return;
        }
        (Some(_), None) if !token_ok => {
            reject(ev, out, "TOKEN_REQUIRED");
            return;
        }
        (None, None) => {
            reject(ev, out, "UNVERIFIED_SENDER");
            return;
        }
        _ => {}
    }
    ev.kind = "confirmed";
    ev.data.insert("tokenUsed".into(), json!(true));
    ev.data.insert("tokenMatched".into(), json!(token_ok));
    ev.data.insert("rule".into(), json!("GDPR Art. 7(1); BGH I ZR 164/09 (double opt-in)"));
    if binds {
        if let Some(f) = &ib.from {
            ev.data.insert("bindsPhone".into(), json!(true));
            ev.pii.push(("phone", f.clone()));
        }
    }
    for p in pending {
        ev.changes.push((p, Status::Given));
    }
    out.code = "CONFIRMED";
    out.auto_reply = Some("confirmed");
}

/// An unanswered double opt-in ends at its expiry (R-DOI4); recorded at that instant.
pub fn expire_if_due(rec: &mut Record, now: i64) -> Result<(), Error> {
    let Some(doi) = rec.state.doi.clone() else { return Ok(()) };
    if doi.used_ms.is_some() || now <= doi.expires_ms || !rec.state.pending() {
        return Ok(());
    }
    let mut ev = NewEvent::new("expired", doi.expires_ms, "system");
    ev.data.insert("rule".into(), json!("R-DOI4: double-opt-in tokens expire"));
    let pending: Vec<&'static str> = rec.state.purposes.iter().filter(|(_, s)| s.status == Status::Requested).map(|(p, _)| *p).collect();
    for p in pending {
        ev.changes.push((p, Status::Expired));
    }
    rec.append(ev)
}
