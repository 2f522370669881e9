//! Decoding a response into the declared types: the methods of [`RawResponse`] the generated code calls for each
//! status, [`Fallback`] for a 2xx status several declared successes could take, and [`ErrorStatuses`], how an
//! operation's error enum decodes. Every failure keeps the status, the headers and the raw body, so nothing the
//! server sent is lost.
//!
//! The generated code matches on the status and picks one of the decoding methods of [`RawResponse`]: an
//! operation's method decodes its success statuses and hands any other status to its error enum's
//! [`ErrorStatuses`] impl, one per distinct error enum. A response decodes by itself: whether JSON is also
//! checked against its constraints travels with it, set by the client that received it.
//!
//! Bodies are read by what the server says they are as well as by what the API declares: a JSON `Content-Type`
//! on a declared text body means a JSON string to unquote, and a `text/plain` body where JSON is declared is
//! offered to the declared type as a string.

use std::fmt;

use reqwest::header;
use serde::de::{DeserializeOwned, IntoDeserializer};

use super::error::{ApiError, DecodeError, Error};
use super::response::{ApiResponse, RawResponse, is_json, is_json_lines, is_plain_text};
use super::validate::Validate;

impl RawResponse {
    /// Decodes a JSON success body; when the client decodes strictly
    /// ([`ClientBuilder::strict_decoding`](super::client::ClientBuilder::strict_decoding)) also checks its
    /// constraints.
    ///
    /// A body that is not JSON in a response whose `Content-Type` is `text/plain` is offered to `T` as a string
    /// (a server answering `text/plain` `1.0.0` where the API declares a JSON string); when `T` does not take it,
    /// the JSON error stands.
    pub fn json<T: DeserializeOwned + Validate, E>(self) -> Result<ApiResponse<T>, Error<E>> {
        let value = self.decode_json::<T>().map_err(Error::Decode)?;
        if let Some(Err(error)) = self.strict.then(|| value.validate()) {
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
    pub fn json_error<T: DeserializeOwned + Validate, E, S>(self, wrap: impl FnOnce(T) -> E) -> Result<S, Error<E>> {
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
        let RawResponse { status, headers, body, strict } = self;
        match String::from_utf8(body) {
            Ok(text) => Ok(ApiResponse { status, headers: *headers, body: text }),
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let message = format!("the body is not valid UTF-8 (first bad byte at offset {offset})");
                let response = RawResponse { status, headers, body: error.into_bytes(), strict };
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
    pub fn error<E: ErrorStatuses, S>(self) -> Result<S, Error<E>> {
        E::decode(self)
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
    pub fn json<U: DeserializeOwned + Validate>(mut self, wrap: impl FnOnce(U) -> T) -> Self {
        if self.found.is_some() {
            return self;
        }
        let decoded = self.response.decode_json::<U>().and_then(|value| {
            if !self.response.strict {
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
    fn decode<S>(response: RawResponse) -> Result<S, Error<Self>>;
}
