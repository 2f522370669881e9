//! Responses: the raw status, headers and body, and their decoding into the declared types.
//!
//! The generated code matches on the status and picks one of the decoding methods of [`RawResponse`]: an
//! operation's method decodes its success statuses and hands any other status to its error enum's
//! [`ErrorStatuses`] impl, one per distinct error enum. Every failure keeps the status, the headers and the raw
//! body, so nothing the server sent is lost.
//!
//! Bodies are read by what the server says they are as well as by what the API declares: a JSON `Content-Type`
//! on a declared text body means a JSON string to unquote, and a `text/plain` body where JSON is declared is
//! offered to the declared type as a string.

use std::fmt;
use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use serde::de::{DeserializeOwned, IntoDeserializer};

use super::client::Client;
use super::error::{ApiError, DecodeError, Error, preview};
use super::validate::Validate;

/// A response whose body has been read in full but not decoded.
#[derive(Clone)]
pub struct RawResponse {
    status: StatusCode,
    // Boxed to keep `Error` small: it holds a `RawResponse` and travels in every `Result`.
    headers: Box<HeaderMap>,
    body: Vec<u8>,
}

impl RawResponse {
    /// A response made of its parts, for tests and custom transports.
    ///
    /// Header values that carry credentials (`Set-Cookie`, `Authorization`, `Proxy-Authorization`, `Cookie`)
    /// are marked sensitive, so `Debug` output never shows them.
    pub fn new(status: StatusCode, mut headers: HeaderMap, body: Vec<u8>) -> Self {
        mark_sensitive(&mut headers);
        RawResponse { status, headers: Box::new(headers), body }
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

    /// Decodes a JSON success body; with [`Client::strict_decoding`] also checks its constraints.
    ///
    /// A body that is not JSON in a response whose `Content-Type` is `text/plain` is offered to `T` as a string
    /// (a server answering `text/plain` `1.0.0` where the API declares a JSON string); when `T` does not take it,
    /// the JSON error stands.
    pub fn json<T: DeserializeOwned + Validate, E>(self, client: &Client) -> Result<ApiResponse<T>, Error<E>> {
        let value = self.decode_json::<T>().map_err(Error::Decode)?;
        if let Some(Err(error)) = client.strict_decoding().then(|| value.validate()) {
            return Err(Error::Decode(DecodeError::from_validation(self, error)));
        }
        Ok(ApiResponse { status: self.status, headers: *self.headers, body: value })
    }

    /// Decodes a declared JSON error body into [`Error::Api`], which keeps the raw body too, or
    /// [`Error::Decode`] when it does not decode.
    ///
    /// Strict decoding does not apply here: a server's error report is worth more than its conformance.
    ///
    /// Always an `Err`, typed as any success so that generated `match` arms stay one line.
    pub fn json_error<T: DeserializeOwned + Validate, E, S>(
        self,
        client: &Client,
        wrap: impl FnOnce(T) -> E,
    ) -> Result<S, Error<E>> {
        // The client is part of the signature so that error decoding can follow client settings later.
        let _ = client;
        match self.decode_json::<T>() {
            Ok(value) => self.empty_error(wrap(value)),
            Err(error) => Err(Error::Decode(error)),
        }
    }

    /// A success without a body to decode; whatever body arrived is dropped.
    pub fn empty<E>(self) -> Result<ApiResponse<()>, Error<E>> {
        Ok(ApiResponse { status: self.status, headers: *self.headers, body: () })
    }

    /// A declared error status without a body to decode (always an `Err`); whatever body arrived is kept as the
    /// raw body of the [`Error::Api`].
    pub fn empty_error<E, S>(self, error: E) -> Result<S, Error<E>> {
        Err(Error::Api(Box::new(ApiError::new(self.status, *self.headers, self.body, error))))
    }

    /// A text body, which must be UTF-8. When the response says it is JSON and the body is a JSON string, the
    /// text is that string, unquoted; any other body is the text as sent.
    pub fn text<E>(self) -> Result<ApiResponse<String>, Error<E>> {
        if is_json(&self.headers) {
            if let Ok(text) = serde_json::from_slice::<String>(&self.body) {
                return Ok(ApiResponse { status: self.status, headers: *self.headers, body: text });
            }
        }
        let RawResponse { status, headers, body } = self;
        match String::from_utf8(body) {
            Ok(text) => Ok(ApiResponse { status, headers: *headers, body: text }),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let message = format!("the body is not valid UTF-8 (first bad byte at offset {offset})");
                let response = RawResponse { status, headers, body: error.into_bytes() };
                Err(Error::Decode(DecodeError::new(response, String::new(), message)))
            }
        }
    }

