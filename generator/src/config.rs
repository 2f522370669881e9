//! What to generate: the generated crate's package facts, its stamp, whether it carries example tests, and the
//! generation settings.

use crate::settings::Settings;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    /// The package name of the generated crate.
    pub crate_name: String,
    pub crate_version: String,
    /// The command that regenerates the crate, stamped into every file.
    pub command: String,
    /// How the stamp names the input (a path relative to the repository, say).
    pub source_label: String,
    /// Also write `tests/spec_examples/`: a test that decodes every example the document's schemas accept
    /// into its generated type and encodes it again.
    pub example_tests: bool,
    /// The generation settings ([`Settings::parse`]); none by default.
    pub settings: Settings,
}

impl Config {
    pub fn new(crate_name: &str) -> Self {
        Config {
            crate_name: crate_name.to_owned(),
            crate_version: "0.1.0".to_owned(),
            command: "cargo xtask generate".to_owned(),
            source_label: "an OpenAPI document".to_owned(),
            example_tests: true,
            settings: Settings::default(),
        }
    }
}
