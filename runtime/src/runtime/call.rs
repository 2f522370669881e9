//! Calls: the [`Call`] future every generated operation method returns, which owns its request and sends it when
//! first awaited, and the readings that change how its response is read before then (the whole body decoded as
//! the operation declares, or as text, bytes, JSON of another type, JSON lines or a byte stream).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::body::ByteStream;
use super::client::{Answer, Client, widen};
use super::decode::ErrorStatuses;
use super::error::{ApiResult, Error, InvalidRequest};
use super::lines::JsonLines;
use super::request::Request;
use super::response::{ApiResponse, RawResponse, mark_sensitive};
use super::retry::RetryPolicy;
use super::validate::Validate;

impl Client {
    /// Sends `request` as [`Client::send`] does, then turns the response into the operation's result with
    /// `decode`: what every generated operation method returns.
    ///
    /// `decode` is a function pointer, not a closure, so every call shares one kind of future per result type,
    /// and the [`Call`] holds nothing but the client, the request and `decode`.
    pub fn call<'a, T: Send + 'a, E: Send + 'a>(&'a self, request: Request, decode: Decode<T, E>) -> Call<'a, T, E> {
        Call { state: State::Ready { client: self, request, exchange: Exchange::Whole(decode) } }
    }

    /// Sends `request` and reads a success (any 2xx) as a stream of JSON values, one per line, as the lines
    /// arrive ([`JsonLines`]); any other status is read in full and decoded by the error enum `E`. What a
    /// generated method returns when its operation answers only with JSON Lines (`application/x-ndjson`,
    /// `application/jsonl`), and what [`Call::json_lines`] turns any call into.
    ///
    /// Retries (as the [`RetryPolicy`] allows) happen only before a success's body starts; the timeout bounds
    /// the wait for the status and headers, and then each wait for more of the body.
    pub fn call_lines<'a, T, E>(&'a self, request: Request) -> Call<'a, JsonLines<T>, E>
    where
        T: DeserializeOwned + Validate + Send + 'static,
        E: ErrorStatuses + Send + 'a,
    {
        Call::streamed(self, request, start_lines::<T, E>)
    }
}

/// Sends the request, then decodes the whole response: the body of every [`Call`] made by [`Client::call`].
async fn exchange<T, E>(client: &Client, request: Request, decode: Decode<T, E>) -> ApiResult<T, E> {
    let response = client.send::<E>(request).await?;
    decode(response)
}

/// Sends the request and reads a success's body as a stream: `open` makes it of a body that arrives piece by
/// piece (at most `idle` between two), `whole` of one a retry path read in full; any other status is read in
/// full and decoded by the error enum. What every streamed [`Call`] does.
pub(crate) async fn exchange_stream<S, E: ErrorStatuses>(
    client: &Client,
    request: Request,
    open: impl FnOnce(reqwest::Response, Duration) -> S,
    whole: impl FnOnce(Vec<u8>) -> S,
) -> ApiResult<S, E> {
    let idle = request.options.timeout.unwrap_or(client.timeout());
    match client.transmit_streamed(request).await.map_err(widen)? {
        Answer::Streamed(mut response) => {
            let status = response.status();
            let mut headers = std::mem::take(response.headers_mut());
            mark_sensitive(&mut headers);
            Ok(ApiResponse::new(status, headers, open(response, idle)))
        }
        Answer::Whole(raw) if raw.status().is_success() => {
            let (status, headers, body) = raw.into_parts();
            Ok(ApiResponse::new(status, headers, whole(body)))
        }
        Answer::Whole(raw) => E::decode(raw),
    }
}

/// The future of a call read as JSON lines ([`Client::call_lines`], [`Call::json_lines`]), as a function pointer
/// [`Call`] can hold before it is first polled.
fn start_lines<'a, T, E>(client: &'a Client, request: Request) -> Running<'a, JsonLines<T>, E>
where
    T: DeserializeOwned + Validate + Send + 'static,
    E: ErrorStatuses + Send + 'a,
{
    let (limit, strict) = (client.max_response_bytes(), client.strict_decoding());
    Box::pin(exchange_stream(
        client,
        request,
        move |response, idle| JsonLines::new(response, limit, idle, strict),
        move |body| JsonLines::from_body(body, limit, strict),
    ))
}

/// The future of a call whose success is read as a [`ByteStream`], as a function pointer [`Call`] can hold.
fn start_byte_stream<'a, E: ErrorStatuses + Send + 'a>(
    client: &'a Client,
    request: Request,
) -> Running<'a, ByteStream, E> {
    Box::pin(exchange_stream(client, request, ByteStream::new, ByteStream::from_body))
}

/// 2xx as text ([`RawResponse::text`]), any other status by the error enum: [`Call::text`].
fn decode_text<E: ErrorStatuses>(response: RawResponse) -> ApiResult<String, E> {
    if response.status().is_success() { response.text() } else { response.error() }
}