    /// The body as bytes.
    pub fn bytes<E>(self) -> Result<ApiResponse<Vec<u8>>, Error<E>> {
        Ok(ApiResponse { status: self.status, headers: *self.headers, body: self.body })
    }

    /// A status the operation does not declare (always an `Err`).
    pub fn unexpected<E, S>(self) -> Result<S, Error<E>> {
        Err(Error::UnexpectedStatus(self))
    }

    /// A status none of the operation's success responses covers, decoded by its error enum `E` (always an
    /// `Err`): see [`ErrorStatuses::decode`].
    pub fn error<E: ErrorStatuses, S>(self, client: &Client) -> Result<S, Error<E>> {
        E::decode(self, client)
    }

    /// Starts decoding a 2xx status the operation does not declare, when its declared successes have different
    /// types: each step offers the body to one declared success, and the first that fits wins (see [`Fallback`]).
    pub fn fallback<T>(self) -> Fallback<T> {
        let blank = self.body.iter().all(u8::is_ascii_whitespace);
        Fallback { response: self, blank, found: None, first_error: None }
    }

    /// Decodes the body as JSON, naming where decoding failed.
    ///
    /// A body that is not JSON in a response whose `Content-Type` is `text/plain` is offered to `T` as a string
    /// (a server answering `text/plain` `1.0.0` where the API declares a JSON string); when `T` does not take
    /// it, the JSON error stands.
    fn decode_json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let result = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
            .map_err(|error| {
                let path = error.path().to_string();
                let path = if path == "." { String::new() } else { path };
                (path, error.into_inner())
            })
            .and_then(|value| deserializer.end().map(|()| value).map_err(|error| (String::new(), error)));
        result.or_else(|(path, error)| {
            if let (true, Ok(text)) = (is_plain_text(&self.headers), std::str::from_utf8(&self.body)) {
                let as_string: Result<T, serde::de::value::Error> = T::deserialize(text.into_deserializer());
                if let Ok(value) = as_string {
                    return Ok(value);
                }
            }
            let message = self.explain(&error);
            Err(DecodeError::new(self.clone(), path, message))
        })
    }

    /// serde's message, with a hint when the body is empty or is not JSON at all.
    fn explain(&self, error: &serde_json::Error) -> String {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return "the body is empty where JSON was expected".to_owned();
        }
        let mut message = error.to_string();
        let content_type = self.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        if let Some(content_type) = content_type {
            if is_json_lines(&self.headers) {
                message.push_str(&format!(
                    " (the response's content type is {content_type:?}, a stream of JSON lines: read it with Call::json_lines)"
                ));
            } else if !content_type.to_ascii_lowercase().contains("json") {
                message.push_str(&format!(
                    " (the response's content type is {content_type:?}, not JSON: read it with Call::text or Call::bytes)"
                ));
            }
        }
        message
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

/// The decoding of a 2xx status an operation does not declare, when its declared successes have different
/// types (its `…Response` enum), started by [`RawResponse::fallback`].
///
/// The generated code offers the body to the declared successes in a fixed order: first those without a body
/// (a blank body takes the first of them), then the others, exact statuses before `2XX`, each in ascending
/// order. The first whose type the body decodes into wins: JSON (checked when strict decoding is on), text
/// when it is UTF-8, bytes always. When none fits, [`Fallback::end`] gives the decode error of the first one
/// tried, which keeps the status, the headers and the body.
#[must_use = "a fallback decodes nothing until `end` is called"]
pub struct Fallback<T> {
    response: RawResponse,
    blank: bool,
    found: Option<T>,
    first_error: Option<DecodeError>,
}

