//! The configured client: base URL, credentials, timeout, retries and the response size limit.
//!
//! [`Client::send`] is the one place where a [`Request`] becomes HTTP traffic. It retries only when
//! retrying cannot repeat a side effect the caller did not ask for, and it never buffers more of a
//! response than the configured limit. [`Client::call`] sends a request and decodes its response as an
//! operation declares, in the [`Call`] future every generated operation method returns; [`Client::call_lines`]
//! does the same for a response streamed as JSON Lines, whose body is read as it arrives ([`JsonLines`]).

use std::collections::hash_map::RandomState;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::de::DeserializeOwned;

use super::auth::BoxError;
use super::auth::{Credential, Credentials, TokenEndpoint, same_origin_redirects};
use super::body::ByteStream;
use super::error::{ApiResult, BuildError, Error, InvalidRequest, TransportError};
use super::events::{self, EventStream};
use super::hooks::{Attempt, Hook, RequestSummary};
use super::lines::JsonLines;
use super::request::{Body, Request, encode_pairs, header_value, render_path};
use super::response::{ApiResponse, ErrorStatuses, RawResponse, mark_sensitive};
use super::server::ServerChoice;
use super::validate::Validate;

/// The default limit on a response body: 32 MiB.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// The default timeout of one attempt.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The most a body buffer reserves up front, whatever `Content-Length` claims.
const MAX_PREALLOCATION: usize = 1024 * 1024;

/// A client for the API. Cloning is cheap and clones share connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// The base URL without a trailing `/`.
    base_url: String,
    /// The path of the base URL without a trailing `/`, like `/v1` or the empty string.
    base_path: String,
    /// The credentials of the API's security schemes, applied by `send` as each request requires.
    credentials: Credentials,
    user_agent: HeaderValue,
    default_headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    strict_decoding: bool,
    /// Run around every attempt, in order.
    hooks: Vec<Arc<dyn Hook>>,
}

