//! Lower operations: path items in, IR operations out (parameters merged and deduplicated, bodies and
//! responses classified by media type).

use super::Lowerer;
use super::hint::Hint;
use super::keywords::{Keywords, is_true};
use crate::error::WarningKind;
use crate::ir::*;
use crate::members;
use crate::openapi::{self, Member, Section};
use crate::pointer;
use serde_json::{Map, Value};
use std::borrow::Cow;

const MAX_REF_HOPS: usize = 32;

impl<'a> Lowerer<'a> {
    /// Webhooks are requests the API sends, not operations a client calls: only their payload types are
    /// generated (named after the webhook), so a receiver can decode them.
    pub fn webhook_payloads(&mut self) {
        for webhook in openapi::path_items(self.document, Section::Webhooks) {
            let Some(item) = self.deref_object(webhook.value, &webhook.at) else { continue };
            for operation in openapi::operations(item, &webhook.at) {
                if let Some(body) = operation.value.get("requestBody") {
                    let name = webhook.key;
                    self.request_body(body, &format!("{}/requestBody", operation.at), &format!("{name} webhook"));
                }
            }
        }
    }

    pub fn operations(&mut self) {
        // Most path items hold one operation or a few: reserving one per path item saves most of the growing.
        let path_count =
            members::of(self.document, Section::Paths.key()).and_then(Value::as_object).map_or(0, Map::len);
        self.ir.operations.reserve(path_count);
        for path_item in openapi::path_items(self.document, Section::Paths) {
            let (path, item_at) = (path_item.key, &path_item.at);
            let Some(item) = self.deref_object(path_item.value, item_at) else { continue };
            if let [Some(_)] = members::several(item, ["servers"]) {
                self.servers_ignored(&format!("{item_at}/servers"), "path");
            }
            let shared: Vec<(&Value, String)> = openapi::parameters(item, item_at).collect();
            for operation in openapi::operations(item, item_at) {
                let (method, at) = (operation.key, operation.at);
                let Some(operation) = operation.value.as_object() else {
                    self.diagnostics.warn(
                        WarningKind::ImperfectDocument,
                        &at,
                        "operation should be an object; skipped",
                    );
                    continue;
                };
                let lowered = self.operation(path, method, operation, &shared, &at);
                self.ir.operations.push(lowered);
            }
        }
    }

