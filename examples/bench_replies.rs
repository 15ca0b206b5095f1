//! Native parseReply throughput on the labelled replies (tests/replies), with and without the
//! conversation language. `cargo run --release --example bench_replies [-- --set NAME]` (one JSON line).
#[path = "../tests/support/replies.rs"]
mod replies;

use std::time::Instant;
use whatsapp_consent::reply::{parse_reply, ReplyOptions};

fn main() {
    let set = replies::set_from_args();
    let cases = replies::load_set(&set);
    let run = |with_lang: bool| {
        let opts: Vec<ReplyOptions> = cases
            .iter()
            .map(|c| ReplyOptions {
                lang: with_lang.then_some(c.lang.as_str()),
                pending: c.pending,
            })
            .collect();
        for (c, o) in cases.iter().zip(&opts) {
            let _ = parse_reply(&c.text, o);
        }
        let start = Instant::now();
        let mut n = 0usize;
        while start.elapsed().as_secs_f64() < 1.5 {
            for (c, o) in cases.iter().zip(&opts) {
                std::hint::black_box(parse_reply(std::hint::black_box(&c.text), o).unwrap());
                n += 1;
            }
        }
        n as f64 / start.elapsed().as_secs_f64()
    };
    println!(
        "{{\"with_lang\":{:.0},\"detected\":{:.0}}}",
        run(true),
        run(false)
    );
}
