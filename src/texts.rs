//! Consent texts in 30 languages: the checkbox label, the double-opt-in message and its
//! follow-ups, footers, the privacy-policy paragraph and the e-mail that invites a newsletter
//! subscriber to WhatsApp. Templates live in data/lang/<code>.toml (`[texts]`); build.rs checks
//! them. Every text carries `version` = SHA-256 of the exact words, so a consent record can prove
//! what was shown (GDPR Art. 7(1); EDPB Guidelines 05/2020 §5.1).

use crate::error::{Error, ErrorCode};
use crate::{phone, token};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::LazyLock;

static RAW: &str = include_str!(concat!(env!("OUT_DIR"), "/text_data.txt"));

pub const MAX_COMPANY_CHARS: usize = 200;
pub const MAX_NAME_CHARS: usize = 100;
pub const MAX_URL_CHARS: usize = 2048;
/// WhatsApp Cloud API limits (reference §2.2).
pub const MAX_TEMPLATE_BODY: usize = 1024;
pub const MAX_BUTTON_CHARS: usize = 20;
pub const MAX_FOOTER_CHARS: usize = 60;

static TEXTS: LazyLock<HashMap<&'static str, HashMap<&'static str, String>>> = LazyLock::new(|| parse_embedded(RAW));

/// Reads the embedded `@<lang>` / `key<TAB>value` format build.rs writes (texts and `[ui]`).
pub(crate) fn parse_embedded(raw: &'static str) -> HashMap<&'static str, HashMap<&'static str, String>> {
    let mut all: HashMap<&str, HashMap<&str, String>> = HashMap::new();
    let mut current: Option<&str> = None;
    for line in raw.lines() {
        if let Some(code) = line.strip_prefix('@') {
            current = Some(code);
            all.entry(code).or_default();
        } else if let (Some(code), Some((key, value))) = (current, line.split_once('\t')) {
            let value = unescape(value);
            all.get_mut(code).expect("language opened").insert(key, value);
        }
    }
    all
}

/// The data-file code of a language tag: `de-AT` → `de`, `PT_br` → `pt`, `no` → `nb`.
pub(crate) fn lang_key(lang: &str) -> String {
    let code = lang.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    if code == "no" {
        "nb".to_string()
    } else {
        code
    }
}

fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Languages with texts, sorted.
pub fn languages() -> Vec<&'static str> {
    let mut v: Vec<&str> = TEXTS.keys().copied().collect();
    v.sort_unstable();
    v
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Checkbox,
    Confirmation,
    Confirmed,
    OptoutFooter,
    Unsubscribed,
    Preferences,
    Help,
    PrivacyNotice,
    InvitationEmail,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Checkbox,
        Kind::Confirmation,
        Kind::Confirmed,
        Kind::OptoutFooter,
        Kind::Unsubscribed,
        Kind::Preferences,
        Kind::Help,
        Kind::PrivacyNotice,
        Kind::InvitationEmail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Checkbox => "checkbox",
            Kind::Confirmation => "confirmation",
            Kind::Confirmed => "confirmed",
            Kind::OptoutFooter => "optout_footer",
            Kind::Unsubscribed => "unsubscribed",
            Kind::Preferences => "preferences",
            Kind::Help => "help",
            Kind::PrivacyNotice => "privacy_notice",
            Kind::InvitationEmail => "invitation_email",
        }
    }

    pub fn parse(s: &str) -> Result<Kind, Error> {
        Kind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "unknown text kind {:?}; kinds: {}",
                    s.chars().take(40).collect::<String>(),
                    Kind::ALL.map(Kind::as_str).join(", ")
                ))
            })
    }

    /// Texts sent on WhatsApp (formatting characters in parameters are neutralised there).
    fn on_whatsapp(self) -> bool {
        !matches!(self, Kind::Checkbox | Kind::PrivacyNotice | Kind::InvitationEmail)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    Promo,
    Trans,
}

