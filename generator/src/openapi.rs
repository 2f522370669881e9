//! The OpenAPI document's shape: the path items, operations, parameters, responses and media types, each with its
//! JSON pointer, in document order. No `$ref` is followed (lowering follows them itself).

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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lowering_takes_operations_in_document_order() {
        let item = json!({"post": {}, "x-a": {}, "get": {}, "parameters": []});
        let methods: Vec<(&str, String)> =
            operations(item.as_object().unwrap(), "#/paths/~1a").map(|member| (member.key, member.at)).collect();
        assert_eq!(methods, [("post", "#/paths/~1a/post".to_owned()), ("get", "#/paths/~1a/get".to_owned())]);
    }
}
