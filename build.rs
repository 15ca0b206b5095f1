//! Build-time data. With the `eu-metadata` feature, writes a phone metadata collection that
//! holds only the EU/EEA, Swiss and UK numbering plans (and every region sharing their calling
//! codes), so the browser build stays small. The protobuf is filtered by walking its wire format:
//! each `PhoneMetadataCollection.metadata` entry (field 1) is kept or dropped whole.

use std::{env, fs, path::PathBuf, process::Command};

/// EU-27, EEA (IS, LI, NO), CH, GB, and the EU's outermost regions with their own codes.
const EU_REGIONS: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    "CH", "GB", "GP", "GF", "MQ", "RE", "YT", "MF",
];

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
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
        entries.push(Entry { raw: &b[start..at], id, country_code });
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
