//! OpenAPI 3.0/3.1 → Rust: spec text in, generated crate files (in memory) and warnings out. No IO.
//!
//! Pipeline (modules of the crate, private to it): `parse` → `overlay` → `normalize` → `settings` → `examples` →
//! `lower` → `names` → `cycles` → `cases` (with example tests) → `emit`. The public API is [`generate`] and what
//! it takes and gives ([`Source`], [`Config`], [`Settings`], [`Output`], [`Errors`], [`Warning`]), plus the
//! few facts tools and tests check against ([`parse_document`], [`split_path_group`], [`limits`]).

pub(crate) mod cases;
pub mod changes;
pub(crate) mod cycles;
pub(crate) mod discriminator;
pub(crate) mod emit;
pub(crate) mod error;
pub(crate) mod examples;
pub(crate) mod ir;
pub(crate) mod lower;
pub(crate) mod names;
pub(crate) mod normalize;
pub(crate) mod numbers;
pub(crate) mod openapi;
pub(crate) mod overlay;
pub(crate) mod parse;
pub(crate) mod pointer;
pub(crate) mod settings;
pub(crate) mod side_by_side;

pub use emit::GeneratedFile;
pub use error::{Error, Errors, Location, Warning, WarningKind};
pub use ir::split_path_group;
pub use parse::parse_document;
pub use settings::Settings;

use error::Diagnostics;

/// The limits that bound the work on any input (documented in `tests/tests/hostile_input.rs`).
pub mod limits {
    pub use crate::lower::schema::MAX_LOWER_DEPTH;
    pub use crate::names::MAX_TYPE_NAME;
    pub use crate::normalize::MAX_SCHEMA_DEPTH;
    pub use crate::overlay::{MAX_ADDED_VALUES, MAX_DEPTH as MAX_OVERLAY_DEPTH};
    pub use crate::parse::MAX_INPUT_BYTES;
}

/// A named input text: the file name is used only to locate errors.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

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

/// Figures about one generation run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    pub operations: usize,
    pub schemas: usize,
    pub named_types: usize,
}

/// The generated crate and what generation had to say about the input.
#[derive(Debug)]
pub struct Output {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Warning>,
    pub stats: Stats,
}

/// Parses the spec and applies the overlays in order: the document generation works from.
pub fn effective_document(
    spec: &Source<'_>,
    overlays: &[Source<'_>],
) -> Result<(serde_json::Value, Vec<Warning>), Errors> {
    let mut document = parse::parse_document(spec.file, spec.text)?;
    let mut warnings = Vec::new();
    for overlay in overlays {
        warnings.extend(overlay::apply_overlay(&mut document, overlay)?);
    }
    Ok((document, warnings))
}

/// Generates the crate for a spec with overlays applied.
pub fn generate(spec: &Source<'_>, overlays: &[Source<'_>], config: &Config) -> Result<Output, Errors> {
    let (mut document, overlay_warnings) = effective_document(spec, overlays)?;
    let mut diagnostics = Diagnostics::new(spec.file);
    normalize::normalize(&mut document, &mut diagnostics)?;
    settings::apply(&mut document, &config.settings, &mut diagnostics)?;
    // Judging the examples and lowering both only read the document: on a large one they run side by side,
    // and the examples' warnings come first, as they would in sequence.
    let threads = side_by_side::Threads::for_document(spec.text);
    let ((accepted, examples_diagnostics), (mut ir, lower_diagnostics)) = side_by_side::join(
        threads,
        || {
            let mut examples_diagnostics = Diagnostics::new(spec.file);
            let accepted = examples::check_examples(&document, &mut examples_diagnostics, config.example_tests);
            (accepted, examples_diagnostics)
        },
        || {
            let mut lower_diagnostics = Diagnostics::new(spec.file);
            (lower::lower(&document, &mut lower_diagnostics), lower_diagnostics)
        },
    );
    diagnostics.append(examples_diagnostics);
    diagnostics.append(lower_diagnostics);
    cycles::break_alias_cycles(&mut ir, &mut diagnostics);
    let names = names::name(&ir, &mut diagnostics);
    let boxed = cycles::boxed_members(&ir);
    let cases = config.example_tests.then(|| cases::collect(&ir, &document, &accepted, &mut diagnostics));
    let files = emit::emit(&ir, &names, &boxed, config, cases.as_deref(), threads, &mut diagnostics)?;
    let stats = Stats {
        operations: ir.operations.len(),
        schemas: document.pointer("/components/schemas").and_then(serde_json::Value::as_object).map_or(0, |m| m.len()),
        named_types: ir.types.iter().filter(|t| t.is_named()).count(),
    };
    let mut warnings = overlay_warnings;
    warnings.extend(diagnostics.into_warnings());
    Ok(Output { files, warnings, stats })
}

/// What the crate generated from a spec with overlays applied promises (see [`emit::surface`]): the pipeline up
/// to the names, without emitting anything. Generation's warnings are not repeated here.
pub(crate) fn surface(spec: &Source<'_>, overlays: &[Source<'_>]) -> Result<emit::surface::Surface, Errors> {
    let (mut document, _) = effective_document(spec, overlays)?;
    let mut diagnostics = Diagnostics::new(spec.file);
    normalize::normalize(&mut document, &mut diagnostics)?;
    let mut ir = lower::lower(&document, &mut diagnostics);
    cycles::break_alias_cycles(&mut ir, &mut diagnostics);
    let names = names::name(&ir, &mut diagnostics);
    let boxed = cycles::boxed_members(&ir);
    Ok(emit::surface::surface(&ir, &names, &boxed))
}
