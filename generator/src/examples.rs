//! Examples: a normalized document in, an `invalid-example` warning for each example its own schema rejects.
//!
//! The examples checked are schema `examples` arrays at any depth (component schemas, properties, inline schemas
//! of parameters, bodies and responses), media-type `example` and `examples` (request bodies and responses,
//! inline or under `components`) and parameter or header `example` and `examples`. Media types are checked only
//! when they are JSON, since other encodings give examples in their serialized form. A string example that fails
//! is read once more in its serialized form: as JSON text for a JSON media type, and as the style-encoded value
//! (`"1,2"` for an array of integers) for a parameter or header.
//!
//! The validator understands the normalized dialect only (see [`crate::normalize`]): `type` is an array,
//! nullability is `nullable: true`, exclusive bounds are numbers and tuples are `prefixItems`. It leans towards
//! accepting: a keyword it cannot evaluate (an unsupported regex, a `$ref` that does not resolve, an unknown
//! format) is skipped, a required property marked `readOnly` or `writeOnly` may be missing, a property declared by
//! one `allOf` part is not additional to another part (generators merge the parts), and a `oneOf` with a
//! `discriminator` picks its branch by the discriminator value instead of demanding that exactly one matches.
//!
//! Work is bounded on any input: subschema nesting stops at a fixed depth, a `$ref` applied again to the same
//! value is cut short, and each example has a step budget past which it is taken as valid.

use crate::error::{Diagnostics, WarningKind};
use crate::{normalize, pointer};
use regex_lite::Regex;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// Subschema applications nested deeper than this are not followed; the instance is taken as valid there.
const MAX_DEPTH: usize = 256;

/// The validation steps one example may take before the check gives up and takes it as valid.
const STEP_BUDGET: usize = 200_000;

/// How many reasons one warning names.
const MAX_REASONS: usize = 3;

/// Schemas nested deeper than this are not searched for examples.
const MAX_WALK_DEPTH: usize = 128;

/// Arrays longer than this are not checked for `uniqueItems`, since the check compares every pair.
const MAX_UNIQUE_ITEMS: usize = 1_000;

/// Longest rendering of a value inside a message, in characters.
const MAX_VALUE_CHARS: usize = 60;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// An example its schema accepts, in the reading that passed (a JSON-text string example is given decoded).
#[derive(Debug, Clone, PartialEq)]
pub struct AcceptedExample {
    /// Where the example is (`.../examples/0`, `.../example`, `.../examples/name/value`).
    pub pointer: String,
    /// Where the schema it was checked against is.
    pub schema_at: String,
    pub value: Value,
}

/// Finds every example in the normalized `document` and warns about each one its schema rejects. With
/// `collect`, also returns the schema and JSON body examples it accepted for certain (not parameter examples,
/// and not those whose check ran out of budget).
pub fn check_examples(document: &Value, diagnostics: &mut Diagnostics, collect: bool) -> Vec<AcceptedExample> {
    let mut walker = Walker { validator: Validator::new(document), diagnostics, accepted: collect.then(Vec::new) };
    walker.document(document);
    walker.accepted.unwrap_or_default()
}

/// Whether `instance` passes `schema` (a schema inside the normalized `document`); `None` when the check ran out
/// of budget.
pub fn accepts(document: &Value, schema: &Value, instance: &Value) -> Option<bool> {
    let mut validator = Validator::new(document);
    let passed = validator.reasons(schema, instance).is_empty();
    (!validator.exhausted).then_some(passed)
}

/// Walks the document to the places where examples live.
struct Walker<'d, 'x> {
    validator: Validator<'d>,
    diagnostics: &'x mut Diagnostics,
    accepted: Option<Vec<AcceptedExample>>,
}