impl Client {
    /// A client with the default configuration: the first server the API description declares, its variables at
    /// their defaults; fails when that server is only a path (see [`ClientBuilder::origin`]) or there is none.
    pub fn new() -> Result<Client, BuildError> {
        Client::builder().build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Starts a request for a path template like `/items/{id}`, whose `{name}` groups
    /// [`Request::path_param`] fills in; the rest of the template is sent as written (see [`Request::new`]).
    pub fn request(&self, method: Method, template: &str) -> Request {
        Request::new(method, template)
    }

    /// Sends `request` as [`Client::send`] does, then turns the response into the operation's result with
    /// `decode`: what every generated operation method returns.
    ///
    /// `decode` is a function pointer, not a closure, so every call shares one kind of future per result type,
    /// and the [`Call`] holds nothing but the client, the request and `decode`.
    pub fn call<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Request,
        decode: fn(RawResponse, &Client) -> ApiResult<T, E>,
    ) -> Call<'a, T, E> {
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
        Call { state: State::Ready { client: self, request, exchange: Exchange::Streamed(start_lines::<T, E>) } }
    }

    /// Sends `request` and reads a success (any 2xx) as a stream of server-sent events whose data is the JSON of
    /// `T`, as the events arrive ([`EventStream`]); any other status is read in full and decoded by the error
    /// enum `E`. What a generated method returns when its operation answers only with `text/event-stream`
    /// and a schema for the events' data, and what [`Call::events`] turns any call into. Retries and the
    /// timeout work as for [`Client::call_lines`]; reconnection is the stream's ([`EventStream::reconnect`]).
    pub fn call_events<'a, T, E>(&'a self, request: Request) -> Call<'a, EventStream<T>, E>
    where
        T: DeserializeOwned + Validate + Send + 'static,
        E: ErrorStatuses + Send + 'a,
    {
        Call { state: State::Ready { client: self, request, exchange: Exchange::Streamed(start_events::<T, E>) } }
    }

    /// [`Client::call_events`] with each event's data kept as text: for `text/event-stream` without a schema for
    /// the data (or a string one), and [`Call::event_text`].
    pub fn call_event_text<'a, E>(&'a self, request: Request) -> Call<'a, EventStream<String>, E>
    where
        E: ErrorStatuses + Send + 'a,
    {
        Call { state: State::Ready { client: self, request, exchange: Exchange::Streamed(start_event_text::<E>) } }
    }

    /// The base URL requests are sent to, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Whether decoded responses are also checked against the declared constraints.
    pub fn strict_decoding(&self) -> bool {
        self.inner.strict_decoding
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    /// The timeout of one attempt.
    pub fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_bytes(&self) -> usize {
        self.inner.max_response_bytes
    }

    /// Sends `request`, retrying as the [`RetryPolicy`] allows, and reads the whole response body.
    ///
    /// Any status comes back as `Ok`: which statuses are errors is for the caller, who knows what the
    /// operation declares. `E` only names the error type of the operation.
    ///
    /// A request that kept an error while it was built ([`Request::refused`]) comes back as that
    /// [`Error::InvalidRequest`] before anything is sent, and so does a path that URL parsing would rewrite.
    pub async fn send<E>(&self, request: Request) -> Result<RawResponse, Error<E>> {
        match self.transmit(request, Reading::Whole).await.map_err(widen)? {
            Answer::Whole(raw) => Ok(raw),
            // `Reading::Whole` never leaves a body unread.
            Answer::Streamed(_) => Err(Error::InvalidRequest(InvalidRequest::new(
                "internal error: the response was left unread where it should have been read in full",
            ))),
        }
    }

    /// [`Client::send`], and its streaming variant: with [`Reading::Streamed`], a 2xx response comes back as
    /// soon as its head has arrived, its body unread, and the timeout bounds only the wait for the head (the
    /// stream then bounds each wait for more of the body); any other status is read in full.
    ///
    /// Boxed, and not generic over the operation's error type: the one future that holds the whole exchange
    /// is checked once (for `Send`) for every way of reading a response, which keeps `cargo check` of a
    /// generated crate fast.
    fn transmit(&self, request: Request, reading: Reading) -> Transmission<'_> {
        Box::pin(attempts(self, request, reading))
    }

    /// [`Client::transmit`] with [`Reading::Streamed`], for a stream that sends its request again.
    pub(crate) fn transmit_streamed(&self, request: Request) -> Transmission<'_> {
        self.transmit(request, Reading::Streamed)
    }

    /// Joins the base URL, the path and the query, refusing a path that URL parsing would rewrite.
    fn url_for(&self, path: &str, query: &[(String, String)]) -> Result<Url, InvalidRequest> {
        let inner = &*self.inner;
        let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        let mut text = format!("{}{path}", inner.base_url);
        if !query.is_empty() {
            text.push('?');
            text.push_str(&encode_pairs(query));
        }
        let url = Url::parse(&text).map_err(|error| {
            InvalidRequest::in_field(format!("path {path:?}"), format!("does not form a valid URL: {error}"))
        })?;
        if url.path() != format!("{}{path}", inner.base_path) {
            return Err(InvalidRequest::in_field(
                format!("path {path:?}"),
                "URL parsing would rewrite it: a segment is \".\" or \"..\", or a character is not percent-encoded",
            ));
        }
        Ok(url)
    }

    /// The request's own headers, then the client's defaults where the request set nothing.
    fn headers_for(
        &self,
        mut headers: HeaderMap,
        cookies: &[(String, String)],
        body: &Body,
    ) -> Result<HeaderMap, InvalidRequest> {
        let inner = &*self.inner;
        for (name, value) in &inner.default_headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        if !headers.contains_key(header::USER_AGENT) {
            headers.insert(header::USER_AGENT, inner.user_agent.clone());
        }
        if !cookies.is_empty() {
            let mut line: Vec<String> = Vec::new();
            if let Some(existing) = headers.get(header::COOKIE).and_then(|value| value.to_str().ok()) {
                line.push(existing.to_owned());
            }
            line.extend(cookies.iter().map(|(name, value)| format!("{name}={value}")));
            let mut value =
                header_value(&line.join("; ")).map_err(|what| InvalidRequest::in_field("header \"Cookie\"", what))?;
            value.set_sensitive(true);
            headers.insert(header::COOKIE, value);
        }
        // A stream of known length (a file) is sent with it, not chunked: some servers require it.
        if let Body::Stream { length: Some(length), .. } = body {
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(*length));
        }
        if let (Body::Bytes { content_type, .. } | Body::Stream { content_type, .. }, false) =
            (body, headers.contains_key(header::CONTENT_TYPE))
        {
            let value =
                header_value(content_type).map_err(|what| InvalidRequest::in_field("header \"Content-Type\"", what))?;
            headers.insert(header::CONTENT_TYPE, value);
        }
        Ok(headers)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let default_headers: Vec<&str> = inner.default_headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("credentials", &inner.credentials)
            .field("user_agent", &inner.user_agent)
            .field("default_headers", &default_headers)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("strict_decoding", &inner.strict_decoding)
            .field("hooks", &inner.hooks.len())
            .finish_non_exhaustive()
    }
}

