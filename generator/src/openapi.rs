//! The OpenAPI document's shape, walked by every stage through one module: the path items and operations, the places
//! where schemas stand (schema sites) with their JSON pointers in document order, and the subschemas of a schema.
//!
//! Normalizing rewrites the schema at each site, checking examples reads the examples at and around each site, and
//! lowering takes path items, operations, parameters, responses and media types from the same enumerations. Only
//! local structure is walked: no `$ref` is followed (lowering follows them itself), and a parameter, header,
//! request body or response that is a `$ref` is not entered, since a Reference Object's other members are ignored
//! (its target is visited where it is defined). Callbacks are not walked: no stage generates anything from them.

use crate::members;
use crate::pointer::{self, Cursor};
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
#[derive(Debug, Clone, Copy)]
pub enum Holder<'d, 'p> {
    /// A component schema, `#/components/schemas/{name}`.
    Component,
    /// The `schema` of a parameter or header: the parameter's object and where it is.
    Parameter { parameter: &'d Map<String, Value>, at: &'p str },
    /// The `schema` of a media type: its name, its object and where it is.
    MediaType { media: &'d str, entry: &'d Map<String, Value>, at: &'p str },
    /// The `itemSchema` of a media type (OpenAPI 3.2: the schema of each item of a sequential media type).
    MediaTypeItems,
}

/// A schema the document states at a site of its own (not inside another schema), and where it is.
#[derive(Debug, Clone, Copy)]
pub struct SchemaSite<'d, 'p> {
    pub schema: &'d Value,
    pub at: &'p str,
    pub holder: Holder<'d, 'p>,
}

/// Calls `visit` with every schema site of `document`, in document order (operations in the order of
/// [`METHODS`]): the path items of `paths` and `webhooks` (their parameters, then each operation's parameters,
/// request body and responses), then the components, kind by kind: schemas, parameters, headers, request bodies,
/// responses and path items. A parameter or header gives its `schema`, then its `content`; a request body or
/// response its `content`, then its headers; a media type its `schema`, then its `itemSchema`.
///
/// Operations are taken in the order of [`METHODS`] here and in document order by [`operations`]: two orders are
/// kept so that neither the generated methods (document order) nor the warnings of normalizing and of the
/// examples (this order) move; making them one is a deliberate change of either.
pub fn each_schema_site<'d>(document: &'d Value, visit: &mut dyn FnMut(SchemaSite<'d, '_>)) {
    let Some(root) = document.as_object() else { return };
    let mut walk = SiteWalk { at: Cursor::new("#"), visit };
    for section in [Section::Paths, Section::Webhooks] {
        walk.members(root, section.key(), SiteWalk::path_item);
    }
    let Some(components) = members::get(root, "components").and_then(Value::as_object) else { return };
    let mark = walk.at.enter("components");
    walk.members(components, "schemas", |walk, _, schema| {
        (walk.visit)(SchemaSite { schema, at: walk.at.as_str(), holder: Holder::Component });
    });
    for kind in ["parameters", "headers"] {
        walk.members(components, kind, SiteWalk::parameter);
    }
    for kind in ["requestBodies", "responses"] {
        walk.members(components, kind, SiteWalk::with_content);
    }
    walk.members(components, "pathItems", SiteWalk::path_item);
    walk.at.leave(mark);
}

/// The walk of [`each_schema_site`]: each method is called with the cursor at the value it is given.
struct SiteWalk<'v, 'd> {
    at: Cursor,
    visit: &'v mut dyn FnMut(SchemaSite<'d, '_>),
}

