//! Building one request: OpenAPI parameter styles turned into path segments, query pairs, headers and bodies.
//!
//! Building never fails on the spot: the first value that cannot be sent is kept in the [`Request`], and
//! [`Client::send`](super::client::Client::send) returns it as [`Error::InvalidRequest`](super::error::Error::InvalidRequest)
//! before any network traffic. So the generated operations build a request as a plain list of statements.
//!
//! Values are serialised with serde into a JSON value first, so every type the models use is encoded by
//! the same rules: `null` (a `None`) is left out, `true`/`false` and numbers are printed as JSON prints
//! them, strings are sent as they are, and a nested array or object that a style cannot express is sent
//! as compact JSON text.
//!
//! Brackets (`deepObject` queries and form bodies) follow the convention Stripe documents: an object member
//! is `name[key]`, an array of plain values repeats `name[]` once per item, and an array holding objects or
//! arrays numbers its items, `items[0][price]`, because only an index can keep the members of one item
//! together. Empty arrays and objects send nothing.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use serde_json::Value;

use super::error::InvalidRequest;
use super::validate::{Check, Rules, Validate, Validator};

/// Every byte except the RFC 3986 unreserved characters `A-Z a-z 0-9 - . _ ~`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A security requirement: alternatives, each the ids of the schemes that are sent together. An empty
/// requirement asks for nothing; an empty alternative allows anonymous access.
pub type Security = &'static [&'static [usize]];

/// One request, prepared by the generated code and sent by [`Client::send`](super::client::Client::send).
///
/// The path is a template: `{name}` groups are filled in by [`Request::path_param`] when the request is sent.
/// The methods that add a value return the request itself, never an error: the first value that cannot be
/// sent is kept (see [`Request::refused`]) and refused by [`Client::send`](super::client::Client::send).
pub struct Request {
    pub(crate) method: Method,
    pub(crate) template: String,
    /// Path parameter names and their encoded values.
    pub(crate) path_params: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: HeaderMap,
    pub(crate) cookies: Vec<(String, String)>,
    pub(crate) body: Body,
    pub(crate) refused: Option<InvalidRequest>,
    /// The operation's own security requirement (see [`Request::security`]); `None` for the API's default.
    pub(crate) security: Option<Security>,
    /// What this call alone changes of the client's configuration ([`Call::timeout`], [`Call::retry`],
    /// [`Call::idempotency_key`]).
    ///
    /// [`Call::timeout`]: super::client::Call::timeout
    /// [`Call::retry`]: super::client::Call::retry
    /// [`Call::idempotency_key`]: super::client::Call::idempotency_key
    pub(crate) options: CallOptions,
}

/// Per-call settings that override the client's.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    pub(crate) timeout: Option<std::time::Duration>,
    pub(crate) retry: Option<super::retry::RetryPolicy>,
    /// The call carries an `Idempotency-Key`, so a `POST` or `PATCH` may be retried.
    pub(crate) idempotency_key: bool,
}

/// What a request carries after its headers.
pub(crate) enum Body {
    Empty,
    Bytes {
        content_type: String,
        data: Vec<u8>,
    },
    Multipart(reqwest::multipart::Form),
    /// Read once, as it is sent ([`Upload::stream`](super::upload::Upload::stream), [`Upload::file`](super::upload::Upload::file)).
    Stream {
        content_type: String,
        body: reqwest::Body,
        length: Option<u64>,
    },
}

impl Request {
    /// The same request, to send again; `None` when its body is a multipart form, which can be read only once.
    pub(crate) fn try_clone(&self) -> Option<Request> {
        let body = match &self.body {
            Body::Empty => Body::Empty,
            Body::Bytes { content_type, data } => {
                Body::Bytes { content_type: content_type.clone(), data: data.clone() }
            }
            Body::Multipart(_) | Body::Stream { .. } => return None,
        };
        Some(Request {
            method: self.method.clone(),
            template: self.template.clone(),
            path_params: self.path_params.clone(),
            query: self.query.clone(),
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            body,
            refused: self.refused.clone(),
            security: self.security,
            options: self.options.clone(),
        })
    }

