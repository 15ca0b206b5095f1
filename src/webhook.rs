//! WhatsApp Cloud API webhooks (`object: "whatsapp_business_account"`) flattened into events.
//! Every inbound message becomes one event: text, template quick-reply button, interactive
//! button/list reply, reaction, marketing preference (`user_preferences`, Meta's "Stop
//! promotions"), delivery status — and anything else becomes `unsupported`, never dropped.

use crate::error::{check_size, Error, ErrorCode};
use crate::reply::{parse_reply, Confidence, Intent, Reply, ReplyOptions};
use crate::token;
use serde::Serialize;
use serde_json::Value;

pub const MAX_WEBHOOK_BYTES: usize = 4 * 1024 * 1024;
/// Prefix of the quick-reply payloads this package puts on its own buttons.
pub const PAYLOAD_PREFIX: &str = "optin:";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    Text,
    Button,
    Interactive,
    Reaction,
    MarketingPreference,
    Status,
    Unsupported,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preference {
    /// `marketing_messages`
    pub category: Option<String>,
    /// `stop` or `resume`
    pub value: String,
    pub detail: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusError {
    pub code: Option<i64>,
    pub title: Option<String>,
    pub message: Option<String>,
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    /// `sent`, `delivered`, `read`, `failed`, …
    pub status: String,
    pub recipient: Option<String>,
    pub conversation_id: Option<String>,
    pub pricing_category: Option<String>,
    pub errors: Vec<StatusError>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    pub kind: Option<EventKind>,
    pub waba_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub business_phone: Option<String>,
    /// The person, E.164 (`+4915123456789`).
    pub from: Option<String>,
    /// The person's WhatsApp id (digits).
    pub wa_id: Option<String>,
    pub profile_name: Option<String>,
    pub message_id: Option<String>,
    /// The message this one answers (a button tap names the template message it was on).
    pub context_message_id: Option<String>,
    /// Unix seconds.
    pub timestamp: Option<i64>,
    /// Meta's `type` of the message (`text`, `button`, `image`, …).
    pub message_type: Option<String>,
    /// Text body, button label, reply title or reaction emoji.
    pub text: Option<String>,
    /// Button payload, or the interactive reply's id.
    pub payload: Option<String>,
    pub description: Option<String>,
    /// What the reply means; for our own payloads decoded exactly (confidence `payload`).
    pub reply: Option<Reply>,
    pub preference: Option<Preference>,
    pub status: Option<Status>,
    /// Why an event is `unsupported`, or why our own payload could not be decoded.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub intent: Intent,
    pub token: Option<String>,
}

const ACTIONS: &[(&str, Intent)] = &[
    ("confirm", Intent::Confirm),
    ("decline", Intent::Decline),
    ("stop", Intent::OptOut),
    ("start", Intent::Start),
    ("promo", Intent::PrefPromo),
    ("trans", Intent::PrefTrans),
    ("all", Intent::PrefAll),
    ("help", Intent::Help),
    ("access", Intent::AccessRequest),
    ("erase", Intent::ErasureRequest),
];

/// The intent an action word of our payload scheme stands for (`stop` → opt_out).
pub fn action_intent(action: &str) -> Option<Intent> {
    ACTIONS.iter().find(|(a, _)| *a == action).map(|&(_, i)| i)
}

/// Our quick-reply payload: `optin:<action>[:<token>]`, e.g. `optin:confirm:3KQ7M2-XPA9F-…`.
pub fn encode_payload(intent: Intent, token: Option<&str>) -> Result<String, Error> {
    let action = ACTIONS
        .iter()
        .find(|(_, i)| *i == intent)
        .map(|(a, _)| *a)
        .ok_or_else(|| Error::invalid_argument(format!("no payload for intent {}", intent.as_str())))?;
    Ok(match token {
        Some(t) => format!("{PAYLOAD_PREFIX}{action}:{}", token::parse_token(t)?),
        None => format!("{PAYLOAD_PREFIX}{action}"),
    })
}

/// None: not our payload. Some(Err): ours but malformed (reported, never guessed).
pub fn decode_payload(payload: &str) -> Option<Result<Action, String>> {
    let rest = payload.strip_prefix(PAYLOAD_PREFIX)?;
    let (action, token) = match rest.split_once(':') {
        Some((a, t)) => (a, Some(t)),
        None => (rest, None),
    };
    let Some(intent) = action_intent(action) else {
        return Some(Err(format!("unknown action {action:?} in payload")));
    };
    let token = match token.map(token::parse_token).transpose() {
        Ok(t) => t,
        Err(e) => return Some(Err(format!("bad token in payload: {}", e.message))),
    };
    Some(Ok(Action { intent, token }))
}

fn s(v: &Value, key: &str) -> Option<String> {
    match &v[key] {
        Value::String(x) => Some(x.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn timestamp(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(x) => x.trim().parse().ok(),
        _ => None,
    }
}

/// `wa_id`/`from` are digits without `+` (reference R-WA3); E.164 adds the `+`.
fn e164(wa_id: &str) -> Option<String> {
    (!wa_id.is_empty() && wa_id.len() <= 15 && wa_id.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("+{wa_id}"))
}

fn reply_for(text: &str, opts: &ReplyOptions) -> Option<Reply> {
    parse_reply(text, opts).ok()
}

fn payload_reply(action: &Action, payload: &str) -> Reply {
    Reply {
        intent: action.intent,
        confidence: Some(Confidence::Payload),
        lang: None,
        matched: Some(payload.to_string()),
        token: action.token.clone(),
        also: Vec::new(),
        assumed_pending: false,
    }
}

/// Sets `reply` from our own payload when it is one, else from the visible text.
fn understand(ev: &mut Event, opts: &ReplyOptions) {
    if let Some(p) = ev.payload.clone() {
        match decode_payload(&p) {
            Some(Ok(action)) => {
                ev.reply = Some(payload_reply(&action, &p));
                return;
            }
            Some(Err(reason)) => {
                ev.reason = Some(reason);
                return;
            }
            None => {}
        }
    }
    let text = ev.text.clone().or_else(|| ev.payload.clone());
    ev.reply = text.and_then(|t| reply_for(&t, opts));
}

fn message_event(base: &Event, m: &Value, opts: &ReplyOptions) -> Event {
    let mut ev = base.clone();
    ev.message_id = s(m, "id");
    ev.timestamp = timestamp(&m["timestamp"]);
    ev.context_message_id = s(&m["context"], "id");
    if let Some(from) = s(m, "from") {
        ev.from = e164(&from);
        ev.wa_id = Some(from);
    }
    let kind = s(m, "type").unwrap_or_default();
    ev.message_type = Some(kind.clone());
    match kind.as_str() {
        "text" => match s(&m["text"], "body") {
            Some(body) => {
                ev.kind = Some(EventKind::Text);
                ev.text = Some(body);
                understand(&mut ev, opts);
            }
            None => unsupported(&mut ev, "text message without text.body"),
        },
        "button" => {
            ev.kind = Some(EventKind::Button);
            ev.text = s(&m["button"], "text");
            ev.payload = s(&m["button"], "payload");
            understand(&mut ev, opts);
        }
        "interactive" => {
            let i = &m["interactive"];
            let reply = match s(i, "type").as_deref() {
                Some("button_reply") => &i["button_reply"],
                Some("list_reply") => &i["list_reply"],
                _ => {
                    unsupported(
                        &mut ev,
                        "interactive message that is neither a button_reply nor a list_reply",
                    );
                    return ev;
                }
            };
            ev.kind = Some(EventKind::Interactive);
            ev.text = s(reply, "title");
            ev.payload = s(reply, "id");
            ev.description = s(reply, "description");
            understand(&mut ev, opts);
        }
        "reaction" => {
            ev.kind = Some(EventKind::Reaction);
            ev.context_message_id = s(&m["reaction"], "message_id").or(ev.context_message_id);
            ev.text = s(&m["reaction"], "emoji");
            understand(&mut ev, opts);
        }
        // The On-Premises form of a marketing preference change.
        "system" if s(&m["system"], "type").as_deref() == Some("user_preference_changed") => {
            ev.kind = Some(EventKind::MarketingPreference);
            ev.preference = s(&m["system"], "marketing").map(|value| Preference {
                category: Some("marketing_messages".into()),
                value,
                detail: s(&m["system"], "body"),
            });
            preference_reply(&mut ev);
        }
        other => unsupported(
            &mut ev,
            &format!("message type {other:?} carries no consent reply"),
        ),
    }
    ev
}

fn unsupported(ev: &mut Event, reason: &str) {
    ev.kind = Some(EventKind::Unsupported);
    ev.reason = Some(reason.to_string());
}

/// Meta's "stop"/"resume" of marketing messages: a marketing withdrawal (kept as pref_trans:
/// service messages may go on) or its lifting (reference R-KW4).
fn preference_reply(ev: &mut Event) {
    let intent = match ev.preference.as_ref().map(|p| p.value.as_str()) {
        Some("stop") => Intent::PrefTrans,
        Some("resume") => Intent::PrefPromo,
        _ => {
            ev.reason = Some("marketing preference without stop/resume".into());
            return;
        }
    };
    ev.reply = Some(Reply {
        intent,
        confidence: Some(Confidence::Payload),
        lang: None,
        matched: ev.preference.as_ref().map(|p| p.value.clone()),
        token: None,
        also: Vec::new(),
        assumed_pending: false,
    });
}

fn malformed(what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidWebhook,
        format!("not a WhatsApp Cloud API webhook: {what}"),
    )
}

/// Flattens a webhook body (the raw JSON text) into events, in the order Meta sent them.
pub fn parse_webhook(body: &str, opts: &ReplyOptions) -> Result<Vec<Event>, Error> {
    check_size("webhook body", body, MAX_WEBHOOK_BYTES)?;
    let v: Value = serde_json::from_str(body).map_err(|e| malformed(&format!("invalid JSON ({e})")))?;
    parse_webhook_value(&v, opts)
}

pub fn parse_webhook_value(v: &Value, opts: &ReplyOptions) -> Result<Vec<Event>, Error> {
    match v.get("object").and_then(Value::as_str) {
        Some("whatsapp_business_account") => {}
        Some(other) => {
            return Err(malformed(&format!(
                "object is {other:?}, expected \"whatsapp_business_account\""
            )))
        }
        None => return Err(malformed("no \"object\" field")),
    }
    let entries = v
        .get("entry")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("no \"entry\" array"))?;
    let mut events = Vec::new();
    for entry in entries {
        let changes = entry
            .get("changes")
            .and_then(Value::as_array)
            .ok_or_else(|| malformed("an entry without a \"changes\" array"))?;
        for change in changes {
            let value = &change["value"];
            let base = Event {
                waba_id: s(entry, "id"),
                phone_number_id: s(&value["metadata"], "phone_number_id"),
                business_phone: s(&value["metadata"], "display_phone_number"),
                ..Event::default()
            };
            let field = s(change, "field").unwrap_or_default();
            let contacts = value["contacts"].as_array().cloned().unwrap_or_default();
            let profile_of = |wa_id: &Option<String>| {
                contacts
                    .iter()
                    .find(|c| s(c, "wa_id") == *wa_id)
                    .or_else(|| (contacts.len() == 1).then(|| &contacts[0]))
                    .and_then(|c| s(&c["profile"], "name"))
            };
            let mut known = false;
            for m in value["messages"].as_array().into_iter().flatten() {
                known = true;
                let mut ev = message_event(&base, m, opts);
                ev.profile_name = profile_of(&ev.wa_id);
                events.push(ev);
            }
            for p in value["user_preferences"].as_array().into_iter().flatten() {
                known = true;
                let mut ev = base.clone();
                ev.kind = Some(EventKind::MarketingPreference);
                ev.wa_id = s(p, "wa_id");
                ev.from = ev.wa_id.as_deref().and_then(e164);
                ev.timestamp = timestamp(&p["timestamp"]);
                ev.profile_name = profile_of(&ev.wa_id);
                ev.preference = s(p, "value").map(|value| Preference {
                    category: s(p, "category"),
                    value,
                    detail: s(p, "detail"),
                });
                preference_reply(&mut ev);
                events.push(ev);
            }
            for st in value["statuses"].as_array().into_iter().flatten() {
                known = true;
                let mut ev = base.clone();
                ev.kind = Some(EventKind::Status);
                ev.message_id = s(st, "id");
                ev.timestamp = timestamp(&st["timestamp"]);
                ev.wa_id = s(st, "recipient_id");
                ev.from = None;
                ev.status = Some(Status {
                    status: s(st, "status").unwrap_or_default(),
                    recipient: ev.wa_id.as_deref().and_then(e164),
                    conversation_id: s(&st["conversation"], "id"),
                    pricing_category: s(&st["pricing"], "category"),
                    errors: st["errors"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|e| StatusError {
                            code: e["code"].as_i64(),
                            title: s(e, "title"),
                            message: s(e, "message"),
                            details: s(&e["error_data"], "details"),
                        })
                        .collect(),
                });
                events.push(ev);
            }
            if !known {
                let mut ev = base.clone();
                unsupported(
                    &mut ev,
                    &format!("change field {field:?} has no messages, statuses or user_preferences"),
                );
                events.push(ev);
            }
        }
    }
    Ok(events)
}

#[cfg(test)]
mod tests;
