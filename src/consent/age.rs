//! The age of digital consent (GDPR Art. 8(1)) per country, as data with a valid-from date per
//! entry (data/age-of-consent.toml). The file is a restricted TOML read here by a few lines of
//! code, so no TOML crate reaches the wasm; a test reads it with the `toml` crate as well.

use super::time;
use std::sync::LazyLock;

static RAW: &str = include_str!("../../data/age-of-consent.toml");

/// Art. 8(1): 16 unless national law sets a lower age.
pub const DEFAULT_AGE: u32 = 16;
const DEFAULT_SOURCE: &str = "GDPR Art. 8(1) default (no national age known for this country)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgeRule {
    pub age: u32,
    /// False when the country is not in the table and the Art. 8(1) default was used.
    pub country_known: bool,
    pub source: &'static str,
    /// The national basis (may be empty).
    pub note: &'static str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub country: &'static str,
    pub age: u32,
    pub valid_from: &'static str,
    pub valid_from_ms: i64,
    pub note: &'static str,
    pub source: &'static str,
}

/// Sorted by country, then valid_from.
static TABLE: LazyLock<Vec<Entry>> =
    LazyLock::new(|| parse_table(RAW).unwrap_or_else(|e| panic!("data/age-of-consent.toml: {e}")));

/// The age that applied in `country` at `at_ms`. Unknown countries get 16 (Art. 8(1)); an instant
/// before a country's first entry gets that first entry (the GDPR did not apply yet, but a rule
/// is still needed).
pub fn age_of_consent(country: &str, at_ms: i64) -> AgeRule {
    let code = canonical_country(country);
    let rows = TABLE.iter().filter(|e| e.country == code);
    let mut chosen: Option<&Entry> = None;
    for e in rows {
        if chosen.is_none() || e.valid_from_ms <= at_ms {
            chosen = Some(e);
        }
    }
    match chosen {
        Some(e) => AgeRule {
            age: e.age,
            country_known: true,
            source: e.source,
            note: e.note,
        },
        None => AgeRule {
            age: DEFAULT_AGE,
            country_known: false,
            source: DEFAULT_SOURCE,
            note: "",
        },
    }
}

/// Upper case; `EL` (the EU's code for Greece) is `GR`, `UK` is `GB`.
fn canonical_country(country: &str) -> String {
    let c = country.trim().to_ascii_uppercase();
    match c.as_str() {
        "EL" => "GR".into(),
        "UK" => "GB".into(),
        _ => c,
    }
}

