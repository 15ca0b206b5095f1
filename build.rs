//! Build-time data. With the `eu-metadata` feature, writes a phone metadata collection that
//! holds only the EU/EEA, Swiss and UK numbering plans (and every region sharing their calling
//! codes), so the browser build stays small. The protobuf is filtered by walking its wire format:
//! each `PhoneMetadataCollection.metadata` entry (field 1) is kept or dropped whole.

use std::{env, fs, path::PathBuf, process::Command};

/// The crate's own normaliser, so the embedded patterns are already in the form replies are
/// matched in (the index is then built without normalising 30,000 entries at first use).
#[allow(dead_code)]
#[path = "src/reply/fold_table.rs"]
mod fold_table;
#[allow(dead_code)]
#[path = "src/reply/normalize.rs"]
mod normalize;

/// A pattern with every word normalised: words separated by single spaces, a prefix keeps its
/// trailing `*`, a gap stays `_`. Ambiguous lists are plain words.
fn normalised_pattern(entry: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for raw in entry.split_whitespace() {
        if raw == "_" {
            out.push("_".into());
        } else if let Some(stem) = raw.strip_suffix('*') {
            let mut parts = normalize::words(stem);
            if let Some(last) = parts.pop() {
                out.extend(parts);
                out.push(format!("{last}*"));
            }
        } else {
            out.extend(normalize::words(raw));
        }
    }
    out.join(" ")
}

/// EU-27, EEA (IS, LI, NO), CH, GB, and the EU's outermost regions with their own codes.
const EU_REGIONS: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT",
    "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO", "CH", "GB", "GP", "GF",
    "MQ", "RE", "YT", "MF",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/reply/normalize.rs");
    println!("cargo:rerun-if-changed=src/reply/fold_table.rs");
    println!("cargo:rerun-if-changed=src/consent/widget_keys.rs");
    if env::var_os("CARGO_FEATURE_REPLIES").is_some() {
        language_data();
    }
    if env::var_os("CARGO_FEATURE_TEXTS").is_some() {
        text_data();
        ui_data();
    }
    if env::var_os("CARGO_FEATURE_EU_METADATA").is_none() {
        return;
    }
    let full = fs::read(rlibphonenumber_metadata()).expect("read rlibphonenumber metadata.bin");
    let entries = split_entries(&full);
    let keep_codes: Vec<u64> = entries
        .iter()
        .filter(|e| EU_REGIONS.contains(&e.id.as_str()))
        .map(|e| e.country_code)
        .collect();
    let mut out = Vec::new();
    let mut kept = 0;
    for e in &entries {
        if keep_codes.contains(&e.country_code) {
            out.extend_from_slice(e.raw);
            kept += 1;
        }
    }
    assert!(kept >= EU_REGIONS.len(), "only {kept} EU metadata entries found");
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("eu_metadata.bin");
    fs::write(dest, out).unwrap();
}

const KEYWORD_INTENTS: &[&str] = &[
    "opt_out",
    "start",
    "confirm",
    "decline",
    "help",
    "pref_promo",
    "pref_trans",
    "pref_all",
];
/// Phrases also carry the two data-subject requests, which are never a one-word reply.
const REQUEST_INTENTS: &[&str] = &["erasure_request", "access_request"];
const MODIFIERS: &[&str] = &[
    "polite",
    "negation",
    "negation_after",
    "conditional",
    "hypothetical",
    "other_senses",
    "ambiguous",
];

/// The language files, sorted; the build reruns when any of them (or the folder) changes.
fn language_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("data/lang");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("data/lang")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    files
}