/// How [`Client::transmit`] reads a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// The whole body, within the timeout: [`Client::send`].
    Whole,
    /// A success's head only, its body left to a stream; any other status in full.
    Streamed,
}

/// A request body that can be sent only once.
enum OnceBody {
    Form(reqwest::multipart::Form),
    Stream(reqwest::Body),
}

/// What [`Client::transmit`] got.
pub(crate) enum Answer {
    /// A response read in full.
    Whole(RawResponse),
    /// A success whose body is still to be read ([`Reading::Streamed`]).
    Streamed(reqwest::Response),
}

/// Why no response head arrived.
enum Failure {
    Reqwest(reqwest::Error),
    /// The client's own timer ran out ([`Reading::Streamed`], which gives reqwest no deadline).
    TimedOut,
    /// A hook's `before_send` refused the request.
    Hook(BoxError),
}

/// Sends one attempt, running the client's hooks around it (see [`Hook`]).
async fn send_with_hooks(
    inner: &Inner,
    builder: reqwest::RequestBuilder,
    number: u32,
) -> Result<reqwest::Response, Failure> {
    if inner.hooks.is_empty() {
        return builder.send().await.map_err(Failure::Reqwest);
    }
    let mut request = builder.build().map_err(Failure::Reqwest)?;
    let started = std::time::Instant::now();
    for hook in &inner.hooks {
        let attempt = Attempt { number, elapsed: Duration::ZERO };
        hook.before_send(attempt, &mut request).await.map_err(Failure::Hook)?;
    }
    let summary = RequestSummary { method: request.method().clone(), path: request.url().path().to_owned() };
    let result = inner.http.execute(request).await;
    let attempt = Attempt { number, elapsed: started.elapsed() };
    for hook in &inner.hooks {
        hook.after_response(attempt, &summary, result.as_ref()).await;
    }
    result.map_err(Failure::Reqwest)
}

