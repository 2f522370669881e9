//! Overlay: a document and an OpenAPI Overlay 1.0 text in, the document changed in place and warnings out.
//!
//! The overlay is parsed with [`parse_document`], then every field and every action is checked, and all
//! problems found are reported together before any action runs. Targets are RFC 9535 JSONPath queries,
//! evaluated by `serde_json_path`. Actions run in order on a copy of the document, each on the result of
//! the one before, and the copy replaces the document only when every action succeeded, so an error leaves
//! the document as it was.
//!
//! Semantics, following the Overlay 1.0.0 text where it speaks and choosing where it does not:
//!
//! - `remove: true` removes every selected node from the object or array that holds it. Array elements
//!   are removed from the highest index down, and a node selected twice is removed once. The 1.0.0 text
//!   expects targets to be objects or arrays; removing a primitive (`$.info.description`) is allowed too,
//!   as Overlay 1.1.0 later made explicit. Removing the root (`$`) is an error.
//! - `update` on a selected object must be an object and is merged into it ("the properties in the merge
//!   object replace properties in the target object with the same name and new properties are appended
//!   to the target object"). The merge is recursive, which the 1.0.0 "Structured Overlays Example" needs
//!   (it updates `info` at `$` without restating `info.title`): members only in the target stay, members
//!   only in the update are appended, two objects merge recursively, two arrays are concatenated (target
//!   entries first), and any other pair is replaced by the update's value.
//! - `update` on a selected array is appended to it ("the value of this field should be an entry to append
//!   to the array"). An array-valued update is read as a list of entries and concatenated, as Overlay
//!   1.1.0 spells out, instead of nesting an array inside the array.
//! - `update` on a selected primitive or null is an error: "the result of the `target` JSONPath expression
//!   must be zero or more objects or arrays (not primitive types or `null` values)".
//! - An action with both `update` and `remove: true` is an error, although the 1.0.0 text says `update`
//!   "has no impact" then: an overlay that says both is more likely a mistake than a plan.
//! - A target that selects nothing is a warning, not an error.
//! - Only `overlay: 1.0.x` is accepted; 1.1 changed what `update` means for primitives and added `copy`.
//! - Unknown fields that do not start with `x-` are warnings, so a misspelt `updates` or a 1.1 `copy` is
//!   not silently ignored.

use crate::error::{Error, Errors, Location, Warning, WarningKind};
use crate::parse::parse_document;
use crate::source::Source;
use serde_json::{Map, Value};
use serde_json_path::JsonPath;
use std::collections::BTreeSet;

/// Applies one overlay document to `document` in place; returns warnings (e.g. an action whose target matched nothing).
pub fn apply_overlay(document: &mut Value, overlay: &Source<'_>) -> Result<Vec<Warning>, Errors> {
    let root = parse_document(overlay.file, overlay.text)?;
    let mut ctx = Ctx { file: overlay.file, errors: Vec::new(), warnings: Vec::new(), added: 0 };
    let actions = validate_overlay(&mut ctx, &root);
    if !ctx.errors.is_empty() {
        return Err(Errors(ctx.errors));
    }
    let mut working = document.clone();
    for action in &actions {
        if !apply_action(&mut ctx, &mut working, action) {
            break;
        }
    }
    if !ctx.errors.is_empty() {
        return Err(Errors(ctx.errors));
    }
    *document = working;
    Ok(ctx.warnings)
}

/// The errors and warnings found so far, located in the overlay file.
struct Ctx<'a> {
    file: &'a str,
    errors: Vec<Error>,
    warnings: Vec<Warning>,
    /// An upper bound of the number of JSON values the actions so far added to the document.
    added: usize,
}

/// The most JSON values one overlay may add to a document. An update applies to every node its target
/// selects, and a target such as `$..*` selects what earlier updates added, so without a bound a
/// 30-line overlay grows the document exponentially.
pub const MAX_ADDED_VALUES: usize = 100_000;
/// The deepest nesting an overlay may create: the parsers' own limit, which later stages rely on.
pub const MAX_DEPTH: usize = 128;