impl<'d> Walker<'d, '_> {
    fn document(&mut self, root: &'d Value) {
        for key in ["paths", "webhooks"] {
            if let Some(Value::Object(items)) = root.get(key) {
                for (path, item) in items {
                    self.path_item(item, &pointer::push(&format!("#/{key}"), path));
                }
            }
        }
        let Some(Value::Object(components)) = root.get("components") else { return };
        if let Some(Value::Object(schemas)) = components.get("schemas") {
            for (name, schema) in schemas {
                self.schema(schema, &pointer::push("#/components/schemas", name), 0);
            }
        }
        for kind in ["parameters", "headers"] {
            if let Some(Value::Object(items)) = components.get(kind) {
                for (name, item) in items {
                    self.parameter(item, &pointer::push(&format!("#/components/{kind}"), name));
                }
            }
        }
        for kind in ["requestBodies", "responses"] {
            if let Some(Value::Object(items)) = components.get(kind) {
                for (name, item) in items {
                    self.with_content(item, &pointer::push(&format!("#/components/{kind}"), name));
                }
            }
        }
        if let Some(Value::Object(items)) = components.get("pathItems") {
            for (name, item) in items {
                self.path_item(item, &pointer::push("#/components/pathItems", name));
            }
        }
    }

    fn path_item(&mut self, item: &'d Value, at: &str) {
        let Some(item) = item.as_object() else { return };
        if let Some(Value::Array(parameters)) = item.get("parameters") {
            for (index, parameter) in parameters.iter().enumerate() {
                self.parameter(parameter, &format!("{at}/parameters/{index}"));
            }
        }
        for method in METHODS {
            if let Some(Value::Object(operation)) = item.get(method) {
                self.operation(operation, &pointer::push(at, method));
            }
        }
    }

    fn operation(&mut self, operation: &'d Map<String, Value>, at: &str) {
        if let Some(Value::Array(parameters)) = operation.get("parameters") {
            for (index, parameter) in parameters.iter().enumerate() {
                self.parameter(parameter, &format!("{at}/parameters/{index}"));
            }
        }
        if let Some(body) = operation.get("requestBody") {
            self.with_content(body, &format!("{at}/requestBody"));
        }
        if let Some(Value::Object(responses)) = operation.get("responses") {
            for (status, response) in responses {
                self.with_content(response, &pointer::push(&format!("{at}/responses"), status));
            }
        }
    }

    /// A parameter or a header: its schema, its own examples and its `content`.
    fn parameter(&mut self, parameter: &'d Value, at: &str) {
        let Some(parameter) = parameter.as_object() else { return };
        if parameter.contains_key("$ref") {
            return;
        }
        if let Some(schema) = parameter.get("schema") {
            let schema_at = format!("{at}/schema");
            self.schema(schema, &schema_at, 0);
            let delimiter = match parameter.get("style").and_then(Value::as_str) {
                Some("spaceDelimited") => ' ',
                Some("pipeDelimited") => '|',
                _ => ',',
            };
            self.examples_of(parameter, schema, at, &schema_at, Encoding::Parameter { delimiter });
        }
        if let Some(Value::Object(content)) = parameter.get("content") {
            for (media, entry) in content {
                self.media_type(media, entry, &pointer::push(&format!("{at}/content"), media));
            }
        }
    }

    /// A request body or a response: its media types and headers.
    fn with_content(&mut self, item: &'d Value, at: &str) {
        let Some(item) = item.as_object() else { return };
        if item.contains_key("$ref") {
            return;
        }
        if let Some(Value::Object(content)) = item.get("content") {
            for (media, entry) in content {
                self.media_type(media, entry, &pointer::push(&format!("{at}/content"), media));
            }
        }
        if let Some(Value::Object(headers)) = item.get("headers") {
            for (name, header) in headers {
                self.parameter(header, &pointer::push(&format!("{at}/headers"), name));
            }
        }
    }

    fn media_type(&mut self, media: &str, entry: &'d Value, at: &str) {
        let Some(entry) = entry.as_object() else { return };
        let Some(schema) = entry.get("schema") else { return };
        let schema_at = format!("{at}/schema");
        self.schema(schema, &schema_at, 0);
        if is_json_media_type(media) {
            self.examples_of(entry, schema, at, &schema_at, Encoding::Json);
        }
    }

    /// The `example` and the `examples` map of a media type, parameter or header.
    fn examples_of(
        &mut self,
        holder: &'d Map<String, Value>,
        schema: &'d Value,
        at: &str,
        schema_at: &str,
        encoding: Encoding,
    ) {
        if let Some(example) = holder.get("example") {
            self.check(schema, example, &Site { pointer: &format!("{at}/example"), schema_at, via: None, encoding });
        }
        let Some(Value::Object(examples)) = holder.get("examples") else { return };
        for (name, example) in examples {
            let example_at = pointer::push(&format!("{at}/examples"), name);
            match example.get("$ref") {
                Some(Value::String(reference)) => {
                    let value = pointer::resolve(self.validator.root, reference).and_then(|target| target.get("value"));
                    if let Some(value) = value {
                        self.check(
                            schema,
                            value,
                            &Site { pointer: &example_at, schema_at, via: Some(reference), encoding },
                        );
                    }
                }
                _ => {
                    if let Some(value) = example.get("value") {
                        let value_at = format!("{example_at}/value");
                        self.check(schema, value, &Site { pointer: &value_at, schema_at, via: None, encoding });
                    }
                }
            }
        }
    }

    /// Checks the `examples` array of a schema, then searches the schemas inside it.
    fn schema(&mut self, schema: &'d Value, at: &str, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        let Some(object) = schema.as_object() else { return };
        if let Some(Value::Array(examples)) = object.get("examples") {
            for (index, example) in examples.iter().enumerate() {
                let example_at = format!("{at}/examples/{index}");
                let site = Site { pointer: &example_at, schema_at: at, via: None, encoding: Encoding::Value };
                self.check(schema, example, &site);
            }
        }
        if !normalize::has_subschemas(object) {
            return;
        }
        for key in normalize::SCHEMA_MAP_KEYWORDS {
            if let Some(Value::Object(members)) = object.get(key) {
                for (name, member) in members {
                    self.schema(member, &pointer::push(&format!("{at}/{key}"), name), depth + 1);
                }
            }
        }
        for key in normalize::SINGLE_SCHEMA_KEYWORDS {
            if let Some(child @ Value::Object(_)) = object.get(key) {
                self.schema(child, &format!("{at}/{key}"), depth + 1);
            }
        }
        for key in normalize::SCHEMA_LIST_KEYWORDS {
            if let Some(Value::Array(members)) = object.get(key) {
                for (index, member) in members.iter().enumerate() {
                    self.schema(member, &format!("{at}/{key}/{index}"), depth + 1);
                }
            }
        }
    }

    /// Validates one example and warns when its schema rejects it, in its serialized reading if it has one.
    fn check(&mut self, schema: &'d Value, example: &Value, site: &Site<'_>) {
        let mut reasons = self.validator.reasons(schema, example);
        if reasons.is_empty() {
            self.accept(site, example);
            return;
        }
        let mut serialized = false;
        if let Some(decoded) = self.decode(schema, example, site.encoding) {
            reasons = self.validator.reasons(schema, &decoded);
            if reasons.is_empty() {
                self.accept(site, &decoded);
                return;
            }
            serialized = true;
        }
        let shown: Vec<String> =
            reasons.iter().take(MAX_REASONS).map(|f| format!("{}: {}", f.path, f.reason)).collect();
        let mut message = format!("example does not match its schema: {}", shown.join("; "));
        if reasons.len() > MAX_REASONS {
            message.push_str("; and more");
        }
        if serialized {
            message.push_str(" (reading the string as its serialized form)");
        }
        if let Some(reference) = site.via {
            message.push_str(&format!(" (value from {reference})"));
        }
        self.diagnostics.warn(WarningKind::InvalidExample, site.pointer, message);
    }

    /// Keeps an accepted example when collecting, unless its check ran out of budget or it is a parameter's.
    fn accept(&mut self, site: &Site<'_>, value: &Value) {
        let Some(accepted) = &mut self.accepted else { return };
        if self.validator.exhausted || matches!(site.encoding, Encoding::Parameter { .. }) {
            return;
        }
        accepted.push(AcceptedExample {
            pointer: site.pointer.to_owned(),
            schema_at: site.schema_at.to_owned(),
            value: value.clone(),
        });
    }

    /// Another reading of a string example: the JSON text it spells for a JSON media type, or the value a
    /// parameter's serialized form stands for (`"1,2"` for an array of integers, `"10"` for an integer).
    fn decode(&self, schema: &'d Value, example: &Value, encoding: Encoding) -> Option<Value> {
        let Value::String(text) = example else { return None };
        match encoding {
            Encoding::Value => None,
            Encoding::Json => serde_json::from_str(text).ok(),
            Encoding::Parameter { delimiter } => {
                let resolved = self.validator.resolve_refs(schema);
                let types = type_names(resolved);
                if types.contains(&"array") {
                    let items = resolved.get("items").map_or(&Value::Null, |i| self.validator.resolve_refs(i));
                    let item_types = type_names(items);
                    let parts = text.split(delimiter).filter(|part| !part.is_empty());
                    Some(Value::Array(parts.map(|part| coerce_scalar(part, &item_types)).collect()))
                } else if types.iter().any(|t| matches!(*t, "integer" | "number" | "boolean")) {
                    Some(coerce_scalar(text, &types)).filter(|value| value != example)
                } else {
                    None
                }
            }
        }
    }
}

/// Where an example sits and how it may be written.
struct Site<'a> {
    pointer: &'a str,
    /// Where the schema is.
    schema_at: &'a str,
    /// The `#/components/examples/...` reference the value came through, if any.
    via: Option<&'a str>,
    encoding: Encoding,
}

/// How an example may be written besides as the JSON value itself.
#[derive(Debug, Clone, Copy)]
enum Encoding {
    /// A schema example: the value only.
    Value,
    /// A JSON media-type example, which may also be given as JSON text in a string.
    Json,
    /// A parameter or header example, which may also be given in its serialized (style) form.
    Parameter { delimiter: char },
}

/// The `type` names of a schema, empty when it has none.
fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A serialized scalar read as the first of `types` it spells: a number, a boolean, or else the string itself.
fn coerce_scalar(text: &str, types: &[&str]) -> Value {
    if types.iter().any(|t| matches!(*t, "integer" | "number")) {
        if let Ok(number) = text.trim().parse::<Number>() {
            return Value::Number(number);
        }
    }
    if types.contains(&"boolean") && matches!(text, "true" | "false") {
        return Value::Bool(text == "true");
    }
    Value::String(text.to_owned())
}