/// The future of one exchange: one attempt after another, as the [`RetryPolicy`] allows (see
/// [`Client::transmit`]).
async fn attempts(client: &Client, request: Request, reading: Reading) -> Result<Answer, Error<Infallible>> {
    let inner = &*client.inner;
    let Request {
        method,
        template,
        path_params,
        mut query,
        headers: mut own_headers,
        mut cookies,
        body,
        refused,
        security,
        options,
    } = request;
    if let Some(error) = refused {
        return Err(Error::InvalidRequest(error));
    }
    let timeout = options.timeout.unwrap_or(inner.timeout);
    let endpoint = TokenEndpoint { http: &inner.http, base_url: &inner.base_url, timeout };
    let applied = inner.credentials.apply(&endpoint, security, &mut own_headers, &mut query, &mut cookies).await?;
    // A key in the query is part of the URL, which reqwest's errors would otherwise show.
    let scrub = |error: reqwest::Error| if applied.secret_in_url { error.without_url() } else { error };
    let url = client.url_for(&render_path(&template, &path_params), &query)?;
    let mut headers = client.headers_for(own_headers, &cookies, &body)?;

    // A multipart form or a streamed body is read as it is sent: there is no second attempt with it.
    let (mut data, mut once) = match body {
        Body::Empty => (None, None),
        Body::Bytes { data, .. } => (Some(data), None),
        Body::Multipart(form) => (None, Some(OnceBody::Form(form))),
        Body::Stream { body, .. } => (None, Some(OnceBody::Stream(body))),
    };
    let policy = options.retry.as_ref().unwrap_or(&inner.retry);
    // An idempotency key makes a repeated POST or PATCH safe: the server applies it once.
    let may_repeat =
        once.is_none() && (is_idempotent(&method) || policy.retry_non_idempotent || options.idempotency_key);
    // A fetched OAuth 2 token the API refuses (401) is renewed once, and the request sent again.
    let mut renewable = applied.renewable.filter(|_| once.is_none());

    let mut attempt: u32 = 0;
    // Every send, retries and the send after a renewed token included: what hooks are told.
    let mut sends: u32 = 0;
    loop {
        let retries_left = may_repeat && attempt < policy.max_retries;
        let mut builder = inner.http.request(method.clone(), url.clone()).headers(headers.clone());
        // A streamed body has no overall deadline: only the head is awaited within the timeout, below.
        if reading == Reading::Whole {
            builder = builder.timeout(timeout);
        }
        // Only an attempt that may be followed by another needs to keep a copy of the body.
        let payload = if retries_left || renewable.is_some() { data.clone() } else { data.take() };
        if let Some(payload) = payload {
            builder = builder.body(payload);
        }
        match once.take() {
            Some(OnceBody::Form(form)) => builder = builder.multipart(form),
            Some(OnceBody::Stream(body)) => builder = builder.body(body),
            None => {}
        }

        let exchange = send_with_hooks(inner, builder, sends);
        sends += 1;
        let sent = match reading {
            Reading::Whole => exchange.await,
            Reading::Streamed => match tokio::time::timeout(timeout, exchange).await {
                Ok(sent) => sent,
                Err(_) => Err(Failure::TimedOut),
            },
        };
        let delay = match sent {
            Ok(response) if response.status() == StatusCode::UNAUTHORIZED && renewable.is_some() => {
                let renewed = match renewable.take() {
                    Some(id) => inner.credentials.renew(&endpoint, id, headers.get(header::AUTHORIZATION)).await?,
                    None => None,
                };
                if let Some(authorization) = renewed {
                    headers.insert(header::AUTHORIZATION, authorization);
                }
                continue;
            }
            Ok(response) if retries_left && is_retryable_status(response.status()) => {
                match retry_after(response.headers()) {
                    Some(wait) => wait.min(policy.max_retry_after),
                    None => policy.backoff(attempt),
                }
            }
            Ok(response) if reading == Reading::Streamed && response.status().is_success() => {
                return Ok(Answer::Streamed(response));
            }
            Ok(response) => match read_within(reading, timeout, response, inner.max_response_bytes).await {
                Ok(raw) => return Ok(Answer::Whole(raw)),
                Err(ReadFailure::TooLarge(status, headers)) => {
                    let limit = inner.max_response_bytes;
                    return Err(Error::ResponseTooLarge { status, limit, headers });
                }
                // Whatever breaks while a body is read is a connection failure, so it is worth a retry.
                Err(ReadFailure::Transport(_)) if retries_left => policy.backoff(attempt),
                Err(ReadFailure::Transport(error)) => {
                    return Err(Error::Transport(TransportError::while_reading_body(scrub(error))));
                }
                Err(ReadFailure::TimedOut) if retries_left => policy.backoff(attempt),
                Err(ReadFailure::TimedOut) => return Err(Error::Transport(TransportError::timed_out(true))),
            },
            Err(Failure::Reqwest(error)) if retries_left && is_retryable_error(&error) => policy.backoff(attempt),
            Err(Failure::Reqwest(error)) => {
                return Err(Error::Transport(TransportError::from_reqwest(scrub(error))));
            }
            Err(Failure::TimedOut) if retries_left => policy.backoff(attempt),
            Err(Failure::TimedOut) => return Err(Error::Transport(TransportError::timed_out(false))),
            Err(Failure::Hook(error)) => {
                return Err(Error::InvalidRequest(InvalidRequest::new(format!("a hook refused the request: {error}"))));
            }
        };
        tokio::time::sleep(delay).await;
        attempt += 1;
    }
}

/// The boxed future of [`Client::transmit`].
type Transmission<'a> = Pin<Box<dyn Future<Output = Result<Answer, Error<Infallible>>> + Send + 'a>>;