    /// Path-level and operation-level servers are not modelled: the client has one base URL.
    fn servers_ignored(&mut self, at: &str, level: &str) {
        self.diagnostics.warn(
            WarningKind::ImperfectDocument,
            at,
            format!(
                "{level}-level `servers` are not supported and are ignored: requests go to the client's base URL \
                 (ClientBuilder::base_url or ClientBuilder::origin can point a client at them)"
            ),
        );
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        operation: &'a Map<String, Value>,
        shared: &[(&'a Value, String)],
        at: &str,
    ) -> Operation {
        let [operation_id, servers, request_body, summary, description, tags, deprecated, security, declared_pages] =
            members::several(
                operation,
                [
                    "operationId",
                    "servers",
                    "requestBody",
                    "summary",
                    "description",
                    "tags",
                    "deprecated",
                    "security",
                    "x-pagination",
                ],
            );
        if servers.is_some() {
            self.servers_ignored(&format!("{at}/servers"), "operation");
        }
        let operation_id = operation_id.and_then(Value::as_str).map(str::to_owned);
        let unnamed;
        let stem = match &operation_id {
            Some(operation_id) => operation_id.as_str(),
            None => {
                unnamed = format!("{method} {path}");
                unnamed.as_str()
            }
        };
        let own: Vec<(&Value, String)> = openapi::parameters(operation, at).collect();
        let mut parameters: Vec<Parameter> = Vec::with_capacity(own.len() + shared.len());
        // Operation-level parameters override path-level ones with the same name and location.
        let path_level = shared.iter().map(|(parameter, at)| (*parameter, at.clone()));
        for (parameter, parameter_at) in own.into_iter().chain(path_level) {
            let Some(parameter) = self.parameter(parameter, parameter_at, stem) else { continue };
            let duplicate = parameters.iter().any(|p| {
                p.location == parameter.location
                    && if p.location == ParamLocation::Header {
                        p.wire_name.eq_ignore_ascii_case(&parameter.wire_name)
                    } else {
                        p.wire_name == parameter.wire_name
                    }
            });
            if !duplicate {
                parameters.push(parameter);
            }
        }
        let template = path_template_names(path);
        let colon_names: Vec<&str> = path.split('/').filter_map(|segment| segment.strip_prefix(':')).collect();
        parameters.retain(|p| {
            let named = template.contains(&p.wire_name) || colon_names.contains(&p.wire_name.as_str());
            if p.location == ParamLocation::Path && !named {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &p.pointer,
                    format!("path parameter {:?} is not in the path template {path:?}; it is left out", p.wire_name),
                );
                return false;
            }
            true
        });
        for name in template {
            if !parameters.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == name) {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    at,
                    format!("path parameter {name:?} is not declared; typed as a string"),
                );
                let ty = self.primitive(TypeKind::String(StringKind::Plain));
                parameters.push(Parameter {
                    wire_name: name,
                    location: ParamLocation::Path,
                    ty,
                    required: true,
                    style: QueryStyle::Form,
                    rules: Rules::default(),
                    docs: None,
                    pointer: at.to_owned(),
                });
            }
        }
        let body = request_body.and_then(|b| self.request_body(b, &format!("{at}/requestBody"), stem));
        let mut responses: Vec<Response> = Vec::new();
        for response in openapi::responses(operation, at) {
            let (status, response_at) = (response.key, response.at);
            let Some(response) = self.response(status, response.value, &response_at, stem) else { continue };
            // `4XX` and `4xx`, or `400` and `+400`, are different keys for the same statuses.
            if responses.iter().any(|r| r.status == response.status) {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &response_at,
                    format!("response key {status:?} repeats statuses an earlier key covers; skipped"),
                );
                continue;
            }
            responses.push(response);
        }
        let text =
            |value: Option<&Value>| value.and_then(Value::as_str).filter(|s| !s.trim().is_empty()).map(str::to_owned);
        let mut lowered = Operation {
            operation_id,
            method: method.to_owned(),
            path: path.to_owned(),
            summary: text(summary),
            docs: text(description),
            tags: tags
                .and_then(Value::as_array)
                .map(|tags| tags.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default(),
            deprecated: is_true(deprecated),
            parameters,
            body,
            responses,
            pointer: at.to_owned(),
            security: security.map(|security| self.requirement(security, &format!("{at}/security"))),
            pagination: None,
        };
        lowered.pagination = self.pagination(&lowered, operation, declared_pages);
        lowered
    }

    /// Follows `$ref`s from a parameter, body, response or path item to the object they name.
    fn deref_object(&mut self, value: &'a Value, at: &str) -> Option<&'a Map<String, Value>> {
        self.deref_object_at(value, at).map(|(object, _)| object)
    }

    /// [`Self::deref_object`], and the `$ref` target it reached the object through (`None` when `value` is no
    /// `$ref`: the object is at `at`).
    fn deref_object_at(&mut self, value: &'a Value, at: &str) -> Option<(&'a Map<String, Value>, Option<&'a str>)> {
        let mut current = value;
        let mut location = None;
        for _ in 0..MAX_REF_HOPS {
            match members::of(current, "$ref").and_then(Value::as_str) {
                Some(target) => match pointer::resolve(self.document, target) {
                    Some(resolved) => {
                        current = resolved;
                        location = Some(target);
                    }
                    None => {
                        self.diagnostics.warn(
                            WarningKind::ImperfectDocument,
                            at,
                            format!("reference {target:?} does not resolve; skipped"),
                        );
                        return None;
                    }
                },
                None => match current.as_object() {
                    Some(object) => return Some((object, location)),
                    None => {
                        self.diagnostics.warn(
                            WarningKind::ImperfectDocument,
                            at,
                            format!("expected an object, found `{}`; skipped", abbreviate(current)),
                        );
                        return None;
                    }
                },
            }
        }
        self.diagnostics.warn(WarningKind::ImperfectDocument, at, "reference cycle; skipped");
        None
    }

    /// A parameter of an operation at `at` (its pointer, which the IR keeps).
    fn parameter(&mut self, parameter: &'a Value, at: String, stem: &str) -> Option<Parameter> {
        let parameter = self.deref_object(parameter, &at)?;
        let [name, location, schema, required, style, description] =
            members::several(parameter, ["name", "in", "schema", "required", "style", "description"]);
        let Some(name) = name.and_then(Value::as_str).map(str::to_owned) else {
            self.diagnostics.warn(
                WarningKind::ImperfectDocument,
                &format!("{at}/name"),
                "parameter has no `name` string; parameter skipped",
            );
            return None;
        };
        let location = match location.and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                self.diagnostics.warn(
                    WarningKind::ImperfectDocument,
                    &format!("{at}/in"),
                    format!("parameter location {other:?} is unknown; parameter skipped"),
                );
                return None;
            }
        };
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"].iter().any(|ignored| name.eq_ignore_ascii_case(ignored))
        {
            // OpenAPI: these header parameters "SHALL be ignored"; the client sets them itself.
            return None;
        }
        let stem = Hint::new(stem);
        let hint = stem.with(&name);
        let (ty, rules) = match schema {
            Some(schema) => self.parameter_schema(schema, &at, &hint),
            None => (self.parameter_content(parameter, &at, &hint), Rules::default()),
        };
        let required = location == ParamLocation::Path || is_true(required);
        let style = match style.and_then(Value::as_str) {
            Some("deepObject") => QueryStyle::DeepObject,
            _ => QueryStyle::Form,
        };
        Some(Parameter {
            wire_name: name,
            location,
            ty,
            required,
            style,
            rules,
            docs: description.and_then(Value::as_str).map(str::to_owned),
            pointer: at,
        })
    }

    /// The type and the rules of a parameter's `schema` (the parameter is at `at`).
    fn parameter_schema(&mut self, schema: &Value, at: &str, hint: &Hint<'_>) -> (TypeId, Rules) {
        let Some(object) = schema.as_object() else { return (self.any(), Rules::default()) };
        let keywords = Keywords::of(object);
        let schema_at = format!("{at}/schema");
        let ty = self.schema_base_of(&keywords, &schema_at, hint);
        let numeric = self.numeric_kind(ty, &keywords);
        (ty, super::constraints::rules(&keywords, &schema_at, numeric.as_ref(), self.diagnostics))
    }

    /// The type of a parameter without a `schema`: the schema of its first `content` entry, else a string.
    fn parameter_content(&mut self, parameter: &Map<String, Value>, at: &str, hint: &Hint<'_>) -> TypeId {
        let Some(media) = openapi::media_types(parameter, at).next() else {
            return self.primitive(TypeKind::String(StringKind::Plain));
        };
        let schema_at = format!("{}/schema", media.at);
        match members::of(media.value, "schema") {
            Some(schema) => self.schema_base(schema, &schema_at, hint),
            None => self.schema_base_of(&Keywords::of(&Map::new()), &schema_at, hint),
        }
    }

    fn request_body(&mut self, body: &'a Value, at: &str, stem: &str) -> Option<RequestBody> {
        let (body, reached) = self.deref_object_at(body, at)?;
        let body_content = format!("{}/content", reached.unwrap_or(at));
        let stem = Hint::new(stem);
        let hint = stem.with("Body");
        let mut options: Vec<BodyOption> = Vec::new();
        for Member { key: media, value: entry, at: media_at } in openapi::media_types(body, at) {
            let encoding = body_encoding(media);
            if options.iter().any(|o| o.encoding == encoding) {
                continue;
            }
            let ty = match (encoding, members::of(entry, "schema")) {
                (BodyEncoding::Json | BodyEncoding::Form, Some(schema)) => {
                    self.schema(schema, &format!("{media_at}/schema"), &hint)
                }
                (BodyEncoding::Json | BodyEncoding::Form, None) => self.any(),
                (BodyEncoding::Text, _) => self.primitive(TypeKind::String(StringKind::Plain)),
                (BodyEncoding::Bytes | BodyEncoding::Multipart, _) => self.any(),
            };
            let mut schema_source = pointer::push(&body_content, media);
            schema_source.push_str("/schema");
            options.push(BodyOption { media_type: media.to_owned(), encoding, ty, schema_source });
        }
        if options.is_empty() {
            return None;
        }
        let [required, description] = members::several(body, ["required", "description"]);
        Some(RequestBody {
            required: is_true(required),
            options,
            docs: description.and_then(Value::as_str).map(str::to_owned),
        })
    }

    fn response(&mut self, status: &str, response: &'a Value, at: &str, stem: &str) -> Option<Response> {
        let status_match = match status {
            "default" => StatusMatch::Default,
            s if s.len() == 3 && (s.ends_with("XX") || s.ends_with("xx")) => StatusMatch::Range(s[..1].parse().ok()?),
            s => match s.parse::<u16>() {
                Ok(code) if (100..600).contains(&code) => StatusMatch::Exact(code),
                _ => {
                    self.diagnostics.warn(
                        WarningKind::ImperfectDocument,
                        at,
                        format!("response key {s:?} is not a status code; skipped"),
                    );
                    return None;
                }
            },
        };
        let (response, reached) = self.deref_object_at(response, at)?;
        let [description, content] = members::several(response, ["description", "content"]);
        let docs = description.and_then(Value::as_str).map(str::to_owned);
        let no_content = Map::new();
        let content = content.and_then(Value::as_object).unwrap_or(&no_content);
        let Some((media, entry)) = preferred_media(content) else {
            return Some(Response {
                status: status_match,
                encoding: ResponseEncoding::Empty,
                ty: None,
                docs,
                schema_source: String::new(),
                media_type: None,
                alternatives: Vec::new(),
            });
        };
        let stem = Hint::new(stem);
        let role = stem.with("Response");
        let hint = role.with(status);
        let encoding = response_encoding(media);
        let content_at = format!("{at}/content");
        let media_at = pointer::push(&content_at, media);
        let (schema, schema_at) = body_schema(entry, encoding, &media_at);
        let ty = match encoding {
            ResponseEncoding::Json | ResponseEncoding::JsonLines => {
                let no_schema = Value::Object(Map::new());
                Some(self.schema(schema.unwrap_or(&no_schema), &schema_at, &hint))
            }
            ResponseEncoding::EventStream => schema.map(|schema| self.schema(schema, &schema_at, &hint)),
            _ => None,
        };
        // The document's own place of the content: where the response is, or the `$ref` target it came from.
        let source_content = match reached {
            Some(target) => Cow::Owned(format!("{target}/content")),
            None => Cow::Borrowed(content_at.as_str()),
        };
        let mut schema_source = pointer::push(&source_content, media);
        if let Some(message) = untyped_media(media, entry, encoding) {
            self.warn_media_once(&schema_source, message);
        }
        schema_source.push_str("/schema");
        let mut alternatives = Vec::new();
        for (other, other_entry) in content {
            if other == media {
                continue;
            }
            let other_encoding = response_encoding(other);
            let other_source = || pointer::push(&source_content, other);
            let other_ty = match other_encoding {
                ResponseEncoding::Json | ResponseEncoding::JsonLines => {
                    let other_at = pointer::push(&content_at, other);
                    let (other_schema, other_schema_at) = body_schema(other_entry, other_encoding, &other_at);
                    let typed = match other_schema {
                        None => Some(self.any()),
                        Some(other_schema) if Some(other_schema) == schema && ty.is_some() => ty,
                        Some(other_schema) if is_empty_schema(other_schema) => Some(self.any()),
                        Some(other_schema) if is_named_or_list_of_named(other_schema) => {
                            Some(self.schema(other_schema, &other_schema_at, &hint))
                        }
                        Some(_) => None,
                    };
                    if typed.is_none() {
                        self.warn_media_once(
                            &other_source(),
                            format!(
                                "response media type {other:?} has a schema of its own that is not a named schema, so the method's \
                                 docs offer it as `.json::<serde_json::Value>()` (or any type of the caller's)"
                            ),
                        );
                    }
                    typed
                }
                ResponseEncoding::EventStream => {
                    let other_at = pointer::push(&content_at, other);
                    match body_schema(other_entry, other_encoding, &other_at) {
                        (None, _) => None,
                        (Some(other_schema), _) if Some(other_schema) == schema && ty.is_some() => ty,
                        (Some(other_schema), other_schema_at) if is_named_or_list_of_named(other_schema) => {
                            Some(self.schema(other_schema, &other_schema_at, &hint))
                        }
                        (Some(_), _) => {
                            self.warn_media_once(
                                &other_source(),
                                format!(
                                    "response media type {other:?} has a schema for its events' data that is not a \
                                     named schema, so the method's docs offer its events with text data \
                                     (`.event_text()`, or `.events::<T>()` with a type of the caller's)"
                                ),
                            );
                            None
                        }
                    }
                }
                _ => None,
            };
            if let Some(message) = untyped_media(other, other_entry, other_encoding) {
                self.warn_media_once(&other_source(), message);
            }
            alternatives.push(MediaAlternative { media_type: other.clone(), encoding: other_encoding, ty: other_ty });
        }
        Some(Response {
            status: status_match,
            encoding,
            ty,
            docs,
            schema_source,
            media_type: Some(media.clone()),
            alternatives,
        })
    }

    /// A media-type warning, once per place in the document (a shared response is reached from many operations).
    fn warn_media_once(&mut self, at: &str, message: String) {
        if self.media_warned.insert(at.to_owned()) {
            self.diagnostics.warn(WarningKind::MediaType, at, message);
        }
    }
}

