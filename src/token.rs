//! Double-opt-in tokens: 128 bits from the OS CSPRNG, written in Crockford base32 so that a person
//! can read and type them (no I, L, O, U; case-insensitive; I/L read as 1 and O as 0).

use crate::error::{check_size, Error, ErrorCode};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 128 bits in 5-bit symbols: 26 symbols, the first one carrying only 3 bits (0-7).
pub const TOKEN_SYMBOLS: usize = 26;
const GROUPS: [usize; 5] = [6, 5, 5, 5, 5];

/// Bytes from the OS CSPRNG (WebCrypto in wasm).
pub fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)
        .map_err(|e| Error::new(ErrorCode::RngUnavailable, format!("no secure random source: {e}")))?;
    Ok(bytes)
}

/// A fresh token such as `3KQ7M2-XPA9F-0RTV5-GH8WD-N4CZE`.
pub fn new_token() -> Result<String, Error> {
    Ok(format_token(u128::from_be_bytes(random_bytes::<16>()?)))
}

fn format_token(value: u128) -> String {
    let mut symbols = [0u8; TOKEN_SYMBOLS];
    for (i, s) in symbols.iter_mut().enumerate() {
        let shift = 5 * (TOKEN_SYMBOLS - 1 - i);
        *s = ALPHABET[((value >> shift) & 31) as usize];
    }
    let mut out = String::with_capacity(TOKEN_SYMBOLS + GROUPS.len() - 1);
    let mut at = 0;
    for (g, len) in GROUPS.iter().enumerate() {
        if g > 0 {
            out.push('-');
        }
        out.extend(symbols[at..at + len].iter().map(|&b| b as char));
        at += len;
    }
    out
}

fn symbol_value(c: char) -> Option<u128> {
    let c = match c.to_ascii_uppercase() {
        'I' | 'L' => '1',
        'O' => '0',
        c => c,
    };
    ALPHABET.iter().position(|&a| a as char == c).map(|v| v as u128)
}

/// Reads a token as a person may have typed it (any case, spaces or dashes anywhere, I/L/O
/// misread) and returns its canonical form, or `INVALID_TOKEN`.
pub fn parse_token(input: &str) -> Result<String, Error> {
    check_size("token", input, 1024)?;
    let mut value: u128 = 0;
    let mut count = 0usize;
    for c in input.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let v = symbol_value(c)
            .ok_or_else(|| Error::new(ErrorCode::InvalidToken, format!("{c:?} is not a token character")))?;
        count += 1;
        if count > TOKEN_SYMBOLS {
            break;
        }
        if count == 1 && v > 7 {
            return Err(Error::new(ErrorCode::InvalidToken, "a token starts with 0-7"));
        }
        value = (value << 5) | v;
    }
    if count != TOKEN_SYMBOLS {
        return Err(Error::new(
            ErrorCode::InvalidToken,
            format!("a token has {TOKEN_SYMBOLS} characters, not {count}"),
        ));
    }
    Ok(format_token(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_fresh_well_formed_and_round_trip() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 30);
        assert!(a.chars().all(|c| c == '-' || ALPHABET.contains(&(c as u8))));
        assert_eq!(parse_token(&a).unwrap(), a);
        let typed = a.replace('-', " ").to_lowercase();
        assert_eq!(parse_token(&typed).unwrap(), a);
    }

    #[test]
    fn every_bit_is_used() {
        assert_eq!(format_token(0), "000000-00000-00000-00000-00000");
        assert_eq!(format_token(u128::MAX), "7ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ");
        let mut seen_high = 0u8;
        for _ in 0..64 {
            seen_high |= 1 << (symbol_value(new_token().unwrap().chars().next().unwrap()).unwrap());
        }
        assert!(
            seen_high.count_ones() > 3,
            "first symbol should vary: {seen_high:08b}"
        );
    }

    #[test]
    fn misread_letters_are_forgiven() {
        let t = format_token(0x0123_4567_89ab_cdef_0011_2233_4455_6677);
        let misread = t.replace('1', "l").replace('0', "o");
        assert_eq!(parse_token(&misread).unwrap(), t);
    }

    #[test]
    fn bad_tokens_are_rejected() {
        for bad in [
            "",
            "ABC",
            "8ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ",
            "000000-00000-00000-00000-0000U",
            "000000-00000-00000-00000-00000-0",
        ] {
            assert_eq!(
                parse_token(bad).unwrap_err().code,
                ErrorCode::InvalidToken,
                "{bad}"
            );
        }
    }
}
