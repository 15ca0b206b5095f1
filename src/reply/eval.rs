//! Scoring of the labelled evaluation set in tests/replies/*.jsonl (used by the evaluation
//! example and by the accuracy test).

use super::{parse_reply, Intent, ReplyOptions};

#[derive(Debug, Clone)]
pub struct Case {
    pub lang: String,
    pub text: String,
    pub expected: Intent,
    pub pending: bool,
}

#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    pub got: Intent,
    pub got_without_lang: Intent,
}

pub fn intent_from_str(s: &str) -> Option<Intent> {
    Intent::ALL.iter().copied().find(|i| i.as_str() == s)
}

/// Each case is read twice: with its conversation language given, and without (detection).
pub fn run(cases: &[Case]) -> Vec<Outcome> {
    cases
        .iter()
        .map(|c| {
            let with = ReplyOptions {
                lang: Some(&c.lang),
                pending: c.pending,
            };
            let without = ReplyOptions {
                lang: None,
                pending: c.pending,
            };
            Outcome {
                case: c.clone(),
                got: parse_reply(&c.text, &with)
                    .map(|r| r.intent)
                    .unwrap_or(Intent::None),
                got_without_lang: parse_reply(&c.text, &without)
                    .map(|r| r.intent)
                    .unwrap_or(Intent::None),
            }
        })
        .collect()
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Metrics {
    pub total: usize,
    pub correct: usize,
    pub opt_out: usize,
    pub opt_out_found: usize,
    pub non_confirm: usize,
    pub false_confirm: usize,
    pub none: usize,
    pub false_opt_out: usize,
}

impl Metrics {
    pub fn of<'a>(pairs: impl IntoIterator<Item = (Intent, Intent)>) -> Metrics {
        let mut m = Metrics::default();
        for (expected, got) in pairs {
            m.total += 1;
            m.correct += usize::from(expected == got);
            if expected == Intent::OptOut {
                m.opt_out += 1;
                m.opt_out_found += usize::from(got == Intent::OptOut);
            }
            if expected != Intent::Confirm {
                m.non_confirm += 1;
                m.false_confirm += usize::from(got == Intent::Confirm);
            }
            if expected == Intent::None {
                m.none += 1;
                m.false_opt_out += usize::from(got == Intent::OptOut);
            }
        }
        m
    }
    pub fn accuracy(&self) -> f64 {
        pct(self.correct, self.total)
    }
    pub fn opt_out_recall(&self) -> f64 {
        pct(self.opt_out_found, self.opt_out)
    }
    pub fn false_confirm_rate(&self) -> f64 {
        pct(self.false_confirm, self.non_confirm)
    }
    pub fn false_opt_out_rate(&self) -> f64 {
        pct(self.false_opt_out, self.none)
    }
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0 * f64::from(u8::from(a == 0))
    } else {
        100.0 * a as f64 / b as f64
    }
}
