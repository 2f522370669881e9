//! Error types of the HTTP runtime: what went wrong building a client, preparing a request, or exchanging it.
//!
//! No message here ever contains a header value or a request body, so a bearer token or an API key cannot
//! end up in a log line through an error. A message may quote the start of a response body (what the server
//! said), its whitespace collapsed and its control characters escaped.

use std::fmt;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::response::{ApiResponse, PREVIEW_CHARS, RawResponse, is_json, is_textual, preview};
use super::validate::{ValidationError, Violation};

/// What an operation returns: the decoded success with its status and headers, or why there is none.
/// The error a [`TokenProvider`](super::auth::TokenProvider) or a [`Hook`](super::hooks::Hook) may fail with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub type ApiResult<T, E> = Result<ApiResponse<T>, Error<E>>;

/// Everything that can go wrong when calling an operation.
///
/// `E` is the operation's typed error body: an enum over the error statuses the API declares.
#[derive(Debug)]
pub enum Error<E> {
    /// The request was refused before anything was sent.
    InvalidRequest(InvalidRequest),
    /// The exchange failed below HTTP: connecting, TLS, a timeout, a reset connection.
    Transport(TransportError),
    /// The response body was larger than [`ClientBuilder::max_response_bytes`](super::client::ClientBuilder::max_response_bytes).
    ResponseTooLarge {
        /// The status of the response whose body was too large.
        status: StatusCode,
        /// The limit in bytes that the body exceeded.
        limit: usize,
        /// The response headers (boxed to keep `Error` small).
        headers: Box<HeaderMap>,
    },
    /// The server answered with an error status the API declares, and its body decoded: the typed body next
    /// to the status, the headers and the raw body.
    ///
    /// Boxed so that `Error` stays small whatever the size of `E`.
    Api(Box<ApiError<E>>),
    /// The server answered with a status the API does not declare for this operation.
    UnexpectedStatus(RawResponse),
    /// The response body could not be decoded into the declared type.
    Decode(DecodeError),
}

impl<E> Error<E> {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::InvalidRequest(_) | Error::Transport(_) => None,
            Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::Api(response) => Some(response.status()),
            Error::UnexpectedStatus(response) => Some(response.status()),
            Error::Decode(error) => Some(error.status()),
        }
    }

    /// The response headers, when a response was received and kept.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::InvalidRequest(_) | Error::Transport(_) => None,
            Error::ResponseTooLarge { headers, .. } => Some(headers),
            Error::Api(response) => Some(response.headers()),
            Error::UnexpectedStatus(response) => Some(response.headers()),
            Error::Decode(error) => Some(error.headers()),
        }
    }

    /// The raw response body as the server sent it, whenever a whole body was received: for a declared error
    /// (next to its typed body), an undeclared status and a body that did not decode.
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Api(response) => Some(response.raw_body()),
            Error::UnexpectedStatus(response) => Some(response.body()),
            Error::Decode(error) => Some(error.body()),
            Error::InvalidRequest(_) | Error::Transport(_) | Error::ResponseTooLarge { .. } => None,
        }
    }

    /// The typed error body of a declared error status.
    pub fn api_error(&self) -> Option<&E> {
        match self {
            Error::Api(response) => Some(response.body()),
            _ => None,
        }
    }

    /// Whether the request failed because no complete answer arrived within the timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(error) if error.is_timeout())
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(error) => fmt::Display::fmt(error, f),
            Error::Transport(error) => fmt::Display::fmt(error, f),
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the {status} response body is larger than the limit of {limit} bytes \
                 (raise it with ClientBuilder::max_response_bytes)"
            ),
            Error::Api(response) => {
                write!(f, "server answered {} with a declared error: ", response.status())?;
                // What the server said, when it said it in text; else what decoded.
                match body_preview(response.headers(), response.raw_body()) {
                    Some(text) => f.write_str(&text),
                    None => f.write_str(&one_line(&format!("{:?}", response.body()))),
                }
            }
            Error::UnexpectedStatus(response) => {
                write!(
                    f,
                    "server answered {}, which the API does not declare for this operation (body: {} bytes",
                    response.status(),
                    response.body().len()
                )?;
                match body_preview(response.headers(), response.body()) {
                    Some(text) => write!(f, ": {text})"),
                    None => f.write_str(")"),
                }
            }
            Error::Decode(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest(error) => error.source(),
            Error::Transport(error) => error.source(),
            Error::Decode(error) => error.source(),
            Error::ResponseTooLarge { .. } | Error::Api(_) | Error::UnexpectedStatus(_) => None,
        }
    }
}

impl<E> From<InvalidRequest> for Error<E> {
    fn from(error: InvalidRequest) -> Self {
        Error::InvalidRequest(error)
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(error: ValidationError) -> Self {
        Error::InvalidRequest(InvalidRequest::from(error))
    }
}

impl<E> From<TransportError> for Error<E> {
    fn from(error: TransportError) -> Self {
        Error::Transport(error)
    }
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(error)
    }
}