/// The number of JSON values in `value` and the depth of its nesting (a scalar is 1 value, depth 0).
fn measure(value: &Value) -> (usize, usize) {
    let mut values = 0;
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        values += 1;
        deepest = deepest.max(depth);
        match value {
            Value::Array(items) => stack.extend(items.iter().map(|item| (item, depth + 1))),
            Value::Object(members) => stack.extend(members.values().map(|member| (member, depth + 1))),
            _ => {}
        }
    }
    (values, deepest)
}

impl Ctx<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(Error::new(Location::pointer(self.file, pointer), message));
    }

    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Warning {
            kind: WarningKind::ImperfectDocument,
            location: Location::pointer(self.file, pointer),
            message: message.into(),
        });
    }
}

/// One checked action, ready to run.
struct Action<'o> {
    /// The pointer of the action object in the overlay, such as `#/actions/2`.
    pointer: String,
    target: &'o str,
    path: JsonPath,
    change: Change<'o>,
}

enum Change<'o> {
    Update(&'o Value),
    Remove,
}

/// One step of a node's location: an object member or an array index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Name(String),
    Index(usize),
}

/// A node selected by a target, kept by location so that the document can be changed afterwards.
struct Selected {
    steps: Vec<Step>,
    /// The normalized path (`$['paths']['/pets']`), for messages.
    display: String,
}

const OVERLAY_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
const INFO_FIELDS: &[&str] = &["title", "version"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

/// Checks the whole overlay document, recording every problem, and returns the actions that are well formed.
fn validate_overlay<'o>(ctx: &mut Ctx<'_>, root: &'o Value) -> Vec<Action<'o>> {
    let Some(object) = root.as_object() else {
        ctx.error("#", format!("an overlay must be an object, found {}", kind(root)));
        return Vec::new();
    };
    warn_unknown_fields(ctx, "#", object, OVERLAY_FIELDS);
    validate_version(ctx, object.get("overlay"));
    validate_info(ctx, object.get("info"));
    if let Some(extends) = object.get("extends")
        && !extends.is_string()
    {
        ctx.error("#/extends", format!("extends must be a string (a URL), found {}", kind(extends)));
    }
    let Some(actions) = object.get("actions") else {
        ctx.error("#", "missing required field \"actions\"");
        return Vec::new();
    };
    let Some(actions) = actions.as_array() else {
        ctx.error("#/actions", format!("actions must be an array, found {}", kind(actions)));
        return Vec::new();
    };
    if actions.is_empty() {
        ctx.error("#/actions", "actions must contain at least one action");
    }
    actions.iter().enumerate().filter_map(|(index, action)| validate_action(ctx, index, action)).collect()
}

fn validate_version(ctx: &mut Ctx<'_>, version: Option<&Value>) {
    let Some(version) = version else {
        ctx.error("#", "missing required field \"overlay\" (the Overlay Specification version, such as \"1.0.0\")");
        return;
    };
    let Some(text) = version.as_str() else {
        ctx.error("#/overlay", format!("overlay must be a version string such as \"1.0.0\", found {}", kind(version)));
        return;
    };
    let mut parts = text.split('.');
    let major = parts.next();
    let minor = parts.next();
    let patch = parts.next();
    let numeric = |part: Option<&str>| part.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !(numeric(major) && numeric(minor) && numeric(patch) && parts.next().is_none()) {
        ctx.error("#/overlay", format!("overlay version \"{text}\" is not of the form major.minor.patch"));
    } else if major != Some("1") || minor != Some("0") {
        ctx.error("#/overlay", format!("unsupported overlay version \"{text}\": only 1.0.x is supported"));
    }
}

fn validate_info(ctx: &mut Ctx<'_>, info: Option<&Value>) {
    let Some(info) = info else {
        ctx.error("#", "missing required field \"info\"");
        return;
    };
    let Some(object) = info.as_object() else {
        ctx.error("#/info", format!("info must be an object, found {}", kind(info)));
        return;
    };
    warn_unknown_fields(ctx, "#/info", object, INFO_FIELDS);
    for field in INFO_FIELDS {
        match object.get(*field) {
            None => ctx.error("#/info", format!("missing required field \"{field}\"")),
            Some(Value::String(_)) => {}
            Some(other) => {
                ctx.error(&format!("#/info/{field}"), format!("{field} must be a string, found {}", kind(other)));
            }
        }
    }
}

/// Checks one action; returns it when it can run.
fn validate_action<'o>(ctx: &mut Ctx<'_>, index: usize, action: &'o Value) -> Option<Action<'o>> {
    let pointer = format!("#/actions/{index}");
    let Some(object) = action.as_object() else {
        ctx.error(&pointer, format!("an action must be an object, found {}", kind(action)));
        return None;
    };
    warn_unknown_fields(ctx, &pointer, object, ACTION_FIELDS);
    let mut valid = true;
    if let Some(description) = object.get("description")
        && !description.is_string()
    {
        ctx.error(
            &format!("{pointer}/description"),
            format!("description must be a string, found {}", kind(description)),
        );
        valid = false;
    }
    let remove = match object.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(other) => {
            ctx.error(&format!("{pointer}/remove"), format!("remove must be true or false, found {}", kind(other)));
            valid = false;
            false
        }
    };
    let update = object.get("update");
    let target = match object.get("target") {
        None => {
            ctx.error(&pointer, "missing required field \"target\"");
            None
        }
        Some(Value::String(target)) => match JsonPath::parse(target) {
            Ok(path) => Some((target.as_str(), path)),
            Err(error) => {
                ctx.error(&format!("{pointer}/target"), format!("invalid JSONPath \"{target}\": {error}"));
                None
            }
        },
        Some(other) => {
            ctx.error(&format!("{pointer}/target"), format!("target must be a JSONPath string, found {}", kind(other)));
            None
        }
    };
    let change = match (update, remove) {
        (Some(_), true) => {
            ctx.error(&pointer, "an action cannot have both update and remove: true");
            None
        }
        (Some(update), false) => Some(Change::Update(update)),
        (None, true) => Some(Change::Remove),
        (None, false) => {
            if valid {
                ctx.error(&pointer, "an action needs update or remove: true");
            }
            None
        }
    };
    let (target, path) = target?;
    let change = change?;
    if matches!(change, Change::Remove) && selects_root(&path) {
        ctx.error(
            &format!("{pointer}/target"),
            format!("target \"{target}\" selects the document root, which cannot be removed"),
        );
        return None;
    }
    valid.then_some(Action { pointer, target, path, change })
}