/// JSON media types, whose examples are JSON values; streaming and line-delimited variants are left out.
fn is_json_media_type(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    let essence = media.split(';').next().unwrap_or("").trim();
    (essence.ends_with("/json") || essence.ends_with("+json"))
        && !essence.contains("ndjson")
        && !essence.contains("jsonl")
        && !essence.contains("json-seq")
}

/// One reason an instance fails its schema, at a JSON pointer inside the example.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    path: String,
    reason: String,
}

/// Collects failures up to a capacity; a full sink tells the validator to stop early.
struct Sink {
    failures: Vec<Failure>,
    capacity: usize,
}

impl Sink {
    fn with_capacity(capacity: usize) -> Self {
        Sink { failures: Vec::new(), capacity }
    }

    fn push(&mut self, path: &Path<'_>, reason: String) {
        if self.failures.len() < self.capacity {
            self.failures.push(Failure { path: path.render(), reason });
        }
    }

    fn is_full(&self) -> bool {
        self.failures.len() >= self.capacity
    }

    fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The place inside an example being validated, rendered as a JSON pointer only when a failure needs it.
#[derive(Debug, Clone, Copy)]
enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn render(&self) -> String {
        let mut tokens = Vec::new();
        let mut current = self;
        loop {
            match current {
                Path::Root => break,
                Path::Key(parent, key) => {
                    tokens.push((*key).to_owned());
                    current = parent;
                }
                Path::Index(parent, index) => {
                    tokens.push(index.to_string());
                    current = parent;
                }
            }
        }
        if tokens.is_empty() {
            return "(root)".to_owned();
        }
        tokens.iter().rev().fold(String::new(), |out, token| pointer::push(&out, token))
    }
}

/// A JSON Schema validator for the normalized dialect, with a regex cache shared by all examples of one document.
struct Validator<'d> {
    root: &'d Value,
    regexes: BTreeMap<String, Option<Regex>>,
    /// The `$ref` targets being applied, each with the instance it is applied to, to cut cycles short.
    active: Vec<(*const Value, *const Value)>,
    /// Property names declared by the parts of an enclosing `allOf`, for the object they are applied to.
    merged: Vec<(*const Map<String, Value>, Vec<&'d str>)>,
    steps: usize,
    exhausted: bool,
}

impl<'d> Validator<'d> {
    fn new(root: &'d Value) -> Self {
        Validator { root, regexes: BTreeMap::new(), active: Vec::new(), merged: Vec::new(), steps: 0, exhausted: false }
    }

    /// The first few reasons `instance` fails `schema`, or none when it passes or the check ran out of budget.
    fn reasons(&mut self, schema: &'d Value, instance: &Value) -> Vec<Failure> {
        self.steps = 0;
        self.exhausted = false;
        self.active.clear();
        self.merged.clear();
        let mut sink = Sink::with_capacity(MAX_REASONS + 1);
        self.validate(schema, instance, &Path::Root, 0, &mut sink);
        if self.exhausted { Vec::new() } else { sink.failures }
    }

    /// Whether `instance` passes `schema`, stopping at the first failure.
    fn passes(&mut self, schema: &'d Value, instance: &Value, path: &Path<'_>, depth: usize) -> bool {
        let mut sink = Sink::with_capacity(1);
        self.validate(schema, instance, path, depth, &mut sink);
        sink.is_empty()
    }

    fn validate(&mut self, schema: &'d Value, instance: &Value, path: &Path<'_>, depth: usize, sink: &mut Sink) {
        self.steps += 1;
        if self.steps > STEP_BUDGET {
            self.exhausted = true;
        }
        if self.exhausted || depth > MAX_DEPTH || sink.is_full() {
            return;
        }
        let object = match schema {
            Value::Bool(false) => {
                sink.push(path, "no value is allowed here".to_owned());
                return;
            }
            Value::Object(object) => object,
            _ => return,
        };
        if instance.is_null() && object.get("nullable") == Some(&Value::Bool(true)) {
            return;
        }
        if let Some(Value::String(reference)) = object.get("$ref") {
            self.reference(reference, instance, path, depth, sink);
        }
        if !type_and_enum(object, instance, path, sink) {
            return;
        }
        match instance {
            Value::String(text) => self.string(object, text, path, sink),
            Value::Number(number) => number_keywords(object, number, path, sink),
            Value::Array(items) => self.array(object, items, path, depth, sink),
            Value::Object(members) => self.object(object, members, path, depth, sink),
            Value::Null | Value::Bool(_) => {}
        }
        self.combinators(object, instance, path, depth, sink);
    }

    fn reference(&mut self, reference: &str, instance: &Value, path: &Path<'_>, depth: usize, sink: &mut Sink) {
        let Some(target) = pointer::resolve(self.root, reference) else { return };
        let key = (std::ptr::from_ref(target), std::ptr::from_ref(instance));
        if self.active.contains(&key) {
            return;
        }
        self.active.push(key);
        self.validate(target, instance, path, depth + 1, sink);
        self.active.pop();
    }

    fn string(&mut self, object: &Map<String, Value>, text: &str, path: &Path<'_>, sink: &mut Sink) {
        let has_length = object.contains_key("minLength") || object.contains_key("maxLength");
        let length = if has_length { text.chars().count() } else { 0 };
        if let Some(minimum) = object.get("minLength").and_then(as_count) {
            if length < minimum {
                sink.push(path, format!("{} is shorter than {minimum} characters", describe_str(text)));
            }
        }
        if let Some(maximum) = object.get("maxLength").and_then(as_count) {
            if length > maximum {
                sink.push(path, format!("{} is longer than {maximum} characters", describe_str(text)));
            }
        }
        if let Some(Value::String(pattern)) = object.get("pattern") {
            if self.is_match(pattern, text) == Some(false) {
                sink.push(
                    path,
                    format!("{} does not match pattern \"{}\"", describe_str(text), shorten(pattern.clone())),
                );
            }
        }
        match object.get("format").and_then(Value::as_str) {
            Some("date-time") if !is_date_time(text) => {
                sink.push(path, format!("{} is not a valid RFC 3339 date-time", describe_str(text)));
            }
            Some("date") if !is_date(text) => {
                sink.push(path, format!("{} is not a valid RFC 3339 full-date", describe_str(text)));
            }
            _ => {}
        }
    }

