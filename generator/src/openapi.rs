//! The OpenAPI document's shape, walked by every stage through one module: the path items and operations, the places
//! where schemas stand (schema sites) with their JSON pointers in document order, and the subschemas of a schema.
//!
//! Normalizing rewrites the schema at each site, checking examples reads the examples at and around each site, and
//! lowering takes path items, operations, parameters, responses and media types from the same enumerations. Only
//! local structure is walked: no `$ref` is followed (lowering follows them itself), and a parameter, header,
//! request body or response that is a `$ref` is not entered, since a Reference Object's other members are ignored
//! (its target is visited where it is defined). Callbacks are not walked: no stage generates anything from them.

use crate::pointer;
use serde_json::{Map, Value};

/// The operations a path item can hold, by their keys, in the order the specification lists them.
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The top-level maps of path items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// `paths`: the operations a client calls.
    Paths,
    /// `webhooks` (OpenAPI 3.1): the requests the API sends.
    Webhooks,
}

impl Section {
    /// The section's key in the document.
    pub fn key(self) -> &'static str {
        match self {
            Section::Paths => "paths",
            Section::Webhooks => "webhooks",
        }
    }
}

/// A member of an object the walk passes through: its key (a path, a method, a status, a media type, a header
/// name), its value and where the value is.
#[derive(Debug, Clone)]
pub struct Member<'d> {
    pub key: &'d str,
    pub value: &'d Value,
    pub at: String,
}

/// The members of the object under `key` in `holder` (nothing when it is absent or not an object), with their
/// pointers below `at/key`.
fn members<'d>(holder: &'d Map<String, Value>, key: &str, at: &str) -> impl Iterator<Item = Member<'d>> {
    let parent = format!("{at}/{key}");
    holder.get(key).and_then(Value::as_object).into_iter().flatten().map(move |(name, value)| Member {
        key: name,
        value,
        at: pointer::push(&parent, name),
    })
}

/// The path items of one section, in document order.
pub fn path_items(document: &Value, section: Section) -> impl Iterator<Item = Member<'_>> {
    document.as_object().into_iter().flat_map(move |root| members(root, section.key(), "#"))
}

/// The operations of a path item in the order the document lists them (the order of the generated methods).
pub fn operations<'d>(item: &'d Map<String, Value>, at: &str) -> impl Iterator<Item = Member<'d>> {
    let at = at.to_owned();
    item.iter().filter(|(method, _)| METHODS.contains(&method.as_str())).map(move |(method, operation)| Member {
        key: method,
        value: operation,
        at: pointer::push(&at, method),
    })
}

/// The operations of a path item in the order of [`METHODS`], the order the schema sites are walked in.
///
/// Two orders are kept so that neither the generated methods (document order) nor the warnings of
/// normalizing and of the examples (this order) move; making them one is a deliberate change of either.
fn operations_by_method<'d>(item: &'d Map<String, Value>, at: &str) -> impl Iterator<Item = Member<'d>> {
    let at = at.to_owned();
    METHODS.into_iter().filter_map(move |method| {
        let (key, value) = item.get_key_value(method)?;
        Some(Member { key, value, at: pointer::push(&at, method) })
    })
}

/// The `parameters` list of a path item or an operation, each parameter with its pointer.
pub fn parameters<'d>(holder: &'d Map<String, Value>, at: &str) -> impl Iterator<Item = (&'d Value, String)> {
    let at = at.to_owned();
    let list = holder.get("parameters").and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .enumerate()
        .map(move |(index, parameter)| (parameter, format!("{at}/parameters/{index}")))
}

/// The `responses` of an operation by status key, in document order.
pub fn responses<'d>(operation: &'d Map<String, Value>, at: &str) -> impl Iterator<Item = Member<'d>> {
    members(operation, "responses", at)
}

/// The media types of a `content` map (of a parameter, header, request body or response), in document order.
pub fn media_types<'d>(holder: &'d Map<String, Value>, at: &str) -> impl Iterator<Item = Member<'d>> {
    members(holder, "content", at)
}

