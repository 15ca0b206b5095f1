use super::*;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/webhooks/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn events(name: &str) -> Vec<Event> {
    parse_webhook(&fixture(name), &ReplyOptions::default()).unwrap()
}

const TOKEN: &str = "3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE";

#[test]
fn text_message() {
    let e = &events("text")[0];
    assert_eq!(e.kind, Some(EventKind::Text));
    assert_eq!(e.from.as_deref(), Some("+4915123456789"));
    assert_eq!(e.wa_id.as_deref(), Some("4915123456789"));
    assert_eq!(e.profile_name.as_deref(), Some("Anna Schmidt"));
    assert_eq!(e.timestamp, Some(1_732_184_000));
    assert_eq!(e.phone_number_id.as_deref(), Some("106540352242922"));
    assert_eq!(e.waba_id.as_deref(), Some("102290129340398"));
    let r = e.reply.as_ref().unwrap();
    assert_eq!(r.intent, Intent::OptOut);
    assert_eq!(r.lang, Some("de"));
}

#[test]
fn text_with_token_and_referral() {
    let e = &events("text_with_token")[0];
    let r = e.reply.as_ref().unwrap();
    assert_eq!((r.intent, r.token.as_deref()), (Intent::Confirm, Some(TOKEN)));
    let e = &events("text_referral")[0];
    assert_eq!(e.from.as_deref(), Some("+16315551234"));
    assert_eq!(e.reply.as_ref().unwrap().intent, Intent::None);
}

#[test]
fn our_payloads_are_decoded_exactly() {
    let e = &events("button_own_payload")[0];
    assert_eq!(e.kind, Some(EventKind::Button));
    assert_eq!(
        e.context_message_id.as_deref(),
        Some("wamid.HBgLMTU1NTA3ODM4ODEVAgARGBJBQkM0NTY3ODkwMTIzNDU2Nzg5AA==")
    );
    let r = e.reply.as_ref().unwrap();
    assert_eq!(
        (r.intent, r.confidence, r.token.as_deref()),
        (Intent::Confirm, Some(Confidence::Payload), Some(TOKEN))
    );
    let e = &events("interactive_button_reply")[0];
    assert_eq!(e.kind, Some(EventKind::Interactive));
    assert_eq!(e.text.as_deref(), Some("Commandes"));
    assert_eq!(e.reply.as_ref().unwrap().intent, Intent::PrefTrans);
    let e = &events("interactive_list_reply")[0];
    assert_eq!(e.description.as_deref(), Some("Ofertas y pedidos"));
    assert_eq!(e.reply.as_ref().unwrap().intent, Intent::PrefAll);
}

#[test]
fn payload_scheme_round_trips_and_rejects_malformed() {
    for &(_, intent) in ACTIONS {
        let p = encode_payload(intent, Some(TOKEN)).unwrap();
        assert_eq!(
            decode_payload(&p),
            Some(Ok(Action {
                intent,
                token: Some(TOKEN.into())
            }))
        );
    }
    assert_eq!(
        decode_payload("optin:stop").unwrap().unwrap().intent,
        Intent::OptOut
    );
    assert!(decode_payload("optin:maybe").unwrap().is_err());
    assert!(decode_payload("optin:confirm:NOT-A-TOKEN").unwrap().is_err());
    assert_eq!(decode_payload("CONFIRM_APPOINTMENT_12345"), None);
}

#[test]
fn foreign_buttons_are_read_by_their_label() {
    let e = &events("button_stop_promotions")[0];
    assert_eq!(
        e.reply.as_ref().unwrap().intent,
        Intent::PrefTrans,
        "Meta's Italian Stop promotions label"
    );
    assert_eq!(
        events("button_unsubscribe_label")[0]
            .reply
            .as_ref()
            .unwrap()
            .intent,
        Intent::OptOut
    );
    assert_eq!(
        events("interactive_cancel_button")[0]
            .reply
            .as_ref()
            .unwrap()
            .intent,
        Intent::OptOut
    );
}

#[test]
fn marketing_preferences() {
    let e = &events("user_preferences_stop")[0];
    assert_eq!(e.kind, Some(EventKind::MarketingPreference));
    assert_eq!(e.timestamp, Some(1_731_705_721));
    assert_eq!(e.preference.as_ref().unwrap().value, "stop");
    assert_eq!(e.reply.as_ref().unwrap().intent, Intent::PrefTrans);
    assert_eq!(e.from.as_deref(), Some("+4915123456789"));
    assert_eq!(
        events("user_preferences_resume")[0]
            .reply
            .as_ref()
            .unwrap()
            .intent,
        Intent::PrefPromo
    );
    let e = &events("system_preference_on_prem")[0];
    assert_eq!(
        (e.kind, e.reply.as_ref().unwrap().intent),
        (Some(EventKind::MarketingPreference), Intent::PrefTrans)
    );
}

#[test]
fn statuses_with_errors() {
    let ev = events("statuses");
    let states: Vec<&str> = ev
        .iter()
        .map(|e| e.status.as_ref().unwrap().status.as_str())
        .collect();
    assert_eq!(states, ["sent", "delivered", "read", "failed"]);
    assert_eq!(
        ev[0].status.as_ref().unwrap().pricing_category.as_deref(),
        Some("utility")
    );
    let failed = ev[3].status.as_ref().unwrap();
    assert_eq!(failed.recipient.as_deref(), Some("+393471234567"));
    assert_eq!(failed.errors[0].code, Some(131050));
    assert!(ev
        .iter()
        .all(|e| e.kind == Some(EventKind::Status) && e.reply.is_none()));
}

#[test]
fn nothing_is_dropped() {
    let ev = events("unsupported");
    assert_eq!(ev.len(), 3);
    assert_eq!(ev[0].kind, Some(EventKind::Unsupported));
    assert_eq!(ev[0].message_type.as_deref(), Some("image"));
    assert!(ev[0].reason.is_some());
    assert_eq!(ev[1].kind, Some(EventKind::Reaction));
    assert_eq!(
        ev[1].context_message_id.as_deref(),
        Some("wamid.confirmation-template-1")
    );
    assert_eq!(ev[1].reply.as_ref().unwrap().intent, Intent::Confirm);
    assert_eq!(ev[2].kind, Some(EventKind::Unsupported));
    let ev = events("template_status_update");
    assert_eq!((ev.len(), ev[0].kind), (1, Some(EventKind::Unsupported)));
    let ev = events("batch");
    let kinds: Vec<_> = ev.iter().map(|e| e.kind.unwrap()).collect();
    assert_eq!(kinds[..2], [EventKind::Text, EventKind::Interactive]);
    assert_eq!(kinds.len(), 6);
}

#[test]
fn malformed_bodies_are_clear_errors() {
    for (body, needle) in [
        ("not json", "invalid JSON"),
        ("[]", "no \"object\""),
        (r#"{"object":"page","entry":[]}"#, "\"page\""),
        (r#"{"object":"whatsapp_business_account"}"#, "entry"),
        (
            r#"{"object":"whatsapp_business_account","entry":[{"id":"1"}]}"#,
            "changes",
        ),
    ] {
        let err = parse_webhook(body, &ReplyOptions::default()).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidWebhook);
        assert!(err.message.contains(needle), "{}", err.message);
    }
    assert!(parse_webhook(
        r#"{"object":"whatsapp_business_account","entry":[]}"#,
        &ReplyOptions::default()
    )
    .unwrap()
    .is_empty());
}