    fn array(
        &mut self,
        object: &'d Map<String, Value>,
        items: &[Value],
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if let Some(minimum) = object.get("minItems").and_then(as_count) {
            if items.len() < minimum {
                sink.push(path, format!("has {} items, fewer than the minimum {minimum}", items.len()));
            }
        }
        if let Some(maximum) = object.get("maxItems").and_then(as_count) {
            if items.len() > maximum {
                sink.push(path, format!("has {} items, more than the maximum {maximum}", items.len()));
            }
        }
        // Uniqueness is compared pairwise, so very long arrays are not checked.
        if object.get("uniqueItems") == Some(&Value::Bool(true)) && items.len() <= MAX_UNIQUE_ITEMS {
            if let Some((first, second)) = first_duplicate(items) {
                sink.push(path, format!("items {first} and {second} are equal but the items must be unique"));
            }
        }
        let prefix = match object.get("prefixItems") {
            Some(Value::Array(prefix)) => prefix.as_slice(),
            _ => &[],
        };
        for (index, (item, schema)) in items.iter().zip(prefix).enumerate() {
            self.validate(schema, item, &Path::Index(path, index), depth + 1, sink);
        }
        let rest = match object.get("items") {
            Some(schema) => Some(schema),
            None if !prefix.is_empty() => object.get("additionalItems"),
            None => None,
        };
        if let Some(schema) = rest {
            for (index, item) in items.iter().enumerate().skip(prefix.len()) {
                if sink.is_full() {
                    return;
                }
                self.validate(schema, item, &Path::Index(path, index), depth + 1, sink);
            }
        }
        if let Some(schema) = object.get("contains") {
            if !items
                .iter()
                .enumerate()
                .any(|(index, item)| self.passes(schema, item, &Path::Index(path, index), depth + 1))
            {
                sink.push(path, "no item matches the `contains` schema".to_owned());
            }
        }
    }

    fn object(
        &mut self,
        object: &'d Map<String, Value>,
        members: &Map<String, Value>,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if let Some(minimum) = object.get("minProperties").and_then(as_count) {
            if members.len() < minimum {
                sink.push(path, format!("has {} properties, fewer than the minimum {minimum}", members.len()));
            }
        }
        if let Some(maximum) = object.get("maxProperties").and_then(as_count) {
            if members.len() > maximum {
                sink.push(path, format!("has {} properties, more than the maximum {maximum}", members.len()));
            }
        }
        let properties = object.get("properties").and_then(Value::as_object);
        if let Some(Value::Array(required)) = object.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if members.contains_key(name) {
                    continue;
                }
                let schema = properties.and_then(|p| p.get(name));
                if schema.is_some_and(|s| self.is_read_or_write_only(s)) {
                    continue;
                }
                sink.push(path, format!("missing required property {}", describe_str(name)));
            }
        }
        let patterns = object.get("patternProperties").and_then(Value::as_object);
        let additional = object.get("additionalProperties");
        for (name, value) in members {
            if sink.is_full() {
                return;
            }
            let member_path = Path::Key(path, name);
            let mut covered = false;
            if let Some(schema) = properties.and_then(|p| p.get(name)) {
                covered = true;
                self.validate(schema, value, &member_path, depth + 1, sink);
            }
            for (pattern, schema) in patterns.into_iter().flatten() {
                match self.is_match(pattern, name) {
                    Some(true) => {
                        covered = true;
                        self.validate(schema, value, &member_path, depth + 1, sink);
                    }
                    Some(false) => {}
                    // A pattern the regex engine cannot read might match: never call the property additional.
                    None => covered = true,
                }
            }
            if !covered && additional.is_some() {
                let here = std::ptr::from_ref(members);
                covered = self.merged.iter().any(|(at, names)| *at == here && names.contains(&name.as_str()));
            }
            match additional {
                Some(Value::Bool(false)) if !covered => {
                    sink.push(path, format!("unexpected property {}", describe_str(name)));
                }
                Some(schema @ Value::Object(_)) if !covered => {
                    self.validate(schema, value, &member_path, depth + 1, sink);
                }
                _ => {}
            }
        }
        if let Some(schema) = object.get("propertyNames") {
            for name in members.keys() {
                let key = Value::String(name.clone());
                if !self.passes(schema, &key, path, depth + 1) {
                    sink.push(path, format!("property name {} is not allowed by `propertyNames`", describe_str(name)));
                }
            }
        }
    }

    fn combinators(
        &mut self,
        object: &'d Map<String, Value>,
        instance: &Value,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if let Some(Value::Array(parts)) = object.get("allOf") {
            // Generators merge `allOf` parts into one type, so a property one part declares is not additional
            // to another part that forbids additional properties.
            let merged = match instance {
                Value::Object(members) if parts.len() > 1 => {
                    let mut names = Vec::new();
                    for part in parts {
                        self.declared_names(part, &mut names, 0);
                    }
                    self.merged.push((std::ptr::from_ref(members), names));
                    true
                }
                _ => false,
            };
            for part in parts {
                self.validate(part, instance, path, depth + 1, sink);
            }
            if merged {
                self.merged.pop();
            }
        }
        if let Some(Value::Array(branches)) = object.get("anyOf") {
            if !branches.is_empty() && !branches.iter().any(|branch| self.passes(branch, instance, path, depth + 1)) {
                sink.push(path, "matches none of the anyOf branches".to_owned());
            }
        }
        if let Some(Value::Array(branches)) = object.get("oneOf") {
            self.one_of(object, branches, instance, path, depth, sink);
        }
        if let Some(schema) = object.get("not") {
            if self.passes(schema, instance, path, depth + 1) && !self.exhausted {
                sink.push(path, "matches the schema under `not`".to_owned());
            }
        }
    }

    fn one_of(
        &mut self,
        object: &'d Map<String, Value>,
        branches: &'d [Value],
        instance: &Value,
        path: &Path<'_>,
        depth: usize,
        sink: &mut Sink,
    ) {
        if branches.is_empty() {
            return;
        }
        let discriminator = object.get("discriminator");
        if let Some(branch) = discriminator.and_then(|d| self.discriminated_branch(d, branches, instance)) {
            self.validate(branch, instance, path, depth + 1, sink);
            return;
        }
        let mut matched = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            if self.passes(branch, instance, path, depth + 1) {
                matched.push(index);
                if matched.len() > 1 {
                    break;
                }
            }
        }
        if matched.is_empty() {
            sink.push(path, "matches none of the oneOf branches".to_owned());
        } else if matched.len() > 1 && discriminator.is_none() {
            let listed: Vec<String> = matched.iter().map(usize::to_string).collect();
            sink.push(path, format!("matches oneOf branches {} but must match exactly one", listed.join(" and ")));
        }
    }

    /// The branch a discriminator selects: by its `mapping`, else by the tags lowering gives the branches
    /// (`discriminator::branch_tags`: the values a branch lists for the property, else its schema name).
    fn discriminated_branch(
        &self,
        discriminator: &'d Value,
        branches: &'d [Value],
        instance: &Value,
    ) -> Option<&'d Value> {
        let property = discriminator.get("propertyName")?.as_str()?;
        let tag = instance.get(property)?.as_str()?;
        if let Some(target) = discriminator.get("mapping").and_then(|m| m.get(tag)).and_then(Value::as_str) {
            let reference =
                if target.starts_with('#') { target.to_owned() } else { pointer::push("#/components/schemas", target) };
            return branches
                .iter()
                .find(|b| b.get("$ref").and_then(Value::as_str) == Some(reference.as_str()))
                .or_else(|| pointer::resolve(self.root, &reference));
        }
        match crate::discriminator::branch_tags(self.root, discriminator.as_object()?, branches) {
            Some(tags) => branches.iter().zip(tags).find(|(_, tags)| tags.iter().any(|t| t == tag)).map(|(b, _)| b),
            None => branches.iter().find(|branch| {
                branch
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| pointer::unescape(pointer::last_token(r)) == tag)
            }),
        }
    }

    /// Whether a property schema, or the schema its `$ref` names, is `readOnly` or `writeOnly`.
    fn is_read_or_write_only(&self, schema: &Value) -> bool {
        let flagged =
            |s: &Value| s.get("readOnly") == Some(&Value::Bool(true)) || s.get("writeOnly") == Some(&Value::Bool(true));
        if flagged(schema) {
            return true;
        }
        let target = schema.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(self.root, r));
        target.is_some_and(flagged)
    }

    /// Collects the property names `schema` declares, through `$ref` and the combinators.
    fn declared_names(&self, schema: &'d Value, names: &mut Vec<&'d str>, depth: usize) {
        if depth > 16 {
            return;
        }
        if let Some(target) = schema.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(self.root, r)) {
            self.declared_names(target, names, depth + 1);
        }
        if let Some(Value::Object(properties)) = schema.get("properties") {
            names.extend(properties.keys().map(String::as_str));
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(parts)) = schema.get(key) {
                for part in parts {
                    self.declared_names(part, names, depth + 1);
                }
            }
        }
    }

    /// Follows `$ref` from `schema` to the schema that has content, or returns the last one found.
    fn resolve_refs(&self, schema: &'d Value) -> &'d Value {
        let mut current = schema;
        for _ in 0..16 {
            match current.get("$ref").and_then(Value::as_str).and_then(|r| pointer::resolve(self.root, r)) {
                Some(target) if current.get("type").is_none() => current = target,
                _ => break,
            }
        }
        current
    }

    /// Whether `text` matches `pattern` (a search, not anchored), or `None` when the regex engine cannot read it.
    fn is_match(&mut self, pattern: &str, text: &str) -> Option<bool> {
        if !self.regexes.contains_key(pattern) {
            self.regexes.insert(pattern.to_owned(), Regex::new(pattern).ok());
        }
        self.regexes.get(pattern)?.as_ref().map(|regex| regex.is_match(text))
    }
}

