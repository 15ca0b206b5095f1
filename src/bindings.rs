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
    value.serialize(&ser).map_err(|e| to_js_error(Error::new(ErrorCode::InvalidArgument, e.to_string())))
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
    let info = phone::normalize_with(&input, region.as_deref(), phone::Formats::Skip)
        .map_err(to_js_error)?;
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
    Ok(token::parse_token(&input).map(JsValue::from).unwrap_or(JsValue::NULL))
}
