//! The examples at the document's schema sites ([`openapi::each_schema_site`]): inside each schema at any depth, and
//! beside it in its parameter, header or media type, each handed to the validator with the schema it must satisfy.

use super::*;
use crate::openapi::{self, Holder};
use crate::pointer::Cursor;

/// Checks the examples of a document, site by site.
pub(super) struct Walker<'d, 'x> {
    pub(super) validator: Validator<'d>,
    pub(super) diagnostics: &'x mut Diagnostics,
    pub(super) accepted: Option<Vec<AcceptedExample>>,
}

impl<'d> Walker<'d, '_> {
    /// Checks the examples at each schema site of the document: inside the schema, then (for a parameter, a
    /// header or a JSON media type) the examples beside it.
    pub(super) fn document(&mut self, root: &'d Value) {
        openapi::each_schema_site(root, &mut |site| match site.holder {
            Holder::Component => self.site_schema(site.schema, site.at),
            Holder::Parameter { parameter, at } => {
                self.site_schema(site.schema, site.at);
                let delimiter = match parameter.get("style").and_then(Value::as_str) {
                    Some("spaceDelimited") => ' ',
                    Some("pipeDelimited") => '|',
                    _ => ',',
                };
                self.examples_of(parameter, site.schema, at, site.at, Encoding::Parameter { delimiter });
            }
            Holder::MediaType { media, entry, at } => {
                self.site_schema(site.schema, site.at);
                if is_json_media_type(media) {
                    self.examples_of(entry, site.schema, at, site.at, Encoding::Json);
                }
            }
            // The items of a sequential media type are not checked: their examples are whole streams.
            Holder::MediaTypeItems => {}
        });
    }

    /// The `example` and the `examples` map of a media type, parameter or header.
    pub(super) fn examples_of(
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

    /// The examples inside the schema at a site: searched only when some object in it has an `examples` member,
    /// which one pass over the values, without building a pointer per subschema, tells (most schemas, and most
    /// documents with thousands of operations, have none).
    fn site_schema(&mut self, schema: &'d Value, at: &str) {
        if has_examples_member(schema, 0) {
            self.schema(schema, &mut Cursor::new(at), 0);
        }
    }

    /// Checks the `examples` array of a schema, then searches the schemas inside it.
    pub(super) fn schema(&mut self, schema: &'d Value, at: &mut Cursor, depth: usize) {
        if depth > MAX_WALK_DEPTH {
            return;
        }
        let Some(object) = schema.as_object() else { return };
        if let Some(Value::Array(examples)) = object.get("examples") {
            for (index, example) in examples.iter().enumerate() {
                let example_at = format!("{}/examples/{index}", at.as_str());
                let site = Site { pointer: &example_at, schema_at: at.as_str(), via: None, encoding: Encoding::Value };
                self.check(schema, example, &site);
            }
        }
        openapi::each_subschema(object, at, |child, child_at| self.schema(child, child_at, depth + 1));
    }

    /// Validates one example and warns when its schema rejects it, in its serialized reading if it has one.
    pub(super) fn check(&mut self, schema: &'d Value, example: &Value, site: &Site<'_>) {
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
    pub(super) fn accept(&mut self, site: &Site<'_>, value: &Value) {
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
    pub(super) fn decode(&self, schema: &'d Value, example: &Value, encoding: Encoding) -> Option<Value> {
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
pub(super) struct Site<'a> {
    pub(super) pointer: &'a str,
    /// Where the schema is.
    pub(super) schema_at: &'a str,
    /// The `#/components/examples/...` reference the value came through, if any.
    pub(super) via: Option<&'a str>,
    pub(super) encoding: Encoding,
}

/// How an example may be written besides as the JSON value itself.
#[derive(Debug, Clone, Copy)]
pub(super) enum Encoding {
    /// A schema example: the value only.
    Value,
    /// A JSON media-type example, which may also be given as JSON text in a string.
    Json,
    /// A parameter or header example, which may also be given in its serialized (style) form.
    Parameter { delimiter: char },
}

/// The `type` names of a schema, empty when it has none.
pub(super) fn type_names(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// A serialized scalar read as the first of `types` it spells: a number, a boolean, or else the string itself.
pub(super) fn coerce_scalar(text: &str, types: &[&str]) -> Value {
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
pub(super) fn is_json_media_type(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    let essence = media.split(';').next().unwrap_or("").trim();
    (essence.ends_with("/json") || essence.ends_with("+json"))
        && !essence.contains("ndjson")
        && !essence.contains("jsonl")
        && !essence.contains("json-seq")
}

/// Whether some object in `value` has an `examples` member: where [`Walker::schema`] can find examples to check
/// (it looks in fewer places, never in more). Past [`MAX_WALK_DEPTH`] it answers yes, leaving the bound to the walk.
fn has_examples_member(value: &Value, depth: usize) -> bool {
    if depth > MAX_WALK_DEPTH {
        return true;
    }
    match value {
        Value::Object(object) => {
            crate::members::contains(object, "examples")
                || object.values().any(|child| has_examples_member(child, depth + 1))
        }
        Value::Array(items) => items.iter().any(|child| has_examples_member(child, depth + 1)),
        _ => false,
    }
}
