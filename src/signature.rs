//! Meta's webhook signature: `X-Hub-Signature-256: sha256=<hex of HMAC-SHA256(app secret, raw body)>`.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// The 32 signature bytes of a header value, or None when it is not `sha256=` + 64 hex digits.
pub fn parse_header(header: &str) -> Option<[u8; 32]> {
    let hex = header.trim().strip_prefix("sha256=")?.as_bytes();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, pair) in hex.chunks(2).enumerate() {
        out[i] = hex_value(pair[0])? << 4 | hex_value(pair[1])?;
    }
    Some(out)
}

/// Checks the header against the raw body bytes, in constant time. A malformed header is
/// simply not valid.
pub fn verify(raw_body: &[u8], header: &str, app_secret: &[u8]) -> bool {
    let Some(expected) = parse_header(header) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(app_secret) else {
        return false;
    };
    mac.update(raw_body);
    mac.verify_slice(&expected).is_ok()
}

/// The header value Meta would send for this body (for tests and for signing test requests).
pub fn sign(raw_body: &[u8], app_secret: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(app_secret).expect("HMAC takes any key length");
    mac.update(raw_body);
    let bytes = mac.finalize().into_bytes();
    let mut out = String::from("sha256=");
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 4231 test case 2.
    #[test]
    fn matches_the_rfc_4231_vector() {
        assert_eq!(
            sign(b"what do ya want for nothing?", b"Jefe"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn good_tampered_wrong_secret_and_malformed() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let header = sign(body, b"s3cret");
        assert!(verify(body, &header, b"s3cret"));
        assert!(verify(
            body,
            &header.to_uppercase().replace("SHA256=", "sha256="),
            b"s3cret"
        ));
        let mut tampered = body.to_vec();
        tampered[10] ^= 1;
        assert!(!verify(&tampered, &header, b"s3cret"));
        assert!(!verify(body, &header, b"s3creT"));
        for bad in [
            "",
            "sha256=",
            "sha1=abc",
            &header[7..],
            &format!("{header}00"),
            &header.replace('a', "g"),
        ] {
            assert!(!verify(body, bad, b"s3cret"), "{bad}");
        }
    }
}