/// Where a schema stands and what holds it.
#[derive(Debug, Clone)]
pub enum Holder<'d> {
    /// A component schema, `#/components/schemas/{name}`.
    Component,
    /// The `schema` of a parameter or header: the parameter's object and where it is.
    Parameter { parameter: &'d Map<String, Value>, at: String },
    /// The `schema` of a media type: its name, its object and where it is.
    MediaType { media: &'d str, entry: &'d Map<String, Value>, at: String },
    /// The `itemSchema` of a media type (OpenAPI 3.2: the schema of each item of a sequential media type).
    MediaTypeItems,
}

/// A schema the document states at a site of its own (not inside another schema), and where it is.
#[derive(Debug, Clone)]
pub struct SchemaSite<'d> {
    pub schema: &'d Value,
    pub at: String,
    pub holder: Holder<'d>,
}

/// Every schema site of `document`, in document order (operations in the order of [`METHODS`]): the path items of
/// `paths` and `webhooks` (their parameters, then each operation's parameters, request body and responses), then
/// the components, kind by kind: schemas, parameters, headers, request bodies, responses and path items. A
/// parameter or header gives its `schema`, then its `content`; a request body or response its `content`, then its
/// headers; a media type its `schema`, then its `itemSchema`.
pub fn schema_sites(document: &Value) -> Vec<SchemaSite<'_>> {
    let mut walk = SiteWalk { sites: Vec::new() };
    for section in [Section::Paths, Section::Webhooks] {
        for item in path_items(document, section) {
            walk.path_item(item.value, &item.at);
        }
    }
    let Some(components) = document.get("components").and_then(Value::as_object) else { return walk.sites };
    for schema in members(components, "schemas", "#/components") {
        walk.sites.push(SchemaSite { schema: schema.value, at: schema.at, holder: Holder::Component });
    }
    for kind in ["parameters", "headers"] {
        for parameter in members(components, kind, "#/components") {
            walk.parameter(parameter.value, &parameter.at);
        }
    }
    for kind in ["requestBodies", "responses"] {
        for item in members(components, kind, "#/components") {
            walk.with_content(item.value, &item.at);
        }
    }
    for item in members(components, "pathItems", "#/components") {
        walk.path_item(item.value, &item.at);
    }
    walk.sites
}

struct SiteWalk<'d> {
    sites: Vec<SchemaSite<'d>>,
}

impl<'d> SiteWalk<'d> {
    fn path_item(&mut self, item: &'d Value, at: &str) {
        let Some(item) = item.as_object() else { return };
        for (parameter, parameter_at) in parameters(item, at) {
            self.parameter(parameter, &parameter_at);
        }
        for operation in operations_by_method(item, at) {
            let Some(operation_object) = operation.value.as_object() else { continue };
            for (parameter, parameter_at) in parameters(operation_object, &operation.at) {
                self.parameter(parameter, &parameter_at);
            }
            if let Some(body) = operation_object.get("requestBody") {
                self.with_content(body, &format!("{}/requestBody", operation.at));
            }
            for response in responses(operation_object, &operation.at) {
                self.with_content(response.value, &response.at);
            }
        }
    }

    /// A parameter or a header: its schema, then its `content`.
    fn parameter(&mut self, parameter: &'d Value, at: &str) {
        let Some(object) = own_object(parameter) else { return };
        if let Some(schema) = object.get("schema") {
            let holder = Holder::Parameter { parameter: object, at: at.to_owned() };
            self.sites.push(SchemaSite { schema, at: format!("{at}/schema"), holder });
        }
        self.content(object, at);
    }

    /// A request body or a response: its `content`, then its headers.
    fn with_content(&mut self, item: &'d Value, at: &str) {
        let Some(object) = own_object(item) else { return };
        self.content(object, at);
        for header in members(object, "headers", at) {
            self.parameter(header.value, &header.at);
        }
    }

    fn content(&mut self, holder: &'d Map<String, Value>, at: &str) {
        for media in media_types(holder, at) {
            let Some(entry) = media.value.as_object() else { continue };
            if let Some(schema) = entry.get("schema") {
                let holder = Holder::MediaType { media: media.key, entry, at: media.at.clone() };
                self.sites.push(SchemaSite { schema, at: format!("{}/schema", media.at), holder });
            }
            if let Some(schema) = entry.get("itemSchema") {
                let at = format!("{}/itemSchema", media.at);
                self.sites.push(SchemaSite { schema, at, holder: Holder::MediaTypeItems });
            }
        }
    }
}