/// Whether a query selects the root node. Only a query without segments (`$`) does: any segment selects
/// children, and `null` has none, so a query selects something in `null` exactly when it is `$`.
fn selects_root(path: &JsonPath) -> bool {
    !path.query_located(&Value::Null).is_empty()
}

fn warn_unknown_fields(ctx: &mut Ctx<'_>, pointer: &str, object: &Map<String, Value>, known: &[&str]) {
    for key in object.keys() {
        if !known.contains(&key.as_str()) && !key.starts_with("x-") {
            let at = format!("{}/{}", pointer, escape_pointer(key));
            ctx.warn(&at, format!("unknown field \"{key}\" is ignored"));
        }
    }
}

/// Runs one checked action against `document`.
/// Runs one action; `false` when the overlay must stop here (it would grow the document past a limit).
fn apply_action(ctx: &mut Ctx<'_>, document: &mut Value, action: &Action<'_>) -> bool {
    let selected = select(&action.path, document);
    if selected.is_empty() {
        ctx.warn(
            &format!("{}/target", action.pointer),
            format!("target \"{}\" selects nothing, so the action changes nothing", action.target),
        );
        return true;
    }
    match action.change {
        Change::Remove => remove_all(ctx, document, action, selected),
        Change::Update(update) => {
            // Each selected node gains at most the update's values, one level below it at most.
            let (update_values, update_depth) = measure(update);
            let added = selected.len().saturating_mul(update_values);
            let deepest = selected.iter().map(|node| node.steps.len() + 1 + update_depth).max().unwrap_or(0);
            if ctx.added.saturating_add(added) > MAX_ADDED_VALUES || deepest > MAX_DEPTH {
                ctx.error(
                    &format!("{}/update", action.pointer),
                    format!(
                        "the update, applied to the {} nodes \"{}\" selects, could add more than {MAX_ADDED_VALUES} values to the document or nest it deeper than {MAX_DEPTH} levels; refused",
                        selected.len(),
                        action.target
                    ),
                );
                return false;
            }
            ctx.added += added;
            for node in &selected {
                update_one(ctx, document, action, node, update);
            }
        }
    }
    true
}