/// Reads every `data/lang/*.toml`, checks it strictly (a typo in a key or a malformed pattern
/// fails the build, naming file and entry) and writes `$OUT_DIR/lang_data.txt`, which the crate
/// embeds: per language a line `@code`, then one line per field, `field<TAB>value|value|…`.
fn language_data() {
    let mut out = String::new();
    for path in &language_files() {
        let name = path.display().to_string();
        let text = fs::read_to_string(path).unwrap();
        let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let code = path.file_stem().unwrap().to_str().unwrap();
        let fail = |what: String| -> ! { panic!("{name}: {what}") };
        for key in doc.keys() {
            if !["code", "name", "english_name", "rtl", "notes", "reply", "texts", "ui"].contains(&key.as_str()) {
                fail(format!("unknown top-level key {key:?}"));
            }
        }
        if doc.get("code").and_then(|v| v.as_str()) != Some(code) {
            fail(format!("`code` must be {code:?}, the file name"));
        }
        let mut fields: Vec<(String, Vec<String>)> = Vec::new();
        let mut line = |field: &str, value: &str| {
            if value.contains(['\t', '\n', '|', '@']) || value.trim().is_empty() {
                fail(format!(
                    "{field}: empty value, or one with a tab, newline, | or @: {value:?}"
                ));
            }
            let value = if field == "name" || field == "rtl" {
                value.to_string()
            } else {
                normalised_pattern(value)
            };
            if value.is_empty() {
                return;
            }
            match fields.iter_mut().find(|(f, _)| f == field) {
                Some((_, values)) => values.push(value),
                None => fields.push((field.to_string(), vec![value])),
            }
        };
        line(
            "name",
            doc.get("name")
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| fail("missing name".into())),
        );
        if doc.get("rtl").and_then(|v| v.as_bool()) == Some(true) {
            line("rtl", "true");
        }
        let reply = doc
            .get("reply")
            .and_then(|v| v.as_table())
            .unwrap_or_else(|| fail("missing [reply]".into()));
        for (key, value) in reply {
            match key.as_str() {
                "keywords" | "phrases" => {
                    let keyword = key == "keywords";
                    for (intent, list) in value
                        .as_table()
                        .unwrap_or_else(|| fail(format!("{key} must be a table")))
                    {
                        let known = KEYWORD_INTENTS.contains(&intent.as_str())
                            || (!keyword && REQUEST_INTENTS.contains(&intent.as_str()));
                        if !known {
                            fail(format!("unknown intent {intent:?} in [reply.{key}]"));
                        }
                        for entry in strings(list, &name, intent) {
                            check_pattern(&entry, key == "keywords")
                                .unwrap_or_else(|e| fail(format!("{key}.{intent} {entry:?}: {e}")));
                            line(&format!("{}:{intent}", &key[..1]), &entry);
                        }
                    }
                }
                "stop_promotions_label" => {
                    let label = value
                        .as_str()
                        .unwrap_or_else(|| fail("stop_promotions_label must be a string".into()));
                    line("p:pref_trans", label);
                }
                m if MODIFIERS.contains(&m) => {
                    for entry in strings(value, &name, m) {
                        check_pattern(&entry, false).unwrap_or_else(|e| fail(format!("{m} {entry:?}: {e}")));
                        line(m, &entry);
                    }
                }
                other => fail(format!("unknown key {other:?} in [reply]")),
            }
        }
        out.push_str(&format!("@{code}\n"));
        for (field, values) in fields {
            out.push_str(&format!("{field}\t{}\n", values.join("|")));
        }
    }
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("lang_data.txt");
    fs::write(dest, out).unwrap();
}

const TEXT_KEYWORDS: &[&str] = &["confirm", "stop", "start", "promo", "trans", "all", "help"];
const TEXT_BUTTONS: &[&str] = &["confirm", "stop", "promo", "trans", "all"];
const TEXT_TEMPLATES: &[&str] = &[
    "greeting",
    "greeting_anonymous",
    "checkbox",
    "confirmation",
    "confirmed",
    "optout_footer",
    "unsubscribed",
    "preferences",
    "help",
    "privacy_notice",
    "invitation_subject",
    "invitation_body",
    "invitation_button",
    "prefilled_message",
    "template_footer",
];
const PLACEHOLDERS: &[&str] = &[
    "company",
    "name",
    "greeting",
    "purpose",
    "purposes",
    "purpose_promo",
    "purpose_trans",
    "privacy_url",
    "contact",
    "business_phone",
    "link",
    "token",
    "kw_confirm",
    "kw_stop",
    "kw_start",
    "kw_promo",
    "kw_trans",
    "kw_all",
    "kw_help",
];