/// The warning for a media type the client reads only as text or bytes although its schema describes
/// structured data (XML, YAML, Protocol Buffers…), and for a stream it cannot read as it arrives.
fn untyped_media(media: &str, entry: &Value, encoding: ResponseEncoding) -> Option<String> {
    if is_unreadable_stream(media) {
        return Some(format!(
            "response media type {media:?} is a stream the client cannot read as it arrives (only JSON Lines \
             and event streams are); `.accept({media:?}).bytes()` waits for the end of the body"
        ));
    }
    let structured =
        members::of(entry, "schema").is_some_and(|schema| !is_empty_schema(schema) && !is_string_schema(schema));
    let reading = match encoding {
        ResponseEncoding::Text if structured => "text",
        ResponseEncoding::Bytes if structured => "bytes",
        _ => return None,
    };
    Some(format!(
        "response media type {media:?} is offered as {reading} only: the client does not decode it into \
         its schema (`.accept({media:?}).{reading}()`)"
    ))
}

/// The media type a response's method decodes: JSON with a schema, else a JSON Lines stream, else server-sent
/// events, else JSON
/// without a schema (FastAPI declares `application/json: {schema: {}}` next to whatever a handler really
/// streams), else text, else bytes; the first of its kind in document order.
fn preferred_media(content: &Map<String, Value>) -> Option<(&String, &Value)> {
    let pick = |wanted: &dyn Fn(&str, &Value) -> bool| content.iter().find(|(media, entry)| wanted(media, entry));
    let untyped = |entry: &Value| entry.get("schema").is_none_or(is_empty_schema);
    pick(&|media, entry| response_encoding(media) == ResponseEncoding::Json && !untyped(entry))
        .or_else(|| pick(&|media, _| response_encoding(media) == ResponseEncoding::JsonLines))
        .or_else(|| pick(&|media, _| response_encoding(media) == ResponseEncoding::EventStream))
        .or_else(|| pick(&|media, _| response_encoding(media) == ResponseEncoding::Json))
        .or_else(|| pick(&|media, _| response_encoding(media) == ResponseEncoding::Text))
        .or_else(|| pick(&|media, _| response_encoding(media) == ResponseEncoding::Bytes))
}

