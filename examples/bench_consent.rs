//! Native timing of the consent engine's steps (the JS benchmark is bench/consent.mjs).
use std::time::Instant;
use whatsapp_consent::consent::api;

fn main() {
    let n = 2000;
    let text = whatsapp_consent::texts::render(
        whatsapp_consent::texts::Kind::Checkbox,
        &whatsapp_consent::texts::TextParams {
            lang: "de".into(),
            company: Some("Musterladen GmbH".into()),
            purposes: vec![whatsapp_consent::texts::Purpose::Promo],
            privacy_url: Some("https://musterladen.de/datenschutz".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let sub = serde_json::json!({
        "phone": "+4915123456789", "lang": "de",
        "controller": {"name": "Musterladen GmbH", "contact": "datenschutz@musterladen.de"},
        "privacyPolicyUrl": "https://musterladen.de/datenschutz",
        "checkboxes": [{"purpose": "promo", "checked": true, "preChecked": false, "text": text.text, "textVersion": text.version}],
        "source": {"method": "web_form"}, "collectedAt": "2026-11-29T08:59:00Z"
    })
    .to_string();
    let opts = r#"{"now":"2026-11-29T09:00:00Z"}"#;
    let t = Instant::now();
    for _ in 0..n {
        api::validate_consent(&sub, opts).unwrap();
    }
    println!("validate {:.1} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let t = Instant::now();
    let mut recs = Vec::new();
    for _ in 0..n {
        let out = api::create_consent(&sub, opts).unwrap().ok().unwrap();
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        recs.push(v["record"].to_string());
    }
    println!("create {:.1} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let t = Instant::now();
    let mut applied = Vec::new();
    for r in &recs {
        let out = api::apply_reply(r, "JA", true, r#"{"now":"2026-11-29T09:01:00Z","from":"+4915123456789"}"#).unwrap();
        applied.push(out);
    }
    println!("apply {:.1} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
    let recs2: Vec<String> = applied.iter().map(|o| serde_json::from_str::<serde_json::Value>(o).unwrap()["record"].to_string()).collect();
    let t = Instant::now();
    for r in &recs2 {
        api::can_send(r, r#"{"now":"2026-11-29T09:02:00Z","category":"marketing"}"#).unwrap();
    }
    println!("canSend {:.1} µs", t.elapsed().as_secs_f64() * 1e6 / n as f64);
}
