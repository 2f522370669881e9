//! Credentials: the security schemes the generated crate describes, the credentials configured for them, and
//! how [`Client::send`](super::client::Client::send) chooses and applies them to each request.
//!
//! The generated `auth` module holds the API description's schemes (`SCHEMES`, a scheme's id is its index),
//! the requirement of operations that state none (`SECURITY`), and one `ClientBuilder` method per scheme that
//! stores a [`Credential`] under the scheme's id. An operation with a requirement of its own states it with
//! [`Request::security`]. When a request is sent, the first alternative of its requirement (in document order)
//! whose schemes all have a credential is applied, every scheme of it; when none has, a request whose
//! requirement allows anonymous access (an empty alternative) goes out without credentials, and any other is
//! refused before anything is sent, naming the builder methods that would satisfy it.
//!
//! Credentials never appear in `Debug` output or in errors, and header values carrying them are marked
//! sensitive. A client that builds its own `reqwest` client follows redirects only within the origin of the
//! request (see [`same_origin_redirects`]), so no credential reaches another host.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Url;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};

use super::error::{BoxError, InvalidRequest, TransportError};
use super::request::{Request, Security, encode_pairs, header_value};

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<String, BoxError>> + Send + 'a>>;

/// The longest token endpoint response read, in bytes.
const MAX_TOKEN_RESPONSE: usize = 64 * 1024;

/// The longest time before its expiry that a fetched token is replaced.
const MAX_EXPIRY_MARGIN: Duration = Duration::from_secs(30);

/// Characters of a client id or secret that are percent-encoded before HTTP basic encoding (RFC 6749, 2.3.1).
const FORM: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// One security scheme of the API description, as the generated `auth` module declares it.
#[derive(Debug, Clone, Copy)]
pub struct Scheme {
    name: &'static str,
    method: &'static str,
    kind: SchemeKind,
}

/// What a scheme sends.
#[derive(Debug, Clone, Copy)]
enum SchemeKind {
    Header(&'static str),
    Query(&'static str),
    Cookie(&'static str),
    Basic,
    Bearer,
    /// A bearer token the client can also fetch from the token URL of a flow it runs.
    OAuth2 {
        client_credentials_url: Option<&'static str>,
        password_url: Option<&'static str>,
        scopes: &'static [&'static str],
    },
}

impl Scheme {
    /// An API key in the header `header`. `name` is the scheme's key in the API description and `method` the
    /// `ClientBuilder` method that configures it; both only name the scheme in errors.
    pub const fn api_key_header(name: &'static str, method: &'static str, header: &'static str) -> Scheme {
        Scheme { name, method, kind: SchemeKind::Header(header) }
    }

    /// An API key in the query parameter `parameter`.
    pub const fn api_key_query(name: &'static str, method: &'static str, parameter: &'static str) -> Scheme {
        Scheme { name, method, kind: SchemeKind::Query(parameter) }
    }

    /// An API key in the cookie `cookie`.
    pub const fn api_key_cookie(name: &'static str, method: &'static str, cookie: &'static str) -> Scheme {
        Scheme { name, method, kind: SchemeKind::Cookie(cookie) }
    }

    /// HTTP basic: `Authorization: Basic <user:password in base64>`.
    pub const fn basic(name: &'static str, method: &'static str) -> Scheme {
        Scheme { name, method, kind: SchemeKind::Basic }
    }

    /// A token sent as `Authorization: Bearer <token>`: HTTP bearer, OAuth 2 and OpenID Connect.
    pub const fn bearer(name: &'static str, method: &'static str) -> Scheme {
        Scheme { name, method, kind: SchemeKind::Bearer }
    }

    /// OAuth 2 with flows the client runs: a bearer token, which the client can also fetch itself, asking for
    /// `scopes`, from the token URL of the client credentials flow or of the resource owner password flow. A
    /// relative token URL is resolved against the base URL, the way a relative server URL is.
    pub const fn oauth2(
        name: &'static str,
        method: &'static str,
        client_credentials_url: Option<&'static str>,
        password_url: Option<&'static str>,
        scopes: &'static [&'static str],
    ) -> Scheme {
        Scheme { name, method, kind: SchemeKind::OAuth2 { client_credentials_url, password_url, scopes } }
    }

    /// The scheme's key in the API description.
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// Supplies a token or API key each time a request needs one: for credentials that rotate, or that come from
/// an OAuth 2 flow the caller runs.
///
/// Any `Fn() -> impl Future<Output = Result<String, E>>` closure is one; it is called once per request (and
/// should cache what it fetches).
pub trait TokenProvider: Send + Sync {
    /// The current secret.
    fn token(&self) -> TokenFuture<'_>;
}

impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync,
    Fut: Future<Output = Result<String, E>> + Send + 'static,
    E: Into<BoxError>,
{
    fn token(&self) -> TokenFuture<'_> {
        let future = self();
        Box::pin(async move { future.await.map_err(Into::into) })
    }
}

/// A credential for one scheme, as the generated `ClientBuilder` methods store it. Its `Debug` output hides it.
#[derive(Clone)]
pub struct Credential(Kind);

#[derive(Clone)]
enum Kind {
    Secret(String),
    Basic { user: String, password: String },
    Provider(Arc<dyn TokenProvider>),
    Fetched(Arc<FetchedToken>),
}

impl Credential {
    /// An API key or a token.
    pub fn secret(secret: impl Into<String>) -> Credential {
        Credential(Kind::Secret(secret.into()))
    }