impl<'d> SiteWalk<'_, 'd> {
    /// Calls `each` with every member of the object under `key` in `holder`, the cursor at the member.
    fn members(&mut self, holder: &'d Map<String, Value>, key: &str, each: fn(&mut Self, &'d str, &'d Value)) {
        let Some(map) = members::get(holder, key).and_then(Value::as_object) else { return };
        let outer = self.at.enter(key);
        for (name, value) in map {
            let inner = self.at.enter(name);
            each(self, name, value);
            self.at.leave(inner);
        }
        self.at.leave(outer);
    }

    fn path_item(&mut self, _: &'d str, item: &'d Value) {
        let Some(item) = item.as_object() else { return };
        self.parameters(item);
        for method in METHODS {
            let Some(operation) = members::get(item, method).and_then(Value::as_object) else { continue };
            let mark = self.at.enter(method);
            self.parameters(operation);
            if let Some(body) = members::get(operation, "requestBody") {
                let body_mark = self.at.enter("requestBody");
                self.with_content("requestBody", body);
                self.at.leave(body_mark);
            }
            self.members(operation, "responses", SiteWalk::with_content);
            self.at.leave(mark);
        }
    }

    /// The `parameters` list of a path item or an operation.
    fn parameters(&mut self, holder: &'d Map<String, Value>) {
        let Some(list) = members::get(holder, "parameters").and_then(Value::as_array) else { return };
        let outer = self.at.enter("parameters");
        for (index, parameter) in list.iter().enumerate() {
            let inner = self.at.enter_index(index);
            self.parameter("", parameter);
            self.at.leave(inner);
        }
        self.at.leave(outer);
    }

    /// A parameter or a header: its schema, then its `content`.
    fn parameter(&mut self, _: &'d str, parameter: &'d Value) {
        let Some(object) = own_object(parameter) else { return };
        if let Some(schema) = members::get(object, "schema") {
            let mark = self.at.enter("schema");
            let holder = Holder::Parameter { parameter: object, at: self.at.before(mark) };
            (self.visit)(SchemaSite { schema, at: self.at.as_str(), holder });
            self.at.leave(mark);
        }
        self.members(object, "content", SiteWalk::media_type);
    }

    /// A request body or a response: its `content`, then its headers.
    fn with_content(&mut self, _: &'d str, item: &'d Value) {
        let Some(object) = own_object(item) else { return };
        self.members(object, "content", SiteWalk::media_type);
        self.members(object, "headers", SiteWalk::parameter);
    }

    /// A media type: its `schema`, then its `itemSchema`.
    fn media_type(&mut self, media: &'d str, entry: &'d Value) {
        let Some(entry) = entry.as_object() else { return };
        if let Some(schema) = members::get(entry, "schema") {
            let mark = self.at.enter("schema");
            let holder = Holder::MediaType { media, entry, at: self.at.before(mark) };
            (self.visit)(SchemaSite { schema, at: self.at.as_str(), holder });
            self.at.leave(mark);
        }
        if let Some(schema) = members::get(entry, "itemSchema") {
            let mark = self.at.enter("itemSchema");
            (self.visit)(SchemaSite { schema, at: self.at.as_str(), holder: Holder::MediaTypeItems });
            self.at.leave(mark);
        }
    }
}

/// [`each_schema_site`] for rewriting the sites: calls `visit` with each site's schema, mutable, and the cursor at
/// it, in the same order (a test holds the two walks to one order). Normalizing rewrites every site through it:
/// looking each one up again by its pointer, with a hash per segment, cost more than the rest of normalizing on a
/// document with thousands of operations. `visit` may step further down; it leaves the cursor where it found it.
pub fn each_schema_site_mut(document: &mut Value, visit: &mut dyn FnMut(&mut Value, &mut Cursor)) {
    let Some(root) = document.as_object_mut() else { return };
    let mut walk = SiteWalkMut { at: Cursor::new("#"), visit };
    for section in [Section::Paths, Section::Webhooks] {
        walk.members(root, section.key(), SiteWalkMut::path_item);
    }
    let Some(components) = members::get_mut(root, "components").and_then(Value::as_object_mut) else { return };
    let mark = walk.at.enter("components");
    walk.members(components, "schemas", |walk, schema| (walk.visit)(schema, &mut walk.at));
    for kind in ["parameters", "headers"] {
        walk.members(components, kind, SiteWalkMut::parameter);
    }
    for kind in ["requestBodies", "responses"] {
        walk.members(components, kind, SiteWalkMut::with_content);
    }
    walk.members(components, "pathItems", SiteWalkMut::path_item);
    walk.at.leave(mark);
}