/// `type` and `enum`; false when the type is wrong, so the other keywords would only add noise.
fn type_and_enum(object: &Map<String, Value>, instance: &Value, path: &Path<'_>, sink: &mut Sink) -> bool {
    if let Some(Value::Array(types)) = object.get("type") {
        let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
        let known = !names.is_empty() && names.len() == types.len() && names.iter().all(|n| is_type_name(n));
        if known && !names.iter().any(|name| has_type(name, instance)) {
            sink.push(path, format!("{} is not of type {}", describe(instance), names.join(" or ")));
            return false;
        }
    }
    if let Some(Value::Array(values)) = object.get("enum") {
        if !values.is_empty() && !values.iter().any(|value| json_equal(value, instance)) {
            let mut listed: Vec<String> = values.iter().take(6).map(describe).collect();
            if values.len() > 6 {
                listed.push("…".to_owned());
            }
            sink.push(path, format!("{} is not one of {}", describe(instance), listed.join(", ")));
        }
    }
    true
}

fn number_keywords(object: &Map<String, Value>, number: &Number, path: &Path<'_>, sink: &mut Sink) {
    let Some(value) = number.as_f64() else { return };
    let bound = |key: &str| match object.get(key) {
        Some(Value::Number(bound)) => bound.as_f64().map(|limit| (bound, limit)),
        _ => None,
    };
    if let Some((shown, minimum)) = bound("minimum") {
        if value < minimum {
            sink.push(path, format!("{number} is less than the minimum {shown}"));
        }
    }
    if let Some((shown, maximum)) = bound("maximum") {
        if value > maximum {
            sink.push(path, format!("{number} is greater than the maximum {shown}"));
        }
    }
    if let Some((shown, minimum)) = bound("exclusiveMinimum") {
        if value <= minimum {
            sink.push(path, format!("{number} is not greater than the exclusive minimum {shown}"));
        }
    }
    if let Some((shown, maximum)) = bound("exclusiveMaximum") {
        if value >= maximum {
            sink.push(path, format!("{number} is not less than the exclusive maximum {shown}"));
        }
    }
    if let Some(Value::Number(divisor)) = object.get("multipleOf") {
        if !is_multiple(number, divisor) {
            sink.push(path, format!("{number} is not a multiple of {divisor}"));
        }
    }
}

/// Whether `number` is a multiple of `divisor`, exactly for integers and within rounding error otherwise.
fn is_multiple(number: &Number, divisor: &Number) -> bool {
    if let (Some(n), Some(d)) = (number.as_i64(), divisor.as_i64()) {
        return d <= 0 || n % d == 0;
    }
    if let (Some(n), Some(d)) = (number.as_u64(), divisor.as_u64()) {
        return d == 0 || n % d == 0;
    }
    let (Some(n), Some(d)) = (number.as_f64(), divisor.as_f64()) else { return true };
    if d <= 0.0 || !d.is_finite() {
        return true;
    }
    let quotient = n / d;
    if !quotient.is_finite() {
        return true;
    }
    (quotient - quotient.round()).abs() <= 1e-9 * quotient.abs().max(1.0)
}

fn is_type_name(name: &str) -> bool {
    matches!(name, "string" | "number" | "integer" | "boolean" | "array" | "object" | "null")
}

fn has_type(name: &str, instance: &Value) -> bool {
    match (name, instance) {
        ("string", Value::String(_))
        | ("number", Value::Number(_))
        | ("boolean", Value::Bool(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_))
        | ("null", Value::Null) => true,
        ("integer", Value::Number(number)) => is_integer(number),
        _ => false,
    }
}

/// Integers in the JSON Schema sense: `1.0` is one.
fn is_integer(number: &Number) -> bool {
    number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|f| f.is_finite() && f.fract() == 0.0)
}

/// JSON equality, with numbers compared by value (`1` equals `1.0`) and objects regardless of key order.
fn json_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
            (Some(x), Some(y), _, _) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => a.as_f64().zip(b.as_f64()).is_some_and(|(x, y)| x == y),
        },
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_equal(x, y)),
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(key, x)| b.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => left == right,
    }
}

fn first_duplicate(items: &[Value]) -> Option<(usize, usize)> {
    for (first, a) in items.iter().enumerate() {
        for (offset, b) in items.iter().skip(first + 1).enumerate() {
            if json_equal(a, b) {
                return Some((first, first + 1 + offset));
            }
        }
    }
    None
}

/// A non-negative integer keyword value such as `minLength`.
fn as_count(value: &Value) -> Option<usize> {
    match value.as_u64() {
        Some(count) => usize::try_from(count).ok(),
        None => {
            let float = value.as_f64()?;
            (float.is_finite() && float >= 0.0 && float.fract() == 0.0 && float < 1e15).then_some(float as usize)
        }
    }
}

/// A value as a message shows it: scalars as JSON (shortened), containers by kind.
fn describe(value: &Value) -> String {
    match value {
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => shorten(other.to_string()),
    }
}

fn describe_str(text: &str) -> String {
    shorten(Value::String(text.to_owned()).to_string())
}

fn shorten(text: String) -> String {
    if text.chars().count() <= MAX_VALUE_CHARS {
        return text;
    }
    let mut short: String = text.chars().take(MAX_VALUE_CHARS).collect();
    short.push('…');
    short
}

