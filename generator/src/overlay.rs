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
mod tests {
    use super::*;
    use serde_json::json;

    const HEADER: &str = "overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\n";

    /// Applies `actions` (YAML for the `actions` field) to `document` and returns the result and warnings.
    #[track_caller]
    fn apply(document: Value, actions: &str) -> (Value, Vec<Warning>) {
        let text = format!("{HEADER}actions:\n{actions}");
        let mut document = document;
        match apply_overlay(&mut document, &Source { file: "overlay.yaml", text: &text }) {
            Ok(warnings) => (document, warnings),
            Err(errors) => panic!("overlay failed:\n{errors}"),
        }
    }

    /// Applies a whole overlay text that must fail, checks the document is unchanged, returns the errors.
    #[track_caller]
    fn apply_err(document: Value, text: &str) -> Vec<Error> {
        let mut changed = document.clone();
        match apply_overlay(&mut changed, &Source { file: "overlay.yaml", text }) {
            Ok(warnings) => panic!("overlay succeeded: {changed} {warnings:?}"),
            Err(errors) => {
                assert_eq!(changed, document, "a failed overlay changed the document");
                errors.0
            }
        }
    }

    fn pointer(error: &Error) -> &str {
        match &error.location {
            Location::Pointer { pointer, .. } => pointer,
            other => panic!("expected a pointer, got {other:?}"),
        }
    }

    #[test]
    fn update_merges_into_an_object_recursively() {
        let document = json!({"info": {"title": "t", "version": "1", "contact": {"name": "a"}}});
        let (document, warnings) = apply(
            document,
            "  - target: $.info\n    update:\n      version: '2'\n      contact: {email: e}\n      x-new: 1\n",
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            document,
            json!({"info": {"title": "t", "version": "2", "contact": {"name": "a", "email": "e"}, "x-new": 1}})
        );
    }

    #[test]
    fn nested_arrays_in_an_update_are_concatenated() {
        let document = json!({"get": {"tags": ["a"]}});
        let (document, _) = apply(document, "  - target: $.get\n    update:\n      tags: [b]\n");
        assert_eq!(document, json!({"get": {"tags": ["a", "b"]}}));
    }

