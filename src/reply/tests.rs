use super::*;

fn p(text: &str) -> Reply {
    parse_reply(text, &ReplyOptions::default()).unwrap()
}
fn pl(text: &str, lang: &str) -> Reply {
    parse_reply(
        text,
        &ReplyOptions {
            lang: Some(lang),
            pending: true,
        },
    )
    .unwrap()
}

#[test]
fn bare_keywords() {
    assert_eq!(p("STOP").intent, Intent::OptOut);
    assert_eq!(p("STOP").confidence, Some(Confidence::Keyword));
    assert_eq!(p("  stop!! ").intent, Intent::OptOut);
    assert_eq!(p("🛑").intent, Intent::OptOut);
    assert_eq!(pl("👍", "en").intent, Intent::Confirm);
    assert_eq!(p("Stopp danke").intent, Intent::OptOut);
    assert_eq!(p("stoooop").intent, Intent::OptOut);
    assert_eq!(p("Stpo").intent, Intent::OptOut);
    assert_eq!(p("STOP ALL").intent, Intent::OptOut);
    assert_eq!(p("HELP").intent, Intent::Help);
}

#[test]
fn policy_priorities() {
    assert_eq!(p("STOP and delete my data").intent, Intent::ErasureRequest);
    assert!(p("STOP and delete my data").also.contains(&Intent::OptOut));
    assert_eq!(pl("Yes, please stop", "en").intent, Intent::OptOut);
    let r = p("Stop. Where did you get my number?");
    assert_eq!(r.intent, Intent::OptOut);
    assert_eq!(r.also, vec![Intent::AccessRequest]);
    assert_eq!(p("STOP PROMO").intent, Intent::PrefTrans);
    assert_eq!(
        pl("stop offerte, ma i promemoria li voglio", "it").intent,
        Intent::PrefTrans
    );
    assert_eq!(pl("PROMO 👍", "sk").intent, Intent::PrefPromo);
    assert_eq!(p("Stop promotions").intent, Intent::PrefTrans);
}

#[test]
fn hard_negatives_stay_none() {
    for text in [
        "Don't stop sending me deals!",
        "my stopwatch broke",
        "I'm at the bus stop",
        "Cancel my order",
        "unstoppable",
    ] {
        assert_eq!(p(text).intent, Intent::None, "{text}");
    }
    assert_eq!(pl("Yes, but what time do you open?", "en").intent, Intent::None);
    assert_eq!(pl("Can I unsubscribe later?", "en").intent, Intent::None);
}

#[test]
fn ambiguous_words_follow_the_conversation_language() {
    assert_eq!(pl("Tak", "pl").intent, Intent::Confirm);
    assert_ne!(pl("Tak", "da").intent, Intent::Confirm);
    assert_ne!(p("Tak").intent, Intent::Confirm);
}

#[test]
fn tokens_are_found_and_do_not_disturb_the_intent() {
    let t = crate::token::new_token().unwrap();
    let r = pl(&format!("JA {}", t.to_lowercase()), "de");
    assert_eq!(r.intent, Intent::Confirm);
    assert_eq!(r.token.as_deref(), Some(t.as_str()));
}

#[test]
fn scripts_without_capitals_are_never_shouting() {
    let n = normalize::normalize("الغاء STOP Stop");
    let shouted: Vec<bool> = n.tokens.iter().map(|t| t.shouted).collect();
    assert_eq!(shouted, [false, true, false]);
}

#[test]
fn ordinary_words_are_never_a_token() {
    for text in [
        "Proszę o wypisanie mnie z tych wiadomości",
        "zadam o vymazani vsech mych osobnich udaju",
        "odstranite me s seznama prosim",
        "izbrisite sve sto imate o meni i odjavite me",
    ] {
        assert_eq!(p(text).token, None, "{text}");
    }
    let t = "7KQ3M2-XPA9F-0RTV5-GH8WD-N4CZE";
    assert_eq!(
        p(&format!("ja {}", t.replace('-', " "))).token.as_deref(),
        Some(t)
    );
    assert_eq!(p(&format!("JA {}", t.replace('-', ""))).token.as_deref(), Some(t));
}

#[test]
fn language_is_detected_and_reported() {
    assert_eq!(p("Bitte keine Nachrichten mehr").lang, Some("de"));
    assert_eq!(p("Je veux me désabonner").intent, Intent::OptOut);
    assert_eq!(pl("Ja", "de").lang, Some("de"));
    assert!(parse_reply(
        "x",
        &ReplyOptions {
            lang: Some("xx"),
            pending: false
        }
    )
    .is_err());
}
