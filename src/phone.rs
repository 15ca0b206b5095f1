//! Phone numbers, normalised exactly as Google's libphonenumber does (via `rlibphonenumber`).

use crate::error::{check_size, Error, ErrorCode};
use rlibphonenumber::{
    enums::Region, ParseError, PhoneNumberFormat, PhoneNumberType, PhoneNumberUtil, ValidationError,
};
use serde::Serialize;

#[cfg(not(feature = "eu-metadata"))]
fn util() -> &'static PhoneNumberUtil {
    &rlibphonenumber::PHONE_NUMBER_UTIL
}

/// Only the EU/EEA, CH and UK numbering plans (build.rs filters them out of the full metadata).
#[cfg(feature = "eu-metadata")]
fn util() -> &'static PhoneNumberUtil {
    use prost::Message;
    use rlibphonenumber::PhoneMetadataCollection;
    use std::sync::LazyLock;
    static EU: LazyLock<PhoneNumberUtil> = LazyLock::new(|| {
        let bytes = include_bytes!(concat!(env!("OUT_DIR"), "/eu_metadata.bin"));
        let collection = PhoneMetadataCollection::decode(&bytes[..]).expect("metadata checked at build");
        PhoneNumberUtil::new_for_metadata(collection).expect("metadata checked at build")
    });
    &EU
}

/// libphonenumber refuses longer input (MAX_INPUT_STRING_LENGTH, counted in UTF-16 units).
pub const MAX_PARSE_LENGTH: usize = 250;
/// A phone field larger than this is misuse, not data: it is rejected before it is read.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneInfo {
    pub valid: bool,
    pub possible: bool,
    pub e164: Option<String>,
    pub wa_id: Option<String>,
    pub region: Option<String>,
    #[serde(rename = "type")]
    pub number_type: Option<&'static str>,
    pub national: Option<String>,
    pub international: Option<String>,
    pub error: Option<Error>,
}

impl PhoneInfo {
    fn invalid(possible: bool, code: ErrorCode, message: impl Into<String>) -> Self {
        PhoneInfo {
            valid: false,
            possible,
            e164: None,
            wa_id: None,
            region: None,
            number_type: None,
            national: None,
            international: None,
            error: Some(Error::new(code, message)),
        }
    }
}

/// Parses a region argument: two ASCII letters (any case) or "001". Anything else is misuse.
pub fn parse_region_arg(region: &str) -> Result<Region, Error> {
    let upper = region.trim().to_ascii_uppercase();
    Region::from_code(&upper).map_err(|_| {
        Error::invalid_argument(format!(
            "defaultRegion must be a two-letter ISO 3166 code such as \"DE\" (or \"001\"), got {:?}",
            truncate_for_message(region)
        ))
    })
}

fn truncate_for_message(s: &str) -> String {
    s.chars().take(40).collect()
}

pub fn type_name(t: PhoneNumberType) -> &'static str {
    match t {
        PhoneNumberType::FixedLine => "FIXED_LINE",
        PhoneNumberType::Mobile => "MOBILE",
        PhoneNumberType::FixedLineOrMobile => "FIXED_LINE_OR_MOBILE",
        PhoneNumberType::TollFree => "TOLL_FREE",
        PhoneNumberType::PremiumRate => "PREMIUM_RATE",
        PhoneNumberType::SharedCost => "SHARED_COST",
        PhoneNumberType::VoIP => "VOIP",
        PhoneNumberType::PersonalNumber => "PERSONAL_NUMBER",
        PhoneNumberType::Pager => "PAGER",
        PhoneNumberType::UAN => "UAN",
        PhoneNumberType::VoiceMail => "VOICEMAIL",
        PhoneNumberType::Unknown => "UNKNOWN",
    }
}

fn is_supported(region: Region) -> bool {
    region == Region::World || util().get_country_code_for_region(region).is_some()
}

