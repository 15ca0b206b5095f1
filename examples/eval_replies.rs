//! Prints parseReply's accuracy on the labelled set in tests/replies/, per language and per
//! intent, with the targets.
//! `cargo run --release --example eval_replies [-- --set replies-holdout] [--errors] [--errors-detected]`
#[path = "../tests/support/replies.rs"]
mod replies;

use std::collections::BTreeMap;
use whatsapp_consent::reply::eval::{run, Metrics};
use whatsapp_consent::reply::Intent;

fn main() {
    let show_errors = std::env::args().any(|a| a == "--errors");
    let set = replies::set_from_args();
    let outcomes = run(&replies::load_set(&set));
    let with = Metrics::of(outcomes.iter().map(|o| (o.case.expected, o.got)));
    let without = Metrics::of(outcomes.iter().map(|o| (o.case.expected, o.got_without_lang)));
    let hard = outcomes
        .iter()
        .filter(|o| o.case.expected == Intent::None)
        .count();
    println!(
        "{} labelled replies ({set}) in {} languages ({hard} labelled none)\n",
        outcomes.len(),
        outcomes
            .iter()
            .map(|o| &o.case.lang)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    );
    println!("| metric | target | language given | language detected |\n|---|---|---|---|");
    for (name, target, f) in [
        (
            "intent accuracy",
            ">= 97 %",
            Metrics::accuracy as fn(&Metrics) -> f64,
        ),
        ("opt_out recall", ">= 99.5 %", Metrics::opt_out_recall),
        (
            "false confirm on non-confirm",
            "<= 0.5 %",
            Metrics::false_confirm_rate,
        ),
        ("false opt_out on none", "<= 2 %", Metrics::false_opt_out_rate),
    ] {
        println!("| {name} | {target} | {:.2} % | {:.2} % |", f(&with), f(&without));
    }
    let mut by_lang: BTreeMap<&str, Vec<(Intent, Intent, Intent)>> = BTreeMap::new();
    let mut by_intent: BTreeMap<&str, Vec<(Intent, Intent, Intent)>> = BTreeMap::new();
    for o in &outcomes {
        let row = (o.case.expected, o.got, o.got_without_lang);
        by_lang.entry(&o.case.lang).or_default().push(row);
        by_intent.entry(o.case.expected.as_str()).or_default().push(row);
    }
    for (title, table) in [("language", &by_lang), ("intent", &by_intent)] {
        println!("\n| {title} | replies | accuracy (given) | accuracy (detected) | opt_out recall |\n|---|---|---|---|---|");
        for (k, rows) in table {
            let a = Metrics::of(rows.iter().map(|r| (r.0, r.1)));
            let b = Metrics::of(rows.iter().map(|r| (r.0, r.2)));
            let recall = if a.opt_out > 0 {
                format!("{:.1} %", a.opt_out_recall())
            } else {
                "—".into()
            };
            println!(
                "| {k} | {} | {:.1} % | {:.1} % | {recall} |",
                rows.len(),
                a.accuracy(),
                b.accuracy()
            );
        }
    }
    if std::env::args().any(|a| a == "--errors-detected") {
        println!("\nErrors (language detected):");
        for o in outcomes.iter().filter(|o| o.got_without_lang != o.case.expected) {
            println!(
                "  [{}] {:?} expected {} got {} (pending {})",
                o.case.lang,
                o.case.text,
                o.case.expected.as_str(),
                o.got_without_lang.as_str(),
                o.case.pending
            );
        }
    }
    if show_errors {
        println!("\nErrors (language given):");
        for o in outcomes.iter().filter(|o| o.got != o.case.expected) {
            println!(
                "  [{}] {:?} expected {} got {} (pending {})",
                o.case.lang,
                o.case.text,
                o.case.expected.as_str(),
                o.got.as_str(),
                o.case.pending
            );
        }
    }
}
