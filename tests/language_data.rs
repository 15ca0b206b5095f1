//! The language files against the engine: Meta's localised "Stop promotions" label (the quick
//! reply under every marketing template) must read as stopping marketing only, in every language.
use whatsapp_consent::reply::{parse_reply, Intent, ReplyOptions};

#[test]
fn stop_promotions_labels_are_pref_trans() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/lang");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let code = path.file_stem().unwrap().to_str().unwrap().to_string();
        let doc: toml::Table = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let label = doc["reply"]["stop_promotions_label"].as_str().unwrap();
        for (text, lang) in [(label, Some(code.as_str())), (label, None)] {
            let r = parse_reply(text, &ReplyOptions { lang, pending: false }).unwrap();
            assert_eq!(r.intent, Intent::PrefTrans, "{code}: {text:?} (lang {lang:?})");
        }
        checked += 1;
    }
    assert_eq!(checked, 30);
}