/// [`SiteWalk`], mutable.
struct SiteWalkMut<'v> {
    at: Cursor,
    visit: &'v mut dyn FnMut(&mut Value, &mut Cursor),
}

impl SiteWalkMut<'_> {
    fn members(&mut self, holder: &mut Map<String, Value>, key: &str, each: fn(&mut Self, &mut Value)) {
        let Some(map) = members::get_mut(holder, key).and_then(Value::as_object_mut) else { return };
        let outer = self.at.enter(key);
        for (name, value) in map.iter_mut() {
            let inner = self.at.enter(name);
            each(self, value);
            self.at.leave(inner);
        }
        self.at.leave(outer);
    }

    fn path_item(&mut self, item: &mut Value) {
        let Some(item) = item.as_object_mut() else { return };
        self.parameters(item);
        for method in METHODS {
            let Some(operation) = members::get_mut(item, method).and_then(Value::as_object_mut) else { continue };
            let mark = self.at.enter(method);
            self.parameters(operation);
            if let Some(body) = members::get_mut(operation, "requestBody") {
                let body_mark = self.at.enter("requestBody");
                self.with_content(body);
                self.at.leave(body_mark);
            }
            self.members(operation, "responses", SiteWalkMut::with_content);
            self.at.leave(mark);
        }
    }

    fn parameters(&mut self, holder: &mut Map<String, Value>) {
        let Some(list) = members::get_mut(holder, "parameters").and_then(Value::as_array_mut) else { return };
        let outer = self.at.enter("parameters");
        for (index, parameter) in list.iter_mut().enumerate() {
            let inner = self.at.enter_index(index);
            self.parameter(parameter);
            self.at.leave(inner);
        }
        self.at.leave(outer);
    }

    fn parameter(&mut self, parameter: &mut Value) {
        let Some(object) = own_object_mut(parameter) else { return };
        if let Some(schema) = members::get_mut(object, "schema") {
            let mark = self.at.enter("schema");
            (self.visit)(schema, &mut self.at);
            self.at.leave(mark);
        }
        self.members(object, "content", SiteWalkMut::media_type);
    }

    fn with_content(&mut self, item: &mut Value) {
        let Some(object) = own_object_mut(item) else { return };
        self.members(object, "content", SiteWalkMut::media_type);
        self.members(object, "headers", SiteWalkMut::parameter);
    }

    fn media_type(&mut self, entry: &mut Value) {
        let Some(entry) = entry.as_object_mut() else { return };
        for key in ["schema", "itemSchema"] {
            if let Some(schema) = members::get_mut(entry, key) {
                let mark = self.at.enter(key);
                (self.visit)(schema, &mut self.at);
                self.at.leave(mark);
            }
        }
    }
}

/// [`own_object`], mutable.
fn own_object_mut(value: &mut Value) -> Option<&mut Map<String, Value>> {
    value.as_object_mut().filter(|object| !members::contains(object, "$ref"))
}