/// [`schema_sites`] for rewriting them: calls `visit` with each site's schema, mutable, and its pointer, in the same
/// order (a test holds the two walks to one order). Normalizing rewrites every site through it: looking each one up
/// again by its pointer, with a hash per segment, cost more than the rest of normalizing on a document with
/// thousands of operations.
pub fn each_schema_site_mut(document: &mut Value, visit: &mut dyn FnMut(&mut Value, &str)) {
    let Some(root) = document.as_object_mut() else { return };
    for section in [Section::Paths, Section::Webhooks] {
        each_member_mut(root, section.key(), "#", &mut |item, at| path_item_mut(item, at, visit));
    }
    let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else { return };
    each_member_mut(components, "schemas", "#/components", visit);
    for kind in ["parameters", "headers"] {
        each_member_mut(components, kind, "#/components", &mut |parameter, at| parameter_mut(parameter, at, visit));
    }
    for kind in ["requestBodies", "responses"] {
        each_member_mut(components, kind, "#/components", &mut |item, at| with_content_mut(item, at, visit));
    }
    each_member_mut(components, "pathItems", "#/components", &mut |item, at| path_item_mut(item, at, visit));
}

/// [`members`], mutable, as calls.
fn each_member_mut(holder: &mut Map<String, Value>, key: &str, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    let Some(map) = holder.get_mut(key).and_then(Value::as_object_mut) else { return };
    let parent = format!("{at}/{key}");
    for (name, value) in map.iter_mut() {
        visit(value, &pointer::push(&parent, name));
    }
}

/// `SiteWalk::path_item`, mutable.
fn path_item_mut(item: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    let Some(item) = item.as_object_mut() else { return };
    parameters_mut(item, at, visit);
    for method in METHODS {
        let Some(operation) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
        let operation_at = pointer::push(at, method);
        parameters_mut(operation, &operation_at, visit);
        if let Some(body) = operation.get_mut("requestBody") {
            with_content_mut(body, &format!("{operation_at}/requestBody"), visit);
        }
        each_member_mut(operation, "responses", &operation_at, &mut |response, at| {
            with_content_mut(response, at, visit)
        });
    }
}

/// [`parameters`], mutable, each one walked as `SiteWalk::parameter`.
fn parameters_mut(holder: &mut Map<String, Value>, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    let Some(list) = holder.get_mut("parameters").and_then(Value::as_array_mut) else { return };
    for (index, parameter) in list.iter_mut().enumerate() {
        parameter_mut(parameter, &format!("{at}/parameters/{index}"), visit);
    }
}

/// `SiteWalk::parameter`, mutable.
fn parameter_mut(parameter: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    let Some(object) = own_object_mut(parameter) else { return };
    if let Some(schema) = object.get_mut("schema") {
        visit(schema, &format!("{at}/schema"));
    }
    content_mut(object, at, visit);
}

/// `SiteWalk::with_content`, mutable.
fn with_content_mut(item: &mut Value, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    let Some(object) = own_object_mut(item) else { return };
    content_mut(object, at, visit);
    each_member_mut(object, "headers", at, &mut |header, at| parameter_mut(header, at, visit));
}

/// `SiteWalk::content`, mutable.
fn content_mut(holder: &mut Map<String, Value>, at: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    each_member_mut(holder, "content", at, &mut |media, media_at| {
        let Some(entry) = media.as_object_mut() else { return };
        if let Some(schema) = entry.get_mut("schema") {
            visit(schema, &format!("{media_at}/schema"));
        }
        if let Some(schema) = entry.get_mut("itemSchema") {
            visit(schema, &format!("{media_at}/itemSchema"));
        }
    });
}

/// [`own_object`], mutable.
fn own_object_mut(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut().filter(|object| !object.contains_key("$ref"))
}

/// The object of a parameter, header, request body or response stated in place: not a `$ref`, whose other
/// members are ignored.
fn own_object(value: &Value) -> Option<&Map<String, Value>> {
    value.as_object().filter(|object| !object.contains_key("$ref"))
}

