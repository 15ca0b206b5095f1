//! The core under wasm (in Node, via wasm-bindgen-test-runner) and natively: the same test runs
//! both ways where it has no JS types; the binding tests run under wasm only.
use wasm_bindgen_test::wasm_bindgen_test;
use whatsapp_consent::{phone, token};

#[wasm_bindgen_test(unsupported = test)]
fn phone_normalisation_is_the_same_in_wasm() {
    let p = phone::normalize("030 1234567", Some("DE")).unwrap();
    assert_eq!(p.e164.as_deref(), Some("+49301234567"));
    assert_eq!(p.number_type, Some("FIXED_LINE"));
    let bad = phone::normalize("+49 1", None).unwrap();
    assert_eq!(bad.error.unwrap().code.as_str(), "TOO_SHORT");
}

#[wasm_bindgen_test(unsupported = test)]
fn tokens_come_from_the_host_csprng() {
    let a = token::new_token().unwrap();
    let b = token::new_token().unwrap();
    assert_ne!(a, b);
    assert_eq!(token::parse_token(&a.to_lowercase()).unwrap(), a);
}

#[cfg(target_arch = "wasm32")]
mod bindings {
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::wasm_bindgen_test;
    use whatsapp_consent::bindings::{normalize_phone, parse_token};

    fn code_of(err: JsValue) -> String {
        let e: js_sys::Error = err.dyn_into().expect("an Error object");
        js_sys::Reflect::get(&e, &"code".into())
            .unwrap()
            .as_string()
            .unwrap()
    }

    #[wasm_bindgen_test]
    fn wrong_types_throw_coded_errors_and_the_module_keeps_working() {
        let opts = js_sys::Object::new();
        assert_eq!(
            code_of(normalize_phone(JsValue::from(5), JsValue::UNDEFINED).unwrap_err()),
            "INVALID_ARGUMENT"
        );
        js_sys::Reflect::set(&opts, &"region".into(), &"DE".into()).unwrap();
        assert_eq!(
            code_of(normalize_phone("1".into(), opts.into()).unwrap_err()),
            "INVALID_ARGUMENT"
        );
        let huge = "9".repeat(70_000);
        assert_eq!(
            code_of(normalize_phone(huge.into(), JsValue::NULL).unwrap_err()),
            "INPUT_TOO_LARGE"
        );
        assert!(parse_token(JsValue::from("nope")).unwrap().is_null());

        // The compact record js/api.mjs decodes: valid, possible, e164, region, type, code, message.
        let ok = normalize_phone("+4915123456789".into(), JsValue::NULL).unwrap();
        let fields: Vec<&str> = ok.split('\u{1f}').collect();
        assert_eq!(fields, ["1", "1", "+4915123456789", "DE", "MOBILE", "", ""]);
        let bad = normalize_phone("+49 1".into(), JsValue::NULL).unwrap();
        assert_eq!(bad.split('\u{1f}').nth(5), Some("TOO_SHORT"));
    }
}