/// An exchange's failure as the failure of an operation with any error type: it never holds a declared error.
fn widen<E>(error: Error<Infallible>) -> Error<E> {
    match error {
        Error::InvalidRequest(error) => Error::InvalidRequest(error),
        Error::Transport(error) => Error::Transport(error),
        Error::ResponseTooLarge { status, limit, headers } => Error::ResponseTooLarge { status, limit, headers },
        Error::Api(error) => match *error.body() {},
        Error::UnexpectedStatus(response) => Error::UnexpectedStatus(response),
        Error::Decode(error) => Error::Decode(error),
    }
}

/// Sends the request, then decodes the whole response: the body of every [`Call`] made by [`Client::call`].
async fn exchange<T, E>(
    client: &Client,
    request: Request,
    decode: fn(RawResponse, &Client) -> ApiResult<T, E>,
) -> ApiResult<T, E> {
    let response = client.send::<E>(request).await?;
    decode(response, client)
}

/// Sends the request and reads a success's body as a stream: `open` makes it of a body that arrives piece by
/// piece (at most `idle` between two), `whole` of one a retry path read in full; any other status is read in
/// full and decoded by the error enum. What every streamed [`Call`] does.
async fn exchange_stream<S, E: ErrorStatuses>(
    client: &Client,
    request: Request,
    open: impl FnOnce(reqwest::Response, Duration) -> S,
    whole: impl FnOnce(Vec<u8>) -> S,
) -> ApiResult<S, E> {
    let idle = request.options.timeout.unwrap_or(client.timeout());
    match client.transmit(request, Reading::Streamed).await.map_err(widen)? {
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
        Answer::Whole(raw) => E::decode(raw, client),
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

/// Server-sent events ([`Client::call_events`], [`Client::call_event_text`], [`Call::events`],
/// [`Call::event_text`]): asks for `text/event-stream` unless the call asks for a media type of its own, and
/// keeps the request for [`EventStream::reconnect`].
fn start_event_stream<'a, T, E>(
    client: &'a Client,
    request: Request,
    decode: events::Decode<T>,
) -> Running<'a, EventStream<T>, E>
where
    T: Send + 'static,
    E: ErrorStatuses + Send + 'a,
{
    let mut request = request;
    if !request.headers.contains_key(header::ACCEPT) {
        request.accept("text/event-stream");
    }
    let resend = request.try_clone();
    let (limit, strict) = (client.max_response_bytes(), client.strict_decoding());
    Box::pin(exchange_stream(
        client,
        request,
        move |response, idle| EventStream::new(response, decode, client, idle, resend),
        move |body| EventStream::from_body_with(&body, decode, limit, strict),
    ))
}

/// The future of a call read as events with JSON data, as a function pointer [`Call`] can hold.
fn start_events<'a, T, E>(client: &'a Client, request: Request) -> Running<'a, EventStream<T>, E>
where
    T: DeserializeOwned + Validate + Send + 'static,
    E: ErrorStatuses + Send + 'a,
{
    start_event_stream(client, request, events::decode_json::<T>)
}

/// The future of a call read as events with text data, as a function pointer [`Call`] can hold.
fn start_event_text<'a, E>(client: &'a Client, request: Request) -> Running<'a, EventStream<String>, E>
where
    E: ErrorStatuses + Send + 'a,
{
    start_event_stream(client, request, events::decode_text)
}

/// The future of a call whose success is read as a [`ByteStream`], as a function pointer [`Call`] can hold.
fn start_byte_stream<'a, E: ErrorStatuses + Send + 'a>(
    client: &'a Client,
    request: Request,
) -> Running<'a, ByteStream, E> {
    Box::pin(exchange_stream(client, request, ByteStream::new, ByteStream::from_body))
}

/// 2xx as text ([`RawResponse::text`]), any other status by the error enum: [`Call::text`].
fn decode_text<E: ErrorStatuses>(response: RawResponse, client: &Client) -> ApiResult<String, E> {
    if response.status().is_success() { response.text() } else { response.error(client) }
}

/// 2xx as bytes, any other status by the error enum: [`Call::bytes`].
fn decode_bytes<E: ErrorStatuses>(response: RawResponse, client: &Client) -> ApiResult<Vec<u8>, E> {
    if response.status().is_success() { response.bytes() } else { response.error(client) }
}