/// 2xx as bytes, any other status by the error enum: [`Call::bytes`].
fn decode_bytes<E: ErrorStatuses>(response: RawResponse) -> ApiResult<Vec<u8>, E> {
    if response.status().is_success() { response.bytes() } else { response.error() }
}

/// 2xx as the JSON of `T` ([`RawResponse::json`]), any other status by the error enum: [`Call::json`].
fn decode_json<T: DeserializeOwned + Validate, E: ErrorStatuses>(response: RawResponse) -> ApiResult<T, E> {
    if response.status().is_success() { response.json() } else { response.error() }
}

/// How an operation decodes a whole response: a function pointer, so that it captures nothing.
pub(crate) type Decode<T, E> = fn(RawResponse) -> ApiResult<T, E>;

/// The boxed exchange of a [`Call`] that has been polled.
pub(crate) type Running<'a, T, E> = Pin<Box<dyn Future<Output = ApiResult<T, E>> + Send + 'a>>;

/// The future of one operation call, returned by every generated operation method (and [`Client::call`]);
/// awaiting it sends the request and decodes the response.
///
/// It owns its request, already built when the method returns, so it borrows only the client, never the
/// method's arguments: they may be dropped before it is awaited. It is `Send`, so it can be spawned on a
/// multi-threaded runtime, and `Unpin`. Nothing is sent until it is first polled, and until then the call can
/// still be told which of the response's media types to ask for and how to read it:
///
/// - [`Call::accept`] sets the `Accept` header (a generated method whose response declares several media
///   types sends the one it decodes; its documentation lists the others);
/// - [`Call::text`], [`Call::bytes`], [`Call::json`] and [`Call::json_lines`] read any 2xx as text, bytes, the
///   JSON of a type of your choice, or a stream of JSON lines, whatever the operation's own success type is;
///   other statuses are still decoded by the operation's error enum.
#[must_use = "a call sends nothing unless it is awaited"]
pub struct Call<'a, T, E> {
    state: State<'a, T, E>,
}

// `Ready` is the large one, and every call is in it once: boxing the request would cost an allocation per call.
#[allow(clippy::large_enum_variant)]
enum State<'a, T, E> {
    /// Not polled yet: everything needed to start.
    Ready { client: &'a Client, request: Request, exchange: Exchange<'a, T, E> },
    /// Polled: the exchange under way.
    Running(Running<'a, T, E>),
    /// Finished, or refused before it started: what polling it gives.
    Spent(&'static str),
}

/// How a [`Call`] reads its response.
pub(crate) enum Exchange<'a, T, E> {
    /// The whole body, then the operation's decoding by status.
    Whole(Decode<T, E>),
    /// A success's body as a stream ([`Client::call_lines`]).
    Streamed(fn(&'a Client, Request) -> Running<'a, T, E>),
}

impl<'a, T: Send + 'a, E: Send + 'a> Future for Call<'a, T, E> {
    type Output = ApiResult<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let mut running = match std::mem::replace(&mut this.state, State::Spent(POLLED_AFTER_COMPLETION)) {
            State::Ready { client, request, exchange: Exchange::Whole(decode) } => {
                Box::pin(exchange(client, request, decode))
            }
            State::Ready { client, request, exchange: Exchange::Streamed(start) } => start(client, request),
            State::Running(running) => running,
            State::Spent(why) => {
                this.state = State::Spent(why);
                return Poll::Ready(Err(Error::InvalidRequest(InvalidRequest::new(why))));
            }
        };
        match running.as_mut().poll(cx) {
            Poll::Ready(output) => Poll::Ready(output),
            Poll::Pending => {
                this.state = State::Running(running);
                Poll::Pending
            }
        }
    }
}

/// What a [`Call`] polled again after it finished gives.
const POLLED_AFTER_COMPLETION: &str = "the call was polled again after it had finished";

/// What a [`Call`] whose reading was changed after it was first polled gives.
const CHANGED_AFTER_START: &str =
    "the call's response reading was changed after the call had started: choose it before awaiting the call";

impl<'a, T, E> Call<'a, T, E> {
    /// Asks for the response in `media_type` (the `Accept` header), like `text/plain` or `application/x-ndjson`;
    /// it replaces the one the method sends. Pair it with the reading that fits the answer ([`Call::text`],
    /// [`Call::bytes`], [`Call::json`], [`Call::json_lines`]). A value a header cannot carry refuses the
    /// request. Nothing changes once the call has been polled.
    pub fn accept(mut self, media_type: &str) -> Self {
        if let State::Ready { request, .. } = &mut self.state {
            request.accept(media_type);
        }
        self
    }

