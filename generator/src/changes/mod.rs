//! The change report: two documents in, a [`ChangeSet`] out: every operation and named type added, removed or
//! changed between the crates they generate, each change classed for Rust callers (a [`Level`]: `Major` breaks
//! code that compiled, `Minor` adds, `Patch` changes behaviour only) and, separately, marked where it breaks the
//! wire contract (requests that were accepted, responses old clients could read). No IO; `xtask changes` renders
//! it.
//!
//! The classes follow what the generated API promises (README, "What the generated API promises"): structs end
//! with a hidden member, so a member added is minor; enums, unions and the operations' success, error and body
//! enums are `#[non_exhaustive]`, so a value, branch or status added is minor; everything a caller names (a type,
//! a field, a variant, a method, an argument) removed or retyped is major.
//!
//! Operations are matched by method and path (path parameter names ignored), types by Rust name; a removed type
//! and an added one of the same shape (once the names of renamed types are mapped) are one type renamed.

mod operations;
mod rules;
mod types;

use crate::emit::surface::Surface;
use crate::error::{Diagnostics, Errors};
use crate::settings::{self, Settings};
use crate::source::Source;
use crate::{analysis, cycles, document, lower, names, normalize, openapi};
use std::collections::BTreeMap;

/// How a change affects code that calls the generated crate, in Cargo's semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Behaviour or docs only: constraints checked before sending, defaults documented, statuses read alike.
    Patch,
    /// Something added; code that compiled still compiles.
    Minor,
    /// Code that compiled may not compile any more.
    Major,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// What a change is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// An operation: `METHOD /path` and its Rust method (the new one, or the old one when it is gone).
    Operation { key: String, method: String },
    /// A named type (the new name, or the old one when it is gone).
    Type { name: String },
    /// A security scheme, by its key: the `ClientBuilder` methods that give its credentials.
    Scheme { key: String },
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub subject: Subject,
    /// What changed, as Markdown (code in backticks).
    pub what: String,
    pub level: Level,
    /// Why the change breaks the wire contract, when it does.
    pub wire: Option<String>,
}

/// Every change, operations first, each group in document order, and the crate's semver class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeSet {
    pub changes: Vec<Change>,
    pub semver: Level,
}

impl ChangeSet {
    /// Changes that break the wire contract.
    pub fn wire_breaking(&self) -> usize {
        self.changes.iter().filter(|change| change.wire.is_some()).count()
    }
}

/// A document, the overlays applied to it and the generation settings its crate is generated with.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    pub spec: Source<'a>,
    pub overlays: &'a [Source<'a>],
    pub settings: &'a Settings,
}

/// Compares the crates two documents generate.
pub fn compare(old: &Document<'_>, new: &Document<'_>) -> Result<ChangeSet, Errors> {
    let (old, _) = surface(old)?;
    let (new, left_out) = surface(new)?;
    Ok(compare_surfaces(&old, &new, &left_out))
}

/// What the crate generated from a document promises (see [`crate::emit::surface`]): the pipeline up to the names,
/// settings applied as generation applies them, without emitting anything; and the operations the document declares
/// that the settings leave out, by key (`GET /pets`). Generation's warnings are not repeated here.
fn surface(input: &Document<'_>) -> Result<(Surface, Vec<String>), Errors> {
    let (mut document, _) = document::effective_document(&input.spec, input.overlays)?;
    let mut diagnostics = Diagnostics::new(input.spec.file);
    normalize::normalize(&mut document, &mut diagnostics)?;
    let declared = operation_keys(&document);
    settings::apply(&mut document, input.settings, &mut diagnostics)?;
    let kept = operation_keys(&document);
    let left_out = declared.into_iter().filter(|key| !kept.contains(key)).collect();
    let mut ir = lower::lower(&document, &mut diagnostics);
    cycles::break_alias_cycles(&mut ir, &mut diagnostics);
    let names = names::name(&ir, &mut diagnostics);
    let boxed = cycles::boxed_members(&ir);
    let analysis = analysis::analyse(&ir, &mut diagnostics);
    Ok((crate::emit::surface::surface(&ir, &names, &boxed, &analysis), left_out))
}

/// The key (`GET /pets`, as [`OperationSurface`](crate::emit::surface::OperationSurface) has it) of every operation
/// under `paths`.
fn operation_keys(document: &serde_json::Value) -> Vec<String> {
    let mut keys = Vec::new();
    for item in openapi::path_items(document, openapi::Section::Paths) {
        let Some(object) = item.value.as_object() else { continue };
        for operation in openapi::operations(object, &item.at) {
            keys.push(format!("{} {}", operation.key.to_ascii_uppercase(), item.key));
        }
    }
    keys
}

