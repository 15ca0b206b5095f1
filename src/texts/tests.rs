use super::*;

fn params(lang: &str, purposes: &[Purpose]) -> TextParams {
    TextParams {
        lang: lang.into(),
        company: Some("Musterladen GmbH".into()),
        name: Some("Anna".into()),
        purposes: purposes.to_vec(),
        privacy_url: Some("https://example.com/privacy".into()),
        contact: Some("privacy@example.com".into()),
        business_phone: Some("+49 30 1234567".into()),
        token: Some("3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE".into()),
        fallback: false,
    }
}

fn has(text: &str, needle: &str, what: &str) {
    assert!(
        text.to_lowercase().contains(&needle.to_lowercase()),
        "{what}: {needle:?} missing in {text:?}"
    );
}

#[test]
fn every_kind_in_every_language_has_its_required_elements() {
    let langs = languages();
    assert!(!langs.is_empty());
    for lang in langs {
        let p = params(lang, &[Purpose::Promo]);
        let get = |k: &str| raw(lang, k).unwrap().to_string();
        let (promo, trans) = (get("purposes.promo"), get("purposes.trans"));
        let kw = |k: &str| get(&format!("keywords.{k}"));
        for kind in Kind::ALL {
            let r = render(kind, &p).unwrap_or_else(|e| panic!("{lang} {}: {e}", kind.as_str()));
            let t = &r.text;
            let what = format!("{lang} {}", kind.as_str());
            assert_eq!(r.version, sha256_hex(t), "{what}");
            assert_eq!(render(kind, &p).unwrap(), r, "{what}: rendering is deterministic");
            assert!(
                !t.contains('{') && !t.contains('}'),
                "{what}: unfilled placeholder in {t:?}"
            );
            match kind {
                Kind::Checkbox => {
                    for n in [
                        "Musterladen GmbH",
                        "WhatsApp",
                        &promo,
                        &kw("stop"),
                        "https://example.com/privacy",
                    ] {
                        has(t, n, &what);
                    }
                    assert!(!t.contains(&trans), "{what}: one purpose per checkbox");
                }
                Kind::Confirmation => {
                    for n in ["Anna", "Musterladen GmbH", &promo, &kw("confirm"), &kw("stop")] {
                        has(t, n, &what);
                    }
                    assert!(
                        !t.contains("http"),
                        "{what}: no links or advertising in a confirmation request"
                    );
                }
                Kind::Confirmed => {
                    for n in [
                        "Musterladen GmbH",
                        &promo,
                        &kw("stop"),
                        &kw("promo"),
                        &kw("trans"),
                        &kw("all"),
                        &kw("help"),
                    ] {
                        has(t, n, &what);
                    }
                }
                Kind::OptoutFooter => has(t, &kw("stop"), &what),
                Kind::Unsubscribed => {
                    has(t, "Musterladen GmbH", &what);
                    has(t, &kw("start"), &what);
                    assert!(!t.contains(&promo), "{what}: no marketing after an opt-out");
                }
                Kind::Preferences => {
                    for n in [
                        "Musterladen GmbH",
                        &promo,
                        &trans,
                        &kw("promo"),
                        &kw("trans"),
                        &kw("all"),
                        &kw("stop"),
                    ] {
                        has(t, n, &what);
                    }
                }
                Kind::Help => {
                    for n in ["Musterladen GmbH", &kw("stop"), "privacy@example.com"] {
                        has(t, n, &what);
                    }
                }
                Kind::PrivacyNotice => {
                    for n in [
                        "Musterladen GmbH",
                        "privacy@example.com",
                        "https://example.com/privacy",
                        "WhatsApp",
                        "Meta",
                        "6",
                        &kw("stop"),
                    ] {
                        has(t, n, &what);
                    }
                }
                Kind::InvitationEmail => {
                    for n in [
                        "https://wa.me/49301234567?text=",
                        "https://example.com/privacy",
                        &kw("stop"),
                        &promo,
                    ] {
                        has(t, n, &what);
                    }
                    has(r.subject.as_deref().unwrap(), "Musterladen GmbH", &what);
                    let link = r.link.as_deref().unwrap();
                    assert!(
                        link.contains(&percent_encode(&kw("confirm"))),
                        "{what}: link pre-fills the confirm word: {link}"
                    );
                    assert!(link.contains("3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE"), "{what}");
                    assert!(
                        r.html.contains("<a href=\"https://wa.me/49301234567?text="),
                        "{what}"
                    );
                }
            }
        }
    }
}

