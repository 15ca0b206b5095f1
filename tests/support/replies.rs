//! Loads a labelled evaluation set: tests/replies/<lang>.jsonl (the development set) or
//! tests/replies-holdout/<lang>.jsonl (written without looking at the language data).
use whatsapp_consent::reply::eval::{intent_from_str, Case};

#[allow(dead_code)]
pub fn load_cases() -> Vec<Case> {
    load_set("replies")
}

pub fn load_set(name: &str) -> Vec<Case> {
    let dir = format!("{}/tests/{name}", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let mut cases = Vec::new();
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
    {
        let lang = path.file_stem().unwrap().to_str().unwrap().to_string();
        for (n, line) in std::fs::read_to_string(path).unwrap().lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value =
                serde_json::from_str(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), n + 1));
            let expected = intent_from_str(v["intent"].as_str().unwrap())
                .unwrap_or_else(|| panic!("{}:{}: unknown intent", path.display(), n + 1));
            cases.push(Case {
                lang: lang.clone(),
                text: v["text"].as_str().unwrap().to_string(),
                expected,
                pending: v["pending"].as_bool().unwrap_or(false),
            });
        }
    }
    cases
}

/// The set named by `--set NAME` on the command line, else the development set.
#[allow(dead_code)]
pub fn set_from_args() -> String {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--set")
        .and_then(|i| args.get(i + 1))
        .cloned()
        .unwrap_or_else(|| "replies".into())
}
