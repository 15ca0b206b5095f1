//! WhatsApp Cloud API template messages for the double opt-in: the template to submit for
//! approval (`template_definition`) and the send request that uses it (`template_payload`), with
//! our quick-reply payloads so the answer is decoded exactly (reference §2.2, §2.5).

use crate::error::{Error, ErrorCode};
use crate::texts::{self, Kind, TextParams};
use crate::{phone, token, webhook};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    /// The double-opt-in request: body + footer + buttons confirm / stop.
    Confirmation,
    /// The choice of messages: buttons promo / trans / all.
    Preferences,
}

impl TemplateKind {
    pub fn parse(s: &str) -> Result<Self, Error> {
        match s {
            "confirmation" => Ok(TemplateKind::Confirmation),
            "preferences" => Ok(TemplateKind::Preferences),
            other => Err(Error::invalid_argument(format!(
                "unknown template kind {:?}; kinds: confirmation, preferences",
                other.chars().take(40).collect::<String>()
            ))),
        }
    }
    /// The quick-reply buttons, by the action word of our payload scheme (also the key of the
    /// button label in the language data).
    fn buttons(self) -> &'static [&'static str] {
        match self {
            TemplateKind::Confirmation => &["confirm", "stop"],
            TemplateKind::Preferences => &["promo", "trans", "all"],
        }
    }
    fn text_kind(self) -> Kind {
        match self {
            TemplateKind::Confirmation => Kind::Confirmation,
            TemplateKind::Preferences => Kind::Preferences,
        }
    }
}

/// Marker put where the recipient's name goes; replaced by `{{1}}` after rendering.
const NAME_SLOT: &str = "\u{E000}";

fn limit(what: &str, len: usize, max: usize) -> Result<(), Error> {
    if len > max {
        return Err(Error::new(
            ErrorCode::LimitExceeded,
            format!("{what} has {len} characters; WhatsApp allows {max}"),
        ));
    }
    Ok(())
}

/// The template to submit in WhatsApp Manager or through the Business Management API.
/// `personalized`: the greeting names the recipient (`{{1}}`).
pub fn template_definition(
    kind: TemplateKind,
    name: &str,
    params: &TextParams,
    personalized: bool,
) -> Result<Value, Error> {
    check_template_name(name)?;
    let mut p = params.clone();
    p.name = personalized.then(|| NAME_SLOT.to_string());
    let rendered = texts::render(kind.text_kind(), &p)?;
    let body = rendered.text.replace(NAME_SLOT, "{{1}}");
    limit("template body", body.chars().count(), texts::MAX_TEMPLATE_BODY)?;
    let lang = rendered.lang.clone();
    let footer = texts::raw(&lang, "templates.template_footer")
        .unwrap_or_default()
        .replace("{kw_stop}", &rendered.keywords.stop);
    limit("template footer", footer.chars().count(), texts::MAX_FOOTER_CHARS)?;
    let mut buttons = Vec::new();
    for b in kind.buttons() {
        let label = texts::button_label(&lang, b).unwrap_or_default();
        limit("button label", label.chars().count(), texts::MAX_BUTTON_CHARS)?;
        buttons.push(json!({ "type": "QUICK_REPLY", "text": label }));
    }
    let mut body_component = json!({ "type": "BODY", "text": body });
    if personalized {
        body_component["example"] = json!({ "body_text": [["Anna"]] });
    }
    Ok(json!({
        "name": name,
        "language": params.lang,
        // Opt-in confirmations are account updates the person asked for; Meta may still
        // reclassify (reference §2.2, VERIFY with Meta).
        "category": "UTILITY",
        "parameter_format": "POSITIONAL",
        "components": [
            body_component,
            { "type": "FOOTER", "text": footer },
            { "type": "BUTTONS", "buttons": buttons },
        ],
    }))
}

fn check_template_name(name: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 512
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::invalid_argument(
            "templateName must be lower-case letters, digits and underscores",
        ))
    }
}