/// Reads the `[texts]` of every `data/lang/*.toml`, checks it (every key present, only known
/// placeholders, button labels of at most 20 characters) and writes `$OUT_DIR/text_data.txt`:
/// per language `@code`, then `key<TAB>value` lines with newlines written as `\n`.
fn text_data() {
    let mut out = String::new();
    for path in &language_files() {
        let name = path.display().to_string();
        let doc: toml::Table =
            toml::from_str(&fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let Some(texts) = doc.get("texts").and_then(|t| t.as_table()) else {
            continue;
        };
        let fail = |what: String| -> ! { panic!("{name}: [texts] {what}") };
        let code = path.file_stem().unwrap().to_str().unwrap();
        out.push_str(&format!("@{code}\n"));
        let mut emit = |key: String, value: &str| {
            if value.contains('\t') || value.trim().is_empty() {
                fail(format!("{key}: empty, or contains a tab"));
            }
            check_placeholders(value).unwrap_or_else(|e| fail(format!("{key}: {e}")));
            out.push_str(&format!(
                "{key}\t{}\n",
                value.replace('\\', "\\\\").replace('\n', "\\n")
            ));
        };
        for (section, keys, max) in [
            ("keywords", TEXT_KEYWORDS, 30),
            ("purposes", &["promo", "trans", "and"][..], 200),
            ("buttons", TEXT_BUTTONS, 20),
            ("templates", TEXT_TEMPLATES, 4000),
        ] {
            let table = texts
                .get(section)
                .and_then(|t| t.as_table())
                .unwrap_or_else(|| fail(format!("missing [texts.{section}]")));
            for k in table.keys() {
                if !keys.contains(&k.as_str()) {
                    fail(format!("unknown key {section}.{k}"));
                }
            }
            for k in keys {
                let v = table
                    .get(*k)
                    .and_then(|v| v.as_str())
                    .unwrap_or_else(|| fail(format!("missing {section}.{k}")));
                if v.chars().count() > max {
                    fail(format!(
                        "{section}.{k} has {} characters; at most {max}",
                        v.chars().count()
                    ));
                }
                emit(format!("{section}.{k}"), v);
            }
        }
        for k in texts.keys() {
            if !["register", "keywords", "purposes", "buttons", "templates"].contains(&k.as_str()) {
                fail(format!("unknown key {k}"));
            }
        }
    }
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("text_data.txt");
    fs::write(dest, out).unwrap();
}

#[path = "src/consent/widget_keys.rs"]
mod widget_keys;
/// The widget's strings: the keys `widgetTexts` promises (js/index.d.ts).
const UI_WIDGET_KEYS: &[&str] = &widget_keys::WIDGET_KEYS;
/// What the labels of the record documents may fill in (src/consent/export.rs).
const UI_PLACEHOLDERS: &[&str] = &["company", "contact", "date", "count", "method"];

/// The `{name}`s of a UI string, in order; an unknown one, an unclosed `{` or a stray `}` is an error.
fn ui_placeholders(value: &str) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        if rest[..open].contains('}') {
            return Err("stray }".into());
        }
        let close = rest[open..].find('}').ok_or("unclosed {")? + open;
        let name = &rest[open + 1..close];
        if !UI_PLACEHOLDERS.contains(&name) {
            return Err(format!(
                "unknown placeholder {{{name}}}; known: {}",
                UI_PLACEHOLDERS.join(", ")
            ));
        }
        names.push(name.to_string());
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("stray }".into());
    }
    names.sort();
    Ok(names)
}