    /// A user and a password, for HTTP basic.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Credential {
        Credential(Kind::Basic { user: user.into(), password: password.into() })
    }

    /// A key or token asked of `provider` for every request.
    pub fn provider(provider: impl TokenProvider + 'static) -> Credential {
        Credential(Kind::Provider(Arc::new(provider)))
    }

    /// An OAuth 2 client id and secret: the client fetches a token from the scheme's token URL, keeps it until it
    /// expires, and fetches a new one once when the API answers 401.
    pub fn client_credentials(client_id: impl Into<String>, client_secret: impl Into<String>) -> Credential {
        let grant = Grant::ClientCredentials { client_id: client_id.into(), client_secret: client_secret.into() };
        Credential(Kind::Fetched(Arc::new(FetchedToken { grant, cached: tokio::sync::Mutex::new(None) })))
    }

    /// A resource owner's user name and password (OAuth 2's password flow): the client exchanges them for a token
    /// at the scheme's token URL, keeps it until it expires, and fetches a new one once when the API answers 401.
    pub fn password(username: impl Into<String>, password: impl Into<String>) -> Credential {
        let grant = Grant::Password { username: username.into(), password: password.into() };
        Credential(Kind::Fetched(Arc::new(FetchedToken { grant, cached: tokio::sync::Mutex::new(None) })))
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match &self.0 {
            Kind::Secret(_) => "secret",
            Kind::Basic { .. } => "basic",
            Kind::Provider(_) => "provider",
            Kind::Fetched(fetched) => match fetched.grant {
                Grant::ClientCredentials { .. } => "client credentials",
                Grant::Password { .. } => "password",
            },
        };
        write!(f, "Credential({kind}, \"<redacted>\")")
    }
}

/// What an OAuth 2 token is fetched with, and the token last fetched.
struct FetchedToken {
    grant: Grant,
    /// Held while a token is fetched, so that concurrent requests wait for one fetch.
    cached: tokio::sync::Mutex<Option<Token>>,
}

/// An OAuth 2 grant the client runs itself.
enum Grant {
    /// RFC 6749, 4.4: the client authenticates with HTTP basic.
    ClientCredentials { client_id: String, client_secret: String },
    /// RFC 6749, 4.3: the resource owner's credentials in the form, from a public client (no client secret).
    Password { username: String, password: String },
}

struct Token {
    /// `Bearer <token>`, marked sensitive.
    authorization: HeaderValue,
    /// When to fetch a new one; never, without `expires_in`.
    renew_at: Option<Instant>,
}

/// What a client needs to reach a token endpoint.
pub(crate) struct TokenEndpoint<'a> {
    pub(crate) http: &'a reqwest::Client,
    /// The client's base URL, without a trailing `/`.
    pub(crate) base_url: &'a str,
    pub(crate) timeout: Duration,
}

/// The credentials configured for a client, by scheme id.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    by_scheme: BTreeMap<usize, Credential>,
}