    /// A request without parameters or body.
    ///
    /// `template` starts with `/`; each `{name}` group in it (a `{` whose next brace is a `}`) is replaced by the
    /// value [`Request::path_param`] gives `name`, and a group without one stays as it is written. Everything
    /// else is sent as written, so it must already be percent-encoded.
    pub fn new(method: Method, template: &str) -> Self {
        Request {
            method,
            template: template.to_owned(),
            path_params: Vec::new(),
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: Body::Empty,
            refused: None,
            security: None,
            options: CallOptions::default(),
        }
    }

    /// The request method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path template, as given to [`Request::new`].
    pub fn path_template(&self) -> &str {
        &self.template
    }

    /// The percent-encoded path, before it is joined to the base URL: the template with its path parameters
    /// filled in.
    pub fn path(&self) -> String {
        render_path(&self.template, &self.path_params)
    }

    /// The query pairs added so far, not yet percent-encoded.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value that could not be added, which [`Client::send`](super::client::Client::send) returns
    /// instead of sending anything.
    pub fn refused(&self) -> Option<&InvalidRequest> {
        self.refused.as_ref()
    }

    /// Keeps `result`'s error unless an earlier one is kept already.
    fn latch(&mut self, result: Result<(), InvalidRequest>) -> &mut Self {
        // Written without let-chains: the generated crate may use edition 2021.
        if let (Err(error), None) = (result, &self.refused) {
            self.refused = Some(error);
        }
        self
    }

    /// Checks parameter `name` against its declared constraints (bounds, lengths, pattern, item counts) before
    /// anything is sent: a broken one is kept as the request's error, naming the parameter. `None` has none.
    pub fn check<T: Check + ?Sized>(&mut self, name: &str, value: &T, rules: &Rules) -> &mut Self {
        let mut validator = Validator::default();
        validator.rules(name, value, rules);
        self.latch(validator.finish().map_err(InvalidRequest::from))
    }

