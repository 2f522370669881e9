//! Generation settings: a YAML file that narrows and adjusts what is generated (a subset of the operations with
//! only the types they need, the user's own Rust types for schemas, extra derives). Read with located errors
//! ([`Settings::parse`]), applied to the normalized document before lowering ([`apply`]).

use crate::openapi::{METHODS, Section};
use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{Diagnostics, Error, Errors, Location, WarningKind};
use crate::lower::schema::RUST_TYPE;
use crate::pointer;
use crate::source::Source;

/// What the settings file says; every key is optional, an unknown key is an error.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Generate only the operations these select, and the types they need; all operations when absent.
    #[serde(default)]
    pub operations: Option<OperationSelection>,
    /// Component schemas by their key in `components/schemas`, and what to do with each.
    #[serde(default)]
    pub types: BTreeMap<String, TypeSettings>,
    /// Derives added to every generated struct, enum and union (`Hash`, `Eq`, `serde_with::…`).
    #[serde(default)]
    pub derives: Vec<String>,
    /// Where the settings came from, for located errors and warnings (set by [`Settings::parse`]).
    #[serde(skip)]
    pub file: String,
}

/// Which operations to keep: an operation is kept when it matches any one of the lists.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSelection {
    /// Operations with one of these tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Operations whose path starts with one of these (`/v1/webhooks`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Operations with one of these `operationId`s.
    #[serde(default)]
    pub ids: Vec<String>,
}

/// What to do with one component schema.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSettings {
    /// A Rust type of the user's to use instead of generating one (`my_crate::Money`, `rust_decimal::Decimal`).
    pub rust_type: Option<String>,
    /// Derives added to this type alone.
    #[serde(default)]
    pub derives: Vec<String>,
}

/// Derives every generated type has already (or implements by hand): adding one again would not compile.
const BUILT_IN_DERIVES: &[&str] = &["Debug", "Clone", "PartialEq", "Default", "Serialize", "Deserialize"];

impl Settings {
    /// Reads settings from YAML text; a syntax error, an unknown key or a value of the wrong kind is located by
    /// line and column, a derive or Rust type that does not parse by its pointer in the file.
    pub fn parse(source: &Source<'_>) -> Result<Settings, Errors> {
        let located = |error: serde_yaml::Error| {
            let location = match error.location() {
                Some(at) => Location::Text { file: source.file.to_owned(), line: at.line(), column: at.column() },
                None => Location::File { file: source.file.to_owned() },
            };
            Errors::from(Error::new(location, error.to_string()))
        };
        let mut settings: Settings = if source.text.trim().is_empty() {
            Settings::default()
        } else {
            serde_yaml::from_str(source.text).map_err(located)?
        };
        settings.file = source.file.to_owned();
        let mut errors = Vec::new();
        let at = |pointer: String| Location::Pointer { file: source.file.to_owned(), pointer };
        for (index, derive) in settings.derives.iter().enumerate() {
            if let Some(problem) = derive_problem(derive) {
                errors.push(Error::new(at(format!("#/derives/{index}")), problem));
            }
        }
        for (key, ty) in &settings.types {
            let base = pointer::push("#/types", key);
            if let Some(rust_type) = &ty.rust_type {
                if syn::parse_str::<syn::Type>(rust_type).is_err() {
                    errors
                        .push(Error::new(at(format!("{base}/rust_type")), format!("{rust_type:?} is not a Rust type")));
                }
                if !ty.derives.is_empty() {
                    errors.push(Error::new(
                        at(format!("{base}/derives")),
                        "a type replaced by `rust_type` is not generated, so it takes no derives",
                    ));
                }
            }
            for (index, derive) in ty.derives.iter().enumerate() {
                if let Some(problem) = derive_problem(derive) {
                    errors.push(Error::new(at(format!("{base}/derives/{index}")), problem));
                }
            }
        }
        if errors.is_empty() { Ok(settings) } else { Err(Errors(errors)) }
    }

    /// The derives a generated type gets besides its own: the settings' `derives`, then its type's, for the
    /// component schema at `schema_pointer` (`#/components/schemas/Key`).
    pub fn derives_for(&self, schema_pointer: &str) -> Vec<&str> {
        let mut derives: Vec<&str> = self.derives.iter().map(String::as_str).collect();
        let key = schema_pointer.strip_prefix(SCHEMAS).map(pointer::unescape);
        if let Some(ty) = key.and_then(|key| self.types.get(&key)) {
            derives.extend(
                ty.derives.iter().map(String::as_str).filter(|derive| !self.derives.iter().any(|d| d == derive)),
            );
        }
        derives
    }

    fn location(&self, pointer: String) -> Location {
        Location::Pointer { file: self.file.clone(), pointer }
    }
}

/// Why a derive cannot be added, if it cannot.
fn derive_problem(derive: &str) -> Option<String> {
    let Ok(path) = syn::parse_str::<syn::Path>(derive) else {
        return Some(format!("{derive:?} is not a derive macro path"));
    };
    let last = path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
    BUILT_IN_DERIVES
        .contains(&last.as_str())
        .then(|| format!("every generated type has `{last}` already (derived or written by the generator)"))
}