/// What applying credentials to a request did.
#[derive(Debug, Default)]
pub(crate) struct Applied {
    /// The scheme whose fetched OAuth 2 token may be renewed once when the API answers 401.
    pub(crate) renewable: Option<usize>,
    /// Whether a credential went into the URL, which errors must then leave out.
    pub(crate) secret_in_url: bool,
}

impl Credentials {
    pub(crate) fn set(&mut self, scheme: usize, credential: Credential) {
        self.by_scheme.insert(scheme, credential);
    }

    /// Refuses a key or token that its scheme cannot carry (a line break in a header), when the client is built;
    /// the message names the scheme, never the value.
    pub(crate) fn check(&self) -> Result<(), String> {
        for (&id, Credential(credential)) in &self.by_scheme {
            let Some(scheme) = crate::auth::SCHEMES.get(id) else { continue };
            let text = match (credential, scheme.kind) {
                (Kind::Secret(secret), SchemeKind::Cookie(_)) if secret.contains(';') => {
                    return Err(format!("credentials for {:?}: a cookie cannot carry `;`", scheme.name));
                }
                (Kind::Secret(secret), SchemeKind::Header(_) | SchemeKind::Cookie(_)) => secret.clone(),
                (Kind::Secret(secret), SchemeKind::Bearer | SchemeKind::OAuth2 { .. }) => {
                    format!("Bearer {secret}")
                }
                // A query value is percent-encoded, and basic credentials are base64: they carry anything.
                _ => continue,
            };
            header_value(&text).map_err(|what| format!("credentials for {:?}: {what}", scheme.name))?;
        }
        Ok(())
    }

    /// Adds the credentials of the first alternative of `security` (the operation's requirement, else the API
    /// description's) whose schemes are all configured to the request's headers, query and cookies.
    pub(crate) async fn apply(
        &self,
        endpoint: &TokenEndpoint<'_>,
        security: Option<Security>,
        headers: &mut HeaderMap,
        query: &mut Vec<(String, String)>,
        cookies: &mut Vec<(String, String)>,
    ) -> Result<Applied, InvalidRequest> {
        let requirement = security.unwrap_or(crate::auth::SECURITY);
        let mut applied = Applied::default();
        let chosen = requirement.iter().find(|alternative| {
            !alternative.is_empty() && alternative.iter().all(|id| self.by_scheme.contains_key(id))
        });
        let Some(alternative) = chosen else {
            if requirement.is_empty() || requirement.iter().any(|alternative| alternative.is_empty()) {
                return Ok(applied);
            }
            return Err(missing(requirement));
        };
        for &id in alternative.iter() {
            let (Some(scheme), Some(Credential(credential))) = (crate::auth::SCHEMES.get(id), self.by_scheme.get(&id))
            else {
                continue;
            };
            let field = || format!("credentials for {:?}", scheme.name);
            let secret = match credential {
                Kind::Secret(secret) => secret.clone(),
                Kind::Basic { user, password } => format!("{user}:{password}"),
                Kind::Provider(provider) => provider.token().await.map_err(|error| {
                    InvalidRequest::in_field(field(), format!("the token provider failed: {error}"))
                })?,
                Kind::Fetched(client) => {
                    // A request that sets its own `Authorization` keeps it, and has no fetched token to renew.
                    if !headers.contains_key(header::AUTHORIZATION) {
                        let authorization = client.authorization(endpoint, scheme, None).await?;
                        headers.insert(header::AUTHORIZATION, authorization);
                        applied.renewable = Some(id);
                    }
                    continue;
                }
            };
            match scheme.kind {
                SchemeKind::Header(name) => {
                    let name = HeaderName::from_bytes(name.as_bytes())
                        .map_err(|_| InvalidRequest::in_field(field(), "the API key's header name is not valid"))?;
                    set_header(headers, name, sensitive(&secret, field)?);
                }
                SchemeKind::Query(name) => {
                    query.push((name.to_owned(), secret));
                    applied.secret_in_url = true;
                }
                SchemeKind::Cookie(name) => {
                    if secret.contains(';') || secret.chars().any(char::is_control) {
                        return Err(InvalidRequest::in_field(
                            field(),
                            "the key contains a character a cookie cannot carry",
                        ));
                    }
                    cookies.push((name.to_owned(), secret));
                }
                SchemeKind::Basic => {
                    let value = sensitive(&format!("Basic {}", base64(secret.as_bytes())), field)?;
                    set_header(headers, header::AUTHORIZATION, value);
                }
                SchemeKind::Bearer | SchemeKind::OAuth2 { .. } => {
                    set_header(headers, header::AUTHORIZATION, sensitive(&format!("Bearer {secret}"), field)?);
                }
            }
        }
        Ok(applied)
    }