    /// Adds a header to this call alone (it replaces a default header of the same name); a name or value a
    /// header cannot carry refuses the request. Nothing changes once the call has been polled.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let State::Ready { request, .. } = &mut self.state {
            request.header(name, value);
        }
        self
    }

    /// The timeout of this call alone, instead of the client's ([`ClientBuilder::timeout`]): for the whole
    /// exchange, or, for a streamed response, for its head and then each wait for more of its body.
    ///
    /// [`ClientBuilder::timeout`]: super::client::ClientBuilder::timeout
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if let State::Ready { request, .. } = &mut self.state {
            request.options.timeout = Some(timeout);
        }
        self
    }

    /// The retry policy of this call alone, instead of the client's ([`ClientBuilder::retry`]);
    /// [`RetryPolicy::none`] turns retries off for it.
    ///
    /// [`ClientBuilder::retry`]: super::client::ClientBuilder::retry
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        if let State::Ready { request, .. } = &mut self.state {
            request.options.retry = Some(policy);
        }
        self
    }

    /// Sends `key` as the `Idempotency-Key` header, which tells a server that supports it to apply the request
    /// once however often it arrives, and so lets the client retry this call even when it is a `POST` or
    /// `PATCH` (which it otherwise retries only with [`RetryPolicy::retry_non_idempotent`]). Use a new key for
    /// each distinct operation, the same key for its retries.
    pub fn idempotency_key(mut self, key: &str) -> Self {
        if let State::Ready { request, .. } = &mut self.state {
            request.header("Idempotency-Key", key);
            request.options.idempotency_key = true;
        }
        self
    }

    /// The same call reading its response with `exchange` instead.
    pub(crate) fn reading<U>(self, exchange: Exchange<'a, U, E>) -> Call<'a, U, E> {
        match self.state {
            State::Ready { client, request, .. } => Call { state: State::Ready { client, request, exchange } },
            State::Running(_) => Call { state: State::Spent(CHANGED_AFTER_START) },
            State::Spent(why) => Call { state: State::Spent(why) },
        }
    }
}

impl<'a, T, E> Call<'a, T, E> {
    /// A call that reads a success's body as a stream, started by `start` when first polled.
    pub(crate) fn streamed(
        client: &'a Client,
        request: Request,
        start: fn(&'a Client, Request) -> Running<'a, T, E>,
    ) -> Self {
        Call { state: State::Ready { client, request, exchange: Exchange::Streamed(start) } }
    }

    /// What a call not yet polled will send and how it decodes the answer, for [`Pages`](super::pages::Pages),
    /// which sends it again page after page; `None` for a call already polled or reading a stream.
    pub(crate) fn into_parts(self) -> Option<(&'a Client, Request, Decode<T, E>)> {
        match self.state {
            State::Ready { client, request, exchange: Exchange::Whole(decode) } => Some((client, request, decode)),
            _ => None,
        }
    }
}

impl<'a, T, E: ErrorStatuses + Send + 'a> Call<'a, T, E> {
    /// Reads any 2xx as text, whatever the operation's success type ([`RawResponse::text`]: UTF-8, and a JSON
    /// string unquoted when the response says it is JSON); other statuses as the operation declares.
    pub fn text(self) -> Call<'a, String, E> {
        self.reading(Exchange::Whole(decode_text::<E>))
    }

    /// Reads any 2xx as bytes, whatever the operation's success type; other statuses as the operation declares.
    pub fn bytes(self) -> Call<'a, Vec<u8>, E> {
        self.reading(Exchange::Whole(decode_bytes::<E>))
    }

    /// Reads any 2xx as the JSON of `U` ([`RawResponse::json`]; a type of your own needs an
    /// `impl Validate for U {}`), for a media type whose schema differs from the operation's success type;
    /// other statuses as the operation declares.
    pub fn json<U: DeserializeOwned + Validate + Send + 'a>(self) -> Call<'a, U, E> {
        self.reading(Exchange::Whole(decode_json::<U, E>))
    }

    /// Reads any 2xx as a stream of JSON values of `U`, one per line, as they arrive ([`JsonLines`], see
    /// [`Client::call_lines`]); other statuses as the operation declares.
    pub fn json_lines<U: DeserializeOwned + Validate + Send + 'static>(self) -> Call<'a, JsonLines<U>, E> {
        self.reading(Exchange::Streamed(start_lines::<U, E>))
    }

    /// Reads any 2xx as its bytes as they arrive, never held in memory ([`ByteStream`]), so the response size
    /// limit does not apply to it; other statuses as the operation declares (read in full, within the limit).
    pub fn byte_stream(self) -> Call<'a, ByteStream, E> {
        self.reading(Exchange::Streamed(start_byte_stream::<E>))
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Ready { .. } => "ready",
            State::Running(_) => "running",
            State::Spent(_) => "spent",
        };
        f.debug_struct("Call")
            .field("output", &std::any::type_name::<ApiResult<T, E>>())
            .field("state", &state)
            .finish_non_exhaustive()
    }
}
