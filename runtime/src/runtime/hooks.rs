//! Hooks: code of the caller's that runs around every attempt the client sends (to add or refresh a header,
//! sign a request, trace, count), registered with [`ClientBuilder::hook`](super::client::ClientBuilder::hook).

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use super::error::BoxError;

/// The future a hook method returns: boxed, so a hook may await (fetch a token, write a log) and the trait stays
/// object-safe.
pub type HookFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a hook knows of the attempt it runs around.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempt {
    /// Which attempt of the call this is: 0 for the first send, then one more for each retry (and for the
    /// send again after an OAuth 2 token was renewed).
    pub number: u32,
    /// How long the attempt took, from just before [`Hook::before_send`] to the response's head (zero in
    /// `before_send`).
    pub elapsed: Duration,
}

/// Code that runs around every attempt: before it is sent, with the request as it will go (credentials, body
/// and all), and after its response's head arrives or it fails. Each method has a default that does nothing, so
/// a hook implements only what it needs. Several hooks run in the order they were registered, each awaited
/// before the next.
///
/// A retry is a new attempt, so hooks see each one: a signature made in `before_send` is made again for it.
///
/// ```text
/// struct Trace;
///
/// impl Hook for Trace {
///     fn after_response<'a>(&'a self, attempt: Attempt, request: &'a RequestSummary,
///                           outcome: Result<&'a reqwest::Response, &'a reqwest::Error>) -> HookFuture<'a, ()> {
///         let status = outcome.map(|response| response.status().as_u16()).ok();
///         eprintln!("{} {} → {status:?} in {:?}", request.method, request.path, attempt.elapsed);
///         Box::pin(async {})
///     }
/// }
/// ```
pub trait Hook: Send + Sync + 'static {
    /// Runs before an attempt is sent, and may change the request: add or replace headers, sign it (an
    /// in-memory body is `request.body().and_then(reqwest::Body::as_bytes)`). An error refuses the call
    /// ([`Error::InvalidRequest`](super::error::Error::InvalidRequest), naming the hook's message); nothing
    /// is sent.
    fn before_send<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a mut reqwest::Request,
    ) -> HookFuture<'a, Result<(), BoxError>> {
        let _ = (attempt, request);
        Box::pin(std::future::ready(Ok(())))
    }

    /// Runs after an attempt: with its response (status and headers; the body is still to be read), or with
    /// the failure that ended it. It observes; what the client does next (decode, retry) does not change.
    fn after_response<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a RequestSummary,
        outcome: Result<&'a reqwest::Response, &'a reqwest::Error>,
    ) -> HookFuture<'a, ()> {
        let _ = (attempt, request, outcome);
        Box::pin(std::future::ready(()))
    }
}

/// The request an attempt sent, for [`Hook::after_response`]: its method and path, never its query, headers or
/// body, which may carry credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSummary {
    pub method: reqwest::Method,
    /// The URL's path, like `/v1/items/42`.
    pub path: String,
}