/// Evaluates a target and returns the selected locations in query order, each once.
fn select(path: &JsonPath, document: &Value) -> Vec<Selected> {
    let mut seen = BTreeSet::new();
    let mut selected = Vec::new();
    for node in path.query_located(document).iter() {
        let location = node.location();
        let steps: Vec<Step> = location
            .iter()
            .map(|element| match element {
                serde_json_path::PathElement::Name(name) => Step::Name((*name).to_owned()),
                serde_json_path::PathElement::Index(index) => Step::Index(*index),
            })
            .collect();
        if seen.insert(steps.clone()) {
            selected.push(Selected { steps, display: location.to_string() });
        }
    }
    selected
}

fn update_one(ctx: &mut Ctx<'_>, document: &mut Value, action: &Action<'_>, node: &Selected, update: &Value) {
    let Some(target) = node_mut(document, &node.steps) else {
        // An earlier update of the same action replaced an ancestor, so this node is gone.
        return;
    };
    match target {
        Value::Object(object) => match update {
            Value::Object(update) => merge_object(object, update),
            other => ctx.error(
                &format!("{}/update", action.pointer),
                format!("update must be an object to merge into the object at {}, found {}", node.display, kind(other)),
            ),
        },
        Value::Array(items) => match update {
            Value::Array(entries) => items.extend(entries.iter().cloned()),
            entry => items.push(entry.clone()),
        },
        other => ctx.error(
            &format!("{}/target", action.pointer),
            format!(
                "target \"{}\" selects {} at {}; update needs an object or an array (select the containing object instead)",
                action.target,
                kind(other),
                node.display
            ),
        ),
    }
}

/// Merges `update` into `target`: objects recursively, arrays by concatenation, anything else replaced.
fn merge_object(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, value) in update {
        match (target.get_mut(key), value) {
            (Some(Value::Object(existing)), Value::Object(value)) => merge_object(existing, value),
            (Some(Value::Array(existing)), Value::Array(value)) => existing.extend(value.iter().cloned()),
            (Some(existing), value) => *existing = value.clone(),
            (None, value) => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
}

fn remove_all(ctx: &mut Ctx<'_>, document: &mut Value, action: &Action<'_>, selected: Vec<Selected>) {
    // Descending order removes array elements from the highest index down, and a descendant before its
    // ancestor, so every location stays valid until its own removal.
    let mut selected = selected;
    selected.sort_by(|a, b| b.steps.cmp(&a.steps));
    for node in &selected {
        let Some((last, parent_steps)) = node.steps.split_last() else {
            ctx.error(
                &format!("{}/target", action.pointer),
                format!("target \"{}\" selects the document root, which cannot be removed", action.target),
            );
            continue;
        };
        match (node_mut(document, parent_steps), last) {
            (Some(Value::Object(object)), Step::Name(name)) => {
                object.shift_remove(name);
            }
            (Some(Value::Array(items)), Step::Index(index)) if *index < items.len() => {
                items.remove(*index);
            }
            // The parent was removed or changed by an earlier removal of the same action.
            _ => {}
        }
    }
}

/// The node at `steps` below `value`, if it is still there.
fn node_mut<'v>(value: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    let mut node = value;
    for step in steps {
        node = match (node, step) {
            (Value::Object(object), Step::Name(name)) => object.get_mut(name)?,
            (Value::Array(items), Step::Index(index)) => items.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Escapes a member name for use as one JSON pointer token (RFC 6901).
fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// How a value is named in messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests;
