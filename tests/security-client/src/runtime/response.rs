//! Responses: the raw status, headers and body, and their decoding into the declared types.
//!
//! The generated code matches on the status and picks one of the decoding methods of [`RawResponse`]: an
//! operation's method decodes its success statuses and hands any other status to its error enum's
//! [`ErrorStatuses`] impl, one per distinct error enum. Every failure keeps the status, the headers and the raw
//! body, so nothing the server sent is lost.

use std::fmt;
use std::ops::Deref;

use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use serde::de::DeserializeOwned;

use super::client::Client;
use super::error::{DecodeError, Error, preview};
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
    pub fn new(status: StatusCode, headers: HeaderMap, body: Vec<u8>) -> Self {
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
    pub fn json<T: DeserializeOwned + Validate, E>(self, client: &Client) -> Result<ApiResponse<T>, Error<E>> {
        let value = self.decode_json::<T>().map_err(Error::Decode)?;
        if let Some(Err(error)) = client.strict_decoding().then(|| value.validate()) {
            return Err(Error::Decode(DecodeError::from_validation(self, error)));
        }
        Ok(ApiResponse { status: self.status, headers: *self.headers, body: value })
    }

    /// Decodes a declared JSON error body into [`Error::Api`], or [`Error::Decode`] when it does not decode.
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
            Ok(value) => Err(Error::Api(Box::new(ApiResponse {
                status: self.status,
                headers: *self.headers,
                body: wrap(value),
            }))),
            Err(error) => Err(Error::Decode(error)),
        }
    }

    /// A success without a body to decode; whatever body arrived is dropped.
    pub fn empty<E>(self) -> Result<ApiResponse<()>, Error<E>> {
        Ok(ApiResponse { status: self.status, headers: *self.headers, body: () })
    }

    /// A declared error status without a body to decode (always an `Err`).
    pub fn empty_error<E, S>(self, error: E) -> Result<S, Error<E>> {
        Err(Error::Api(Box::new(ApiResponse { status: self.status, headers: *self.headers, body: error })))
    }

    /// A text body, which must be UTF-8.
    pub fn text<E>(self) -> Result<ApiResponse<String>, Error<E>> {
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

    /// Decodes the body as JSON, naming where decoding failed.
    fn decode_json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
        let result = serde_path_to_error::deserialize::<_, T>(&mut deserializer)
            .map_err(|error| {
                let path = error.path().to_string();
                let path = if path == "." { String::new() } else { path };
                (path, error.into_inner())
            })
            .and_then(|value| deserializer.end().map(|()| value).map_err(|error| (String::new(), error)));
        result.map_err(|(path, error)| {
            let message = self.explain(&error);
            DecodeError::new(self.clone(), path, message)
        })
    }

    /// serde's message, with a hint when the body is empty or is not JSON at all.
    fn explain(&self, error: &serde_json::Error) -> String {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return "the body is empty where JSON was expected".to_owned();
        }
        let mut message = error.to_string();
        let content_type = self.headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
        if let Some(content_type) = content_type.filter(|text| !text.to_ascii_lowercase().contains("json")) {
            message.push_str(&format!(" (the response's content type is {content_type:?}, not JSON)"));
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
