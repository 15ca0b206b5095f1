//! The consent engine: validate a submission against the GDPR rules, keep a tamper-evident record
//! of its lifecycle, decide every send, and answer access and erasure requests.
//!
//! Everything here is plain Rust over `serde_json::Value` inputs (what JavaScript hands over) and
//! epoch-millisecond instants; `bindings` only converts.

pub mod age;
pub mod api;
#[cfg(feature = "texts")]
pub mod labels;
pub mod time;
pub mod validate;

#[cfg(feature = "replies")]
pub mod erase;
#[cfg(feature = "replies")]
pub mod export;
#[cfg(feature = "replies")]
pub mod migrate;
#[cfg(feature = "replies")]
pub mod record;
#[cfg(feature = "replies")]
pub mod send;

use crate::texts::Purpose;
use serde::Serialize;

/// Caps on what one call may hand over (a submission is a form, not a database).
pub const MAX_SUBMISSION_BYTES: usize = 256 * 1024;
pub const MAX_RECORD_BYTES: usize = 4 * 1024 * 1024;
/// Events per record: years of replies fit; an endless loop does not.
pub const MAX_EVENTS: usize = 10_000;

/// What a controller configures (all optional, defaults from the EDPB and common practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// STALE_CONSENT after this many months (EDPB Guidelines 05/2020: refresh "at appropriate intervals").
    pub refresh_months: i64,
    /// Hours a double-opt-in token stays valid (R-DOI4: single use, expiring).
    pub doi_hours: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            refresh_months: 24,
            doi_hours: 72,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    WebForm,
    EmailLink,
    WhatsappThread,
    Import,
    Paper,
    Api,
}

impl Method {
    pub const ALL: [(&'static str, Method); 6] = [
        ("web_form", Method::WebForm),
        ("email_link", Method::EmailLink),
        ("whatsapp_thread", Method::WhatsappThread),
        ("import", Method::Import),
        ("paper", Method::Paper),
        ("api", Method::Api),
    ];

    pub fn as_str(self) -> &'static str {
        Method::ALL.iter().find(|(_, m)| *m == self).map(|(s, _)| *s).unwrap_or("api")
    }

    pub fn parse(s: &str) -> Option<Method> {
        Method::ALL.iter().find(|(n, _)| *n == s).map(|&(_, m)| m)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Controller {
    pub name: String,
    pub contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkbox {
    pub purpose: Purpose,
    pub checked: bool,
    pub pre_checked: bool,
    pub text: String,
    pub text_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Source {
    pub method: Option<Method>,
    pub url: Option<String>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
    /// For imports: the channel the original consent covered (`email` does not carry over).
    pub consent_channel: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParentalConsent {
    /// Declared without details (accepted, with a PARENTAL_CONSENT_UNVERIFIED warning).
    Declared,
    Documented { given_by: String, method: String, at_ms: i64 },
}

/// A submission after validation: only what the record may keep (Art. 5(1)(c)); `extra` is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    pub e164: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub lang: String,
    pub jurisdiction: Option<String>,
    pub controller: Controller,
    pub privacy_policy_url: String,
    pub checkboxes: Vec<Checkbox>,
    pub source: Source,
    pub collected_at_ms: i64,
    pub age: Option<u32>,
    pub parental_consent: Option<ParentalConsent>,
}

pub fn purpose_str(p: Purpose) -> &'static str {
    match p {
        Purpose::Promo => "promo",
        Purpose::Trans => "trans",
    }
}