    /// Validates parameter `name` as its type does (a known enum value, a recognised union shape, the
    /// constraints of what it holds) before anything is sent: a violation is kept as the request's error.
    pub fn check_valid<T: Validate + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let mut validator = Validator::default();
        validator.field(name, value);
        self.latch(validator.finish().map_err(InvalidRequest::from))
    }

    /// Fills the path template's `{name}` groups with `value` in OpenAPI's `simple` style, encoded as one
    /// segment by [`path_param_named`]; a second value for the same name replaces the first.
    ///
    /// Values are substituted in one pass over the template when the request is sent, so a value (which is
    /// percent-encoded anyway) is never searched for groups itself. A value `path_param_named` refuses
    /// (missing, empty, `.` or `..`) is kept as the request's error.
    pub fn path_param<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let encoded = match path_param_named(name, value) {
            Ok(encoded) => encoded,
            Err(error) => return self.latch(Err(error)),
        };
        match self.path_params.iter_mut().find(|(given, _)| given == name) {
            Some(slot) => slot.1 = encoded,
            None => self.path_params.push((name.to_owned(), encoded)),
        }
        self
    }

    /// Adds a query parameter in OpenAPI's `form` style with `explode: true`.
    ///
    /// `None` adds nothing, an array repeats `name` once per item, and an object adds each member as
    /// its own `member=value` pair (its own name, not `name`). A value that cannot be encoded is kept as the
    /// request's error.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let result = self.add_query(name, value);
        self.latch(result)
    }

    fn add_query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        let field = || format!("query parameter {name:?}");
        match to_value(value, field)? {
            Value::Null => {}
            Value::Array(items) => {
                for item in &items {
                    if let Some(text) = plain_text(item) {
                        self.query.push((name.to_owned(), text));
                    }
                }
            }
            Value::Object(members) => {
                for (key, member) in &members {
                    match member {
                        Value::Array(items) => {
                            for item in items {
                                if let Some(text) = plain_text(item) {
                                    self.query.push((key.clone(), text));
                                }
                            }
                        }
                        other => {
                            if let Some(text) = plain_text(other) {
                                self.query.push((key.clone(), text));
                            }
                        }
                    }
                }
            }
            other => {
                if let Some(text) = plain_text(&other) {
                    self.query.push((name.to_owned(), text));
                }
            }
        }
        Ok(())
    }

    /// Adds a query parameter in OpenAPI's `deepObject` style: `name[key]=value`, nested objects as
    /// `name[a][b]=value`, arrays of plain values as `name[key][]=value`, arrays of objects as
    /// `name[key][0][member]=value` (see the module documentation). A value that cannot be encoded is kept as
    /// the request's error.
    pub fn query_deep_object<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        match to_value(value, || format!("query parameter {name:?}")) {
            Ok(value) => {
                flatten_brackets(name.to_owned(), &value, &mut self.query);
                self
            }
            Err(error) => self.latch(Err(error)),
        }
    }

    /// Asks for the response in `media_type` (the `Accept` header, replacing any set before); a value a header
    /// cannot carry is kept as the request's error.
    pub fn accept(&mut self, media_type: &str) -> &mut Self {
        let result = header_value(media_type)
            .map(|value| {
                self.headers.insert(reqwest::header::ACCEPT, value);
            })
            .map_err(|what| InvalidRequest::in_field("header \"Accept\"", what));
        self.latch(result)
    }

    /// Sets a header in OpenAPI's `simple` style: an array is joined with commas, an object becomes
    /// `key,value,key,value`, `None` sets nothing.
    ///
    /// A header set here wins over the client's defaults, including `Authorization` and `User-Agent`. An invalid
    /// name, or a value a header cannot carry (a line break), is kept as the request's error.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let result = self.add_header(name, value);
        self.latch(result)
    }

    fn add_header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        let field = || format!("header {name:?}");
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| InvalidRequest::in_field(field(), "not a valid header name"))?;
        let Some(text) = simple_text(&to_value(value, field)?) else {
            return Ok(());
        };
        let mut header_value = header_value(&text).map_err(|what| InvalidRequest::in_field(field(), what))?;
        if is_sensitive(&header_name) {
            header_value.set_sensitive(true);
        }
        self.headers.insert(header_name, header_value);
        Ok(())
    }

    /// Adds a cookie in OpenAPI's `form` style: an array is joined with commas, `None` adds nothing.
    ///
    /// All cookies travel in one `Cookie` header, after any `Cookie` header set with [`Request::header`]. An
    /// invalid name, or a value a cookie cannot carry, is kept as the request's error.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> &mut Self {
        let result = self.add_cookie(name, value);
        self.latch(result)
    }

    fn add_cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), InvalidRequest> {
        let field = || format!("cookie {name:?}");
        if name.is_empty() || !name.bytes().all(is_token_byte) {
            return Err(InvalidRequest::in_field(field(), "not a valid cookie name"));
        }
        let Some(text) = simple_text(&to_value(value, field)?) else {
            return Ok(());
        };
        if text.contains(['\r', '\n']) {
            return Err(InvalidRequest::in_field(field(), "value contains a line break"));
        }
        if text.contains(';') || text.chars().any(char::is_control) {
            return Err(InvalidRequest::in_field(field(), "value contains a character that a cookie cannot carry"));
        }
        self.cookies.push((name.to_owned(), text));
        Ok(())
    }

    /// Bounds each attempt of this request by `timeout` instead of the client's
    /// ([`ClientBuilder::timeout`](super::client::ClientBuilder::timeout)): the whole exchange, or for a streamed
    /// success the wait for its status and headers.
    pub fn timeout(&mut self, timeout: std::time::Duration) -> &mut Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Sets a JSON body, sent as `application/json`, after checking it with [`Validate`]: a broken constraint,
    /// or a value that cannot be encoded, is kept as the request's error.
    pub fn json<T: Serialize + Validate + ?Sized>(&mut self, body: &T) -> &mut Self {
        let result = body.validate().map_err(InvalidRequest::from).and_then(|()| {
            serde_json::to_vec(body)
                .map_err(|error| InvalidRequest::in_field("body", format!("cannot be encoded as JSON: {error}")))
        });
        match result {
            Ok(data) => {
                self.body = Body::Bytes { content_type: "application/json".to_owned(), data };
                self
            }
            Err(error) => self.latch(Err(error)),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from an object, nested values in brackets (see the
    /// module documentation), after checking it with [`Validate`]: a broken constraint, a value that cannot be
    /// encoded, or one that is not an object, is kept as the request's error.
    pub fn form<T: Serialize + Validate + ?Sized>(&mut self, body: &T) -> &mut Self {
        match body.validate().map_err(InvalidRequest::from).and_then(|()| form_data(body)) {
            Ok(data) => {
                self.body = Body::Bytes { content_type: "application/x-www-form-urlencoded".to_owned(), data };
                self
            }
            Err(error) => self.latch(Err(error)),
        }
    }

    /// Sets a `multipart/form-data` body. Such a body is streamed once, so the request is never retried.
    pub fn multipart(&mut self, form: reqwest::multipart::Form) -> &mut Self {
        self.body = Body::Multipart(form);
        self
    }

    /// Sets a body of raw bytes with the given content type.
    pub fn bytes(&mut self, content_type: &str, body: Vec<u8>) -> &mut Self {
        self.body = Body::Bytes { content_type: content_type.to_owned(), data: body };
        self
    }

    /// Sets a body of raw bytes with the given content type, held in memory or streamed ([`Upload`]). A streamed
    /// body is read once, so the request is never retried.
    ///
    /// [`Upload`]: super::upload::Upload
    pub fn upload(&mut self, content_type: &str, body: super::upload::Upload) -> &mut Self {
        self.body = match body.body {
            super::upload::UploadBody::Bytes(data) => Body::Bytes { content_type: content_type.to_owned(), data },
            super::upload::UploadBody::Stream(body, length) => {
                Body::Stream { content_type: content_type.to_owned(), body, length }
            }
        };
        self
    }

    /// Sets a text body with the given content type.
    pub fn text(&mut self, content_type: &str, body: String) -> &mut Self {
        self.body = Body::Bytes { content_type: content_type.to_owned(), data: body.into_bytes() };
        self
    }
}

impl fmt::Debug for Request {
    /// Shows names only: header, cookie and query values can hold credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(name, _)| name.as_str()).collect();
        let headers: Vec<&str> = self.headers.keys().map(HeaderName::as_str).collect();
        let cookies: Vec<&str> = self.cookies.iter().map(|(name, _)| name.as_str()).collect();
        let body = match &self.body {
            Body::Empty => "none".to_owned(),
            Body::Bytes { content_type, data } => format!("{content_type}, {} bytes", data.len()),
            Body::Multipart(_) => "multipart/form-data".to_owned(),
            Body::Stream { content_type, .. } => format!("{content_type}, streamed"),
        };
        let path_params: Vec<&str> = self.path_params.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path_template", &self.template)
            .field("path_params", &path_params)
            .field("query", &query)
            .field("headers", &headers)
            .field("cookies", &cookies)
            .field("body", &body)
            .field("refused", &self.refused.is_some())
            .finish()
    }
}

/// Percent-encodes `value` so that it stays one path segment: every byte except `A-Z a-z 0-9 - . _ ~`
/// is encoded, so `../admin` becomes `..%2Fadmin`.
///
/// A value that is exactly `.` or `..` comes back unchanged: URL parsing (WHATWG, which `reqwest` follows)
/// treats `%2E` and `%2E%2E` as dot-segments too, so no encoding can carry them. [`path_param`] refuses
/// such values, and [`Client::send`](super::client::Client::send) refuses any path that URL parsing would
/// rewrite.
pub fn encode_path_segment(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// Encodes a path parameter in OpenAPI's `simple` style (strings as they are, numbers and booleans
/// printed, arrays joined with commas), then with [`encode_path_segment`].
///
/// Refuses a missing value, an empty one, and `.` or `..`, which would change which resource the path
/// names.
pub fn path_param<T: Serialize + ?Sized>(value: &T) -> Result<String, InvalidRequest> {
    encode_path_param(value, || "path parameter".to_owned())
}

/// Like [`path_param`], with the parameter's name in any error.
pub fn path_param_named<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String, InvalidRequest> {
    encode_path_param(value, || format!("path parameter {name:?}"))
}

fn encode_path_param<T: Serialize + ?Sized>(value: &T, field: impl Fn() -> String) -> Result<String, InvalidRequest> {
    let Some(text) = simple_text(&to_value(value, &field)?) else {
        return Err(InvalidRequest::in_field(field(), "value is missing"));
    };
    match text.as_str() {
        "" => Err(InvalidRequest::in_field(field(), "value is empty")),
        "." | ".." => Err(InvalidRequest::in_field(
            field(),
            format!("value {text:?} cannot be sent: URLs treat it as a relative path step"),
        )),
        _ => Ok(encode_path_segment(&text)),
    }
}

/// The encoded `application/x-www-form-urlencoded` body of an object.
fn form_data<T: Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, InvalidRequest> {
    let Value::Object(members) = to_value(body, || "body".to_owned())? else {
        return Err(InvalidRequest::in_field("body", "a form body must be an object"));
    };
    let mut pairs = Vec::new();
    for (key, member) in &members {
        flatten_brackets(key.clone(), member, &mut pairs);
    }
    Ok(encode_pairs(&pairs).into_bytes())
}

/// Splits off the first `{name}` group of a path template, a `{` whose next brace is a `}`: the text before
/// it, the name, and the text after it. A `{` followed by another `{` before any `}` is text, and so is a `{`
/// without a `}` after it.
pub(crate) fn split_path_group(template: &str) -> Option<(&str, &str, &str)> {
    let mut from = 0;
    loop {
        let open = from + template[from..].find('{')?;
        let close = open + 1 + template[open + 1..].find(['{', '}'])?;
        if template[close..].starts_with('}') {
            return Some((&template[..open], &template[open + 1..close], &template[close + 1..]));
        }
        from = close;
    }
}

/// The template with each group that names a given parameter replaced by its value, in one pass: a value is
/// never searched for groups, so it cannot be substituted again.
pub(crate) fn render_path(template: &str, params: &[(String, String)]) -> String {
    let mut path = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((text, name, after)) = split_path_group(rest) {
        path.push_str(text);
        match params.iter().find(|(given, _)| given == name) {
            Some((_, value)) => path.push_str(value),
            None => {
                path.push('{');
                path.push_str(name);
                path.push('}');
            }
        }
        rest = after;
    }
    path.push_str(rest);
    path
}

/// Joins pairs into `name=value&name=value`, both sides percent-encoded.
pub(crate) fn encode_pairs(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        out.extend(utf8_percent_encode(name, COMPONENT));
        out.push('=');
        out.extend(utf8_percent_encode(value, COMPONENT));
    }
    out
}

/// Checks a header value, describing the problem without repeating the value.
pub(crate) fn header_value(text: &str) -> Result<HeaderValue, &'static str> {
    if text.contains(['\r', '\n']) {
        return Err("value contains a line break");
    }
    HeaderValue::from_str(text).map_err(|_| "value contains a character that a header cannot carry")
}