impl Purpose {
    pub fn parse(s: &str) -> Result<Purpose, Error> {
        match s {
            "promo" => Ok(Purpose::Promo),
            "trans" => Ok(Purpose::Trans),
            other => Err(Error::invalid_argument(format!(
                "unknown purpose {:?}; purposes: promo (offers and news), trans (order and delivery updates)",
                other.chars().take(40).collect::<String>()
            ))),
        }
    }
    fn key(self) -> &'static str {
        match self {
            Purpose::Promo => "purposes.promo",
            Purpose::Trans => "purposes.trans",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct TextParams {
    pub lang: String,
    /// Use English when `lang` has no texts (instead of an error).
    pub fallback: bool,
    pub company: Option<String>,
    pub name: Option<String>,
    pub purposes: Vec<Purpose>,
    pub privacy_url: Option<String>,
    pub contact: Option<String>,
    pub business_phone: Option<String>,
    pub token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Keywords {
    pub confirm: String,
    pub stop: String,
    pub start: String,
    pub promo: String,
    pub trans: String,
    pub all: String,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rendered {
    pub kind: Kind,
    pub text: String,
    pub html: String,
    pub lang: String,
    /// `sha256:` + hex SHA-256 of `text`.
    pub version: String,
    pub keywords: Keywords,
    /// E-mail subject (invitation_email).
    pub subject: Option<String>,
    /// The wa.me link (invitation_email).
    pub link: Option<String>,
    /// The double-opt-in token the link carries (invitation_email).
    pub token: Option<String>,
}

pub fn sha256_hex(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(71);
    out.push_str("sha256:");
    for b in digest {
        out.push(HEX[(b >> 4) as usize] as char);
        out.push(HEX[(b & 15) as usize] as char);
    }
    out
}

/// The language's texts, or English with `fallback`.
fn texts_for(params: &TextParams) -> Result<(&'static str, &'static HashMap<&'static str, String>), Error> {
    let code = lang_key(&params.lang);
    if let Some((k, v)) = TEXTS.get_key_value(code.as_str()) {
        return Ok((k, v));
    }
    if params.fallback {
        if let Some((k, v)) = TEXTS.get_key_value("en") {
            return Ok((k, v));
        }
    }
    Err(Error::new(
        ErrorCode::UnsupportedLanguage,
        format!(
            "no texts in language {:?}; supported: {} (or pass fallback: true for English)",
            params.lang.chars().take(20).collect::<String>(),
            languages().join(", ")
        ),
    ))
}

/// One line of text from a caller: control characters become spaces, runs of spaces collapse.
fn clean(value: &str, what: &str, max: usize) -> Result<String, Error> {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        let c = if c.is_control() { ' ' } else { c };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    let out = out.trim().to_string();
    if out.is_empty() {
        return Err(Error::invalid_argument(format!("{what} is empty")));
    }
    if out.chars().count() > max {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            format!("{what} has more than {max} characters"),
        ));
    }
    Ok(out)
}

fn url(value: &Option<String>, what: &str) -> Result<String, Error> {
    let v = value
        .as_deref()
        .ok_or_else(|| Error::invalid_argument(format!("{what} is required for this text")))?;
    let v = clean(v, what, MAX_URL_CHARS)?;
    let lower = v.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) || v.contains(' ') {
        return Err(Error::invalid_argument(format!(
            "{what} must be an http(s) URL, got {:?}",
            v.chars().take(60).collect::<String>()
        )));
    }
    Ok(v)
}

/// WhatsApp reads `*bold*`, `_italic_`, `~strike~` and backticks: in a caller's value those
/// characters are replaced by their full-width forms, so a name like "*Deals*" cannot switch
/// formatting on or off in our text.
fn neutralise(v: &str) -> String {
    v.chars()
        .map(|c| match c {
            '*' => '＊',
            '_' => '＿',
            '~' => '～',
            '`' => '｀',
            c => c,
        })
        .collect()
}

fn html_escape(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 8);
    for c in v.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes all but RFC 3986's unreserved characters.
pub fn percent_encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len() * 3);
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `https://wa.me/<digits>?text=…` for a business number (any format libphonenumber reads).
pub fn wa_link(business_phone: &str, text: Option<&str>) -> Result<String, Error> {
    let p = phone::normalize(business_phone, None)?;
    let Some(wa_id) = p.wa_id else {
        let reason = p.error.map(|e| e.message).unwrap_or_default();
        return Err(Error::invalid_argument(format!(
            "businessPhone is not a valid international number ({reason})"
        )));
    };
    Ok(match text {
        Some(t) if !t.is_empty() => format!("https://wa.me/{wa_id}?text={}", percent_encode(t)),
        _ => format!("https://wa.me/{wa_id}"),
    })
}

