//! OpenAPI 3.0/3.1 → Rust: spec text in, generated crate files (in memory) and warnings out. No IO.

pub mod error;
pub mod overlay;
pub mod parse;

pub use error::{Error, Errors, Location, Warning, WarningKind};

/// A named input text: the file name is used only to locate errors.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}