/// An RFC 3339 `full-date`: `YYYY-MM-DD` with a day that exists in its month.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10 && date_at(bytes)
}

/// An RFC 3339 `date-time`: a full date, `T` (or `t` or a space), a time, optional fraction, and `Z` or an offset.
fn is_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !date_at(bytes) || !matches!(bytes.get(10), Some(b'T' | b't' | b' ')) {
        return false;
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(bytes, 11, 2), digits(bytes, 14, 2), digits(bytes, 17, 2))
    else {
        return false;
    };
    if bytes.get(13) != Some(&b':') || bytes.get(16) != Some(&b':') || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut index = 19;
    if bytes.get(index) == Some(&b'.') {
        let start = index + 1;
        index = start;
        while bytes.get(index).is_some_and(u8::is_ascii_digit) {
            index += 1;
        }
        if index == start {
            return false;
        }
    }
    match bytes.get(index) {
        Some(b'Z' | b'z') => index + 1 == bytes.len(),
        Some(b'+' | b'-') => {
            let offset_hour = digits(bytes, index + 1, 2);
            let offset_minute = digits(bytes, index + 4, 2);
            index + 6 == bytes.len()
                && bytes.get(index + 3) == Some(&b':')
                && offset_hour.is_some_and(|h| h <= 23)
                && offset_minute.is_some_and(|m| m <= 59)
        }
        _ => false,
    }
}

/// Checks the `YYYY-MM-DD` at the start of `bytes`.
fn date_at(bytes: &[u8]) -> bool {
    let (Some(year), Some(month), Some(day)) = (digits(bytes, 0, 4), digits(bytes, 5, 2), digits(bytes, 8, 2)) else {
        return false;
    };
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') || !(1..=12).contains(&month) {
        return false;
    }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&day)
}

