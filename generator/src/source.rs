//! A named input text: what every stage that reads text (the spec, overlays, settings) is given.

/// A named input text: the file name is used only to locate errors.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}
