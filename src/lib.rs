//! whatsapp-consent: GDPR consent logic for moving customers from e-mail to WhatsApp.
//!
//! The modules here are plain Rust with no JavaScript types and are tested natively;
//! `bindings` is the only module that touches `wasm_bindgen`.

pub mod error;
pub mod phone;
pub mod reply;
pub mod signature;
pub mod token;
pub mod webhook;

#[cfg(target_arch = "wasm32")]
#[doc(hidden)]
pub mod bindings;

pub use error::{Error, ErrorCode};