/// Normalises what a person typed into a phone field.
/// `Err` only for misuse (oversized field, malformed `default_region`); every property of the
/// number itself is reported in the returned [`PhoneInfo`].
pub fn normalize(input: &str, default_region: Option<&str>) -> Result<PhoneInfo, Error> {
    normalize_with(input, default_region, Formats::Include)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formats {
    Include,
    /// Leave `national` and `international` as `None` (for callers that format lazily).
    Skip,
}

pub fn normalize_with(
    input: &str,
    default_region: Option<&str>,
    formats: Formats,
) -> Result<PhoneInfo, Error> {
    check_size("phone input", input, MAX_FIELD_BYTES)?;
    let region = default_region.map(parse_region_arg).transpose()?;

    if input.encode_utf16().count() > MAX_PARSE_LENGTH {
        return Ok(PhoneInfo::invalid(
            false,
            ErrorCode::TooLong,
            format!("input is longer than {MAX_PARSE_LENGTH} characters"),
        ));
    }

    if phone_context_before_tel(input) {
        return Ok(PhoneInfo::invalid(
            false,
            ErrorCode::NotANumber,
            "malformed tel: URI",
        ));
    }

    let number = match util().parse(input, region) {
        Ok(n) => n,
        Err(e) => return Ok(parse_failure(e, input, region)),
    };

    let possible = util().is_possible_number(&number);
    // libphonenumber's isValidNumber is exactly "getNumberType != UNKNOWN" (both resolve the
    // region, then match the type patterns): computing the type once serves both.
    let number_type = util().get_number_type(&number);
    if number_type == PhoneNumberType::Unknown {
        let (code, message) = match util().is_possible_number_with_reason(&number) {
            Err(ValidationError::InvalidCountryCode) => (
                ErrorCode::InvalidCountryCode,
                "the country calling code is not assigned",
            ),
            Err(ValidationError::TooShort) => {
                (ErrorCode::TooShort, "too few digits for a number of this country")
            }
            Err(ValidationError::TooLong) => {
                (ErrorCode::TooLong, "too many digits for a number of this country")
            }
            Err(ValidationError::InvalidLength) => (
                ErrorCode::InvalidLength,
                "no number of this country has this many digits",
            ),
            Ok(_) => (
                ErrorCode::InvalidNumber,
                "the digits match no number range of this country",
            ),
        };
        return Ok(PhoneInfo::invalid(possible, code, message));
    }

    let e164 = util().format(&number, PhoneNumberFormat::E164).into_owned();
    let (national, international) = match formats {
        Formats::Include => {
            let (n, i) = display_formats(&number);
            (Some(n), Some(i))
        }
        Formats::Skip => (None, None),
    };
    Ok(PhoneInfo {
        valid: true,
        possible,
        region: util()
            .get_region_for_number(&number)
            .map(|r| r.as_region_str().as_str().to_string()),
        number_type: Some(type_name(number_type)),
        national,
        international,
        wa_id: Some(e164[1..].to_string()),
        e164: Some(e164),
        error: None,
    })
}

fn display_formats(number: &rlibphonenumber::PhoneNumber) -> (String, String) {
    (
        util().format(number, PhoneNumberFormat::National).into_owned(),
        util()
            .format(number, PhoneNumberFormat::International)
            .into_owned(),
    )
}

/// National and international display forms of a number already known to be valid E.164.
/// (The JS API computes them only when a result's `national`/`international` is read: they
/// cost more than the rest of normalisation together.)
pub fn display_formats_for_e164(e164: &str) -> Result<(String, String), Error> {
    check_size("e164", e164, 32)?;
    let number = util()
        .parse(e164, None)
        .map_err(|_| Error::invalid_argument("not an E.164 number"))?;
    Ok(display_formats(&number))
}

/// rlibphonenumber 2.2.15 slices from after `tel:` to `;phone-context=` without checking their
/// order and panics when the prefix ends after the parameter starts (Java's libphonenumber throws
/// there too). Such input is no phone number.
fn phone_context_before_tel(input: &str) -> bool {
    match (input.find(";phone-context="), input.find("tel:")) {
        (Some(context), Some(tel)) => tel + "tel:".len() > context,
        _ => false,
    }
}

fn parse_failure(e: ParseError, input: &str, region: Option<Region>) -> PhoneInfo {
    match e {
        ParseError::InvalidCountryCode => match region {
            Some(r) if !is_supported(r) && !input.trim_start().starts_with(['+', '＋']) => {
                PhoneInfo::invalid(
                    false,
                    ErrorCode::UnknownRegion,
                    format!(
                        "no phone metadata for region {}; give the number with its +country code",
                        r.as_region_str().as_str()
                    ),
                )
            }
            None if !input.trim_start().starts_with(['+', '＋']) => PhoneInfo::invalid(
                false,
                ErrorCode::InvalidCountryCode,
                "a national number needs defaultRegion, or write it with its +country code",
            ),
            _ => PhoneInfo::invalid(
                false,
                ErrorCode::InvalidCountryCode,
                "the country calling code is not assigned",
            ),
        },
        ParseError::NotANumber(_) => PhoneInfo::invalid(
            false,
            ErrorCode::NotANumber,
            "the input does not contain a phone number",
        ),
        ParseError::TooShortAfterIdd | ParseError::TooShortNsn => {
            PhoneInfo::invalid(false, ErrorCode::TooShort, "too few digits for a phone number")
        }
        ParseError::TooLongNsn => {
            PhoneInfo::invalid(false, ErrorCode::TooLong, "too many digits for a phone number")
        }
    }
}

/// Every region code the metadata covers, sorted (for pickers and tests).
pub fn supported_regions() -> Vec<String> {
    let mut v: Vec<String> = util()
        .get_supported_regions()
        .map(|r| r.as_region_str().as_str().to_string())
        .collect();
    v.sort();
    v
}

/// The calling code of a region ("DE" → 49), for country pickers.
pub fn country_code_for_region(region: &str) -> Result<Option<i32>, Error> {
    let r = parse_region_arg(region)?;
    Ok(util().get_country_code_for_region(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(input: &str, region: Option<&str>) -> PhoneInfo {
        normalize(input, region).unwrap()
    }

    #[test]
    fn german_mobile_in_national_format() {
        let p = n("0151 23456789", Some("de"));
        assert!(p.valid, "{p:?}");
        assert_eq!(p.e164.as_deref(), Some("+4915123456789"));
        assert_eq!(p.wa_id.as_deref(), Some("4915123456789"));
        assert_eq!(p.region.as_deref(), Some("DE"));
        assert_eq!(p.number_type, Some("MOBILE"));
        assert_eq!(p.international.as_deref(), Some("+49 1512 3456789"));
        assert!(p.error.is_none());
    }

    #[test]
    fn typed_shapes_agree() {
        for input in [
            "+49 151 2345-6789",
            "0049 (151) 23.45.67.89",
            "tel:+49-151-23456789",
            "＋４９１５１２３４５６７８９",
            "Tel.: +49 151 23456789;",
        ] {
            let p = n(input, Some("DE"));
            assert_eq!(p.e164.as_deref(), Some("+4915123456789"), "{input}");
        }
        let arabic = n("٠١٥١٢٣٤٥٦٧٨٩", Some("DE"));
        assert_eq!(arabic.e164.as_deref(), Some("+4915123456789"));
    }

    #[test]
    #[cfg(not(feature = "eu-metadata"))]
    fn non_geographic_region_is_001() {
        let p = n("+800 1234 5678", None);
        assert!(p.valid);
        assert_eq!(p.region.as_deref(), Some("001"));
        assert_eq!(p.number_type, Some("TOLL_FREE"));
    }

    #[test]
    fn invalid_numbers_say_why() {
        let cases = [
            ("hello", Some("DE"), ErrorCode::NotANumber),
            ("+999 1234567", None, ErrorCode::InvalidCountryCode),
            ("0151 23456789", None, ErrorCode::InvalidCountryCode),
            ("0151 23456789", Some("ZZ"), ErrorCode::UnknownRegion),
            ("+49 1", None, ErrorCode::TooShort),
            ("+44 7400 123456789", None, ErrorCode::TooLong),
            ("+49 1234 5678901", None, ErrorCode::InvalidNumber),
        ];
        for (input, region, code) in cases {
            let p = n(input, region);
            assert!(!p.valid, "{input}");
            assert!(p.e164.is_none() && p.wa_id.is_none() && p.region.is_none() && p.number_type.is_none());
            assert_eq!(p.error.as_ref().map(|e| e.code), Some(code), "{input}: {p:?}");
        }
    }

    #[test]
    fn over_250_characters_is_too_long_without_parsing() {
        let long = format!("+49 151 23456789{}", " ".repeat(240));
        let p = n(&long, None);
        assert_eq!(p.error.unwrap().code, ErrorCode::TooLong);
    }

    #[test]
    fn misuse_is_an_err() {
        assert_eq!(
            normalize("1", Some("Germany")).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        assert_eq!(
            normalize("1", Some("")).unwrap_err().code,
            ErrorCode::InvalidArgument
        );
        let huge = "1".repeat(MAX_FIELD_BYTES + 1);
        assert_eq!(normalize(&huge, None).unwrap_err().code, ErrorCode::InputTooLarge);
    }

    #[test]
    #[cfg(feature = "eu-metadata")]
    fn eu_build_knows_only_european_plans() {
        let regions = supported_regions();
        assert!((38..=50).contains(&regions.len()), "{regions:?}");
        assert!(n("+44 7400 123456", None).valid);
        assert!(
            n("+262 692 12 34 56", None).valid,
            "Mayotte/Reunion are EU outermost regions"
        );
        let us = n("+1 202 555 0173", None);
        assert_eq!(us.error.unwrap().code, ErrorCode::InvalidCountryCode);
    }

    #[test]
    fn region_list_and_calling_codes() {
        let regions = supported_regions();
        #[cfg(not(feature = "eu-metadata"))]
        assert!(regions.len() > 240, "{}", regions.len());
        assert!(regions.iter().any(|r| r == "DE"));
        assert_eq!(country_code_for_region("de").unwrap(), Some(49));
    }
}
