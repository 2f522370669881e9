//! OpenAPI 3.0/3.1 → Rust: spec text in, generated crate files (in memory) and warnings out. No IO.
//!
//! Pipeline (modules of the crate, private to it): `parse` → `overlay` → `normalize` → `settings` → `examples` →
//! `lower` → `names` → `cycles` → `cases` (with example tests) → `analysis` → `emit`. The public API is
//! [`generate`] and what it takes and gives ([`Source`], [`Config`], [`Settings`], [`Output`], [`Errors`],
//! [`Warning`]), plus the few facts tools and tests check against ([`parse_document`], [`split_path_group`],
//! [`limits`]).

pub(crate) mod analysis;
pub(crate) mod cases;
pub mod changes;
pub(crate) mod config;
pub(crate) mod cycles;
pub(crate) mod discriminator;
pub(crate) mod document;
pub(crate) mod emit;
pub(crate) mod error;
pub(crate) mod examples;
pub(crate) mod ir;
pub(crate) mod lower;
pub(crate) mod members;
pub(crate) mod names;
pub(crate) mod normalize;
pub(crate) mod numbers;
pub(crate) mod openapi;
pub(crate) mod overlay;
pub(crate) mod parse;
pub(crate) mod pointer;
pub(crate) mod runtime;
pub(crate) mod settings;
pub(crate) mod side_by_side;
pub(crate) mod source;

pub use config::Config;
pub use document::effective_document;
pub use emit::GeneratedFile;
pub use error::{Error, Errors, Location, Warning, WarningKind};
pub use ir::split_path_group;
pub use parse::parse_document;
pub use settings::Settings;
pub use source::Source;

use error::Diagnostics;

/// The limits that bound the work on any input (documented in `tests/generator/tests/hostile_input.rs`).
pub mod limits {
    pub use crate::lower::schema::MAX_LOWER_DEPTH;
    pub use crate::names::MAX_TYPE_NAME;
    pub use crate::normalize::MAX_SCHEMA_DEPTH;
    pub use crate::overlay::{MAX_ADDED_VALUES, MAX_DEPTH as MAX_OVERLAY_DEPTH};
    pub use crate::parse::MAX_INPUT_BYTES;
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
            // The example tests decode the accepted examples; without them, the examples are only judged.
            let accepted = if config.example_tests {
                Some(examples::accepted_examples(&document, &mut examples_diagnostics))
            } else {
                examples::check_examples(&document, &mut examples_diagnostics);
                None
            };
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
    let cases = accepted.map(|accepted| cases::collect(&ir, &document, &accepted, &mut diagnostics));
    let schemas = document.pointer("/components/schemas").and_then(serde_json::Value::as_object).map_or(0, |m| m.len());
    // The document is not read again: a large one is freed on another thread while the rest runs.
    let ((), emitted) = side_by_side::join(
        threads,
        move || drop(document),
        || {
            let analysis = analysis::analyse(&ir, &mut diagnostics);
            emit::emit(&ir, &names, &boxed, &analysis, config, cases.as_deref(), threads)
        },
    );
    let files = emitted?;
    let stats = Stats {
        operations: ir.operations.len(),
        schemas,
        named_types: ir.types.iter().filter(|t| t.is_named()).count(),
    };
    let mut warnings = overlay_warnings;
    warnings.extend(diagnostics.into_warnings());
    Ok(Output { files, warnings, stats })
}