const SCHEMAS: &str = "#/components/schemas/";

/// Applies the settings to a normalized document: each replaced schema becomes an `x-rust-type`, then the
/// operations left out and everything only they used are removed. A setting that names a schema the document
/// does not have is an error; a selector that selects nothing is a warning.
pub fn apply(document: &mut Value, settings: &Settings, diagnostics: &mut Diagnostics) -> Result<(), Errors> {
    let mut errors = Vec::new();
    for (key, ty) in &settings.types {
        let Some(schema) = document.pointer_mut(&format!("/components/schemas/{}", escape(key))) else {
            errors.push(Error::new(
                settings.location(pointer::push("#/types", key)),
                format!("the document has no component schema {key:?}"),
            ));
            continue;
        };
        if let Some(rust_type) = &ty.rust_type {
            let mut replaced = Map::new();
            if let Some(description) = schema.get("description") {
                replaced.insert("description".to_owned(), description.clone());
            }
            replaced.insert(RUST_TYPE.to_owned(), Value::String(rust_type.trim().to_owned()));
            *schema = Value::Object(replaced);
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    if let Some(selection) = &settings.operations {
        select(document, selection, settings, diagnostics);
    }
    Ok(())
}

/// Keeps the operations `selection` selects (and webhooks by tag or id), then only the components they reach.
fn select(document: &mut Value, selection: &OperationSelection, settings: &Settings, diagnostics: &mut Diagnostics) {
    let mut used_tags = BTreeSet::new();
    let mut used_paths = BTreeSet::new();
    let mut used_ids = BTreeSet::new();
    for section in [Section::Paths, Section::Webhooks] {
        let Some(items) = document.get_mut(section.key()).and_then(Value::as_object_mut) else { continue };
        for (path, item) in items.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            item.retain(|method, operation| {
                if !METHODS.contains(&method.as_str()) {
                    return true;
                }
                let tags = operation.get("tags").and_then(Value::as_array);
                let tag = selection
                    .tags
                    .iter()
                    .position(|wanted| tags.is_some_and(|tags| tags.iter().any(|tag| tag.as_str() == Some(wanted))));
                let prefix = if section == Section::Paths {
                    selection.paths.iter().position(|prefix| path.starts_with(prefix.as_str()))
                } else {
                    None
                };
                let id = operation.get("operationId").and_then(Value::as_str);
                let id = selection.ids.iter().position(|wanted| Some(wanted.as_str()) == id);
                used_tags.extend(tag);
                used_paths.extend(prefix);
                used_ids.extend(id);
                tag.is_some() || prefix.is_some() || id.is_some()
            });
        }
        items.retain(|_, item| {
            item.as_object().is_none_or(|item| item.keys().any(|key| METHODS.contains(&key.as_str())))
        });
    }
    for (list, values, used) in [
        ("tags", &selection.tags, &used_tags),
        ("paths", &selection.paths, &used_paths),
        ("ids", &selection.ids, &used_ids),
    ] {
        for (index, value) in values.iter().enumerate().filter(|(index, _)| !used.contains(index)) {
            diagnostics.warn_at(
                WarningKind::Settings,
                settings.location(format!("#/operations/{list}/{index}")),
                format!("{value:?} selects no operation"),
            );
        }
    }
    prune_components(document);
}

/// Removes the components (schemas, responses, parameters, request bodies, headers) that nothing outside the
/// components refers to, directly or through other components.
fn prune_components(document: &mut Value) {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    if let Some(root) = document.as_object() {
        for (key, value) in root {
            if key != "components" {
                collect_refs(value, &mut pending);
            }
        }
    }
    while let Some(reference) = pending.pop() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        if let Some(target) = pointer::resolve(document, &reference) {
            collect_refs(target, &mut pending);
        }
    }
    // The components reached, as `(kind, key)` with the key as the pointer writes it: a reference into a
    // component (`#/components/schemas/A/properties/b`) keeps the whole component.
    let kept: BTreeSet<(&str, &str)> = reached
        .iter()
        .filter_map(|reference| {
            let mut tokens = reference.strip_prefix("#/components/")?.splitn(3, '/');
            Some((tokens.next()?, tokens.next()?))
        })
        .collect();
    let Some(components) = document.get_mut("components").and_then(Value::as_object_mut) else { return };
    for kind in ["schemas", "responses", "parameters", "requestBodies", "headers"] {
        let Some(entries) = components.get_mut(kind).and_then(Value::as_object_mut) else { continue };
        entries.retain(|key, _| kept.contains(&(kind, escape(key).as_str())));
    }
}

/// Every local `$ref` under `value`.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            for (key, member) in object {
                match (key.as_str(), member) {
                    ("$ref", Value::String(reference)) if reference.starts_with('#') => out.push(reference.clone()),
                    _ => collect_refs(member, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}

/// A JSON pointer token for `key` (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}