/// The decimal number spelled by `count` ASCII digits at `start`, if they are all digits.
fn digits(bytes: &[u8], start: usize, count: usize) -> Option<u32> {
    let slice = bytes.get(start..start + count)?;
    slice.iter().try_fold(0u32, |total, byte| byte.is_ascii_digit().then(|| total * 10 + u32::from(byte - b'0')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Normalizes a document and returns the pointer and message of every `invalid-example` warning.
    fn reported(mut document: Value) -> Vec<(String, String)> {
        let mut diagnostics = Diagnostics::new("spec");
        crate::normalize::normalize(&mut document, &mut diagnostics).expect("test documents normalize");
        let mut diagnostics = Diagnostics::new("spec");
        check_examples(&document, &mut diagnostics, false);
        diagnostics
            .into_warnings()
            .into_iter()
            .filter(|w| w.kind == WarningKind::InvalidExample)
            .map(|w| match w.location {
                crate::Location::Pointer { pointer, .. } => (pointer, w.message),
                other => (other.to_string(), w.message),
            })
            .collect()
    }

    /// Checks one schema with its examples: `expect` lists, per example, the reasons or an empty string when valid.
    #[track_caller]
    fn check(schema: Value, examples: Vec<Value>, expect: &[&str]) {
        let mut schema = schema;
        schema["examples"] = Value::Array(examples);
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "components": {"schemas": {"S": schema}}});
        let warnings = reported(document);
        let mut actual = Vec::new();
        for index in 0..expect.len() {
            let at = format!("#/components/schemas/S/examples/{index}");
            let message = warnings.iter().find(|(p, _)| *p == at).map(|(_, m)| m.as_str()).unwrap_or("");
            actual.push(message.strip_prefix("example does not match its schema: ").unwrap_or(message).to_owned());
        }
        assert_eq!(actual, expect, "all warnings: {warnings:#?}");
    }

    #[test]
    fn seed_spec_reports_exactly_the_broken_webhook_examples() {
        let text = include_str!("../../specs/mixpeek.yaml");
        let document = crate::parse::parse_document("mixpeek.yaml", text).expect("seed spec parses");
        let warnings = reported(document);
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/Webhook-Input/examples/0",
                "#/components/schemas/Webhook-Input/examples/1",
                "#/components/schemas/Webhook-Input/examples/2",
                "#/components/schemas/Webhook-Output/examples/0",
                "#/components/schemas/Webhook-Output/examples/1",
                "#/components/schemas/Webhook-Output/examples/2",
                "#/components/schemas/WebhookChannel-Input/examples/0",
                "#/components/schemas/WebhookChannel-Input/examples/1",
                "#/components/schemas/WebhookChannel-Output/examples/0",
                "#/components/schemas/WebhookChannel-Output/examples/1",
            ],
            "{warnings:#?}"
        );
        let (_, first) = &warnings[0];
        assert_eq!(
            first,
            "example does not match its schema: /channels/0/configs: matches none of the anyOf branches; \
             /webhook_id: \"wh_abc123def4\" does not match pattern \"^wh_[a-fA-F0-9]{16}$\""
        );
        let (_, third) = &warnings[2];
        assert_eq!(
            third,
            "example does not match its schema: /webhook_id: \"wh_int123ext4\" does not match pattern \
             \"^wh_[a-fA-F0-9]{16}$\""
        );
    }

    #[test]
    fn type_and_nullable() {
        check(
            json!({"type": "string"}),
            vec![json!("a"), json!(1), json!(null)],
            &["", "(root): 1 is not of type string", "(root): null is not of type string"],
        );
        check(
            json!({"type": ["integer", "null"]}),
            vec![json!(1.0), json!(null), json!(1.5), json!(true)],
            &["", "", "(root): 1.5 is not of type integer", "(root): true is not of type integer"],
        );
        check(
            json!({"type": "number"}),
            vec![json!(2), json!(2.5), json!("2")],
            &["", "", "(root): \"2\" is not of type number"],
        );
        check(json!({"type": "object"}), vec![json!({}), json!([])], &["", "(root): an array is not of type object"]);
    }

    #[test]
    fn enum_and_const() {
        check(
            json!({"enum": ["a", 1]}),
            vec![json!("a"), json!(1.0), json!("b")],
            &["", "", "(root): \"b\" is not one of \"a\", 1"],
        );
        check(
            json!({"const": {"k": [1]}}),
            vec![json!({"k": [1]}), json!({"k": [2]})],
            &["", "(root): an object is not one of an object"],
        );
        check(json!({"type": "string", "enum": ["a", null]}), vec![json!(null), json!("a")], &["", ""]);
    }

    #[test]
    fn object_keywords() {
        let schema = json!({
            "type": "object",
            "properties": {"id": {"type": "string", "readOnly": true}, "n": {"type": "integer"}},
            "required": ["id", "n"],
            "additionalProperties": false,
            "patternProperties": {"^x-": {"type": "string"}},
            "minProperties": 1,
            "maxProperties": 3
        });
        check(
            schema,
            vec![
                json!({"n": 1, "x-a": "s"}),
                json!({"n": "1", "x-a": 2, "other": 1}),
                json!({}),
                json!({
                    "id": "a", "n": 1, "x-a": "b", "x-b": "c"
                }),
            ],
            &[
                "",
                "/n: \"1\" is not of type integer; /x-a: 2 is not of type string; (root): unexpected property \"other\"",
                "(root): has 0 properties, fewer than the minimum 1; (root): missing required property \"n\"",
                "(root): has 4 properties, more than the maximum 3",
            ],
        );
        check(
            json!({"additionalProperties": {"type": "boolean"}}),
            vec![json!({"a": true}), json!({"a": 1})],
            &["", "/a: 1 is not of type boolean"],
        );
        check(
            json!({"propertyNames": {"pattern": "^[a-z]+$"}}),
            vec![json!({"ab": 1}), json!({"A": 1})],
            &["", "(root): property name \"A\" is not allowed by `propertyNames`"],
        );
    }

    #[test]
    fn array_keywords() {
        let schema =
            json!({"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3, "uniqueItems": true});
        check(
            schema,
            vec![json!([1, 2]), json!([]), json!([1, 2, 3, 4]), json!([1, "a", 1.0])],
            &[
                "",
                "(root): has 0 items, fewer than the minimum 1",
                "(root): has 4 items, more than the maximum 3",
                "(root): items 0 and 2 are equal but the items must be unique; /1: \"a\" is not of type integer",
            ],
        );
        let tuple = json!({"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false});
        check(
            tuple,
            vec![json!(["a", 1]), json!([1, 1]), json!(["a", 1, 2])],
            &["", "/0: 1 is not of type string", "/2: no value is allowed here"],
        );
        check(
            json!({"contains": {"type": "string"}}),
            vec![json!([1, "a"]), json!([1])],
            &["", "(root): no item matches the `contains` schema"],
        );
    }

    #[test]
    fn three_zero_tuple_items_become_prefix_items() {
        let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "T": {"type": "array", "items": [{"type": "string"}], "example": [1]}
        }}});
        let warnings = reported(document);
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].1.ends_with("/0: 1 is not of type string"), "{warnings:#?}");
    }

    #[test]
    fn string_keywords() {
        check(
            json!({"type": "string", "minLength": 2, "maxLength": 3}),
            vec![json!("éé"), json!("é"), json!("abcd")],
            &["", "(root): \"é\" is shorter than 2 characters", "(root): \"abcd\" is longer than 3 characters"],
        );
        check(
            json!({"pattern": "[0-9]{2}"}),
            vec![json!("a12b"), json!("a1b")],
            &["", "(root): \"a1b\" does not match pattern \"[0-9]{2}\""],
        );
        check(json!({"pattern": "(?<=a)b"}), vec![json!("zzz")], &[""]);
        check(json!({"pattern": "^a$"}), vec![json!(5)], &[""]);
    }

    #[test]
    fn formats() {
        let schema = json!({"type": "string", "format": "date-time"});
        check(
            schema,
            vec![
                json!("2025-01-01T00:00:00Z"),
                json!("2024-02-29t23:59:60.123+05:30"),
                json!("2025-01-01T00:00:00"),
                json!("2023-02-29T00:00:00Z"),
                json!("2025-01-01T24:00:00Z"),
            ],
            &[
                "",
                "",
                "(root): \"2025-01-01T00:00:00\" is not a valid RFC 3339 date-time",
                "(root): \"2023-02-29T00:00:00Z\" is not a valid RFC 3339 date-time",
                "(root): \"2025-01-01T24:00:00Z\" is not a valid RFC 3339 date-time",
            ],
        );
        check(
            json!({"format": "date"}),
            vec![json!("2025-12-31"), json!("2025-13-01"), json!("2025-1-01")],
            &[
                "",
                "(root): \"2025-13-01\" is not a valid RFC 3339 full-date",
                "(root): \"2025-1-01\" is not a valid RFC 3339 full-date",
            ],
        );
        check(json!({"format": "email"}), vec![json!("not an email")], &[""]);
    }

    #[test]
    fn numeric_keywords() {
        check(
            json!({"minimum": 1, "maximum": 10}),
            vec![json!(1), json!(10), json!(0), json!(10.5)],
            &["", "", "(root): 0 is less than the minimum 1", "(root): 10.5 is greater than the maximum 10"],
        );
        check(
            json!({"exclusiveMinimum": 0, "exclusiveMaximum": 1}),
            vec![json!(0.5), json!(0), json!(1)],
            &[
                "",
                "(root): 0 is not greater than the exclusive minimum 0",
                "(root): 1 is not less than the exclusive maximum 1",
            ],
        );
        check(
            json!({"multipleOf": 0.1}),
            vec![json!(0.3), json!(0.35)],
            &["", "(root): 0.35 is not a multiple of 0.1"],
        );
        check(json!({"multipleOf": 3}), vec![json!(9), json!(10)], &["", "(root): 10 is not a multiple of 3"]);
    }

    #[test]
    fn three_zero_boolean_exclusive_bounds() {
        let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "N": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 0},
            "M": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 1}
        }}});
        let pointers: Vec<String> = reported(document).into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["#/components/schemas/N/examples/0"]);
    }

    #[test]
    fn all_of_parts_do_not_call_each_other_s_properties_additional() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "Base": {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false},
            "Both": {
                "allOf": [
                    {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Base"}]},
                    {"type": "object", "properties": {"b": {"type": "integer"}}}
                ],
                "examples": [{"a": "x", "b": 1}, {"a": "x", "c": 1}, {"a": "x", "b": "1"}]
            }
        }}});
        let warnings = reported(document);
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["#/components/schemas/Both/examples/1", "#/components/schemas/Both/examples/2"]);
        assert!(warnings[0].1.contains("unexpected property \"c\""), "{warnings:#?}");
        assert!(warnings[1].1.contains("/b: \"1\" is not of type integer"), "{warnings:#?}");
    }

    #[test]
    fn combinators() {
        let any = json!({"anyOf": [{"type": "string"}, {"type": "integer"}]});
        check(any, vec![json!(1), json!(true)], &["", "(root): matches none of the anyOf branches"]);
        let one = json!({"oneOf": [{"type": "integer"}, {"type": "number"}]});
        check(
            one,
            vec![json!(1.5), json!(1), json!("a")],
            &[
                "",
                "(root): matches oneOf branches 0 and 1 but must match exactly one",
                "(root): matches none of the oneOf branches",
            ],
        );
        let all = json!({"allOf": [{"required": ["a"]}, {"required": ["b"]}]});
        check(all, vec![json!({"a": 1, "b": 2}), json!({"a": 1})], &["", "(root): missing required property \"b\""]);
        check(
            json!({"not": {"type": "string"}}),
            vec![json!(1), json!("a")],
            &["", "(root): matches the schema under `not`"],
        );
    }

    #[test]
    fn discriminator_selects_the_one_of_branch() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "Cat": {"type": "object", "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}}},
            "Dog": {"type": "object", "properties": {"kind": {"type": "string"}, "bark": {"type": "string"}}},
            "Pet": {
                "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat"}},
                "examples": [{"kind": "cat", "lives": 9}, {"kind": "Dog", "bark": "woof"}, {"kind": "cat", "lives": "9"}]
            }
        }}});
        let warnings = reported(document);
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["#/components/schemas/Pet/examples/2"], "{warnings:#?}");
        assert!(warnings[0].1.ends_with("/lives: \"9\" is not of type integer"), "{warnings:#?}");
    }

    #[test]
    fn refs_resolve_and_unresolved_refs_are_skipped() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "Id": {"type": "string", "pattern": "^id_"},
            "A": {"properties": {"id": {"$ref": "#/components/schemas/Id", "examples": ["id_1", "x"]}}},
            "B": {"$ref": "#/components/schemas/Missing", "examples": [1]},
            "C": {"$ref": "other.yaml#/X", "examples": [1]}
        }}});
        let pointers: Vec<String> = reported(document).into_iter().map(|(p, _)| p).collect();
        assert_eq!(pointers, ["#/components/schemas/A/properties/id/examples/1"]);
    }

    #[test]
    fn ref_cycles_terminate() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "Node": {
                "type": "object",
                "properties": {"value": {"type": "integer"}, "next": {"$ref": "#/components/schemas/Node"}},
                "examples": [
                    {"value": 1, "next": {"value": 2, "next": {"value": 3}}},
                    {"value": 1, "next": {"value": 2, "next": {"value": "three"}}}
                ]
            },
            "Loop": {"$ref": "#/components/schemas/Loop", "examples": [1]},
            "Fork": {
                "anyOf": [{"$ref": "#/components/schemas/Fork"}, {"allOf": [{"$ref": "#/components/schemas/Fork"}]}],
                "examples": [{"a": [1, 2, 3]}]
            }
        }}});
        let warnings = reported(document);
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers, ["#/components/schemas/Node/examples/1"], "{warnings:#?}");
        assert!(warnings[0].1.ends_with("/next/next/value: \"three\" is not of type integer"), "{warnings:#?}");
    }

    #[test]
    fn media_type_and_parameter_examples() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets/{id}": {"post": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"},
                    "example": "seven", "examples": {"good": {"value": 7}, "bad": {"value": -1.5}}}],
                "requestBody": {"content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pet"},
                        "example": {"name": 1},
                        "examples": {"ok": {"value": {"name": "rex"}}, "shared": {"$ref": "#/components/examples/Bad"}}},
                    "text/plain": {"schema": {"type": "object"}, "example": "name=rex"}
                }},
                "responses": {"200": {"description": "ok", "content": {"application/problem+json": {
                    "schema": {"type": "object", "required": ["title"]}, "example": {}}}}}
            }}},
            "components": {
                "schemas": {"Pet": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}},
                "examples": {"Bad": {"value": {}}},
                "responses": {"Gone": {"description": "gone", "content": {"application/json": {
                    "schema": {"type": "string"}, "examples": {"x": {"value": "gone"}, "y": {"value": 410}}}}}}
            }
        });
        let warnings = reported(document);
        let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
        let body = "#/paths/~1pets~1{id}/post/requestBody/content/application~1json";
        assert_eq!(
            pointers,
            [
                "#/paths/~1pets~1{id}/post/parameters/0/example",
                "#/paths/~1pets~1{id}/post/parameters/0/examples/bad/value",
                &format!("{body}/example"),
                &format!("{body}/examples/shared"),
                "#/paths/~1pets~1{id}/post/responses/200/content/application~1problem+json/example",
                "#/components/responses/Gone/content/application~1json/examples/y/value",
            ],
            "{warnings:#?}"
        );
        assert!(warnings[3].1.ends_with("(value from #/components/examples/Bad)"), "{warnings:#?}");
    }

    #[test]
    fn serialized_forms_are_read() {
        let document = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"post": {
                "parameters": [
                    {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}},
                        "example": "1,2", "examples": {"bad": {"value": "1,x"}}},
                    {"name": "tags", "in": "query", "style": "pipeDelimited",
                        "schema": {"type": "array", "items": {"type": "string"}, "maxItems": 2}, "example": "a|b|c"},
                    {"name": "n", "in": "header", "schema": {"$ref": "#/components/schemas/Count"}, "example": "10"},
                    {"name": "s", "in": "query", "schema": {"type": "string"}, "example": 5}
                ],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Event"},
                    "examples": {"text": {"value": "{\"event\": \"x\"}"}, "wrong": {"value": "{\"event\": 1}"}}
                }}},
                "responses": {}
            }}},
            "components": {"schemas": {
                "Count": {"type": "integer", "minimum": 0},
                "Event": {"type": "object", "required": ["event"], "properties": {"event": {"type": "string"}}}
            }}
        });
        let warnings = reported(document);
        let actual: Vec<(&str, &str)> = warnings.iter().map(|(p, m)| (p.as_str(), m.as_str())).collect();
        let serialized = " (reading the string as its serialized form)";
        assert_eq!(
            actual,
            [
                (
                    "#/paths/~1a/post/parameters/0/examples/bad/value",
                    &*format!("example does not match its schema: /1: \"x\" is not of type integer{serialized}"),
                ),
                (
                    "#/paths/~1a/post/parameters/1/example",
                    &*format!(
                        "example does not match its schema: (root): has 3 items, more than the maximum 2{serialized}"
                    ),
                ),
                (
                    "#/paths/~1a/post/parameters/3/example",
                    "example does not match its schema: (root): 5 is not of type string"
                ),
                (
                    "#/paths/~1a/post/requestBody/content/application~1json/examples/wrong/value",
                    &*format!("example does not match its schema: /event: 1 is not of type string{serialized}"),
                ),
            ],
        );
    }

    #[test]
    fn malformed_keywords_are_skipped() {
        let schema = json!({
            "type": [1], "enum": "a", "required": "x", "minLength": -1, "maxLength": 1.5, "pattern": 5,
            "properties": [], "prefixItems": {}, "items": 3, "multipleOf": 0, "minimum": "1",
            "anyOf": {}, "discriminator": "kind", "format": 7, "$ref": 9, "uniqueItems": "yes"
        });
        check(schema, vec![json!("abc"), json!([1, 1]), json!({"kind": 1}), json!(-3.5)], &["", "", "", ""]);
        let document = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/a": {
            "parameters": "p",
            "get": {"parameters": [1, {"schema": 2, "example": 3}], "requestBody": [], "responses": {"200": {
                "content": {"application/json": {"schema": {"type": "integer"}, "examples": {"a": 1, "b": {"$ref": 2}}}}
            }}}
        }}});
        assert_eq!(reported(document), Vec::new());
    }

    #[test]
    fn reasons_are_capped() {
        let schema = json!({"properties": {"a": {"type": "string"}, "b": {"type": "string"}, "c": {"type": "string"},
            "d": {"type": "string"}}});
        check(
            schema,
            vec![json!({"a": 1, "b": 2, "c": 3, "d": 4})],
            &["/a: 1 is not of type string; /b: 2 is not of type string; /c: 3 is not of type string; and more"],
        );
    }

    #[test]
    fn deep_instances_stop_at_the_depth_limit() {
        let mut example = json!(1);
        for _ in 0..400 {
            example = json!({"next": example});
        }
        let document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {
            "Deep": {"properties": {"next": {"$ref": "#/components/schemas/Deep"}}, "type": "object", "examples": [example]}
        }}});
        assert_eq!(reported(document), Vec::new());
    }
}