/// A value placed into a template: its text form and its HTML form.
struct Value {
    text: String,
    html: String,
}

fn plain(v: String) -> Value {
    Value {
        html: html_escape(&v),
        text: v,
    }
}

fn fill(template: &str, values: &HashMap<&str, Value>, html: bool) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&if html {
            html_escape(&rest[..open])
        } else {
            rest[..open].to_string()
        });
        let close = rest[open..].find('}').map(|c| c + open).unwrap_or(rest.len() - 1);
        let name = &rest[open + 1..close];
        if let Some(v) = values.get(name) {
            out.push_str(if html { &v.html } else { &v.text });
        }
        rest = &rest[close + 1..];
    }
    out.push_str(&if html { html_escape(rest) } else { rest.to_string() });
    out
}

fn paragraphs_html(escaped: &str) -> String {
    escaped
        .split("\n\n")
        .map(|p| format!("<p>{}</p>", p.replace('\n', "<br>\n")))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn render(kind: Kind, params: &TextParams) -> Result<Rendered, Error> {
    let (lang, t) = texts_for(params)?;
    let get = |key: &str| t.get(key).map(String::as_str).unwrap_or("");
    let wa = kind.on_whatsapp();
    let user = |v: String| if wa { neutralise(&v) } else { v };

    let keywords = Keywords {
        confirm: get("keywords.confirm").into(),
        stop: get("keywords.stop").into(),
        start: get("keywords.start").into(),
        promo: get("keywords.promo").into(),
        trans: get("keywords.trans").into(),
        all: get("keywords.all").into(),
        help: get("keywords.help").into(),
    };
    let mut values: HashMap<&str, Value> = HashMap::new();
    for (k, v) in [
        ("kw_confirm", &keywords.confirm),
        ("kw_stop", &keywords.stop),
        ("kw_start", &keywords.start),
        ("kw_promo", &keywords.promo),
        ("kw_trans", &keywords.trans),
        ("kw_all", &keywords.all),
        ("kw_help", &keywords.help),
    ] {
        values.insert(k, plain(v.clone()));
    }
    values.insert("purpose_promo", plain(get("purposes.promo").into()));
    values.insert("purpose_trans", plain(get("purposes.trans").into()));

    let company = params
        .company
        .as_deref()
        .map(|c| clean(c, "company", MAX_COMPANY_CHARS))
        .transpose()?;
    let needs_company = kind != Kind::OptoutFooter;
    match (&company, needs_company) {
        (Some(c), _) => {
            values.insert("company", plain(user(c.clone())));
        }
        (None, true) => {
            return Err(Error::invalid_argument(
                "company (the controller's name) is required",
            ))
        }
        (None, false) => {}
    }
    let name = params
        .name
        .as_deref()
        .map(|n| clean(n, "name", MAX_NAME_CHARS))
        .transpose()?;
    let greeting = match &name {
        Some(n) => {
            let mut with_name = HashMap::new();
            with_name.insert("name", plain(user(n.clone())));
            Value {
                text: fill(get("templates.greeting"), &with_name, false),
                html: fill(get("templates.greeting"), &with_name, true),
            }
        }
        None => plain(get("templates.greeting_anonymous").into()),
    };
    values.insert("greeting", greeting);

    // Purposes: one per checkbox (Recital 43, Planet49: no bundled consent); otherwise the set
    // given, both when none is given.
    let mut purposes = params.purposes.clone();
    purposes.sort();
    purposes.dedup();
    if kind == Kind::Checkbox {
        match purposes.as_slice() {
            [one] => {
                values.insert("purpose", plain(get(one.key()).into()));
            }
            [] => return Err(Error::invalid_argument("checkbox needs exactly one purpose (promo or trans)")),
            _ => {
                return Err(Error::new(
                    ErrorCode::BundledPurposes,
                    "one checkbox per purpose: render a separate checkbox for promo and for trans (GDPR Recital 43)",
                ))
            }
        }
    }
    let listed = if purposes.is_empty() {
        vec![Purpose::Promo, Purpose::Trans]
    } else {
        purposes.clone()
    };
    let joined = listed
        .iter()
        .map(|p| get(p.key()))
        .collect::<Vec<_>>()
        .join(&format!(" {} ", get("purposes.and")));
    values.insert("purposes", plain(joined));

    let requires = |what: &str| Error::invalid_argument(format!("{what} is required for {}", kind.as_str()));
    if matches!(kind, Kind::Checkbox | Kind::PrivacyNotice | Kind::InvitationEmail) {
        let u = url(&params.privacy_url, "privacyUrl")?;
        values.insert(
            "privacy_url",
            Value {
                html: format!("<a href=\"{0}\">{0}</a>", html_escape(&u)),
                text: u,
            },
        );
    }
    if matches!(kind, Kind::Help | Kind::PrivacyNotice) {
        let c = params.contact.as_deref().ok_or_else(|| requires("contact"))?;
        let c = clean(c, "contact", MAX_URL_CHARS)?;
        let html = if c.contains('@') && !c.contains(' ') {
            format!("<a href=\"mailto:{0}\">{0}</a>", html_escape(&c))
        } else if c.starts_with("https://") || c.starts_with("http://") {
            format!("<a href=\"{0}\">{0}</a>", html_escape(&c))
        } else {
            html_escape(&c)
        };
        values.insert("contact", Value { text: user(c), html });
    }

    let mut link = None;
    let mut token_out = None;
    let mut subject = None;
    if kind == Kind::InvitationEmail {
        let phone = params
            .business_phone
            .as_deref()
            .ok_or_else(|| requires("businessPhone"))?;
        let tok = match params.token.as_deref() {
            Some(t) => token::parse_token(t)?,
            None => token::new_token()?,
        };
        let mut pre = HashMap::new();
        pre.insert("kw_confirm", plain(keywords.confirm.clone()));
        pre.insert("token", plain(tok.clone()));
        let prefilled = fill(get("templates.prefilled_message"), &pre, false);
        let l = wa_link(phone, Some(&prefilled))?;
        values.insert(
            "link",
            Value {
                html: format!(
                    "<a href=\"{}\">{}</a>",
                    html_escape(&l),
                    html_escape(get("templates.invitation_button"))
                ),
                text: l.clone(),
            },
        );
        subject = Some(fill(get("templates.invitation_subject"), &values, false));
        link = Some(l);
        token_out = Some(tok);
    }

    let template = match kind {
        Kind::InvitationEmail => get("templates.invitation_body"),
        other => get(&format!("templates.{}", other.as_str())),
    };
    let text = fill(template, &values, false);
    let escaped = fill(template, &values, true);
    let html = if kind == Kind::InvitationEmail || escaped.contains("\n\n") {
        paragraphs_html(&escaped)
    } else {
        escaped.replace('\n', "<br>\n")
    };
    Ok(Rendered {
        kind,
        version: sha256_hex(&text),
        text,
        html,
        lang: lang.to_string(),
        keywords,
        subject,
        link,
        token: token_out,
    })
}

/// The label of a quick-reply button in a language (`confirm`, `stop`, `promo`, `trans`, `all`).
pub fn button_label(lang: &str, button: &str) -> Option<&'static str> {
    TEXTS
        .get(lang)?
        .get(format!("buttons.{button}").as_str())
        .map(String::as_str)
}

/// A template string of a language (`templates.template_footer`, `keywords.stop` …).
pub fn raw(lang: &str, key: &str) -> Option<&'static str> {
    TEXTS.get(lang)?.get(key).map(String::as_str)
}

#[cfg(test)]
mod tests;
