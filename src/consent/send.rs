//! May this message be sent now? One decision per category, with a stable reason code.

use super::record::{NewEvent, Record, Status};
use super::time;
use crate::error::Error;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Marketing,
    Utility,
    Authentication,
    Service,
}

impl Category {
    pub fn parse(s: &str) -> Result<Category, Error> {
        Ok(match s {
            "marketing" => Category::Marketing,
            "utility" => Category::Utility,
            "authentication" => Category::Authentication,
            "service" => Category::Service,
            other => {
                return Err(Error::invalid_argument(format!(
                    "unknown category {:?}; categories: marketing, utility, authentication, service",
                    other.chars().take(40).collect::<String>()
                )))
            }
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Marketing => "marketing",
            Category::Utility => "utility",
            Category::Authentication => "authentication",
            Category::Service => "service",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub allowed: bool,
    pub reason: &'static str,
}

fn yes(reason: &'static str) -> Decision {
    Decision { allowed: true, reason }
}
fn no(reason: &'static str) -> Decision {
    Decision { allowed: false, reason }
}

/// The 24-hour customer service window (R-WIN).
const WINDOW_MS: i64 = 24 * time::MS_PER_HOUR;

fn status_reason(s: Option<Status>, now: i64, rec: &Record) -> Decision {
    match s {
        Some(Status::Given) => yes("CONSENT_GIVEN"),
        Some(Status::Requested) => match &rec.state.doi {
            Some(d) if now > d.expires_ms => no("CONSENT_EXPIRED"),
            _ => no("CONSENT_PENDING"),
        },
        Some(Status::Refused) => no("CONSENT_REFUSED"),
        Some(Status::Withdrawn) => no("CONSENT_WITHDRAWN"),
        Some(Status::Expired) => no("CONSENT_EXPIRED"),
        None => no("NO_CONSENT"),
    }
}

/// `text` names the special messages: `unsubscribed` (the single confirmation after an opt-out,
/// FCC 47 CFR 64.1200(a)(12), R-KW5) and `confirmation` (the double-opt-in request itself, which
/// asks and advertises nothing: OLG Düsseldorf I-15 U 64/15).
pub fn can_send(rec: &Record, cat: Category, text: Option<&str>, now: i64, last_inbound: Option<i64>) -> Decision {
    let st = &rec.state;
    if st.erased {
        return no("ERASED");
    }
    if st.phone.is_none() {
        return no("NO_CONSENT");
    }
    let last_in = last_inbound.or(st.last_inbound_ms);
    let in_window = last_in.is_some_and(|t| now >= t && now - t < WINDOW_MS);
    match text {
        Some("unsubscribed") => {
            return match st.opted_out_ms {
                Some(_) if st.optout_confirmation_sent => no("OPT_OUT_CONFIRMATION_SENT"),
                Some(_) => yes("OPT_OUT_CONFIRMATION"),
                None => no("NOT_OPTED_OUT"),
            }
        }
        Some("confirmation") => {
            return match &st.doi {
                Some(d) if st.purposes.values().any(|p| p.status == Status::Requested) && d.used_ms.is_none() => {
                    if now > d.expires_ms {
                        no("CONSENT_EXPIRED")
                    } else {
                        yes("DOI_REQUEST")
                    }
                }
                _ => no("NOT_PENDING"),
            }
        }
        _ => {}
    }
    let opted_out_after_last_inbound = st.opted_out_ms.is_some_and(|o| last_in.is_none_or(|t| t <= o));
    match cat {
        Category::Marketing => {
            let d = status_reason(st.status("promo"), now, rec);
            if d.allowed && st.meta_marketing.as_deref() == Some("stopped") {
                return no("META_MARKETING_STOPPED");
            }
            d
        }
        Category::Utility => status_reason(st.status("trans"), now, rec),
        // One-time passcodes answer the person's own request (login, checkout): not consent-based,
        // but never to a number that is erased.
        Category::Authentication => yes("USER_REQUESTED"),
        Category::Service => {
            if !in_window {
                no("OUTSIDE_SERVICE_WINDOW")
            } else if opted_out_after_last_inbound {
                // The STOP itself opens the window; only the one confirmation may answer it.
                no("OPTED_OUT")
            } else {
                yes("IN_SERVICE_WINDOW")
            }
        }
    }
}

/// Records a message the business sent (the opt-out confirmation, a DOI request, an access report).
pub fn record_sent(rec: &mut Record, cat: Category, text: Option<&str>, message_id: Option<&str>, now: i64) -> Result<(), Error> {
    let mut ev = NewEvent::new("sent", now, "whatsapp");
    ev.message_id = message_id.map(str::to_string);
    ev.data.insert("direction".into(), json!("out"));
    ev.data.insert("category".into(), json!(cat.as_str()));
    ev.data.insert("text".into(), json!(text));
    rec.append(ev)
}