/// A declared error status: the status, the headers and the raw body as the server sent them, and the body
/// decoded into the operation's error enum `E`, which it also dereferences to.
///
/// The raw body is kept even when it decoded (a body that does not fit the declared type may still decode into
/// one whose members are all optional, and say nothing), and when the status declares no content.
#[derive(Clone)]
pub struct ApiError<E> {
    status: StatusCode,
    headers: HeaderMap,
    raw_body: Vec<u8>,
    body: E,
}

impl<E> ApiError<E> {
    /// An error made of its parts, for tests and custom transports.
    pub fn new(status: StatusCode, headers: HeaderMap, raw_body: Vec<u8>, body: E) -> Self {
        ApiError { status, headers, raw_body, body }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The typed body: the variant of the error enum the status names.
    pub fn body(&self) -> &E {
        &self.body
    }

    /// The body as the server sent it.
    pub fn raw_body(&self) -> &[u8] {
        &self.raw_body
    }

    /// The typed body, dropping the rest.
    pub fn into_body(self) -> E {
        self.body
    }

    /// The status, the headers, the raw body and the typed body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Vec<u8>, E) {
        (self.status, self.headers, self.raw_body, self.body)
    }

    /// The same response as an [`ApiResponse`] of the typed body, dropping the raw body.
    pub fn into_response(self) -> ApiResponse<E> {
        ApiResponse::new(self.status, self.headers, self.body)
    }
}

impl<E> std::ops::Deref for ApiError<E> {
    type Target = E;

    fn deref(&self) -> &E {
        &self.body
    }
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = format!("{} bytes: {:?}", self.raw_body.len(), preview(&String::from_utf8_lossy(&self.raw_body)));
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("raw_body", &raw)
            .finish()
    }
}

/// A request refused before anything was sent: a value that cannot be encoded, or a broken constraint.
#[derive(Debug, Clone)]
pub struct InvalidRequest {
    what: String,
    field: Option<String>,
    validation: Option<ValidationError>,
}

impl InvalidRequest {
    /// A refusal that concerns the request as a whole.
    pub fn new(what: impl Into<String>) -> Self {
        InvalidRequest { what: what.into(), field: None, validation: None }
    }

    /// A refusal that concerns one part of the request, such as `header "X-Token"` or `query parameter "ids"`.
    pub fn in_field(field: impl Into<String>, what: impl Into<String>) -> Self {
        InvalidRequest { what: what.into(), field: Some(field.into()), validation: None }
    }

    /// What is wrong.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// Which part of the request is wrong, when the problem concerns one part.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// Every broken constraint, when the refusal comes from validation; empty otherwise.
    pub fn violations(&self) -> &[Violation] {
        match &self.validation {
            Some(error) => error.violations(),
            None => &[],
        }
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid request")?;
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.what)
    }
}

impl std::error::Error for InvalidRequest {}

impl From<ValidationError> for InvalidRequest {
    fn from(error: ValidationError) -> Self {
        let (field, what) = describe_violations(error.violations());
        InvalidRequest { what, field, validation: Some(error) }
    }
}

/// Turns violations into a field (the first violation's path, if any) and a sentence.
fn describe_violations(violations: &[Violation]) -> (Option<String>, String) {
    let Some(first) = violations.first() else {
        return (None, "a value breaks a declared constraint".to_owned());
    };
    let field = if first.path.is_empty() { None } else { Some(first.path.clone()) };
    let mut what = first.message.clone();
    match violations.len() {
        1 => {}
        2 => what.push_str(" (and 1 more violation)"),
        n => what.push_str(&format!(" (and {} more violations)", n - 1)),
    }
    (field, what)
}

/// A failure below HTTP: connecting, TLS, a timeout, or a connection closed mid-exchange.
#[derive(Debug)]
pub struct TransportError {
    /// `None` when the client's own timer ran out (a streamed response, whose body has no overall deadline).
    inner: Option<reqwest::Error>,
    reading_body: bool,
}

impl TransportError {
    pub(crate) fn from_reqwest(inner: reqwest::Error) -> Self {
        TransportError { inner: Some(inner), reading_body: false }
    }

    pub(crate) fn while_reading_body(inner: reqwest::Error) -> Self {
        TransportError { inner: Some(inner), reading_body: true }
    }

    /// The configured timeout ran out: before the status and headers arrived, or, reading a streamed body,
    /// between two pieces of it.
    pub(crate) fn timed_out(reading_body: bool) -> Self {
        TransportError { inner: None, reading_body }
    }

    /// Whether no complete answer arrived within the timeout (for a streamed body: no data within the timeout).
    pub fn is_timeout(&self) -> bool {
        self.inner.as_ref().is_none_or(reqwest::Error::is_timeout)
    }

    /// Whether the connection could not be established.
    pub fn is_connect(&self) -> bool {
        self.inner.as_ref().is_some_and(reqwest::Error::is_connect)
    }

    /// Whether the failure came after the status and headers, while the body was being read.
    pub fn is_body(&self) -> bool {
        self.reading_body
    }