/// Whether a header's value should be hidden from `Debug` output.
pub(crate) fn is_sensitive(name: &HeaderName) -> bool {
    name == reqwest::header::AUTHORIZATION
        || name == reqwest::header::PROXY_AUTHORIZATION
        || name == reqwest::header::COOKIE
        || name.as_str().contains("key")
        || name.as_str().contains("token")
        || name.as_str().contains("secret")
}

fn to_value<T: Serialize + ?Sized>(value: &T, field: impl Fn() -> String) -> Result<Value, InvalidRequest> {
    serde_json::to_value(value)
        .map_err(|error| InvalidRequest::in_field(field(), format!("cannot be encoded: {error}")))
}

/// The text of one value in a position that holds one value; `None` for `null`.
fn plain_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Number(number) => Some(number.to_string()),
        Value::String(text) => Some(text.clone()),
        Value::Array(_) | Value::Object(_) => Some(value.to_string()),
    }
}

/// OpenAPI's `simple` style with `explode: false`; `None` for `null`.
fn simple_text(value: &Value) -> Option<String> {
    match value {
        Value::Array(items) => Some(items.iter().filter_map(plain_text).collect::<Vec<_>>().join(",")),
        Value::Object(members) => {
            let mut parts = Vec::new();
            for (key, member) in members {
                if let Some(text) = plain_text(member) {
                    parts.push(key.clone());
                    parts.push(text);
                }
            }
            Some(parts.join(","))
        }
        other => plain_text(other),
    }
}

/// Flattens `value` into bracketed pairs under `prefix` (see the module documentation).
fn flatten_brackets(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(members) => {
            for (key, member) in members {
                flatten_brackets(format!("{prefix}[{key}]"), member, out);
            }
        }
        Value::Array(items) => {
            let nested = items.iter().any(|item| matches!(item, Value::Array(_) | Value::Object(_)));
            for (index, item) in items.iter().enumerate() {
                if nested {
                    flatten_brackets(format!("{prefix}[{index}]"), item, out);
                } else if let Some(text) = plain_text(item) {
                    out.push((format!("{prefix}[]"), text));
                }
            }
        }
        other => {
            if let Some(text) = plain_text(other) {
                out.push((prefix, text));
            }
        }
    }
}

/// RFC 9110 `tchar`.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&byte)
}