/// 2xx as the JSON of `T` ([`RawResponse::json`]), any other status by the error enum: [`Call::json`].
fn decode_json<T: DeserializeOwned + Validate, E: ErrorStatuses>(
    response: RawResponse,
    client: &Client,
) -> ApiResult<T, E> {
    if response.status().is_success() { response.json(client) } else { response.error(client) }
}

/// How an operation decodes a whole response: a function pointer, so that it captures nothing.
pub(crate) type Decode<T, E> = fn(RawResponse, &Client) -> ApiResult<T, E>;

/// The boxed exchange of a [`Call`] that has been polled.
type Running<'a, T, E> = Pin<Box<dyn Future<Output = ApiResult<T, E>> + Send + 'a>>;

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
enum Exchange<'a, T, E> {
    /// The whole body, then the operation's decoding by status.
    Whole(fn(RawResponse, &Client) -> ApiResult<T, E>),
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
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if let State::Ready { request, .. } = &mut self.state {
            request.options.timeout = Some(timeout);
        }
        self
    }

    /// The retry policy of this call alone, instead of the client's ([`ClientBuilder::retry`]);
    /// [`RetryPolicy::none`] turns retries off for it.
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
    fn reading<U>(self, exchange: Exchange<'a, U, E>) -> Call<'a, U, E> {
        match self.state {
            State::Ready { client, request, .. } => Call { state: State::Ready { client, request, exchange } },
            State::Running(_) => Call { state: State::Spent(CHANGED_AFTER_START) },
            State::Spent(why) => Call { state: State::Spent(why) },
        }
    }
}

impl<'a, T, E> Call<'a, T, E> {
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

    /// Reads any 2xx as a stream of server-sent events whose data is the JSON of `U`, as they arrive
    /// ([`EventStream`], see [`Client::call_events`]); other statuses as the operation declares.
    pub fn events<U: DeserializeOwned + Validate + Send + 'static>(self) -> Call<'a, EventStream<U>, E> {
        self.reading(Exchange::Streamed(start_events::<U, E>))
    }

    /// Reads any 2xx as a stream of server-sent events whose data is kept as text ([`EventStream`]); other
    /// statuses as the operation declares.
    pub fn event_text(self) -> Call<'a, EventStream<String>, E> {
        self.reading(Exchange::Streamed(start_event_text::<E>))
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

/// Configures a [`Client`].
#[derive(Clone)]
pub struct ClientBuilder {
    base_url: Option<String>,
    server: ServerChoice,
    credentials: Credentials,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    max_response_bytes: usize,
    strict_decoding: bool,
    default_headers: Vec<(String, Secret)>,
    hooks: Vec<Arc<dyn Hook>>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            server: ServerChoice::default(),
            credentials: Credentials::default(),
            http_client: None,
            timeout: DEFAULT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            strict_decoding: false,
            default_headers: Vec::new(),
            hooks: Vec::new(),
        }
    }
}

impl ClientBuilder {
    /// The absolute `http` or `https` URL that paths are appended to, like `https://api.example.com/v1`; it
    /// replaces everything the API description says about servers, and [`ClientBuilder::server`],
    /// [`ClientBuilder::server_variable`] and [`ClientBuilder::origin`] no longer apply.
    ///
    /// By default the base URL is the server the API description declares first (`crate::SERVERS`), its
    /// variables at their defaults.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The scheme, host and port to send requests to, like `https://api.example.com:8443`, keeping the path of
    /// the chosen server: needed when the API description names its server by a path only (`/api`), and a way
    /// to send requests to another host (a proxy, a test server) at the same path.
    pub fn origin(mut self, origin: impl Into<String>) -> Self {
        self.server.origin = Some(origin.into());
        self
    }

    /// Chooses the server at `index` among those the API description declares (`crate::SERVERS`, in the
    /// description's order); the first by default.
    pub fn server(mut self, index: usize) -> Self {
        self.server.index = index;
        self
    }

