//! The labelled evaluation set (tests/replies/*.jsonl, 30 languages) as a regression floor.
//! The targets are printed by `cargo run --release --example eval_replies`; these floors
//! are where the engine stands now, so a change that makes it worse fails here.
#[path = "support/replies.rs"]
mod replies;

use whatsapp_consent::reply::eval::{run, Metrics};
use whatsapp_consent::reply::Intent;

#[test]
fn evaluation_set_floors() {
    let outcomes = run(&replies::load_cases());
    assert!(outcomes.len() >= 1500, "{}", outcomes.len());
    assert!(
        outcomes
            .iter()
            .filter(|o| o.case.expected == Intent::None)
            .count()
            >= 150
    );
    for (name, m) in [
        (
            "language given",
            Metrics::of(outcomes.iter().map(|o| (o.case.expected, o.got))),
        ),
        (
            "language detected",
            Metrics::of(outcomes.iter().map(|o| (o.case.expected, o.got_without_lang))),
        ),
    ] {
        assert!(m.accuracy() >= 97.0, "{name}: accuracy {:.2}", m.accuracy());
        assert!(
            m.opt_out_recall() >= 98.5,
            "{name}: opt_out recall {:.2}",
            m.opt_out_recall()
        );
        assert!(
            m.false_confirm_rate() <= 0.5,
            "{name}: false confirm {:.2}",
            m.false_confirm_rate()
        );
        assert!(
            m.false_opt_out_rate() <= 2.0,
            "{name}: false opt_out {:.2}",
            m.false_opt_out_rate()
        );
    }
}

#[test]
fn every_language_has_every_intent_understood() {
    let outcomes = run(&replies::load_cases());
    let langs: std::collections::BTreeSet<&str> = outcomes.iter().map(|o| o.case.lang.as_str()).collect();
    assert_eq!(langs.len(), 30);
    for lang in langs {
        for intent in Intent::ALL {
            let cases: Vec<_> = outcomes
                .iter()
                .filter(|o| o.case.lang == lang && o.case.expected == intent)
                .collect();
            if cases.is_empty() {
                continue;
            }
            assert!(
                cases.iter().any(|o| o.got == intent),
                "{lang}: no {} reply understood",
                intent.as_str()
            );
        }
    }
}
