//! whatsapp-consent: GDPR consent logic for moving customers from e-mail to WhatsApp.
//!
//! The modules here are plain Rust with no JavaScript types and are tested natively;
//! `bindings` is the only module that touches `wasm_bindgen`.

#[cfg(feature = "consent")]
pub mod consent;
pub mod error;
pub mod phone;
#[cfg(feature = "replies")]
pub mod reply;
#[cfg(feature = "replies")]
pub mod signature;
#[cfg(feature = "replies")]
pub mod templates;
#[cfg(feature = "texts")]
pub mod texts;
pub mod token;
#[cfg(feature = "replies")]
pub mod webhook;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod bindings;

pub use error::{Error, ErrorCode};