/// The schema of a body and its pointer, for a JSON Lines body the schema of one item: its `itemSchema`
/// (OpenAPI 3.2), else the `items` of an array `schema` (3.2 describes a sequence as an array), else `schema`
/// itself, unless that is a string: then the document describes the stream's whole text (Airflow does), and
/// an item is any JSON value (`None`).
///
/// For server-sent events, the schema of one event's data: the `data` property of an `itemSchema` (OpenAPI
/// 3.2 describes each event as an object of its fields), its `contentSchema` when the data is a string of
/// JSON, else `schema` itself (how 3.0 and 3.1 documents describe the data); `None` when that is a string or
/// says nothing: the data is text.
fn body_schema<'v>(entry: &'v Value, encoding: ResponseEncoding, media_at: &str) -> (Option<&'v Value>, String) {
    let schema = entry.get("schema");
    let schema_at = format!("{media_at}/schema");
    if encoding == ResponseEncoding::EventStream {
        return event_data_schema(entry, schema, media_at);
    }
    if encoding != ResponseEncoding::JsonLines {
        return (schema, schema_at);
    }
    if let Some(item) = entry.get("itemSchema") {
        return (Some(item), format!("{media_at}/itemSchema"));
    }
    match schema {
        Some(schema) if is_string_schema(schema) => (None, schema_at),
        Some(schema) if schema.get("type").and_then(Value::as_array).is_some_and(|t| t == &["array"]) => {
            (schema.get("items"), format!("{schema_at}/items"))
        }
        other => (other, schema_at),
    }
}

