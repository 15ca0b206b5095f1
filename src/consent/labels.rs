//! The strings of the opt-in widget and the labels of the documents `export` writes (the consent
//! record print-out and the Art. 15 access report), from the `[ui]` section of
//! data/lang/<code>.toml. build.rs checks them (every key of en.toml, known placeholders) and
//! embeds them; a language without `[ui]` reads English.
//!
//! Plain std: this module is in every build with the texts, serde_json or not.

use std::collections::HashMap;
use std::sync::LazyLock;

static RAW: &str = include_str!(concat!(env!("OUT_DIR"), "/ui_data.txt"));

#[path = "widget_keys.rs"]
mod widget_keys;
pub use widget_keys::WIDGET_KEYS;

static LABELS: LazyLock<HashMap<&'static str, HashMap<&'static str, String>>> =
    LazyLock::new(|| crate::texts::parse_embedded(RAW));

/// The labels of a language (`de-AT`, `DE`, `no` → nb), or English.
fn labels_for(lang: &str) -> Option<&'static HashMap<&'static str, String>> {
    LABELS.get(crate::texts::lang_key(lang).as_str()).or_else(|| LABELS.get("en"))
}

/// Languages with their own `[ui]` strings, sorted (the others read English).
pub fn languages() -> Vec<&'static str> {
    let mut v: Vec<&str> = LABELS.keys().copied().collect();
    v.sort_unstable();
    v
}

/// The label `key` (a key of `[ui.widget]` or `[ui.record]`) in `lang`, English when the
/// language has no `[ui]`; "" for a key en.toml does not have (a test checks every key used).
pub fn label(lang: &str, key: &str) -> &'static str {
    labels_for(lang)
        .and_then(|l| l.get(key))
        .or_else(|| LABELS.get("en").and_then(|l| l.get(key)))
        .map(String::as_str)
        .unwrap_or("")
}

/// The widget's UI strings in `lang` (English fallback), as (key, text) in WIDGET_KEYS order.
pub fn widget_texts(lang: &str) -> Vec<(&'static str, &'static str)> {
    WIDGET_KEYS.iter().map(|&k| (k, label(lang, k))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_german_have_their_own_strings() {
        assert!(languages().contains(&"en") && languages().contains(&"de"));
        assert_eq!(label("en", "submit"), "Sign up");
        assert_eq!(label("de", "submit"), "Anmelden");
        assert_eq!(label("de-AT", "phone_label"), "Handynummer");
        assert_eq!(
            label("DE", "title_access"),
            "Auskunft über Ihre personenbezogenen Daten (Art. 15 DSGVO)"
        );
    }

    #[test]
    fn languages_without_ui_fall_back_to_english() {
        let missing = ["xx", "", "zz-ZZ"];
        for l in missing {
            assert_eq!(label(l, "submit"), "Sign up", "{l:?}");
        }
        // A real language that has no [ui] yet reads English too (until a translator adds it).
        if let Some(l) = ["fr", "pl", "nb", "ar"]
            .into_iter()
            .find(|l| !languages().contains(l))
        {
            assert_eq!(widget_texts(l), widget_texts("en"));
        }
        assert_eq!(label("en", "no_such_key"), "");
    }

    #[test]
    fn widget_texts_are_complete_and_in_order() {
        for lang in languages() {
            let w = widget_texts(lang);
            assert_eq!(
                w.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
                WIDGET_KEYS.to_vec()
            );
            assert!(w.iter().all(|(_, v)| !v.trim().is_empty()), "{lang}");
        }
        let de = widget_texts("de");
        assert!(de.contains(&(
            "not_mobile",
            "Das ist keine Handynummer. Für WhatsApp brauchen wir eine Handynummer."
        )));
    }

    #[test]
    fn every_language_with_ui_has_every_english_key() {
        let en = &LABELS["en"];
        for lang in languages() {
            let l = &LABELS[lang];
            for k in en.keys() {
                assert!(l.get(k).is_some_and(|v| !v.is_empty()), "{lang}: {k}");
            }
            assert_eq!(l.len(), en.len(), "{lang}");
        }
    }
}