/// The object of a parameter, header, request body or response stated in place: not a `$ref`, whose other
/// members are ignored.
fn own_object(value: &Value) -> Option<&Map<String, Value>> {
    value.as_object().filter(|object| !members::contains(object, "$ref"))
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

/// Calls `visit` with each subschema directly inside `object` (the schema at the cursor), the cursor at the
/// subschema: the members of map keywords and the items of list keywords whatever their type, and the value of a
/// one-schema keyword when it is an object (a boolean `additionalProperties` is a flag, not a schema to descend
/// into). `visit` may step further down; it leaves the cursor where it found it.
pub fn each_subschema<'s>(
    object: &'s Map<String, Value>,
    at: &mut Cursor,
    mut visit: impl FnMut(&'s Value, &mut Cursor),
) {
    if !has_subschemas(object) {
        return;
    }
    for keyword in SCHEMA_MAP_KEYWORDS {
        if let Some(Value::Object(map)) = members::get(object, keyword) {
            let outer = at.enter(keyword);
            for (name, member) in map {
                let inner = at.enter(name);
                visit(member, at);
                at.leave(inner);
            }
            at.leave(outer);
        }
    }
    for keyword in SINGLE_SCHEMA_KEYWORDS {
        match members::get(object, keyword) {
            Some(Value::Array(items)) if keyword == "items" => each_item(items, "items", at, &mut visit),
            Some(child @ Value::Object(_)) => {
                let mark = at.enter(keyword);
                visit(child, at);
                at.leave(mark);
            }
            _ => {}
        }
    }
    for keyword in SCHEMA_LIST_KEYWORDS {
        if let Some(Value::Array(items)) = members::get(object, keyword) {
            each_item(items, keyword, at, &mut visit);
        }
    }
}

/// Calls `visit` with each item of the list under `keyword`, the cursor at the item.
fn each_item<'s>(items: &'s [Value], keyword: &str, at: &mut Cursor, visit: &mut impl FnMut(&'s Value, &mut Cursor)) {
    let outer = at.enter(keyword);
    for (index, item) in items.iter().enumerate() {
        let inner = at.enter_index(index);
        visit(item, at);
        at.leave(inner);
    }
    at.leave(outer);
}

/// [`each_subschema`] for a walk that rewrites the subschemas (normalizing): the same subschemas in the same order.
pub fn each_subschema_mut(
    object: &mut Map<String, Value>,
    at: &mut Cursor,
    mut visit: impl FnMut(&mut Value, &mut Cursor),
) {
    if !has_subschemas(object) {
        return;
    }
    for keyword in SCHEMA_MAP_KEYWORDS {
        if let Some(Value::Object(map)) = members::get_mut(object, keyword) {
            let outer = at.enter(keyword);
            for (name, member) in map.iter_mut() {
                let inner = at.enter(name);
                visit(member, at);
                at.leave(inner);
            }
            at.leave(outer);
        }
    }
    for keyword in SINGLE_SCHEMA_KEYWORDS {
        match members::get_mut(object, keyword) {
            Some(Value::Array(items)) if keyword == "items" => each_item_mut(items, "items", at, &mut visit),
            Some(child @ Value::Object(_)) => {
                let mark = at.enter(keyword);
                visit(child, at);
                at.leave(mark);
            }
            _ => {}
        }
    }
    for keyword in SCHEMA_LIST_KEYWORDS {
        if let Some(Value::Array(items)) = members::get_mut(object, keyword) {
            each_item_mut(items, keyword, at, &mut visit);
        }
    }
}

/// [`each_item`], mutable.
fn each_item_mut(items: &mut [Value], keyword: &str, at: &mut Cursor, visit: &mut impl FnMut(&mut Value, &mut Cursor)) {
    let outer = at.enter(keyword);
    for (index, item) in items.iter_mut().enumerate() {
        let inner = at.enter_index(index);
        visit(item, at);
        at.leave(inner);
    }
    at.leave(outer);
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The sites of `document` are `expect`, both to read them and to rewrite them.
    #[track_caller]
    fn check_sites(mut document: Value, expect: &[&str]) {
        let mut sites = Vec::new();
        each_schema_site(&document, &mut |site| sites.push(site.at.to_owned()));
        assert_eq!(sites, expect);
        let mut rewritten = Vec::new();
        each_schema_site_mut(&mut document, &mut |schema, at| {
            *schema = Value::from(at.as_str());
            rewritten.push(at.as_str().to_owned());
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
        let mut at = Cursor::new("#/s");
        each_subschema(schema.as_object().unwrap(), &mut at, |_, at| seen.push(at.as_str().to_owned()));
        assert_eq!(seen, expect);
        let mut seen_mut = Vec::new();
        each_subschema_mut(schema.as_object_mut().unwrap(), &mut at, |_, at| seen_mut.push(at.as_str().to_owned()));
        assert_eq!(seen_mut, expect);
        assert_eq!(at.as_str(), "#/s", "the cursor is back where it started");
    }
}