/// The schema of a server-sent event's data and its pointer (see [`body_schema`]).
fn event_data_schema<'v>(entry: &'v Value, schema: Option<&'v Value>, media_at: &str) -> (Option<&'v Value>, String) {
    let (data, data_at) = match entry.get("itemSchema") {
        Some(item) => {
            let data = item.get("properties").and_then(|properties| properties.get("data"));
            let data_at = format!("{media_at}/itemSchema/properties/data");
            match data.and_then(|data| data.get("contentSchema")) {
                Some(content) => (Some(content), format!("{data_at}/contentSchema")),
                None => (data, data_at),
            }
        }
        None => (schema, format!("{media_at}/schema")),
    };
    match data {
        Some(data) if !is_empty_schema(data) && !is_string_schema(data) => (Some(data), data_at),
        _ => (None, data_at),
    }
}

/// A schema that says nothing: `{}`, or only prose and examples.
fn is_empty_schema(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| {
        object.keys().all(|key| matches!(key.as_str(), "description" | "title" | "examples" | "example"))
    })
}

/// A string schema (text, or bytes with `format: binary`): what a text or bytes body is exactly.
fn is_string_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_array).is_some_and(|types| types == &["string"])
}

/// A `$ref`, or an array of one: schemas that are a type the crate has whoever refers to them.
fn is_named_or_list_of_named(schema: &Value) -> bool {
    schema.get("$ref").is_some() || schema.get("items").is_some_and(|items| items.get("$ref").is_some())
}

