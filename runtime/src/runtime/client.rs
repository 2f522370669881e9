//! The configured client: base URL, credentials, timeout, retries and the response size limit.
//!
//! [`Client::send`] is the one place where a [`Request`] becomes HTTP traffic. It retries only when
//! retrying cannot repeat a side effect the caller did not ask for, and it never buffers more of a
//! response than the configured limit. What a response is read as, and the future an operation method returns,
//! are `call.rs`'s.

use std::convert::Infallible;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use super::auth::{Credential, Credentials, TokenEndpoint, same_origin_redirects};
use super::error::{BoxError, BuildError, Error, InvalidRequest, TransportError};
use super::hooks::{Attempt, Hook, RequestSummary};
use super::request::{Body, Request, encode_pairs, header_value, render_path};
use super::response::RawResponse;
use super::retry::{RetryPolicy, is_idempotent, is_retryable_error, is_retryable_status, retry_after};
use super::server::ServerChoice;

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
                Ok(raw) if inner.strict_decoding => return Ok(Answer::Whole(raw.decoded_strictly())),
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
pub(crate) fn widen<E>(error: Error<Infallible>) -> Error<E> {
    match error {
        Error::InvalidRequest(error) => Error::InvalidRequest(error),
        Error::Transport(error) => Error::Transport(error),
        Error::ResponseTooLarge { status, limit, headers } => Error::ResponseTooLarge { status, limit, headers },
        Error::Api(error) => match *error.body() {},
        Error::UnexpectedStatus(response) => Error::UnexpectedStatus(response),
        Error::Decode(error) => Error::Decode(error),
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