    #[test]
    fn update_appends_to_an_array() {
        let document = json!({"tags": [{"name": "a"}]});
        let (document, _) = apply(
            document,
            "  - target: $.tags\n    update:\n      name: b\n  - target: $.tags\n    update: [{name: c}, {name: d}]\n",
        );
        assert_eq!(document, json!({"tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]}));
    }

    #[test]
    fn remove_deletes_an_object_member_and_keeps_order() {
        let document = json!({"a": 1, "b": 2, "c": 3});
        let (document, _) = apply(document, "  - target: $.a\n    remove: true\n");
        assert_eq!(serde_json::to_string(&document).unwrap(), r#"{"b":2,"c":3}"#);
    }

    #[test]
    fn remove_deletes_several_array_elements() {
        let document = json!({"parameters": [
            {"name": "keep1"}, {"name": "drop", "n": 1}, {"name": "keep2"}, {"name": "drop", "n": 2}, {"name": "drop"}
        ]});
        let (document, _) = apply(document, "  - target: $.parameters[?@.name == 'drop']\n    remove: true\n");
        assert_eq!(document, json!({"parameters": [{"name": "keep1"}, {"name": "keep2"}]}));
    }

    #[test]
    fn remove_of_a_node_selected_twice_removes_it_once() {
        let document = json!({"list": [0, 1, 2]});
        let (document, _) = apply(document, "  - target: $.list[0, 0, 2]\n    remove: true\n");
        assert_eq!(document, json!({"list": [1]}));
    }

    #[test]
    fn remove_of_a_node_and_its_descendant_works() {
        let document = json!({"a": {"x": true, "b": {"x": true}}, "c": 1});
        let (document, _) = apply(document, "  - target: $..[?@.x]\n    remove: true\n");
        assert_eq!(document, json!({"c": 1}));
    }

    #[test]
    fn filter_target_updates_the_matching_operation() {
        let document = json!({"paths": {
            "/a": {"get": {"operationId": "x"}, "post": {"operationId": "y"}},
            "/b": {"get": {"operationId": "z"}}
        }});
        let (document, warnings) =
            apply(document, "  - target: \"$.paths.*[?@.operationId == 'x']\"\n    update:\n      deprecated: true\n");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(document["paths"]["/a"]["get"]["deprecated"], json!(true));
        assert_eq!(document["paths"]["/a"]["post"].get("deprecated"), None);
        assert_eq!(document["paths"]["/b"]["get"].get("deprecated"), None);
    }

    #[test]
    fn actions_apply_in_order() {
        let document = json!({"security": [{"old": []}]});
        let (document, _) = apply(
            document,
            "  - target: $.security\n    remove: true\n  - target: $\n    update:\n      security: [{new: []}]\n",
        );
        assert_eq!(document, json!({"security": [{"new": []}]}));
    }

    #[test]
    fn target_matching_nothing_is_a_warning() {
        let document = json!({"paths": {}});
        let (document, warnings) = apply(document.clone(), "  - target: $.paths['/missing']\n    remove: true\n");
        assert_eq!(document, json!({"paths": {}}));
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].kind, WarningKind::ImperfectDocument);
        assert_eq!(warnings[0].location, Location::pointer("overlay.yaml", "#/actions/0/target"));
    }

    #[test]
    fn invalid_jsonpath_is_located_at_the_target() {
        let text = format!("{HEADER}actions:\n  - target: $.paths[\n    remove: true\n");
        let errors = apply_err(json!({}), &text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(pointer(&errors[0]), "#/actions/0/target");
        assert!(errors[0].message.starts_with("invalid JSONPath \"$.paths[\": "), "{}", errors[0].message);
    }

    #[test]
    fn all_action_errors_are_reported_together() {
        let text = format!(
            "{HEADER}actions:\n  - target: $.a\n    update: {{}}\n    remove: true\n  - target: 5\n    remove: true\n  - {{}}\n  - target: $\n    remove: true\n  - target: $.b\n"
        );
        let errors = apply_err(json!({"a": {}}), &text);
        let pointers: Vec<&str> = errors.iter().map(pointer).collect();
        assert_eq!(
            pointers,
            ["#/actions/0", "#/actions/1/target", "#/actions/2", "#/actions/2", "#/actions/3/target", "#/actions/4"],
            "{errors:?}"
        );
    }

    #[test]
    fn syntax_error_is_located_in_the_text() {
        let errors = apply_err(json!({}), "overlay: 1.0.0\nactions: [\n  - target: $\n");
        assert!(matches!(errors[0].location, Location::Text { .. }), "{:?}", errors[0]);
    }

    #[test]
    fn wrong_overlay_version_is_an_error() {
        for version in ["2.0.0", "1.1.0", "one"] {
            let text = format!(
                "overlay: {version}\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $\n    update: {{}}\n"
            );
            let errors = apply_err(json!({}), &text);
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(pointer(&errors[0]), "#/overlay");
        }
        let (_, warnings) = apply(json!({}), "  - target: $\n    update: {}\n");
        assert!(warnings.is_empty());
    }

    #[test]
    fn missing_fields_are_errors() {
        let errors = apply_err(json!({}), "overlay: 1.0.1\n");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, ["missing required field \"info\"", "missing required field \"actions\""]);
        assert!(errors.iter().all(|e| pointer(e) == "#"));
        let errors = apply_err(json!({}), &format!("{HEADER}actions: []\n"));
        assert_eq!(pointer(&errors[0]), "#/actions");
    }

    #[test]
    fn update_on_a_primitive_is_an_error_and_changes_nothing() {
        let text = format!("{HEADER}actions:\n  - target: $.a\n    update: {{}}\n  - target: $.b\n    update: 3\n");
        let errors = apply_err(json!({"a": {}, "b": "text"}), &text);
        let pointers: Vec<&str> = errors.iter().map(pointer).collect();
        assert_eq!(pointers, ["#/actions/1/target"], "{errors:?}");
    }

    #[test]
    fn non_object_update_on_an_object_is_an_error() {
        let text = format!("{HEADER}actions:\n  - target: $.a\n    update: [1]\n");
        let errors = apply_err(json!({"a": {}}), &text);
        assert_eq!(pointer(&errors[0]), "#/actions/0/update");
    }

    #[test]
    fn unknown_fields_are_warnings() {
        let (_, warnings) = apply(json!({"a": {}}), "  - target: $.a\n    update: {}\n    copy: $.b\n    x-ok: 1\n");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].location, Location::pointer("overlay.yaml", "#/actions/0/copy"));
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let targets = [
            "",
            "$",
            "$..",
            "$[",
            "$[?",
            "$[-1]",
            "$[::0]",
            "$[99999999999999999999]",
            "$[?@ == 1.5e999]",
            "$[?length(@) > 1]",
            "$[?match(@, '[')]",
            "$['\\uD800']",
            "$.*.*.*",
            "$..*",
            "$[-9007199254740991:9007199254740991:-9007199254740991]",
            "$[-9223372036854775808]",
            "$[?@.a[-1:] == 1]",
        ];
        for target in targets {
            for action in ["remove: true", "update: {x: 1}", "update: [1]"] {
                let text =
                    format!("{HEADER}actions:\n  - target: {}\n    {action}\n", serde_json::to_string(target).unwrap());
                let mut document = json!({"a": [1, {"b": [2, 3]}, "c"], "d": {"e": null}});
                let _ = apply_overlay(&mut document, &Source { file: "overlay.yaml", text: &text });
            }
        }
        for text in ["", "[]", "null", "overlay: 1.0.0\nactions: {}\n", "{\"actions\": [null, 1, []]}"] {
            let mut document = json!({});
            assert!(apply_overlay(&mut document, &Source { file: "overlay.yaml", text }).is_err(), "{text}");
        }
    }

