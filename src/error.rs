//! One error model for the whole package: a stable machine-readable `code` and a human message.
//! Misuse (wrong argument) is returned as `Err` and thrown by the JS wrapper; data that is simply
//! not valid is reported inside the result's `error` field.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// An argument has the wrong type or an impossible value.
    InvalidArgument,
    /// An input is larger than the cap for its field.
    InputTooLarge,
    /// The input holds no phone number at all.
    NotANumber,
    /// The country calling code is not assigned.
    InvalidCountryCode,
    /// Fewer digits than any number of that country.
    TooShort,
    /// More digits than any number of that country (or input over 250 characters).
    TooLong,
    /// A length between the shortest and longest, but none that country uses.
    InvalidLength,
    /// A possible length, but no number range of that country matches.
    InvalidNumber,
    /// A national number with a default region we have no metadata for.
    UnknownRegion,
    /// A token that is not 26 Crockford base32 characters.
    InvalidToken,
    /// The host offers no cryptographically secure random source.
    RngUnavailable,
    /// A body that is not a WhatsApp Cloud API webhook.
    InvalidWebhook,
    /// A language the package has no texts (or reply data) for.
    UnsupportedLanguage,
    /// One consent for several purposes (GDPR Recital 43).
    BundledPurposes,
    /// A WhatsApp limit (template body, button label, footer, button count) would be exceeded.
    LimitExceeded,
    /// A submission with rule violations of severity `error` cannot become a record.
    ConsentInvalid,
    /// A value that is not a consent record of this package.
    InvalidRecord,
    /// A record whose hash chain or state does not verify: it was changed outside the engine.
    RecordTampered,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "INVALID_ARGUMENT",
            ErrorCode::InputTooLarge => "INPUT_TOO_LARGE",
            ErrorCode::NotANumber => "NOT_A_NUMBER",
            ErrorCode::InvalidCountryCode => "INVALID_COUNTRY_CODE",
            ErrorCode::TooShort => "TOO_SHORT",
            ErrorCode::TooLong => "TOO_LONG",
            ErrorCode::InvalidLength => "INVALID_LENGTH",
            ErrorCode::InvalidNumber => "INVALID_NUMBER",
            ErrorCode::UnknownRegion => "UNKNOWN_REGION",
            ErrorCode::InvalidToken => "INVALID_TOKEN",
            ErrorCode::RngUnavailable => "RNG_UNAVAILABLE",
            ErrorCode::InvalidWebhook => "INVALID_WEBHOOK",
            ErrorCode::UnsupportedLanguage => "UNSUPPORTED_LANGUAGE",
            ErrorCode::BundledPurposes => "BUNDLED_PURPOSES",
            ErrorCode::LimitExceeded => "LIMIT_EXCEEDED",
            ErrorCode::ConsentInvalid => "CONSENT_INVALID",
            ErrorCode::InvalidRecord => "INVALID_RECORD",
            ErrorCode::RecordTampered => "RECORD_TAMPERED",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidArgument, message)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

/// Rejects a field before any work is done on it, so an oversized input costs nothing.
pub fn check_size(field: &str, value: &str, max_bytes: usize) -> Result<(), Error> {
    if value.len() > max_bytes {
        return Err(Error::new(
            ErrorCode::InputTooLarge,
            format!("{field} is {} bytes; the limit is {max_bytes} bytes", value.len()),
        ));
    }
    Ok(())
}