/// Whether a media type is a stream other than JSON Lines and server-sent events: JSON text sequences, or any
/// type but JSON with a `stream` parameter (Kubernetes' `application/vnd.kubernetes.protobuf;stream=watch`).
fn is_unreadable_stream(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json-seq"
        || (response_encoding(media) != ResponseEncoding::JsonLines && has_stream_parameter(media))
}

/// Whether a media type has a `stream` parameter (`application/json;stream=watch`).
fn has_stream_parameter(media: &str) -> bool {
    media.split(';').skip(1).any(|parameter| parameter.trim().to_ascii_lowercase().starts_with("stream="))
}

/// A value as JSON, cut short for a message.
fn abbreviate(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

/// A media type without its parameters, in lower case (borrowed when it is lower case already).
fn essence(media: &str) -> Cow<'_, str> {
    let essence = media.split(';').next().unwrap_or(media).trim();
    if essence.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(essence.to_ascii_lowercase())
    } else {
        Cow::Borrowed(essence)
    }
}

pub fn body_encoding(media: &str) -> BodyEncoding {
    let media = essence(media);
    if media == "application/json" || media.ends_with("+json") || media == "*/*" || media == "application/*" {
        BodyEncoding::Json
    } else if media == "application/x-www-form-urlencoded" {
        BodyEncoding::Form
    } else if media.starts_with("multipart/") {
        BodyEncoding::Multipart
    } else if media.starts_with("text/") {
        BodyEncoding::Text
    } else {
        BodyEncoding::Bytes
    }
}

fn response_encoding(media: &str) -> ResponseEncoding {
    let essence = essence(media);
    let json = essence == "application/json" || essence.ends_with("+json");
    if matches!(
        essence.as_ref(),
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/json-lines"
    ) || (json && has_stream_parameter(media))
    {
        ResponseEncoding::JsonLines
    } else if essence == "text/event-stream" {
        ResponseEncoding::EventStream
    } else if json || essence == "*/*" || essence == "application/*" {
        ResponseEncoding::Json
    } else if essence.starts_with("text/")
        || essence.ends_with("+xml")
        || essence.ends_with("+yaml")
        || matches!(essence.as_ref(), "application/xml" | "application/yaml" | "application/x-yaml")
    {
        ResponseEncoding::Text
    } else {
        ResponseEncoding::Bytes
    }
}

/// The names of a path template's `{name}` groups (see [`split_path_group`]).
pub fn path_template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some((_, name, after)) = split_path_group(rest) {
        names.push(name.to_owned());
        rest = after;
    }
    names
}