    /// A new `Authorization` value for the OAuth 2 scheme `id` after the API refused `stale`: fetched again
    /// unless another request has already replaced it.
    pub(crate) async fn renew(
        &self,
        endpoint: &TokenEndpoint<'_>,
        id: usize,
        stale: Option<&HeaderValue>,
    ) -> Result<Option<HeaderValue>, InvalidRequest> {
        let (Some(scheme), Some(Credential(Kind::Fetched(client)))) =
            (crate::auth::SCHEMES.get(id), self.by_scheme.get(&id))
        else {
            return Ok(None);
        };
        client.authorization(endpoint, scheme, stale).await.map(Some)
    }
}

impl fmt::Debug for Credentials {
    /// The names of the configured schemes, never their credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.by_scheme.keys().map(|&id| crate::auth::SCHEMES.get(id).map_or("?", |scheme| scheme.name));
        f.debug_list().entries(names).finish()
    }
}

impl FetchedToken {
    /// The `Authorization` value of the cached token, fetching one when there is none, it is about to expire, or
    /// it is `stale` (refused by the API).
    async fn authorization(
        &self,
        endpoint: &TokenEndpoint<'_>,
        scheme: &Scheme,
        stale: Option<&HeaderValue>,
    ) -> Result<HeaderValue, InvalidRequest> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref() {
            let expired = token.renew_at.is_some_and(|at| Instant::now() >= at);
            let refused = stale.is_some_and(|stale| stale == token.authorization);
            if !expired && !refused {
                return Ok(token.authorization.clone());
            }
        }
        *cached = None;
        let token = self.fetch(endpoint, scheme).await?;
        let authorization = token.authorization.clone();
        *cached = Some(token);
        Ok(authorization)
    }

    /// Asks the token endpoint of the grant's flow for a token (RFC 6749, 4.4 or 4.3).
    async fn fetch(&self, endpoint: &TokenEndpoint<'_>, scheme: &Scheme) -> Result<Token, InvalidRequest> {
        let field = || format!("credentials for {:?}", scheme.name);
        let fail = |what: String| InvalidRequest::in_field(field(), what);
        let SchemeKind::OAuth2 { client_credentials_url, password_url, scopes } = scheme.kind else {
            return Err(fail("the scheme has no token URL".to_owned()));
        };
        let (token_url, grant_type) = match &self.grant {
            Grant::ClientCredentials { .. } => (client_credentials_url, "client_credentials"),
            Grant::Password { .. } => (password_url, "password"),
        };
        let Some(token_url) = token_url else {
            return Err(fail(format!("the scheme declares no token URL for the {grant_type} flow")));
        };
        let url = token_endpoint_url(endpoint.base_url, token_url)
            .map_err(|error| fail(format!("the token URL is not valid: {error}")))?;
        let mut form = vec![("grant_type".to_owned(), grant_type.to_owned())];
        let mut request = endpoint.http.post(url);
        match &self.grant {
            Grant::ClientCredentials { client_id, client_secret } => {
                let user =
                    format!("{}:{}", utf8_percent_encode(client_id, FORM), utf8_percent_encode(client_secret, FORM));
                let authorization = sensitive(&format!("Basic {}", base64(user.as_bytes())), field)?;
                request = request.header(header::AUTHORIZATION, authorization);
            }
            Grant::Password { username, password } => {
                form.push(("username".to_owned(), username.clone()));
                form.push(("password".to_owned(), password.clone()));
            }
        }
        if !scopes.is_empty() {
            form.push(("scope".to_owned(), scopes.join(" ")));
        }
        let sent = request
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(encode_pairs(&form))
            .timeout(endpoint.timeout)
            .send()
            .await;
        let unreachable = |error: reqwest::Error| {
            fail(format!("the token endpoint: {}", TransportError::from_reqwest(error.without_url())))
        };
        let mut response = sent.map_err(unreachable)?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(unreachable)? {
            if body.len() + chunk.len() > MAX_TOKEN_RESPONSE {
                return Err(fail(format!("the token endpoint's response is larger than {MAX_TOKEN_RESPONSE} bytes")));
            }
            body.extend_from_slice(&chunk);
        }
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if !status.is_success() {
            // Only the OAuth error code is quoted: the rest of the body is the server's to word.
            let code = json
                .get("error")
                .and_then(serde_json::Value::as_str)
                .filter(|code| code.len() <= 64 && code.bytes().all(|byte| byte.is_ascii_graphic() || byte == b' '));
            return Err(fail(match code {
                Some(code) => format!("the token endpoint answered {status} ({code})"),
                None => format!("the token endpoint answered {status}"),
            }));
        }
        let Some(access_token) = json.get("access_token").and_then(serde_json::Value::as_str) else {
            return Err(fail("the token endpoint's response has no access_token".to_owned()));
        };
        let token_type = json.get("token_type").and_then(serde_json::Value::as_str).unwrap_or("bearer");
        if !token_type.eq_ignore_ascii_case("bearer") {
            return Err(fail("the token endpoint issued a token that is not a bearer token".to_owned()));
        }
        let lifetime = json
            .get("expires_in")
            .and_then(|value| value.as_f64().or_else(|| value.as_str().and_then(|text| text.trim().parse().ok())));
        let renew_at = lifetime.filter(|seconds| seconds.is_finite() && *seconds >= 0.0).and_then(|seconds| {
            let lifetime = Duration::from_secs_f64(seconds.min(1e9));
            Instant::now().checked_add(lifetime - (lifetime / 10).min(MAX_EXPIRY_MARGIN))
        });
        Ok(Token { authorization: sensitive(&format!("Bearer {access_token}"), field)?, renew_at })
    }
}