/// Keywords whose value is a map of subschemas, in the order their subschemas are walked.
const SCHEMA_MAP_KEYWORDS: [&str; 5] = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];

/// Keywords whose value is one subschema, in the order they are walked after the map keywords. `items` may also be
/// a list (the 2019 tuple form `items: [a, b]`, which normalizing makes `prefixItems`).
const SINGLE_SCHEMA_KEYWORDS: [&str; 7] =
    ["items", "additionalProperties", "not", "contains", "propertyNames", "unevaluatedProperties", "additionalItems"];

/// Keywords whose value is a list of subschemas, in the order they are walked last.
const SCHEMA_LIST_KEYWORDS: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];

/// Whether a schema has any keyword holding subschemas. Most schemas are leaves: one pass over their own keys
/// costs less than sixteen lookups.
fn has_subschemas(object: &Map<String, Value>) -> bool {
    object.keys().any(|key| {
        let key = key.as_str();
        SCHEMA_MAP_KEYWORDS.contains(&key)
            || SINGLE_SCHEMA_KEYWORDS.contains(&key)
            || SCHEMA_LIST_KEYWORDS.contains(&key)
    })
}

/// Calls `visit` with each subschema directly inside `object` (the schema at `at`) and its pointer: the members of
/// map keywords and the items of list keywords whatever their type, and the value of a one-schema keyword when it
/// is an object (a boolean `additionalProperties` is a flag, not a schema to descend into).
pub fn each_subschema<'s>(object: &'s Map<String, Value>, at: &str, mut visit: impl FnMut(&'s Value, &str)) {
    if !has_subschemas(object) {
        return;
    }
    for keyword in SCHEMA_MAP_KEYWORDS {
        if let Some(Value::Object(members)) = object.get(keyword) {
            let parent = format!("{at}/{keyword}");
            for (name, member) in members {
                visit(member, &pointer::push(&parent, name));
            }
        }
    }
    for keyword in SINGLE_SCHEMA_KEYWORDS {
        match object.get(keyword) {
            Some(Value::Array(items)) if keyword == "items" => {
                for (index, item) in items.iter().enumerate() {
                    visit(item, &format!("{at}/items/{index}"));
                }
            }
            Some(child @ Value::Object(_)) => visit(child, &format!("{at}/{keyword}")),
            _ => {}
        }
    }
    for keyword in SCHEMA_LIST_KEYWORDS {
        if let Some(Value::Array(items)) = object.get(keyword) {
            for (index, item) in items.iter().enumerate() {
                visit(item, &format!("{at}/{keyword}/{index}"));
            }
        }
    }
}