    /// Sets a variable of the chosen server's URL template (`{name}`); the others keep their defaults. A name the
    /// server does not declare, or a value its `enum` does not list, makes [`ClientBuilder::build`] fail.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.server.variables.push((name.into(), value.into()));
        self
    }

    /// Stores the credential of the security scheme `scheme` (its index in the API description's schemes): what
    /// the generated methods named after each scheme call.
    pub fn credential(mut self, scheme: usize, credential: Credential) -> Self {
        self.credentials.set(scheme, credential);
        self
    }

    /// Uses this `reqwest` client for connections, TLS, proxies and redirects.
    ///
    /// Its redirect policy is then yours: `reqwest`'s default follows redirects to other hosts, dropping only
    /// `Authorization` and `Cookie` there, not an API key in another header. The client the builder makes
    /// itself follows redirects within the request's origin only ([`same_origin_redirects`]).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The time one attempt may take, from connecting until the whole body is read; 30 seconds by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header; the crate's name and version by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When and how often to retry; see [`RetryPolicy`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The largest response body accepted, in bytes; 32 MiB by default.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Also checks every decoded success body against the declared constraints; off by default.
    pub fn strict_decoding(mut self, strict: bool) -> Self {
        self.strict_decoding = strict;
        self
    }

    /// A header sent with every request that does not set it itself; its value never appears in `Debug`.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), Secret(value.into())));
        self
    }

    /// Adds a hook that runs around every attempt the client sends ([`Hook`]: before it is sent, which may change
    /// it, and after its response arrives or it fails). Hooks run in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let (base_url, base_path) = match &self.base_url {
            Some(base_url) => parse_base_url(base_url)?,
            None => parse_base_url(&self.server.base_url(crate::SERVERS)?)?,
        };

        self.credentials.check().map_err(BuildError::new)?;
        let user_agent =
            header_value(&self.user_agent).map_err(|what| BuildError::new(format!("user agent: {what}")))?;

        let mut default_headers = HeaderMap::new();
        for (name, Secret(value)) in &self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| BuildError::new(format!("default header {name:?}: not a valid header name")))?;
            let mut header_value =
                header_value(value).map_err(|what| BuildError::new(format!("default header {name:?}: {what}")))?;
            // Default headers often carry API keys, so every value is hidden from `Debug`.
            header_value.set_sensitive(true);
            default_headers.insert(header_name, header_value);
        }

        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .redirect(same_origin_redirects())
                .build()
                .map_err(BuildError::from_reqwest)?,
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                base_path,
                credentials: self.credentials,
                user_agent,
                default_headers,
                timeout: self.timeout,
                retry: self.retry,
                max_response_bytes: self.max_response_bytes,
                strict_decoding: self.strict_decoding,
                hooks: self.hooks,
            }),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let default_headers: Vec<&str> = self.default_headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("server", &self.server.index)
            .field("server_variables", &self.server.variables.iter().map(|(name, _)| name).collect::<Vec<_>>())
            .field("origin", &self.server.origin.as_ref().map(|_| "set"))
            .field("credentials", &self.credentials)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("strict_decoding", &self.strict_decoding)
            .field("default_headers", &default_headers)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

/// Checks a base URL and returns it and its path, both without a trailing `/`.
fn parse_base_url(text: &str) -> Result<(String, String), BuildError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(BuildError::new(
            "no base URL: the base URL is empty, so call ClientBuilder::base_url(...) with the server's address, \
             like \"https://api.example.com\"",
        ));
    }
    // The URL itself is left out of these messages: it may carry a password.
    let url = Url::parse(text)
        .map_err(|error| BuildError::new(format!("the base URL is not an absolute http or https URL: {error}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(BuildError::new("the base URL is not an absolute http or https URL"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(BuildError::new("the base URL must not have a query or a fragment"));
    }
    let base_url = url.as_str().trim_end_matches('/').to_owned();
    let base_path = url.path().trim_end_matches('/').to_owned();
    Ok((base_url, base_path))
}

/// When and how often [`Client::send`] retries.
///
/// A retry happens after a connection failure, a timeout, a connection closed mid-response, or a
/// `408`, `429` or `5xx` status other than `501` and `505` (which no retry can change). Only idempotent
/// methods (`GET HEAD PUT DELETE OPTIONS TRACE`) are retried unless `retry_non_idempotent` is set, and a
/// multipart body is never retried, because it is streamed once. The wait is the server's `Retry-After`
/// (seconds or an HTTP date, at most `max_retry_after`), else exponential backoff with full jitter: a
/// random time between zero and `initial_backoff × 2^retry`, at most `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 2 by default.
    pub max_retries: u32,
    /// The backoff ceiling of the first retry; 250 ms by default.
    pub initial_backoff: Duration,
    /// The highest backoff ceiling; 8 s by default.
    pub max_backoff: Duration,
    /// Also retries `POST` and `PATCH`, which may repeat their effect; false by default.
    pub retry_non_idempotent: bool,
    /// The longest `Retry-After` honoured; longer waits are cut to this; 60 s by default.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            retry_non_idempotent: false,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// The wait before retry number `retry + 1`: full jitter below the exponential ceiling.
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let ceiling = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        jitter(ceiling)
    }
}