impl<T> Fallback<T> {
    /// Takes a blank body (empty or whitespace) as the success `value`, which declares no body.
    pub fn empty(mut self, value: T) -> Self {
        if self.found.is_none() && self.blank {
            self.found = Some(value);
        }
        self
    }

    /// Takes a body that decodes as the JSON of `U` (and, with strict decoding, passes its checks).
    pub fn json<U: DeserializeOwned + Validate>(mut self, client: &Client, wrap: impl FnOnce(U) -> T) -> Self {
        if self.found.is_some() {
            return self;
        }
        let decoded = self.response.decode_json::<U>().and_then(|value| {
            if !client.strict_decoding() {
                return Ok(value);
            }
            match value.validate() {
                Ok(()) => Ok(value),
                Err(error) => Err(DecodeError::from_validation(self.response.clone(), error)),
            }
        });
        match decoded {
            Ok(value) => self.found = Some(wrap(value)),
            Err(error) => self.failed(error),
        }
        self
    }

    /// Takes a body that [`RawResponse::text`] reads.
    pub fn text(mut self, wrap: impl FnOnce(String) -> T) -> Self {
        if self.found.is_some() {
            return self;
        }
        match self.response.clone().text::<()>() {
            Ok(response) => self.found = Some(wrap(response.into_body())),
            Err(Error::Decode(error)) => self.failed(error),
            Err(_) => {}
        }
        self
    }

    /// Takes any body, as bytes.
    pub fn bytes(mut self, wrap: impl FnOnce(Vec<u8>) -> T) -> Self {
        if self.found.is_none() {
            self.found = Some(wrap(self.response.body.clone()));
        }
        self
    }

    /// The success that fitted, or the first decode error.
    pub fn end<E>(self) -> Result<ApiResponse<T>, Error<E>> {
        let Fallback { response, found, first_error, .. } = self;
        match (found, first_error) {
            (Some(body), _) => Ok(ApiResponse { status: response.status, headers: *response.headers, body }),
            (None, Some(error)) => Err(Error::Decode(error)),
            (None, None) => Err(Error::UnexpectedStatus(response)),
        }
    }

    fn failed(&mut self, error: DecodeError) {
        if self.first_error.is_none() {
            self.first_error = Some(error);
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Fallback<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fallback")
            .field("response", &self.response)
            .field("found", &self.found)
            .field("first_error", &self.first_error)
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
fn is_plain_text(headers: &HeaderMap) -> bool {
    media_type(headers).is_some_and(|media| media == "text/plain")
}

/// Whether the body may be quoted in a message as text: it says it is `text/…` or XML, or says nothing.
pub(crate) fn is_textual(headers: &HeaderMap) -> bool {
    match media_type(headers) {
        None => true,
        Some(media) => media.starts_with("text/") || media == "application/xml" || media.ends_with("+xml"),
    }
}

/// An operation's error enum: the error statuses the operation declares, and how each one's body decodes.
///
/// The generated crate implements it once per distinct error enum, next to the enum, so the operations that
/// share an enum share its decoding.
pub trait ErrorStatuses: Sized {
    /// The declared error the response's status names, as [`Error::Api`] (or [`Error::Decode`] when its body
    /// does not decode into the variant's type), or [`Error::UnexpectedStatus`] when the operation declares no
    /// such status. An exact status goes before a range (`4XX`), and a range before `default`.
    ///
    /// Always an `Err`, typed as any success, like [`RawResponse::json_error`].
    fn decode<S>(response: RawResponse, client: &Client) -> Result<S, Error<Self>>;
}

/// A decoded response: the status, the headers and the typed body, which it also dereferences to.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
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