/// Compares two surfaces (see [`compare`]); `left_out` are the operations of the new document that its settings
/// leave out, which are gone from the crate but still served.
pub fn compare_surfaces(old: &Surface, new: &Surface, left_out: &[String]) -> ChangeSet {
    let renames = types::renames(&old.types, &new.types);
    let mapping = Mapping { aliases: types::aliases(&new.types), renames };
    let mut changes = operations::compare(&old.operations, &new.operations, left_out, &mapping);
    changes.extend(types::compare(&old.types, &new.types, &mapping));
    changes.extend(schemes(&old.schemes, &new.schemes));
    let semver = changes.iter().map(|change| change.level).max().unwrap_or(Level::Patch);
    ChangeSet { changes, semver }
}

/// Old type names mapped to new ones, for types renamed without another change.
pub type Renames = BTreeMap<String, String>;

/// How a type written in the old crate is read in the new one: renamed types by their new names, and then every
/// name the new crate declares as an alias of another named type (`pub type EmailConfigInput = EmailConfig;`) by
/// the type it stands for. A name that became an alias is compared where it is declared (its own entry says
/// whether the type it stands for has its old shape); elsewhere the two names are one type.
#[derive(Debug, Default)]
pub struct Mapping {
    pub renames: Renames,
    pub aliases: Renames,
}

impl Mapping {
    /// Whether `old` (a Rust type in the old crate) and `new` (in the new crate) are the same type.
    fn same(&self, old: &str, new: &str) -> bool {
        self.canonical(&renamed(old, &self.renames)) == self.canonical(new)
    }

    /// Whether two texts already in the new crate's names are the same type.
    fn same_new(&self, a: &str, b: &str) -> bool {
        self.canonical(a) == self.canonical(b)
    }

    fn canonical(&self, text: &str) -> String {
        let mut text = text.to_owned();
        // Aliases of aliases: bounded, as alias cycles are broken before naming.
        for _ in 0..16 {
            let next = renamed(&text, &self.aliases);
            if next == text {
                break;
            }
            text = next;
        }
        text
    }
}

/// Security schemes added (minor: new builder methods) or removed (major: builder methods gone).
fn schemes(old: &[(String, Vec<String>)], new: &[(String, Vec<String>)]) -> Vec<Change> {
    let mut changes = Vec::new();
    let methods = |names: &[String]| names.iter().map(|name| code(name)).collect::<Vec<_>>().join(", ");
    for (key, builder) in new {
        let subject = Subject::Scheme { key: key.clone() };
        match old.iter().find(|(old_key, _)| old_key == key) {
            None => changes.push(Change {
                subject,
                what: format!("added ({})", methods(builder)),
                level: Level::Minor,
                wire: None,
            }),
            Some((_, before)) if before != builder => changes.push(Change {
                subject,
                what: format!("builder methods {} → {}", methods(before), methods(builder)),
                level: Level::Major,
                wire: None,
            }),
            Some(_) => {}
        }
    }
    for (key, builder) in old.iter().filter(|(key, _)| !new.iter().any(|(new_key, _)| new_key == key)) {
        changes.push(Change {
            subject: Subject::Scheme { key: key.clone() },
            what: format!("removed ({} gone)", methods(builder)),
            level: Level::Major,
            wire: Some("the API no longer declares these credentials".to_owned()),
        });
    }
    changes
}

/// `text` (a Rust type) with every identifier a renamed type had replaced by its new name.
fn renamed(text: &str, renames: &Renames) -> String {
    if renames.is_empty() {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        match renames.get(word.as_str()) {
            Some(new) => out.push_str(new),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// `text` as Markdown code.
fn code(text: &str) -> String {
    let text = text.replace("crate::models::", "");
    if text.contains('`') { format!("`` {text} ``") } else { format!("`{text}`") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renaming_replaces_whole_identifiers_only() {
        let renames = Renames::from([("Pet".to_owned(), "Animal".to_owned())]);
        assert_eq!(renamed("Vec<Pet>", &renames), "Vec<Animal>");
        assert_eq!(renamed("Option<PetKind>", &renames), "Option<PetKind>");
        assert_eq!(renamed("crate::models::Pet", &renames), "crate::models::Animal");
    }
}