pub struct SendRequest<'a> {
    pub kind: TemplateKind,
    pub to: &'a str,
    pub template_name: &'a str,
    /// Meta's language code of the approved template (`de`, `en_US`, `pt_BR`).
    pub lang: &'a str,
    /// The recipient's name for `{{1}}`, when the template is personalised.
    pub name: Option<&'a str>,
    pub token: Option<&'a str>,
    pub default_region: Option<&'a str>,
}

/// The Cloud API request body: `POST /<PHONE_NUMBER_ID>/messages`.
pub fn template_payload(req: &SendRequest) -> Result<Value, Error> {
    check_template_name(req.template_name)?;
    let p = phone::normalize(req.to, req.default_region)?;
    let wa_id = p.wa_id.ok_or_else(|| {
        Error::invalid_argument(format!(
            "to is not a valid phone number ({})",
            p.error.map(|e| e.message).unwrap_or_default()
        ))
    })?;
    let token = req.token.map(token::parse_token).transpose()?;
    if req.kind == TemplateKind::Confirmation && token.is_none() {
        return Err(Error::invalid_argument(
            "a confirmation needs the double-opt-in token (newToken())",
        ));
    }
    let mut components = Vec::new();
    if let Some(name) = req.name {
        let name: String = name
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_string();
        if name.is_empty() || name.chars().count() > texts::MAX_NAME_CHARS {
            return Err(Error::invalid_argument("name must be 1-100 characters"));
        }
        components.push(json!({ "type": "body", "parameters": [{ "type": "text", "text": name }] }));
    }
    for (i, action) in req.kind.buttons().iter().enumerate() {
        let intent = webhook::action_intent(action).expect("template buttons are payload actions");
        let payload = webhook::encode_payload(intent, token.as_deref())?;
        components.push(json!({
            "type": "button",
            "sub_type": "quick_reply",
            "index": i.to_string(),
            "parameters": [{ "type": "payload", "payload": payload }],
        }));
    }
    Ok(json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": wa_id,
        "type": "template",
        "template": {
            "name": req.template_name,
            "language": { "code": req.lang },
            "components": components,
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmation_send_request_carries_our_payloads() {
        let t = token::new_token().unwrap();
        let req = SendRequest {
            kind: TemplateKind::Confirmation,
            to: "0151 23456789",
            template_name: "optin_confirmation_de",
            lang: "de",
            name: Some("Anna"),
            token: Some(&t),
            default_region: Some("DE"),
        };
        let v = template_payload(&req).unwrap();
        assert_eq!(v["to"], "4915123456789");
        assert_eq!(v["type"], "template");
        assert_eq!(v["template"]["language"]["code"], "de");
        let c = v["template"]["components"].as_array().unwrap();
        assert_eq!(c[0]["parameters"][0]["text"], "Anna");
        assert_eq!(c[1]["sub_type"], "quick_reply");
        assert_eq!(c[1]["index"], "0");
        assert_eq!(c[1]["parameters"][0]["payload"], format!("optin:confirm:{t}"));
        assert_eq!(c[2]["parameters"][0]["payload"], format!("optin:stop:{t}"));
        assert!(template_payload(&SendRequest { token: None, ..req }).is_err());
    }

    #[test]
    fn limits_are_errors_not_truncation() {
        assert_eq!(
            limit("button label", 21, texts::MAX_BUTTON_CHARS)
                .unwrap_err()
                .code,
            ErrorCode::LimitExceeded
        );
        assert!(limit("button label", 20, texts::MAX_BUTTON_CHARS).is_ok());
    }

    #[test]
    fn bad_names_and_numbers_are_refused() {
        let req = SendRequest {
            kind: TemplateKind::Preferences,
            to: "not a number",
            template_name: "prefs",
            lang: "en",
            name: None,
            token: None,
            default_region: None,
        };
        assert_eq!(
            template_payload(&req).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        assert!(template_payload(&SendRequest {
            template_name: "Bad Name",
            to: "+4915123456789",
            ..req
        })
        .is_err());
        let ok = template_payload(&SendRequest {
            to: "+4915123456789",
            ..req
        })
        .unwrap();
        assert_eq!(ok["template"]["components"].as_array().unwrap().len(), 3);
    }
}