/// [`each_subschema`] for a walk that rewrites the subschemas (normalizing): the same subschemas in the same order.
pub fn each_subschema_mut(object: &mut Map<String, Value>, at: &str, mut visit: impl FnMut(&mut Value, &str)) {
    if !has_subschemas(object) {
        return;
    }
    for keyword in SCHEMA_MAP_KEYWORDS {
        if let Some(Value::Object(members)) = object.get_mut(keyword) {
            let parent = format!("{at}/{keyword}");
            for (name, member) in members.iter_mut() {
                visit(member, &pointer::push(&parent, name));
            }
        }
    }
    for keyword in SINGLE_SCHEMA_KEYWORDS {
        match object.get_mut(keyword) {
            Some(Value::Array(items)) if keyword == "items" => {
                for (index, item) in items.iter_mut().enumerate() {
                    visit(item, &format!("{at}/items/{index}"));
                }
            }
            Some(child @ Value::Object(_)) => visit(child, &format!("{at}/{keyword}")),
            _ => {}
        }
    }
    for keyword in SCHEMA_LIST_KEYWORDS {
        if let Some(Value::Array(items)) = object.get_mut(keyword) {
            for (index, item) in items.iter_mut().enumerate() {
                visit(item, &format!("{at}/{keyword}/{index}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The sites of `document` are `expect`, both to read them and to rewrite them.
    #[track_caller]
    fn check_sites(mut document: Value, expect: &[&str]) {
        let sites: Vec<String> = schema_sites(&document).into_iter().map(|site| site.at).collect();
        assert_eq!(sites, expect);
        let mut rewritten = Vec::new();
        each_schema_site_mut(&mut document, &mut |schema, at| {
            *schema = Value::from(at);
            rewritten.push(at.to_owned());
        });
        assert_eq!(rewritten, expect);
        for at in expect {
            assert_eq!(document.pointer(&at[1..]), Some(&Value::from(*at)), "{at} was rewritten");
        }
    }

    #[test]
    fn sites_come_in_document_order_with_operations_by_method() {
        let media = json!({"application/json": {"schema": {}, "itemSchema": {}}});
        let document = json!({
            "components": {
                "pathItems": {"P": {"get": {"requestBody": {"content": media}}}},
                "responses": {"R": {"headers": {"X-A": {"schema": {}}}, "content": media}},
                "schemas": {"A": {}, "a/b": {}},
                "headers": {"H": {"content": {"text/plain": {"schema": {}}}}},
                "parameters": {"Q": {"schema": {}, "content": {"application/json": {"schema": {}}}}},
                "requestBodies": {"B": {"$ref": "#/components/requestBodies/C", "content": media}},
            },
            "webhooks": {"w": {"post": {"responses": {"200": {"content": media}}}}},
            "paths": {"/a": {
                "post": {"parameters": [{"schema": {}}], "responses": {"default": {"content": media}}},
                "get": {"parameters": [{"$ref": "#/components/parameters/Q", "schema": {}}, {"schema": {}}]},
                "parameters": [{"name": "p", "schema": {}}],
                "x-other": {"parameters": [{"schema": {}}]},
            }},
        });
        check_sites(
            document,
            &[
                "#/paths/~1a/parameters/0/schema",
                "#/paths/~1a/get/parameters/1/schema",
                "#/paths/~1a/post/parameters/0/schema",
                "#/paths/~1a/post/responses/default/content/application~1json/schema",
                "#/paths/~1a/post/responses/default/content/application~1json/itemSchema",
                "#/webhooks/w/post/responses/200/content/application~1json/schema",
                "#/webhooks/w/post/responses/200/content/application~1json/itemSchema",
                "#/components/schemas/A",
                "#/components/schemas/a~1b",
                "#/components/parameters/Q/schema",
                "#/components/parameters/Q/content/application~1json/schema",
                "#/components/headers/H/content/text~1plain/schema",
                "#/components/responses/R/content/application~1json/schema",
                "#/components/responses/R/content/application~1json/itemSchema",
                "#/components/responses/R/headers/X-A/schema",
                "#/components/pathItems/P/get/requestBody/content/application~1json/schema",
                "#/components/pathItems/P/get/requestBody/content/application~1json/itemSchema",
            ],
        );
    }

    #[test]
    fn lowering_takes_operations_in_document_order() {
        let item = json!({"post": {}, "x-a": {}, "get": {}, "parameters": []});
        let methods: Vec<(&str, String)> =
            operations(item.as_object().unwrap(), "#/paths/~1a").map(|member| (member.key, member.at)).collect();
        assert_eq!(methods, [("post", "#/paths/~1a/post".to_owned()), ("get", "#/paths/~1a/get".to_owned())]);
    }

    #[test]
    fn subschemas_by_keyword_order_both_ways() {
        let mut schema = json!({
            "oneOf": [{}, true],
            "additionalProperties": false,
            "contains": [{}],
            "not": {},
            "items": [{}, {}],
            "properties": {"a/b": {}, "c": 1},
            "title": "t",
        });
        let expect = [
            "#/s/properties/a~1b",
            "#/s/properties/c",
            "#/s/items/0",
            "#/s/items/1",
            "#/s/not",
            "#/s/oneOf/0",
            "#/s/oneOf/1",
        ];
        let mut seen = Vec::new();
        each_subschema(schema.as_object().unwrap(), "#/s", |_, at| seen.push(at.to_owned()));
        assert_eq!(seen, expect);
        let mut seen_mut = Vec::new();
        each_subschema_mut(schema.as_object_mut().unwrap(), "#/s", |_, at| seen_mut.push(at.to_owned()));
        assert_eq!(seen_mut, expect);
    }
}