/// A token URL as the document writes it, resolved against the client's base URL (RFC 3986, the base taken as a
/// directory): `/oauth/token` is at the base URL's origin, `oauth/token` under its path, an absolute URL is itself.
fn token_endpoint_url(base_url: &str, token_url: &str) -> Result<Url, String> {
    Url::parse(&format!("{}/", base_url.trim_end_matches('/')))
        .and_then(|base| base.join(token_url))
        .map_err(|error| error.to_string())
}

impl Request {
    /// States what the operation requires, overriding the API description's default: alternatives of scheme
    /// ids (see the module documentation). `&[]` sends no credentials.
    pub fn security(&mut self, requirement: Security) -> &mut Self {
        self.security = Some(requirement);
        self
    }
}

/// The redirect policy of a client that builds its own `reqwest` client: redirects are followed (at most 10)
/// only while they stay within the origin (scheme, host and port) of the request, so that no credential, in
/// whatever header, reaches another server; a redirect elsewhere comes back as the `3xx` response.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_none_or(|first| first.origin() == attempt.url().origin());
        if !same_origin {
            attempt.stop()
        } else if attempt.previous().len() > 10 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

/// Why a request that needs credentials has none it can use: the builder methods of each alternative.
fn missing(requirement: Security) -> InvalidRequest {
    let alternatives: Vec<String> = requirement
        .iter()
        .map(|alternative| {
            let schemes: Vec<String> = alternative
                .iter()
                .filter_map(|&id| crate::auth::SCHEMES.get(id))
                .map(|scheme| format!("{:?} (ClientBuilder::{})", scheme.name, scheme.method))
                .collect();
            schemes.join(" together with ")
        })
        .collect();
    InvalidRequest::in_field(
        "credentials",
        format!("the operation requires the security scheme {}, and none is configured", alternatives.join(", or ")),
    )
}

/// Sets a header unless the request set it itself.
fn set_header(headers: &mut HeaderMap, name: HeaderName, value: HeaderValue) {
    if !headers.contains_key(&name) {
        headers.insert(name, value);
    }
}

/// A header value marked sensitive; the error names the field, never the value.
fn sensitive(text: &str, field: impl Fn() -> String) -> Result<HeaderValue, InvalidRequest> {
    let mut value = header_value(text).map_err(|what| InvalidRequest::in_field(field(), what))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648, 4).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
