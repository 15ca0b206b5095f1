use std::time::Instant;
use rlibphonenumber::{PHONE_NUMBER_UTIL as U, PhoneNumberFormat, enums::Region};
fn main() {
    let text = std::fs::read_to_string("/tmp/corpus.tsv").unwrap();
    let items: Vec<(Option<Region>, &str)> = text.lines().map(|l| { let (r, i) = l.split_once('\t').unwrap(); (if r.is_empty() { None } else { Region::from_code(&r.to_ascii_uppercase()).ok() }, i) }).collect();
    let parsed: Vec<_> = items.iter().filter_map(|(r, i)| U.parse(i, *r).ok()).collect();
    let time = |name: &str, f: &dyn Fn()| { f(); let t = Instant::now(); for _ in 0..3 { f(); } println!("{name}: {:.2} us/number", t.elapsed().as_secs_f64() * 1e6 / 3.0 / items.len() as f64); };
    time("parse", &|| for (r, i) in &items { let _ = U.parse(i, *r); });
    time("is_valid", &|| for n in &parsed { let _ = U.is_valid_number(n); });
    time("is_possible", &|| for n in &parsed { let _ = U.is_possible_number(n); });
    time("type", &|| for n in &parsed { let _ = U.get_number_type(n); });
    time("region", &|| for n in &parsed { let _ = U.get_region_for_number(n); });
    time("e164", &|| for n in &parsed { let _ = U.format(n, PhoneNumberFormat::E164); });
    time("national", &|| for n in &parsed { let _ = U.format(n, PhoneNumberFormat::National); });
    time("intl", &|| for n in &parsed { let _ = U.format(n, PhoneNumberFormat::International); });
}