/// Reads the `[ui]` of every `data/lang/*.toml` (tables `widget` and `record`) and writes
/// `$OUT_DIR/ui_data.txt` in the format of text_data.txt, keys without their table (they are
/// unique across both). English must have one, with exactly the widget keys above; its record
/// keys are the list every other language's must match, placeholder for placeholder. A language
/// without `[ui]` is left out and falls back to English at run time.
fn ui_data() {
    let files = language_files();
    let read = |path: &PathBuf| -> Option<toml::Table> {
        let name = path.display().to_string();
        let doc: toml::Table =
            toml::from_str(&fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        doc.get("ui").map(|ui| {
            ui.as_table()
                .unwrap_or_else(|| panic!("{name}: [ui] must be a table"))
                .clone()
        })
    };
    let en_path = files
        .iter()
        .find(|p| p.file_stem().is_some_and(|s| s == "en"))
        .expect("data/lang/en.toml");
    let en = read(en_path).expect("data/lang/en.toml must have a [ui] section: it is the fallback");
    // (table, key) -> placeholders, in English's order.
    let mut reference: Vec<(String, String, Vec<String>)> = Vec::new();
    for table in ["widget", "record"] {
        let t = en
            .get(table)
            .and_then(|t| t.as_table())
            .unwrap_or_else(|| panic!("data/lang/en.toml: missing [ui.{table}]"));
        for (k, v) in t {
            let v = v
                .as_str()
                .unwrap_or_else(|| panic!("data/lang/en.toml: ui.{table}.{k} must be a string"));
            let names = ui_placeholders(v).unwrap_or_else(|e| panic!("data/lang/en.toml: ui.{table}.{k}: {e}"));
            if reference.iter().any(|(_, key, _)| key == k) {
                panic!("data/lang/en.toml: ui key {k} is in both [ui.widget] and [ui.record]");
            }
            reference.push((table.to_string(), k.clone(), names));
        }
    }
    for k in UI_WIDGET_KEYS {
        if !reference.iter().any(|(t, key, _)| t == "widget" && key == k) {
            panic!("data/lang/en.toml: missing ui.widget.{k}");
        }
    }
    for (t, k, _) in &reference {
        if t == "widget" && !UI_WIDGET_KEYS.contains(&k.as_str()) {
            panic!("data/lang/en.toml: ui.widget.{k} is not a widget string (build.rs UI_WIDGET_KEYS)");
        }
    }
    let mut out = String::new();
    for path in &files {
        let Some(ui) = read(path) else { continue };
        let name = path.display().to_string();
        let fail = |what: String| -> ! { panic!("{name}: [ui] {what}") };
        for (table, v) in &ui {
            let t = v
                .as_table()
                .filter(|_| table == "widget" || table == "record")
                .unwrap_or_else(|| fail(format!("unknown entry {table:?}: only [ui.widget] and [ui.record]")));
            for k in t.keys() {
                if !reference.iter().any(|(rt, key, _)| rt == table && key == k) {
                    fail(format!("unknown key {table}.{k} (not in en.toml)"));
                }
            }
        }
        let code = path.file_stem().unwrap().to_str().unwrap();
        out.push_str(&format!("@{code}\n"));
        // The document labels serve the record exports (the `replies` build); the browser build
        // carries only the widget's strings.
        let records = env::var_os("CARGO_FEATURE_REPLIES").is_some();
        for (table, k, names) in &reference {
            let v = ui
                .get(table)
                .and_then(|t| t.get(k))
                .and_then(|v| v.as_str())
                .unwrap_or_else(|| fail(format!("missing {table}.{k} (every language with [ui] has every key of en.toml)")));
            if v.contains('\t') || v.trim().is_empty() {
                fail(format!("{table}.{k}: empty, or contains a tab"));
            }
            let got = ui_placeholders(v).unwrap_or_else(|e| fail(format!("{table}.{k}: {e}")));
            if &got != names {
                fail(format!(
                    "{table}.{k}: placeholders {got:?} differ from English {names:?}"
                ));
            }
            if table.as_str() == "record" && !records {
                continue;
            }
            out.push_str(&format!(
                "{k}\t{}\n",
                v.replace('\\', "\\\\").replace('\n', "\\n")
            ));
        }
    }
    let dest = PathBuf::from(env::var("OUT_DIR").unwrap()).join("ui_data.txt");
    fs::write(dest, out).unwrap();
}

fn check_placeholders(value: &str) -> Result<(), String> {
    let mut rest = value;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').ok_or("unclosed {")? + open;
        let name = &rest[open + 1..close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(format!("unknown placeholder {{{name}}}"));
        }
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        return Err("stray }".into());
    }
    Ok(())
}

