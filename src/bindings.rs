//! The only module that touches wasm-bindgen. Every export takes `JsValue`s, checks their types and
//! sizes before copying anything into wasm memory, and turns misuse into a thrown `Error` whose
//! `code` property is stable. The core never panics on input; these checks keep it that way.

use crate::error::{Error, ErrorCode};
use crate::{phone, token};
use js_sys::{Array, JsString, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js_error(err: Error) -> JsValue {
    let e = js_sys::Error::new(&err.message);
    let _ = Reflect::set(&e, &"code".into(), &err.code.as_str().into());
    e.into()
}

fn misuse(message: String) -> JsValue {
    to_js_error(Error::invalid_argument(message))
}

fn type_name(v: &JsValue) -> String {
    if v.is_null() {
        "null".into()
    } else if Array::is_array(v) {
        "array".into()
    } else {
        v.js_typeof().as_string().unwrap_or_default()
    }
}

/// A string argument, refused by length before it is copied into wasm memory.
fn string_arg(v: &JsValue, what: &str, max_utf16: usize) -> Result<String, JsValue> {
    let Some(s) = v.dyn_ref::<JsString>() else {
        return Err(misuse(format!("{what} must be a string, got {}", type_name(v))));
    };
    if s.length() as usize > max_utf16 {
        return Err(to_js_error(Error::new(
            ErrorCode::InputTooLarge,
            format!("{what} is {} characters; the limit is {max_utf16}", s.length()),
        )));
    }
    Ok(String::from(s))
}

/// Reads an options object: `undefined`/`null` mean none; unknown keys are misuse, so a typo
/// such as `{ region: "DE" }` is reported instead of silently ignored.
fn options(v: &JsValue, what: &str, allowed: &[&str]) -> Result<Option<Object>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if !v.is_object() || Array::is_array(v) || v.is_function() {
        return Err(misuse(format!("{what} must be an object, got {}", type_name(v))));
    }
    let obj: Object = v.clone().unchecked_into();
    for key in Object::keys(&obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !allowed.contains(&key.as_str()) {
            return Err(misuse(format!(
                "unknown option {key:?} in {what}; allowed: {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(Some(obj))
}

fn option_string(obj: &Option<Object>, key: &str, max: usize) -> Result<Option<String>, JsValue> {
    let Some(obj) = obj else { return Ok(None) };
    let v = Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    string_arg(&v, key, max).map(Some)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new().serialize_missing_as_null(true);
    value
        .serialize(&ser)
        .map_err(|e| to_js_error(Error::new(ErrorCode::InvalidArgument, e.to_string())))
}

/// Field separator of the compact results below: building one string and splitting it in JS
/// costs a fraction of setting nine object properties one JS call at a time.
const SEP: char = '\u{1f}';

/// `valid␟possible␟e164␟region␟type␟errorCode␟errorMessage` (empty = null); js/api.mjs turns it
/// into the documented object, with `national`/`international` computed on first read.
#[wasm_bindgen(js_name = normalizePhone)]
pub fn normalize_phone(input: JsValue, opts: JsValue) -> Result<String, JsValue> {
    let input = string_arg(&input, "normalizePhone: input", phone::MAX_FIELD_BYTES)?;
    let opts = options(&opts, "normalizePhone options", &["defaultRegion"])?;
    let region = option_string(&opts, "defaultRegion", 16)?;
    let info = phone::normalize_with(&input, region.as_deref(), phone::Formats::Skip).map_err(to_js_error)?;
    let flag = |b: bool| if b { "1" } else { "0" };
    let (code, message) = match &info.error {
        Some(e) => (e.code.as_str(), e.message.as_str()),
        None => ("", ""),
    };
    Ok([
        flag(info.valid),
        flag(info.possible),
        info.e164.as_deref().unwrap_or(""),
        info.region.as_deref().unwrap_or(""),
        info.number_type.unwrap_or(""),
        code,
        message,
    ]
    .join(&SEP.to_string()))
}

/// `national␟international` of a valid E.164 number.
#[wasm_bindgen(js_name = formatPhone)]
pub fn format_phone(e164: JsValue) -> Result<String, JsValue> {
    let e164 = string_arg(&e164, "formatPhone: e164", 32)?;
    let (national, international) = phone::display_formats_for_e164(&e164).map_err(to_js_error)?;
    Ok(format!("{national}{SEP}{international}"))
}

#[wasm_bindgen(js_name = supportedRegions)]
pub fn supported_regions() -> Result<JsValue, JsValue> {
    to_js(&phone::supported_regions())
}

#[wasm_bindgen(js_name = countryCodeForRegion)]
pub fn country_code_for_region(region: JsValue) -> Result<JsValue, JsValue> {
    let region = string_arg(&region, "countryCodeForRegion: region", 16)?;
    let code = phone::country_code_for_region(&region).map_err(to_js_error)?;
    Ok(code.map(JsValue::from).unwrap_or(JsValue::NULL))
}

#[wasm_bindgen(js_name = newToken)]
pub fn new_token() -> Result<String, JsValue> {
    token::new_token().map_err(to_js_error)
}

/// Returns the canonical token, or `null` when the input is not a token.
#[wasm_bindgen(js_name = parseToken)]
pub fn parse_token(input: JsValue) -> Result<JsValue, JsValue> {
    let input = string_arg(&input, "parseToken: input", 1024)?;
    Ok(token::parse_token(&input)
        .map(JsValue::from)
        .unwrap_or(JsValue::NULL))
}

/// Consent texts (the `texts` feature; not in the EU phone build).
#[cfg(feature = "texts")]
mod text_exports {
    use super::*;
    use crate::texts::{self, Kind, Purpose, TextParams};

    fn option_bool(obj: &Option<Object>, key: &str) -> Result<bool, JsValue> {
        let Some(obj) = obj else { return Ok(false) };
        let v = Reflect::get(obj, &key.into()).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() || v.is_null() {
            return Ok(false);
        }
        v.as_bool()
            .ok_or_else(|| misuse(format!("{key} must be a boolean")))
    }

    const TEXT_OPTIONS: &[&str] = &[
        "lang",
        "company",
        "name",
        "purpose",
        "purposes",
        "privacyUrl",
        "contact",
        "businessPhone",
        "token",
        "fallback",
    ];

    /// `params` of renderText / templateDefinition: `purpose` (one) or `purposes` (an array).
    pub(super) fn text_params(
        v: &JsValue,
        what: &str,
        extra: &[&str],
    ) -> Result<(TextParams, Option<Object>), JsValue> {
        let allowed: Vec<&str> = TEXT_OPTIONS.iter().chain(extra).copied().collect();
        let obj = options(v, what, &allowed)?;
        if obj.is_none() {
            return Err(misuse(format!("{what} is required (at least lang and company)")));
        }
        let lang =
            option_string(&obj, "lang", 35)?.ok_or_else(|| misuse(format!("{what}: lang is required")))?;
        let mut purposes = Vec::new();
        if let Some(p) = option_string(&obj, "purpose", 16)? {
            purposes.push(Purpose::parse(&p).map_err(to_js_error)?);
        }
        let list = obj
            .as_ref()
            .map(|o| Reflect::get(o, &"purposes".into()).unwrap_or(JsValue::UNDEFINED));
        if let Some(list) = list.filter(|l| !l.is_undefined() && !l.is_null()) {
            let Some(arr) = list.dyn_ref::<Array>() else {
                return Err(misuse(format!(
                    "{what}: purposes must be an array such as ['promo', 'trans']"
                )));
            };
            if arr.length() > 8 {
                return Err(misuse(format!("{what}: purposes has more than 8 entries")));
            }
            for item in arr.iter() {
                let s = string_arg(&item, "purposes[]", 16)?;
                purposes.push(Purpose::parse(&s).map_err(to_js_error)?);
            }
        }
        let params = TextParams {
            lang,
            fallback: option_bool(&obj, "fallback")?,
            company: option_string(&obj, "company", 4096)?,
            name: option_string(&obj, "name", 4096)?,
            purposes,
            privacy_url: option_string(&obj, "privacyUrl", 8192)?,
            contact: option_string(&obj, "contact", 8192)?,
            business_phone: option_string(&obj, "businessPhone", 256)?,
            token: option_string(&obj, "token", 64)?,
        };
        Ok((params, obj))
    }

    #[wasm_bindgen(js_name = renderText)]
    pub fn render_text(kind: JsValue, params: JsValue) -> Result<JsValue, JsValue> {
        let kind = string_arg(&kind, "renderText: kind", 64)?;
        let kind = Kind::parse(&kind).map_err(to_js_error)?;
        let (params, _) = text_params(&params, "renderText params", &[])?;
        to_js(&texts::render(kind, &params).map_err(to_js_error)?)
    }

    #[wasm_bindgen(js_name = textLanguages)]
    pub fn text_languages() -> Result<JsValue, JsValue> {
        to_js(&texts::languages())
    }

    #[wasm_bindgen(js_name = waLink)]
    pub fn wa_link(business_phone: JsValue, opts: JsValue) -> Result<String, JsValue> {
        let phone = string_arg(&business_phone, "waLink: businessPhone", 256)?;
        let opts = options(&opts, "waLink options", &["text"])?;
        let text = option_string(&opts, "text", 4096)?;
        texts::wa_link(&phone, text.as_deref()).map_err(to_js_error)
    }
}
#[cfg(feature = "replies")]
use text_exports::text_params;

/// Reply parsing, webhooks and signatures (the `replies` feature; not in the browser build).
#[cfg(feature = "replies")]
mod replies {
    use super::*;
    use crate::reply::{self, Intent, ReplyOptions};
    use crate::{signature, webhook};

    fn to_json<T: Serialize>(value: &T) -> Result<String, JsValue> {
        serde_json::to_string(value)
            .map_err(|e| to_js_error(Error::new(ErrorCode::InvalidArgument, e.to_string())))
    }

    /// `{ lang, pending }` for parseReply and parseWebhook. `pending` is `"confirmation"` or a boolean.
    fn reply_options(opts: &JsValue, what: &str) -> Result<(Option<String>, bool), JsValue> {
        let opts = options(opts, what, &["lang", "pending"])?;
        let lang = option_string(&opts, "lang", 35)?;
        let pending = match &opts {
            None => false,
            Some(o) => {
                let v = Reflect::get(o, &"pending".into()).unwrap_or(JsValue::UNDEFINED);
                if v.is_undefined() || v.is_null() {
                    false
                } else if let Some(b) = v.as_bool() {
                    b
                } else if v.as_string().as_deref() == Some("confirmation") {
                    true
                } else {
                    return Err(misuse(format!(
                        "{what}: pending must be \"confirmation\" or a boolean"
                    )));
                }
            }
        };
        Ok((lang, pending))
    }

    /// The reply as JSON text (JSON.parse on the JS side is faster than building the object here).
    #[wasm_bindgen(js_name = parseReply)]
    pub fn parse_reply(text: JsValue, opts: JsValue) -> Result<String, JsValue> {
        let text = string_arg(&text, "parseReply: text", reply::MAX_REPLY_BYTES)?;
        let (lang, pending) = reply_options(&opts, "parseReply options")?;
        let r = reply::parse_reply(
            &text,
            &ReplyOptions {
                lang: lang.as_deref(),
                pending,
            },
        )
        .map_err(to_js_error)?;
        to_json(&r)
    }

    #[wasm_bindgen(js_name = replyLanguages)]
    pub fn reply_languages() -> Result<JsValue, JsValue> {
        to_js(&reply::languages())
    }

    /// Events as JSON text. The body is the raw JSON string (the JS wrapper stringifies objects).
    #[wasm_bindgen(js_name = parseWebhook)]
    pub fn parse_webhook(body: JsValue, opts: JsValue) -> Result<String, JsValue> {
        let body = string_arg(&body, "parseWebhook: body", webhook::MAX_WEBHOOK_BYTES)?;
        let (lang, pending) = reply_options(&opts, "parseWebhook options")?;
        let events = webhook::parse_webhook(
            &body,
            &ReplyOptions {
                lang: lang.as_deref(),
                pending,
            },
        )
        .map_err(to_js_error)?;
        to_json(&events)
    }

    /// Bytes of a string (UTF-8) or of a Uint8Array / ArrayBuffer / Node Buffer.
    fn bytes_arg(v: &JsValue, what: &str, max: usize) -> Result<Vec<u8>, JsValue> {
        if v.is_string() {
            return string_arg(v, what, max).map(String::into_bytes);
        }
        let array = if let Some(buf) = v.dyn_ref::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(buf)
        } else if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
            a.clone()
        } else {
            return Err(misuse(format!(
                "{what} must be a string, Uint8Array or ArrayBuffer, got {}",
                type_name(v)
            )));
        };
        if array.length() as usize > max {
            return Err(to_js_error(Error::new(
                ErrorCode::InputTooLarge,
                format!("{what} is {} bytes; the limit is {max}", array.length()),
            )));
        }
        Ok(array.to_vec())
    }

    #[wasm_bindgen(js_name = verifyWebhookSignature)]
    pub fn verify_webhook_signature(
        raw_body: JsValue,
        header: JsValue,
        app_secret: JsValue,
    ) -> Result<bool, JsValue> {
        let body = bytes_arg(
            &raw_body,
            "verifyWebhookSignature: rawBody",
            webhook::MAX_WEBHOOK_BYTES,
        )?;
        if header.is_undefined() || header.is_null() {
            return Ok(false);
        }
        let header = string_arg(&header, "verifyWebhookSignature: signatureHeader", 1024)?;
        let secret = bytes_arg(&app_secret, "verifyWebhookSignature: appSecret", 1024)?;
        if secret.is_empty() {
            return Err(misuse("verifyWebhookSignature: appSecret is empty".into()));
        }
        Ok(signature::verify(&body, &header, &secret))
    }

    #[wasm_bindgen(js_name = signWebhookBody)]
    pub fn sign_webhook_body(raw_body: JsValue, app_secret: JsValue) -> Result<String, JsValue> {
        let body = bytes_arg(&raw_body, "signWebhookBody: rawBody", webhook::MAX_WEBHOOK_BYTES)?;
        let secret = bytes_arg(&app_secret, "signWebhookBody: appSecret", 1024)?;
        if secret.is_empty() {
            return Err(misuse("signWebhookBody: appSecret is empty".into()));
        }
        Ok(signature::sign(&body, &secret))
    }

    #[wasm_bindgen(js_name = encodePayload)]
    pub fn encode_payload(intent: JsValue, token: JsValue) -> Result<String, JsValue> {
        let name = string_arg(&intent, "encodePayload: intent", 32)?;
        let intent = Intent::ALL
            .iter()
            .copied()
            .find(|i| i.as_str() == name && *i != Intent::None)
            .ok_or_else(|| misuse(format!("encodePayload: unknown intent {name:?}")))?;
        let token = if token.is_undefined() || token.is_null() {
            None
        } else {
            Some(string_arg(&token, "encodePayload: token", 64)?)
        };
        webhook::encode_payload(intent, token.as_deref()).map_err(to_js_error)
    }

    /// `{ intent, token }` for one of our payloads, null for any other string; a malformed payload
    /// of ours throws INVALID_ARGUMENT.
    #[wasm_bindgen(js_name = decodePayload)]
    pub fn decode_payload(payload: JsValue) -> Result<JsValue, JsValue> {
        let payload = string_arg(&payload, "decodePayload: payload", 256)?;
        match webhook::decode_payload(&payload) {
            None => Ok(JsValue::NULL),
            Some(Err(reason)) => Err(misuse(reason)),
            Some(Ok(a)) => {
                let obj = Object::new();
                let _ = Reflect::set(&obj, &"intent".into(), &a.intent.as_str().into());
                let _ = Reflect::set(
                    &obj,
                    &"token".into(),
                    &a.token.map(JsValue::from).unwrap_or(JsValue::NULL),
                );
                Ok(obj.into())
            }
        }
    }

    #[wasm_bindgen(js_name = templateDefinition)]
    pub fn template_definition(params: JsValue) -> Result<String, JsValue> {
        let (p, obj) = text_params(
            &params,
            "templateDefinition params",
            &["kind", "templateName", "personalized"],
        )?;
        let kind = option_string(&obj, "kind", 32)?.unwrap_or_else(|| "confirmation".into());
        let kind = crate::templates::TemplateKind::parse(&kind).map_err(to_js_error)?;
        let name = option_string(&obj, "templateName", 512)?
            .ok_or_else(|| misuse("templateDefinition: templateName is required".into()))?;
        let personalized = match obj
            .as_ref()
            .map(|o| Reflect::get(o, &"personalized".into()).unwrap_or(JsValue::UNDEFINED))
        {
            Some(v) if v.is_undefined() || v.is_null() => true,
            Some(v) => v
                .as_bool()
                .ok_or_else(|| misuse("personalized must be a boolean".into()))?,
            None => true,
        };
        let v = crate::templates::template_definition(kind, &name, &p, personalized).map_err(to_js_error)?;
        to_json(&v)
    }

    #[wasm_bindgen(js_name = templatePayload)]
    pub fn template_payload(params: JsValue) -> Result<String, JsValue> {
        let obj = options(
            &params,
            "templatePayload params",
            &[
                "kind",
                "to",
                "templateName",
                "lang",
                "name",
                "token",
                "defaultRegion",
            ],
        )?;
        let kind = option_string(&obj, "kind", 32)?.unwrap_or_else(|| "confirmation".into());
        let kind = crate::templates::TemplateKind::parse(&kind).map_err(to_js_error)?;
        let to = option_string(&obj, "to", 256)?
            .ok_or_else(|| misuse("templatePayload: to is required".into()))?;
        let template_name = option_string(&obj, "templateName", 512)?
            .ok_or_else(|| misuse("templatePayload: templateName is required".into()))?;
        let lang = option_string(&obj, "lang", 35)?
            .ok_or_else(|| misuse("templatePayload: lang is required".into()))?;
        let name = option_string(&obj, "name", 4096)?;
        let token = option_string(&obj, "token", 64)?;
        let region = option_string(&obj, "defaultRegion", 16)?;
        let v = crate::templates::template_payload(&crate::templates::SendRequest {
            kind,
            to: &to,
            template_name: &template_name,
            lang: &lang,
            name: name.as_deref(),
            token: token.as_deref(),
            default_region: region.as_deref(),
        })
        .map_err(to_js_error)?;
        to_json(&v)
    }
}

/// The consent engine. Records, submissions and options cross as JSON text (js/api.mjs
/// stringifies and parses); the checks live in `consent::api`.
#[cfg(feature = "consent")]
mod consent_exports {
    use super::*;
    use crate::consent::api;

    /// A JSON text argument made by the wrapper (so a type error here is the wrapper's bug).
    fn json_arg(v: &JsValue, what: &str, max: usize) -> Result<String, JsValue> {
        string_arg(v, what, max)
    }

    const OPTS_MAX: usize = 64 * 1024;

    #[wasm_bindgen(js_name = validateConsent)]
    pub fn validate_consent(submission: JsValue, options: JsValue) -> Result<String, JsValue> {
        let s = json_arg(&submission, "validateConsent: submission", crate::consent::MAX_SUBMISSION_BYTES)?;
        let o = json_arg(&options, "validateConsent options", OPTS_MAX)?;
        api::validate_consent(&s, &o).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = widgetTexts)]
    pub fn widget_texts(lang: JsValue) -> Result<JsValue, JsValue> {
        let lang = string_arg(&lang, "widgetTexts: lang", 35)?;
        let obj = Object::new();
        for (k, v) in crate::consent::labels::widget_texts(&lang) {
            let _ = Reflect::set(&obj, &k.into(), &v.into());
        }
        Ok(obj.into())
    }
}

#[cfg(feature = "replies")]
mod record_exports {
    use super::*;
    use crate::consent::{api, MAX_RECORD_BYTES};

    const OPTS_MAX: usize = 64 * 1024;

    fn rec(v: &JsValue, what: &str) -> Result<String, JsValue> {
        string_arg(v, what, MAX_RECORD_BYTES)
    }
    fn opt(v: &JsValue, what: &str) -> Result<String, JsValue> {
        string_arg(v, what, OPTS_MAX)
    }
    fn secret_arg(v: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
        if let Some(s) = v.as_string() {
            if s.len() > 1024 {
                return Err(misuse(format!("{what} is longer than 1024 bytes")));
            }
            return Ok(s.into_bytes());
        }
        if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
            if a.length() > 1024 {
                return Err(misuse(format!("{what} is longer than 1024 bytes")));
            }
            return Ok(a.to_vec());
        }
        Err(misuse(format!("{what} must be a string or Uint8Array, got {}", type_name(v))))
    }

    #[wasm_bindgen(js_name = createConsent)]
    pub fn create_consent(submission: JsValue, options: JsValue) -> Result<String, JsValue> {
        let s = string_arg(&submission, "createConsent: submission", crate::consent::MAX_SUBMISSION_BYTES)?;
        match api::create_consent(&s, &opt(&options, "createConsent options")?).map_err(to_js_error)? {
            Ok(out) => Ok(out),
            Err(invalid) => {
                let e = to_js_error(invalid.error);
                let violations = js_sys::JSON::parse(&invalid.violations).unwrap_or(JsValue::NULL);
                let _ = Reflect::set(&e, &"violations".into(), &violations);
                Err(e)
            }
        }
    }

    #[wasm_bindgen(js_name = applyReply)]
    pub fn apply_reply(record: JsValue, input: JsValue, is_text: bool, options: JsValue) -> Result<String, JsValue> {
        let r = rec(&record, "applyReply: record")?;
        let i = string_arg(&input, "applyReply: input", crate::webhook::MAX_WEBHOOK_BYTES)?;
        api::apply_reply(&r, &i, is_text, &opt(&options, "applyReply options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = recordSent)]
    pub fn record_sent(record: JsValue, sent: JsValue, options: JsValue) -> Result<String, JsValue> {
        api::record_sent(&rec(&record, "recordSent: record")?, &opt(&sent, "recordSent: sent")?, &opt(&options, "recordSent options")?)
            .map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = verifyRecord)]
    pub fn verify_record(record: JsValue, options: JsValue) -> Result<String, JsValue> {
        api::verify_record(&rec(&record, "verifyRecord: record")?, &opt(&options, "verifyRecord options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = canSend)]
    pub fn can_send(record: JsValue, options: JsValue) -> Result<String, JsValue> {
        api::can_send(&rec(&record, "canSend: record")?, &opt(&options, "canSend options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = consentReceipt)]
    pub fn consent_receipt(record: JsValue) -> Result<String, JsValue> {
        api::consent_receipt(&rec(&record, "consentReceipt: record")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = kantaraReceipt)]
    pub fn kantara_receipt(record: JsValue) -> Result<String, JsValue> {
        api::kantara_receipt(&rec(&record, "kantaraReceipt: record")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = printRecord)]
    pub fn print_record(record: JsValue, options: JsValue) -> Result<String, JsValue> {
        api::print_record(&rec(&record, "printRecord: record")?, &opt(&options, "printRecord options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = accessReport)]
    pub fn access_report(record: JsValue, options: JsValue) -> Result<String, JsValue> {
        api::access_report(&rec(&record, "accessReport: record")?, &opt(&options, "accessReport options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = eraseRecord)]
    pub fn erase_record(record: JsValue, secret: JsValue, options: JsValue) -> Result<String, JsValue> {
        let s = secret_arg(&secret, "eraseRecord: secret")?;
        api::erase_record(&rec(&record, "eraseRecord: record")?, &s, &opt(&options, "eraseRecord options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = suppressionKey)]
    pub fn suppression_key(phone: JsValue, secret: JsValue) -> Result<String, JsValue> {
        let p = string_arg(&phone, "suppressionKey: phone", 256)?;
        let s = secret_arg(&secret, "suppressionKey: secret")?;
        crate::consent::erase::suppression_key(&p, &s).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = isSuppressed)]
    pub fn is_suppressed(phone: JsValue, entries: JsValue, secret: JsValue) -> Result<bool, JsValue> {
        let p = string_arg(&phone, "isSuppressed: phone", 256)?;
        let e = string_arg(&entries, "isSuppressed: entries", 64 * 1024 * 1024)?;
        let s = secret_arg(&secret, "isSuppressed: secret")?;
        api::is_suppressed(&p, &e, &s).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = retention)]
    pub fn retention(record: JsValue, policy: JsValue) -> Result<String, JsValue> {
        api::retention(&rec(&record, "retention: record")?, &opt(&policy, "retention policy")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = planMigration)]
    pub fn plan_migration(contacts: JsValue, options: JsValue) -> Result<String, JsValue> {
        let c = string_arg(&contacts, "planMigration: contacts", 64 * 1024 * 1024)?;
        api::plan_migration(&c, &opt(&options, "planMigration options")?).map_err(to_js_error)
    }

    #[wasm_bindgen(js_name = hashToken)]
    pub fn hash_token(token: JsValue) -> Result<String, JsValue> {
        let t = string_arg(&token, "hashToken: token", 1024)?;
        api::hash_token(&t).map_err(to_js_error)
    }
}
