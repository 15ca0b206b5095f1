//! parseReply and parseWebhook on random and hostile input: never a panic (a trap in wasm).
use whatsapp_consent::reply::{parse_reply, ReplyOptions};
use whatsapp_consent::webhook::parse_webhook;

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const POOL: &[&str] = &[
    "stop",
    "STOP",
    "ja",
    "nein",
    "tak",
    " ",
    ",",
    ".",
    "?",
    "!",
    "'",
    "-",
    "_",
    "*",
    "🛑",
    "👍",
    "😀",
    "\u{0}",
    "\u{200F}",
    "é",
    "ß",
    "ǅ",
    "İ",
    "ﬁ",
    "ς",
    "ё",
    "لا",
    "إلغاء",
    "ٌ",
    "ـ",
    "ne",
    "no",
    "don't",
    "not",
    "delete",
    "my",
    "data",
    "3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE",
    "0",
    "7",
    "Z",
    "aaaaaaaaaaaa",
    "\u{301}",
    "\u{FEFF}",
    "\n",
    "optin:",
    "stoooooop",
    "abmelden",
    "désabonner",
    "отписаться",
    "διαγραφή",
    "promo",
    "alles klar",
    "_",
];

#[test]
fn random_replies_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let langs = [
        None,
        Some("de"),
        Some("en"),
        Some("pl"),
        Some("ar"),
        Some("el"),
        Some("ru"),
    ];
    for _ in 0..20_000 {
        let mut s = String::new();
        for _ in 0..rng.next(30) {
            s.push_str(POOL[rng.next(POOL.len())]);
            if rng.next(3) == 0 {
                s.push(' ');
            }
        }
        let opts = ReplyOptions {
            lang: langs[rng.next(langs.len())],
            pending: rng.next(2) == 0,
        };
        let r =
            std::panic::catch_unwind(|| parse_reply(&s, &opts)).unwrap_or_else(|_| panic!("panic on {s:?}"));
        let r = r.unwrap();
        if let Some(m) = &r.matched {
            assert!(
                s.contains(m.as_str()),
                "matched text comes from the reply: {m:?} in {s:?}"
            );
        }
    }
}

#[test]
fn long_and_odd_replies() {
    let long = "stop ".repeat(12_000);
    assert_eq!(
        parse_reply(&long, &ReplyOptions::default())
            .unwrap()
            .intent
            .as_str(),
        "opt_out"
    );
    let too_long = "x".repeat(70_000);
    assert_eq!(
        parse_reply(&too_long, &ReplyOptions::default())
            .unwrap_err()
            .code
            .as_str(),
        "INPUT_TOO_LARGE"
    );
    for s in ["", "   ", "\u{0}", "🛑🛑🛑", "?!?!", "_ _ _", "* * *"] {
        parse_reply(s, &ReplyOptions::default()).unwrap();
    }
}

#[test]
fn webhook_shapes_never_panic() {
    let mut rng = Rng(42);
    let parts = [
        r#"{"object":"whatsapp_business_account","entry":["#,
        r#"{"id":1,"changes":["#,
        r#"{"field":"messages","value":"#,
        r#"{"messages":[{"type":"text","text":{"body":"STOP"},"from":"49151"}]}"#,
        r#"{"statuses":[{"status":"read","errors":[{}]}]}"#,
        r#"{"user_preferences":[{"value":7}]}"#,
        r#"{"messages":[{"type":"interactive","interactive":{"type":"list_reply","list_reply":null}}]}"#,
        r#"{"messages":[{"type":"button","button":{"payload":"optin:confirm:xx"}}]}"#,
        "null",
        "[]",
        "{}",
        "}",
        "]",
        ",",
        r#""x""#,
    ];
    for _ in 0..5_000 {
        let mut s = String::new();
        for _ in 0..rng.next(12) {
            s.push_str(parts[rng.next(parts.len())]);
        }
        let _ = std::panic::catch_unwind(|| parse_webhook(&s, &ReplyOptions::default()))
            .unwrap_or_else(|_| panic!("panic on {s}"));
    }
}