fn strings(v: &toml::Value, file: &str, what: &str) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("{file}: {what} must be an array of strings"))
        .iter()
        .map(|s| {
            s.as_str()
                .unwrap_or_else(|| panic!("{file}: {what}: {s} is not a string"))
                .to_string()
        })
        .collect()
}

/// Wildcards: `word*` (at least 3 letters before the star) and a lone `_` (0-3 words) that is
/// neither first nor last. Keywords take no wildcards.
fn check_pattern(entry: &str, keyword: bool) -> Result<(), String> {
    let words: Vec<&str> = entry.split_whitespace().collect();
    if words.is_empty() {
        return Err("empty".into());
    }
    for (i, w) in words.iter().enumerate() {
        if *w == "_" {
            if keyword || i == 0 || i == words.len() - 1 {
                return Err("`_` must stand between words, and not in keywords".into());
            }
        } else if let Some(stem) = w.strip_suffix('*') {
            if keyword || stem.chars().filter(|c| c.is_alphanumeric()).count() < 3 || stem.contains('*') {
                return Err(format!(
                    "`{w}`: a prefix needs 3 letters before one final `*`, and keywords take none"
                ));
            }
        } else if w.contains(['*', '_']) {
            return Err(format!("`{w}`: wildcards stand alone or at a word's end"));
        }
    }
    Ok(())
}

fn rlibphonenumber_metadata() -> PathBuf {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env::var("CARGO_MANIFEST_DIR").unwrap())
        .output()
        .expect("run cargo metadata");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("cargo metadata JSON");
    let manifest = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "rlibphonenumber")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("rlibphonenumber in the dependency graph");
    let dir = PathBuf::from(manifest).parent().unwrap().to_path_buf();
    println!("cargo:rerun-if-changed={}", dir.display());
    dir.join("src/generated/metadata/metadata.bin")
}

struct Entry<'a> {
    raw: &'a [u8],
    id: String,
    country_code: u64,
}

fn varint(b: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let byte = b[*at];
        *at += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return v;
        }
        shift += 7;
    }
}

fn split_entries(b: &[u8]) -> Vec<Entry<'_>> {
    let mut at = 0;
    let mut entries = Vec::new();
    while at < b.len() {
        let start = at;
        let key = varint(b, &mut at);
        assert_eq!(key, (1 << 3) | 2, "PhoneMetadataCollection holds only field 1");
        let len = varint(b, &mut at) as usize;
        let body = &b[at..at + len];
        at += len;
        let (id, country_code) = id_and_code(body);
        entries.push(Entry {
            raw: &b[start..at],
            id,
            country_code,
        });
    }
    entries
}

/// Reads `id` (field 9, string) and `country_code` (field 10, varint) of one PhoneMetadata.
fn id_and_code(m: &[u8]) -> (String, u64) {
    let (mut at, mut id, mut code) = (0, String::new(), 0);
    while at < m.len() {
        let key = varint(m, &mut at);
        let (field, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                let v = varint(m, &mut at);
                if field == 10 {
                    code = v;
                }
            }
            2 => {
                let len = varint(m, &mut at) as usize;
                if field == 9 {
                    id = String::from_utf8(m[at..at + len].to_vec()).unwrap();
                }
                at += len;
            }
            1 => at += 8,
            5 => at += 4,
            w => panic!("unexpected wire type {w}"),
        }
    }
    (id, code)
}
