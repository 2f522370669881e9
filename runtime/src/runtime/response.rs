//! Responses as received: the status, the headers and the body of a [`RawResponse`] (read in full, not decoded
//! yet) and of an [`ApiResponse`] (decoded), what a response's `Content-Type` says its body is, and how a body is
//! quoted in a message. Decoding them is `decode.rs`'s job.

use std::fmt;
use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};

/// The longest piece of a response body or of a typed error that a message quotes.
pub(crate) const PREVIEW_CHARS: usize = 200;

/// A response whose body has been read in full but not decoded.
#[derive(Clone)]
pub struct RawResponse {
    pub(crate) status: StatusCode,
    // Boxed to keep `Error` small: it holds a `RawResponse` and travels in every `Result`.
    pub(crate) headers: Box<HeaderMap>,
    pub(crate) body: Vec<u8>,
    /// Whether decoding it as JSON also checks the constraints ([`ClientBuilder::strict_decoding`]): set by the
    /// client that received it, so the generated decoding needs nothing but the response.
    ///
    /// [`ClientBuilder::strict_decoding`]: super::client::ClientBuilder::strict_decoding
    pub(crate) strict: bool,
}

impl RawResponse {
    /// A response made of its parts, for tests and custom transports.
    ///
    /// Header values that carry credentials (`Set-Cookie`, `Authorization`, `Proxy-Authorization`, `Cookie`)
    /// are marked sensitive, so `Debug` output never shows them.
    pub fn new(status: StatusCode, mut headers: HeaderMap, body: Vec<u8>) -> Self {
        mark_sensitive(&mut headers);
        RawResponse { status, headers: Box::new(headers), body, strict: false }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body as received.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The status, the headers and the body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, Vec<u8>) {
        (self.status, *self.headers, self.body)
    }

    /// The same response, decoded as JSON with its constraints checked.
    pub(crate) fn decoded_strictly(mut self) -> Self {
        self.strict = true;
        self
    }
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = format!("{} bytes: {:?}", self.body.len(), preview(&String::from_utf8_lossy(&self.body)));
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &body)
            .finish()
    }
}

/// Marks the header values that carry credentials (`Set-Cookie`, `Authorization`, `Proxy-Authorization`,
/// `Cookie`) sensitive, so `Debug` output never shows them.
pub(crate) fn mark_sensitive(headers: &mut HeaderMap) {
    for name in [header::SET_COOKIE, header::AUTHORIZATION, header::PROXY_AUTHORIZATION, header::COOKIE] {
        if let header::Entry::Occupied(mut entry) = headers.entry(name) {
            entry.iter_mut().for_each(|value| value.set_sensitive(true));
        }
    }
}

/// The essence of the `Content-Type` (the media type, lowercased, without parameters), when there is one.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
}

/// Whether the response says its body is JSON (`application/json` or any `+json` type).
pub(crate) fn is_json(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|media| media == "application/json" || media.ends_with("+json"))
}

/// Whether the response says its body is a stream of JSON lines (`application/x-ndjson`, `application/jsonl`,
/// `application/json-lines`, or a JSON type with a `stream` parameter, like Kubernetes' `stream=watch`).
pub(crate) fn is_json_lines(headers: &HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()) else { return false };
    let value = value.to_ascii_lowercase();
    let mut parts = value.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default();
    matches!(
        essence,
        "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines" | "application/json-lines"
    ) || (essence == "application/json" && parts.any(|part| part.starts_with("stream=")))
}

/// Whether the response says its body is `text/plain`.
pub(crate) fn is_plain_text(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|media| media == "text/plain")
}

/// Whether the body may be quoted in a message as text: it says it is `text/…` or XML, or says nothing.
pub(crate) fn is_textual(headers: &HeaderMap) -> bool {
    match media_type(headers) {
        None => true,
        Some(media) => media.starts_with("text/") || media == "application/xml" || media.ends_with("+xml"),
    }
}

/// Shortens `text` to at most [`PREVIEW_CHARS`] characters, marking the cut.
pub(crate) fn preview(text: &str) -> String {
    match text.char_indices().nth(PREVIEW_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A decoded response: the status, the headers and the typed body, which it also dereferences to.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: T,
}

impl<T> ApiResponse<T> {
    /// A response made of its parts, for tests and custom transports.
    pub fn new(status: StatusCode, headers: HeaderMap, body: T) -> Self {
        ApiResponse { status, headers, body }
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The typed body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The typed body, to change in place.
    pub fn body_mut(&mut self) -> &mut T {
        &mut self.body
    }

    /// The typed body, dropping the status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, the headers and the typed body.
    pub fn into_parts(self) -> (StatusCode, HeaderMap, T) {
        (self.status, self.headers, self.body)
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse { status: self.status, headers: self.headers, body: f(self.body) }
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}