enum Val {
    Str(&'static str),
    Int(u32),
}

const KEYS: [&str; 5] = ["country", "age", "valid_from", "note", "source"];

pub(crate) fn parse_table(src: &'static str) -> Result<Vec<Entry>, String> {
    let mut tables: Vec<Vec<(&'static str, Val)>> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let n = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line == "[[state]]" {
            tables.push(Vec::new());
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("line {n}: expected `key = value` or `[[state]]`"))?;
        let (key, value) = (key.trim(), value.trim());
        let table = tables
            .last_mut()
            .ok_or_else(|| format!("line {n}: `{key}` before the first [[state]]"))?;
        if !KEYS.contains(&key) {
            return Err(format!("line {n}: unknown key `{key}`"));
        }
        if table.iter().any(|(k, _)| *k == key) {
            return Err(format!("line {n}: `{key}` given twice"));
        }
        let val = if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
            // No escapes: the value is then a slice of the embedded file (&'static, no copy).
            if inner.contains(['"', '\\']) {
                return Err(format!("line {n}: strings may hold no quotes or backslashes"));
            }
            Val::Str(inner)
        } else {
            Val::Int(
                value
                    .parse::<u32>()
                    .map_err(|_| format!("line {n}: `{key}` is neither a \"string\" nor an integer"))?,
            )
        };
        table.push((key, val));
    }

    let mut out = Vec::with_capacity(tables.len());
    for (i, t) in tables.iter().enumerate() {
        let n = i + 1;
        let s = |k: &str| -> Result<&'static str, String> {
            match t.iter().find(|(key, _)| *key == k) {
                Some((_, Val::Str(v))) => Ok(v),
                Some(_) => Err(format!("state #{n}: `{k}` must be a string")),
                None if k == "note" => Ok(""),
                None => Err(format!("state #{n}: `{k}` missing")),
            }
        };
        let age = match t.iter().find(|(key, _)| *key == "age") {
            Some((_, Val::Int(a))) => *a,
            _ => return Err(format!("state #{n}: `age` must be an integer")),
        };
        let country = s("country")?;
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "state #{n}: country {country:?} is not an upper-case ISO 3166-1 alpha-2 code"
            ));
        }
        // Art. 8(1): a Member State may go lower than 16, but not below 13.
        if !(13..=16).contains(&age) {
            return Err(format!("state #{n} ({country}): age {age} is outside 13–16"));
        }
        let valid_from = s("valid_from")?;
        if valid_from.len() != 10 {
            return Err(format!("state #{n} ({country}): valid_from must be YYYY-MM-DD"));
        }
        let valid_from_ms = time::parse(valid_from).map_err(|e| format!("state #{n} ({country}): {e}"))?;
        let source = s("source")?;
        if source.trim().is_empty() {
            return Err(format!("state #{n} ({country}): source is empty"));
        }
        out.push(Entry {
            country,
            age,
            valid_from,
            valid_from_ms,
            note: s("note")?,
            source,
        });
    }
    out.sort_by(|a, b| (a.country, a.valid_from_ms).cmp(&(b.country, b.valid_from_ms)));
    if let Some(w) = out
        .windows(2)
        .find(|w| w[0].country == w[1].country && w[0].valid_from_ms == w[1].valid_from_ms)
    {
        return Err(format!(
            "{} has two entries valid from {}",
            w[0].country, w[0].valid_from
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str) -> i64 {
        time::parse(date).unwrap()
    }

    #[test]
    fn the_toml_crate_reads_the_same_entries() {
        let doc: toml::Table = toml::from_str(RAW).expect("valid TOML");
        assert_eq!(doc.keys().collect::<Vec<_>>(), ["state"], "only [[state]] tables");
        let states = doc["state"].as_array().expect("[[state]] array");
        let mut from_toml: Vec<Entry> = Vec::new();
        for (i, s) in states.iter().enumerate() {
            let t = s.as_table().unwrap();
            for k in t.keys() {
                assert!(KEYS.contains(&k.as_str()), "state #{i}: unknown key {k}");
            }
            // Leaked: Entry holds &'static str (test only; equality compares the text).
            let str_of = |k: &str| -> &'static str {
                Box::leak(
                    t.get(k)
                        .and_then(|v| v.as_str())
                        .unwrap_or("")
                        .to_string()
                        .into_boxed_str(),
                )
            };
            let valid_from = str_of("valid_from");
            from_toml.push(Entry {
                country: str_of("country"),
                age: t["age"].as_integer().unwrap() as u32,
                valid_from,
                valid_from_ms: at(valid_from),
                note: str_of("note"),
                source: str_of("source"),
            });
        }
        from_toml.sort_by(|a, b| (a.country, a.valid_from_ms).cmp(&(b.country, b.valid_from_ms)));
        assert_eq!(*TABLE, from_toml);
    }

    #[test]
    fn every_eu_and_eea_state_and_the_uk_from_the_gdpr_start() {
        let start = at("2018-05-25");
        let eu_eea = [
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
            "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "GB",
        ];
        for c in eu_eea {
            let first = TABLE
                .iter()
                .find(|e| e.country == c)
                .unwrap_or_else(|| panic!("{c} missing"));
            assert_eq!(first.valid_from_ms, start, "{c}: first entry from 2018-05-25");
            assert!(age_of_consent(c, start).country_known);
        }
        assert_eq!(
            TABLE
                .iter()
                .map(|e| e.country)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            eu_eea.len()
        );
    }

    #[test]
    fn ages_follow_the_reference_table() {
        let now = at("2026-01-01");
        for (c, age) in [
            ("AT", 14),
            ("BE", 13),
            ("DE", 16),
            ("FR", 15),
            ("IE", 16),
            ("IT", 14),
            ("ES", 14),
            ("NL", 16),
            ("GB", 13),
            ("NO", 13),
        ] {
            assert_eq!(age_of_consent(c, now).age, age, "{c}");
        }
    }

    #[test]
    fn denmark_and_slovenia_changed() {
        assert_eq!(age_of_consent("DK", at("2023-12-31T23:59:59Z")).age, 13);
        assert_eq!(age_of_consent("DK", at("2024-01-01")).age, 15);
        assert_eq!(age_of_consent("SI", at("2023-01-25")).age, 16);
        assert_eq!(age_of_consent("SI", at("2023-01-26")).age, 15);
        // Before the GDPR applied: the first entry.
        assert_eq!(age_of_consent("DK", at("2010-01-01")).age, 13);
        assert!(age_of_consent("DK", at("2024-06-01"))
            .source
            .starts_with("https://"));
    }

    #[test]
    fn greece_as_gr_or_el_any_case_and_unknown_default_16() {
        let now = at("2026-01-01");
        for c in ["GR", "gr", "EL", "el", " El "] {
            let r = age_of_consent(c, now);
            assert_eq!((r.age, r.country_known), (15, true), "{c}");
        }
        assert_eq!(age_of_consent("uk", now).age, 13);
        for c in ["CH", "US", "", "xx", "Germany"] {
            let r = age_of_consent(c, now);
            assert_eq!((r.age, r.country_known), (16, false), "{c}");
            assert!(r.source.contains("Art. 8(1)"));
        }
    }

    #[test]
    fn the_parser_refuses_what_it_does_not_understand() {
        for bad in [
            "country = \"DE\"",
            "[[state]]\ncountry = \"DE\"\nage = 16\nvalid_from = \"2018-05-25\"",
            "[[state]]\ncountry = \"DE\"\nage = 12\nvalid_from = \"2018-05-25\"\nsource = \"x\"",
            "[[state]]\ncountry = \"de\"\nage = 16\nvalid_from = \"2018-05-25\"\nsource = \"x\"",
            "[[state]]\ncountry = \"DE\"\nage = 16 # comment\nvalid_from = \"2018-05-25\"\nsource = \"x\"",
            "[[state]]\ncountry = \"DE\"\nage = 16\nvalid_from = \"2018-05-25\"\nsource = \"a\\\"b\"",
            "[[state]]\ncountry = \"DE\"\nage = 16\nvalid_from = \"2018-02-30\"\nsource = \"x\"",
            "[[state]]\ncountry = \"DE\"\nage = 16\nage = 15\nvalid_from = \"2018-05-25\"\nsource = \"x\"",
            "[[state]]\ncountry = \"DE\"\nages = 16\nvalid_from = \"2018-05-25\"\nsource = \"x\"",
        ] {
            assert!(parse_table(bad).is_err(), "{bad}");
        }
        let ok = "# c\n[[state]]\ncountry = \"DE\"\nage = 16\nvalid_from = \"2018-05-25\"\nsource = \"x\"\n";
        assert_eq!(parse_table(ok).unwrap().len(), 1);
    }
}