#[test]
fn html_is_escaped_and_whatsapp_formatting_neutralised() {
    let mut p = params("en", &[Purpose::Trans]);
    p.company = Some("<script>alert(1)</script> & *Deals* _Co_".into());
    let r = render(Kind::Checkbox, &p).unwrap();
    assert!(
        r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<script>"));
    assert!(r.html.contains("<a href=\"https://example.com/privacy\">"));
    let wa = render(Kind::Confirmation, &p).unwrap();
    assert!(wa.text.contains("＊Deals＊ ＿Co＿"), "{}", wa.text);
    p.company = Some("A\u{0}B\nC\tD".into());
    assert!(render(Kind::Unsubscribed, &p).unwrap().text.contains("A B C D"));
    p.company = Some("x".repeat(201));
    assert_eq!(
        render(Kind::Unsubscribed, &p).unwrap_err().code,
        ErrorCode::InputTooLarge
    );
}

#[test]
fn one_checkbox_per_purpose_and_required_parameters() {
    let p = params("en", &[Purpose::Promo, Purpose::Trans]);
    assert_eq!(
        render(Kind::Checkbox, &p).unwrap_err().code,
        ErrorCode::BundledPurposes
    );
    assert_eq!(
        render(Kind::Checkbox, &params("en", &[])).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    let mut p = params("en", &[Purpose::Promo]);
    p.privacy_url = Some("javascript:alert(1)".into());
    assert_eq!(
        render(Kind::Checkbox, &p).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    p.company = None;
    assert_eq!(
        render(Kind::Confirmation, &p).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    let mut p = params("xx", &[Purpose::Promo]);
    assert_eq!(
        render(Kind::Confirmation, &p).unwrap_err().code,
        ErrorCode::UnsupportedLanguage
    );
    p.fallback = true;
    assert_eq!(render(Kind::Confirmation, &p).unwrap().lang, "en");
}

#[test]
fn versions_are_stable() {
    let r = render(Kind::OptoutFooter, &params("en", &[])).unwrap();
    assert_eq!(r.text, "Reply STOP to unsubscribe");
    // printf "Reply STOP to unsubscribe" | sha256sum
    assert_eq!(
        r.version,
        "sha256:de17ce59e3c1ffc739fd0fc5b2be7f1ede52fa1d1cf9fb13c1cb00201bf538f0"
    );
}

#[test]
fn wa_links() {
    assert_eq!(
        wa_link("+49 30 1234567", Some("JA 1 2")).unwrap(),
        "https://wa.me/49301234567?text=JA%201%202"
    );
    assert_eq!(
        wa_link("+49 30 1234567", None).unwrap(),
        "https://wa.me/49301234567"
    );
    assert_eq!(
        wa_link("030 1234567", None).unwrap_err().code,
        ErrorCode::InvalidArgument
    );
    assert_eq!(percent_encode("ä&=?"), "%C3%A4%26%3D%3F");
}

#[cfg(feature = "replies")]
#[test]
fn every_keyword_a_text_asks_for_is_understood() {
    use crate::reply::{parse_reply, Intent, ReplyOptions};
    use crate::webhook::action_intent;
    for lang in languages() {
        // The keywords are named by the action words of our payloads (`stop` → opt_out).
        for k in ["confirm", "stop", "start", "promo", "trans", "all", "help"] {
            let intent = action_intent(k).unwrap();
            let word = raw(lang, &format!("keywords.{k}")).unwrap();
            let got = parse_reply(
                word,
                &ReplyOptions {
                    lang: Some(lang),
                    pending: true,
                },
            )
            .unwrap();
            assert_eq!(got.intent, intent, "{lang}: keyword {k} = {word:?}");
            if let Some(label) = button_label(lang, k) {
                let got = parse_reply(
                    label,
                    &ReplyOptions {
                        lang: Some(lang),
                        pending: true,
                    },
                )
                .unwrap();
                assert_eq!(got.intent, intent, "{lang}: button {k} = {label:?}");
            }
        }
        // The pre-filled invitation message confirms and carries the token.
        let r = render(Kind::InvitationEmail, &params(lang, &[Purpose::Promo])).unwrap();
        let prefilled = raw(lang, "templates.prefilled_message")
            .unwrap()
            .replace("{kw_confirm}", raw(lang, "keywords.confirm").unwrap())
            .replace("{token}", r.token.as_deref().unwrap());
        let got = parse_reply(
            &prefilled,
            &ReplyOptions {
                lang: Some(lang),
                pending: true,
            },
        )
        .unwrap();
        assert_eq!(
            (got.intent, got.token),
            (Intent::Confirm, r.token),
            "{lang}: {prefilled:?}"
        );
    }
}