    /// The underlying `reqwest` error; `None` when the client's own timer ran out.
    pub fn reqwest(&self) -> Option<&reqwest::Error> {
        self.inner.as_ref()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(inner) = &self.inner else {
            return f.write_str(if self.reading_body {
                "the request timed out: no data of the streamed response body within the configured timeout"
            } else {
                "the request timed out: no answer within the configured timeout"
            });
        };
        if self.is_timeout() {
            f.write_str("the request timed out: no complete answer within the configured timeout")?;
        } else if self.is_connect() {
            f.write_str("could not connect to the server")?;
        } else if self.reading_body {
            f.write_str("the connection failed while the response body was being read")?;
        } else {
            f.write_str("the exchange with the server failed")?;
        }
        // The chain is printed here rather than returned from `source`, because reqwest's own message alone
        // ("error sending request") does not say what happened. While reading a body, reqwest's layers only
        // say "error decoding response body", which is misleading, so they are skipped.
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(inner);
        while let Some(error) = cause {
            if !(self.reading_body && error.is::<reqwest::Error>()) {
                write!(f, ": {error}")?;
            }
            cause = error.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

/// A response body that does not match the declared type, with everything needed to investigate it.
#[derive(Clone)]
pub struct DecodeError {
    // Boxed to keep `Error` small: it travels in every `Result`.
    details: Box<DecodeDetails>,
}

#[derive(Clone)]
struct DecodeDetails {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    path: String,
    message: String,
    validation: Option<ValidationError>,
}

impl DecodeError {
    pub(crate) fn new(response: RawResponse, path: String, message: String) -> Self {
        let (status, headers, body) = response.into_parts();
        DecodeError { details: Box::new(DecodeDetails { status, headers, body, path, message, validation: None }) }
    }

    pub(crate) fn from_validation(response: RawResponse, error: ValidationError) -> Self {
        let (field, what) = describe_violations(error.violations());
        let mut decode = DecodeError::new(response, field.unwrap_or_default(), what);
        decode.details.validation = Some(error);
        decode
    }

    /// The status of the response.
    pub fn status(&self) -> StatusCode {
        self.details.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.details.headers
    }

    /// The raw response body.
    pub fn body(&self) -> &[u8] {
        &self.details.body
    }

    /// Where in the body decoding failed, like `channels[0].configs`; empty for the body as a whole.
    pub fn path(&self) -> &str {
        &self.details.path
    }

    /// What was wrong there.
    pub fn message(&self) -> &str {
        &self.details.message
    }

    /// Every broken constraint, when strict decoding rejected a body that parsed; empty otherwise.
    pub fn violations(&self) -> &[Violation] {
        match &self.details.validation {
            Some(error) => error.violations(),
            None => &[],
        }
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let details = &*self.details;
        let body = format!("{} bytes: {:?}", details.body.len(), preview(&String::from_utf8_lossy(&details.body)));
        f.debug_struct("DecodeError")
            .field("status", &details.status)
            .field("headers", &details.headers)
            .field("body", &body)
            .field("path", &details.path)
            .field("message", &details.message)
            .field("violations", &self.violations())
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let details = &*self.details;
        write!(f, "could not decode the {} response body", details.status.as_u16())?;
        if !details.path.is_empty() {
            write!(f, " at {}", details.path)?;
        }
        write!(f, ": {}", details.message)?;
        // An error status's body is the server's message: worth quoting where a success's is not.
        if details.status.is_client_error() || details.status.is_server_error() {
            if let Some(text) = body_preview(&details.headers, &details.body) {
                write!(f, " (the server said: {text})")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// A client that could not be built from its configuration.
#[derive(Debug)]
pub struct BuildError {
    message: String,
    source: Option<reqwest::Error>,
}

impl BuildError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        BuildError { message: message.into(), source: None }
    }

    pub(crate) fn from_reqwest(error: reqwest::Error) -> Self {
        BuildError { message: "could not build the HTTP client".to_owned(), source: Some(error) }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|error| error as &(dyn std::error::Error + 'static))
    }
}

/// The start of a body for a one-line message, when it is text worth quoting: UTF-8, not blank, and
/// announced as text or JSON (or not announced at all).
fn body_preview(headers: &HeaderMap, body: &[u8]) -> Option<String> {
    if !(is_textual(headers) || is_json(headers)) {
        return None;
    }
    // Only the head is read: the rest of a long body cannot change the preview, except by being broken.
    let head = &body[..body.len().min(4 * PREVIEW_CHARS + 4)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // A character cut at the end of the head.
        Err(error) if error.error_len().is_none() => std::str::from_utf8(&head[..error.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(one_line(text))
}

/// [`preview`] on one line: runs of whitespace become one space and control characters (bidi controls
/// included) are escaped, so that a server cannot break or forge a log line. Reads no more of `text` than the
/// preview shows.
pub(crate) fn one_line(text: &str) -> String {
    let mut line = String::new();
    let mut chars = 0;
    let mut space = false;
    for c in text.chars() {
        if chars > PREVIEW_CHARS {
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if std::mem::take(&mut space) && chars > 0 {
            line.push(' ');
            chars += 1;
        }
        if c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            line.extend(c.escape_default());
            chars += c.escape_default().count();
        } else {
            line.push(c);
            chars += 1;
        }
    }
    preview(&line)
}