/// A uniformly spread time between zero and `ceiling`.
///
/// The randomness comes from std's randomly keyed hasher over a counter: not cryptographic, and it does
/// not need to be, it only keeps clients from retrying in lockstep.
fn jitter(ceiling: Duration) -> Duration {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let random = hasher.finish();
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    match nanos.checked_add(1) {
        Some(span) => Duration::from_nanos(random % span),
        None => Duration::from_nanos(random),
    }
}

fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || (status.is_server_error()
            && status != StatusCode::NOT_IMPLEMENTED
            && status != StatusCode::HTTP_VERSION_NOT_SUPPORTED)
}

/// Whether a failure to get a response is worth another attempt; a request `reqwest` refused to build
/// (an invalid URL or header) is not.
fn is_retryable_error(error: &reqwest::Error) -> bool {
    error.is_timeout() || error.is_connect() || error.is_request()
}

/// The wait a `Retry-After` header asks for, in delta-seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(text.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let when = parse_http_date(text)?;
    Some((when - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
}

/// Parses the three HTTP date formats of RFC 9110: IMF-fixdate, RFC 850 and asctime.
fn parse_http_date(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if let Ok(date) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&chrono::Utc));
    }
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}

/// Why a response body could not be read.
enum ReadFailure {
    /// The status and the headers (marked as [`RawResponse::new`] marks them) of a body over the limit.
    TooLarge(StatusCode, Box<HeaderMap>),
    Transport(reqwest::Error),
    /// The client's own timer ran out ([`Reading::Streamed`]).
    TimedOut,
}

/// [`read_body`]; for [`Reading::Streamed`], whose request gave reqwest no deadline, within `timeout`.
async fn read_within(
    reading: Reading,
    timeout: Duration,
    response: reqwest::Response,
    limit: usize,
) -> Result<RawResponse, ReadFailure> {
    match reading {
        Reading::Whole => read_body(response, limit).await,
        Reading::Streamed => {
            tokio::time::timeout(timeout, read_body(response, limit)).await.unwrap_or(Err(ReadFailure::TimedOut))
        }
    }
}

/// Reads the whole body, refusing it as soon as it is known to exceed `limit`.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<RawResponse, ReadFailure> {
    let status = response.status();
    let too_large = |response: &mut reqwest::Response| {
        let headers = std::mem::take(response.headers_mut());
        let (_, headers, _) = RawResponse::new(status, headers, Vec::new()).into_parts();
        ReadFailure::TooLarge(status, Box::new(headers))
    };
    let declared = response.content_length().map(|length| usize::try_from(length).unwrap_or(usize::MAX));
    if declared.is_some_and(|length| length > limit) {
        return Err(too_large(&mut response));
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit).min(MAX_PREALLOCATION));
    while let Some(chunk) = response.chunk().await.map_err(ReadFailure::Transport)? {
        if chunk.len() > limit.saturating_sub(body.len()) {
            return Err(too_large(&mut response));
        }
        body.extend_from_slice(&chunk);
    }
    let headers = std::mem::take(response.headers_mut());
    Ok(RawResponse::new(status, headers, body))
}

/// A secret whose `Debug` output hides it.
#[derive(Clone)]
struct Secret(String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&Redacted, f)
    }
}

/// Prints `"<redacted>"`.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}