    #[test]
    fn mixpeek_overlay_adds_list_webhooks_and_bearer_auth() {
        let spec = include_str!("../../specs/mixpeek.yaml");
        let overlay = include_str!("../../specs/mixpeek.overlay.yaml");
        let mut document = crate::parse::parse_document("mixpeek.yaml", spec).unwrap();
        let warnings = apply_overlay(&mut document, &Source { file: "mixpeek.overlay.yaml", text: overlay }).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");

        let get = &document["paths"]["/v1/organizations/webhooks/"]["get"];
        assert_eq!(get["operationId"], "list_webhooks_v1_organizations_webhooks__get");
        assert_eq!(get["tags"], json!(["Webhooks"]));
        assert_eq!(
            get["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"type": "array", "items": {"$ref": "#/components/schemas/Webhook-Output"}})
        );
        for code in ["400", "401", "403", "404", "422", "500"] {
            assert!(get["responses"][code]["content"]["application/json"]["schema"]["$ref"].is_string(), "{code}");
        }
        assert_eq!(get.get("parameters"), None);
        let put = &document["paths"]["/v1/organizations/webhooks/{identifier}"]["put"];
        assert_eq!(put["operationId"], "update_webhook_v1_organizations_webhooks__identifier__put");

        let scheme = &document["components"]["securitySchemes"]["bearerAuth"];
        assert_eq!(scheme["type"], "http");
        assert_eq!(scheme["scheme"], "bearer");
        assert!(scheme["description"].is_string());
        assert!(document["components"]["schemas"]["Webhook-Output"].is_object());
        assert_eq!(document["security"], json!([{"bearerAuth": []}]));
    }
}
