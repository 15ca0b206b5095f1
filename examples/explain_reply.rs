//! Shows how a reply is read: `cargo run --example explain_reply -- "text" [lang] [pending]`.
use whatsapp_consent::reply::{explain, parse_reply, ReplyOptions};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = args.first().expect("usage: explain_reply TEXT [LANG] [pending]");
    let lang = args.get(1).map(String::as_str).filter(|l| *l != "-");
    for line in explain(text, lang) {
        println!("{line}");
    }
    let opts = ReplyOptions {
        lang,
        pending: args.iter().any(|a| a == "pending"),
    };
    println!("{:?}", parse_reply(text, &opts));
}
