//! Native robustness checks for the phone core: random and known-nasty inputs must never panic
//! (in wasm a panic is a trap that poisons the instance).
use whatsapp_consent::phone::normalize;

#[test]
fn tel_prefix_after_phone_context_is_not_a_number() {
    for s in [
        "é＋;phone-context=e٣;＋x. 1５tel:)tel:+49\u{0}\u{FFFD}ß+49(00()😀ext５x\u{FFFD}(1t/.+1;/t",
        ";phone-context=+49tel:30123456",
        "x;phone-context=tel:+4930123456",
    ] {
        let r = normalize(s, Some("BR")).unwrap();
        assert!(!r.valid);
        assert_eq!(r.error.unwrap().code.as_str(), "NOT_A_NUMBER");
    }
    assert!(
        normalize("tel:030-1234567;phone-context=+49", None)
            .unwrap()
            .valid
    );
}

#[path = "support/rng.rs"]
mod rng;
use rng::Rng;

const POOL: &[&str] = &[
    "0",
    "1",
    "2",
    "5",
    "7",
    "9",
    "+",
    " ",
    "-",
    "(",
    ")",
    ".",
    "/",
    "x",
    "e",
    "t",
    ";",
    "#",
    "*",
    "٣",
    "۵",
    "５",
    "＋",
    "é",
    "\0",
    "😀",
    "tel:",
    "ext",
    "ext.",
    ";phone-context=",
    ";isub=",
    "ß",
    "\u{200F}",
    "00",
    "011",
    "+49",
    "+1",
    "+800",
    "+7",
    "A",
    "Z",
    "\u{FEFF}",
    "x.",
    "#1",
    "doi",
    "tel:+",
    ";ext=",
    "phone-context=",
    "\u{A0}",
];

#[test]
fn random_inputs_never_panic() {
    let iterations: usize = std::env::var("WAC_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let regions = [
        None,
        Some("DE"),
        Some("US"),
        Some("GB"),
        Some("BR"),
        Some("IN"),
        Some("IT"),
        Some("001"),
        Some("ZZ"),
    ];
    for _ in 0..iterations {
        let mut s = String::new();
        for _ in 0..rng.next(40) {
            s.push_str(POOL[rng.next(POOL.len())]);
        }
        let region = regions[rng.next(regions.len())];
        let r = std::panic::catch_unwind(|| normalize(&s, region));
        let info = r
            .unwrap_or_else(|_| panic!("panicked on {s:?} with {region:?}"))
            .unwrap();
        if info.valid {
            let e164 = info.e164.unwrap();
            // libphonenumber allows national numbers of up to 17 digits (letters count as digits).
            assert!(
                e164.len() <= 21 && e164[1..].bytes().all(|b| b.is_ascii_digit()),
                "{s:?} -> {e164}"
            );
        }
    }
}
