//! Credentials as the API description declares them, over loopback HTTP: the crate generated from
//! `tests/generator/fixtures/security.yaml` (`tests/security-client/`, every kind of security scheme) against the
//! scripted server. Each scheme kind, alternatives and combined schemes, operations that need none, credentials missing
//! (refused before sending), token providers, the OAuth 2 client credentials flow (fetched, cached, renewed after
//! expiry and once on 401), the password flow (its token URL relative to the server), same-origin redirects, and
//! secrets absent from `Debug`, `Display` and errors.

use std::fmt::Debug;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use client_tests::server::{Recorded, Reply, TestServer};
use security_client::models::PostOauthBody;
use security_client::operations::GetQueryParams;
use security_client::runtime::{BoxError, RetryPolicy};
use security_client::{Client, ClientBuilder, Error};

/// The longest any one test may take.
const LIMIT: Duration = Duration::from_secs(20);

/// Every secret the tests configure: none may show up in `Debug`, `Display` or an error.
const SECRETS: &[&str] =
    &["hdr-sekrit-1", "app-sekrit-2", "qry-sekrit-3", "ck-sekrit-4", "pw-sekrit-5", "brr-sekrit-6"];

async fn bounded<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, test).await.expect("the test took too long")
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(server.url()).timeout(Duration::from_secs(5)).retry(RetryPolicy::none())
}

/// A client with every static credential configured.
fn everything(server: &TestServer) -> Client {
    builder(server)
        .header_key(SECRETS[0])
        .app_id_key(SECRETS[1])
        .query_key(SECRETS[2])
        .cookie_key(SECRETS[3])
        .basic_auth("user", SECRETS[4])
        .bearer_token(SECRETS[5])
        .build()
        .expect("client builds")
}

fn last(server: &TestServer) -> Recorded {
    server.requests().pop().expect("a request arrived")
}

/// Fails when a secret shows up in any text a person could read.
fn assert_hidden(texts: &[String]) {
    for text in texts {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} leaked into {text:?}");
        }
    }
}

fn error_texts<E: Debug>(error: &Error<E>) -> Vec<String> {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        source = cause.source();
    }
    texts
}

#[tokio::test]
async fn each_scheme_kind_travels_where_the_document_says() {
    bounded(async {
        let server = TestServer::start().await;
        let client = everything(&server);

        // The document's default: the first alternative (the header key) and nothing else.
        client.get_default().await.expect("default");
        let request = last(&server);
        assert_eq!(request.header("x-api-key"), Some(SECRETS[0]));
        assert_eq!(request.header("authorization"), None);
        assert_eq!(request.query(), None);

        // API key in the query, after the operation's own parameters.
        client.get_query(&GetQueryParams { q: Some("a b".to_owned()), ..Default::default() }).await.expect("query");
        let request = last(&server);
        assert_eq!(request.query(), Some(format!("q=a%20b&api_key={}", SECRETS[2]).as_str()));
        assert_eq!(request.header("x-api-key"), None);

        // API key in a cookie.
        client.get_cookie().await.expect("cookie");
        assert_eq!(last(&server).header("cookie"), Some(format!("session={}", SECRETS[3]).as_str()));

        // HTTP basic.
        client.get_basic().await.expect("basic");
        assert_eq!(last(&server).header("authorization"), Some("Basic dXNlcjpwdy1zZWtyaXQtNQ=="));

        // Two schemes together.
        client.get_both().await.expect("both");
        let request = last(&server);
        assert_eq!(request.header("x-api-key"), Some(SECRETS[0]));
        assert_eq!(request.header("x-app-id"), Some(SECRETS[1]));
        assert_eq!(request.header("authorization"), None);
    })
    .await;
}

#[tokio::test]
async fn bearer_oauth2_and_openid_connect_tokens_are_bearer_tokens() {
    bounded(async {
        let server = TestServer::start().await;
        let client = builder(&server)
            .bearer_token("b-token")
            .oauth_token("o-token")
            .partner_token("p-token")
            .oidc_token("i-token")
            .build()
            .expect("client builds");
        client.get_default().await.expect("default: the bearer alternative");
        assert_eq!(last(&server).header("authorization"), Some("Bearer b-token"));
        client.post_oauth(&PostOauthBody::default()).await.expect("oauth");
        assert_eq!(last(&server).header("authorization"), Some("Bearer o-token"));
        client.get_partner().await.expect("partner");
        assert_eq!(last(&server).header("authorization"), Some("Bearer p-token"));
        client.get_oidc().await.expect("oidc");
        assert_eq!(last(&server).header("authorization"), Some("Bearer i-token"));
    })
    .await;
}

#[tokio::test]
async fn the_first_configured_alternative_wins() {
    bounded(async {
        let server = TestServer::start().await;
        // Only the second alternative of the default is configured.
        let client = builder(&server).bearer_token("b-token").build().expect("client builds");
        client.get_default().await.expect("default");
        let request = last(&server);
        assert_eq!(request.header("authorization"), Some("Bearer b-token"));
        assert_eq!(request.header("x-api-key"), None);

        // The header key alone does not satisfy "header key with app id"; basic is the next alternative.
        let client = builder(&server).header_key(SECRETS[0]).basic_auth("user", SECRETS[4]).build().expect("builds");
        client.get_both().await.expect("both");
        let request = last(&server);
        assert_eq!(request.header("x-api-key"), None, "an alternative is sent whole or not at all");
        assert_eq!(request.header("authorization"), Some("Basic dXNlcjpwdy1zZWtyaXQtNQ=="));

        // `partner` first, the `bearer` scheme (a $ref to bearerAuth, renamed bearer_token_2) second.
        let client = builder(&server).bearer_token_2("second").build().expect("builds");
        client.get_partner().await.expect("partner");
        assert_eq!(last(&server).header("authorization"), Some("Bearer second"));
    })
    .await;
}

#[tokio::test]
async fn operations_that_need_nothing_send_nothing() {
    bounded(async {
        let server = TestServer::start().await;
        let client = everything(&server);
        for call in [client.get_public(), client.get_mtls()] {
            call.await.expect("anonymous");
            let request = last(&server);
            for name in ["authorization", "x-api-key", "x-app-id", "cookie"] {
                assert_eq!(request.header(name), None, "{name} sent to {}", request.target);
            }
            assert_eq!(request.query(), None);
        }

        // Optional credentials: sent when configured, and no refusal when not.
        client.get_optional().await.expect("optional");
        assert_eq!(last(&server).header("x-api-key"), Some(SECRETS[0]));
        let anonymous = builder(&server).build().expect("builds");
        anonymous.get_optional().await.expect("optional without credentials");
        assert_eq!(last(&server).header("x-api-key"), None);
        anonymous.get_public().await.expect("public without credentials");
    })
    .await;
}

#[tokio::test]
async fn missing_credentials_are_refused_before_sending() {
    bounded(async {
        let server = TestServer::start().await;
        let client = builder(&server).cookie_key(SECRETS[3]).build().expect("builds");
        let error = client.get_default().await.expect_err("no credentials for the default");
        let Error::InvalidRequest(refusal) = &error else { panic!("expected a refusal, got {error:?}") };
        assert_eq!(refusal.field(), Some("credentials"));
        let message = error.to_string();
        assert!(message.contains(r#""headerKey" (ClientBuilder::header_key)"#), "{message}");
        assert!(message.contains(r#""bearerAuth" (ClientBuilder::bearer_token)"#), "{message}");

        let error = client.get_both().await.expect_err("neither alternative");
        let message = error.to_string();
        assert!(
            message.contains(
                r#""headerKey" (ClientBuilder::header_key) together with "appId" (ClientBuilder::app_id_key), or "basicAuth" (ClientBuilder::basic_auth)"#
            ),
            "{message}"
        );
        assert_eq!(server.request_count(), 0, "nothing was sent");
    })
    .await;
}

#[tokio::test]
async fn a_token_provider_is_asked_for_every_request() {
    bounded(async {
        let server = TestServer::start().await;
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&calls);
        let client = builder(&server)
            .header_key_provider(move || {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                async move { Ok::<_, BoxError>(format!("rotating-{n}")) }
            })
            .build()
            .expect("builds");
        client.get_default().await.expect("first");
        client.get_default().await.expect("second");
        let keys: Vec<_> = server.requests().iter().map(|r| r.header("x-api-key").map(str::to_owned)).collect();
        assert_eq!(keys, [Some("rotating-1".to_owned()), Some("rotating-2".to_owned())]);
        // Operations that need nothing do not ask.
        client.get_public().await.expect("public");
        assert_eq!(calls.load(Ordering::SeqCst), 2);

        let failing = builder(&server)
            .bearer_token_provider(|| async { Err::<String, _>("vault is sealed") })
            .build()
            .expect("builds");
        let error = failing.get_default().await.expect_err("the provider fails");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert!(error.to_string().contains("vault is sealed"), "{error}");
        assert_eq!(server.request_count(), 3);
    })
    .await;
}

fn token(access: &str, expires_in: u64) -> Reply {
    Reply::json(200, &format!(r#"{{"access_token":"{access}","token_type":"Bearer","expires_in":{expires_in}}}"#))
}

fn oauth_client(server: &TestServer) -> Client {
    builder(server).oauth_client_credentials("my-client", "pw-sekrit-5").build().expect("builds")
}

#[tokio::test]
async fn client_credentials_are_exchanged_for_a_cached_token() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(token("t-1", 3600));
        let client = oauth_client(&server);
        client.post_oauth(&PostOauthBody::default()).await.expect("first");
        client.post_oauth(&PostOauthBody::default()).await.expect("second, with the cached token");
        let requests = server.requests();
        assert_eq!(requests.len(), 3, "one token request, two calls");
        let exchange = &requests[0];
        assert_eq!((exchange.method.as_str(), exchange.path()), ("POST", "/oauth/token"));
        assert_eq!(exchange.header("content-type"), Some("application/x-www-form-urlencoded"));
        // `my-client:pw-sekrit-5` in base64.
        assert_eq!(exchange.header("authorization"), Some("Basic bXktY2xpZW50OnB3LXNla3JpdC01"));
        assert_eq!(exchange.body, b"grant_type=client_credentials&scope=read%20write");
        for call in &requests[1..] {
            assert_eq!(call.path(), "/oauth");
            assert_eq!(call.header("authorization"), Some("Bearer t-1"));
        }
    })
    .await;
}

#[tokio::test]
async fn an_expired_token_is_fetched_again() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(token("t-1", 1));
        let client = oauth_client(&server);
        client.post_oauth(&PostOauthBody::default()).await.expect("first");
        tokio::time::sleep(Duration::from_millis(1100)).await;
        server.push(token("t-2", 3600));
        client.post_oauth(&PostOauthBody::default()).await.expect("after expiry");
        let requests = server.requests();
        let paths: Vec<&str> = requests.iter().map(Recorded::path).collect();
        assert_eq!(paths, ["/oauth/token", "/oauth", "/oauth/token", "/oauth"]);
        assert_eq!(requests[3].header("authorization"), Some("Bearer t-2"));
    })
    .await;
}

#[tokio::test]
async fn a_refused_token_is_renewed_once() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(token("t-1", 3600)).push(Reply::status(401)).push(token("t-2", 3600));
        let client = oauth_client(&server);
        let body = PostOauthBody { name: Some("x".to_owned()), ..Default::default() };
        client.post_oauth(&body).await.expect("renewed after the 401");
        let requests = server.requests();
        let paths: Vec<&str> = requests.iter().map(Recorded::path).collect();
        assert_eq!(paths, ["/oauth/token", "/oauth", "/oauth/token", "/oauth"]);
        assert_eq!(requests[1].header("authorization"), Some("Bearer t-1"));
        assert_eq!(requests[3].header("authorization"), Some("Bearer t-2"));
        assert_eq!(requests[3].body, br#"{"name":"x"}"#, "the body is sent again");

        // Only once: a second 401 comes back.
        server.push(Reply::status(401)).push(token("t-3", 3600)).push(Reply::status(401));
        let error = client.post_oauth(&body).await.expect_err("refused twice");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(401));
        assert_eq!(server.request_count(), 4 + 3);
    })
    .await;
}

#[tokio::test]
async fn a_token_endpoint_failure_is_an_error_without_secrets() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::json(401, r#"{"error":"invalid_client","error_description":"pw-sekrit-5 is wrong"}"#));
        let client = oauth_client(&server);
        let error = client.post_oauth(&PostOauthBody::default()).await.expect_err("no token");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("\"oauth\"") && message.contains("invalid_client"), "{message}");
        assert_hidden(&error_texts(&error));
        assert_eq!(server.request_count(), 1, "the API is not called without a token");
    })
    .await;
}

#[tokio::test]
async fn the_password_flow_fetches_its_token_from_a_url_relative_to_the_server() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(token("t-1", 3600));
        // The server is at `/v1`: the token URL `auth/token` is resolved against it, as a relative server URL is
        // against the origin.
        let client = Client::builder()
            .base_url(format!("{}/v1", server.url()))
            .retry(RetryPolicy::none())
            .login_password("ada", SECRETS[4])
            .build()
            .expect("builds");
        client.get_login().await.expect("first");
        client.get_login().await.expect("second, with the cached token");
        let requests = server.requests();
        let paths: Vec<&str> = requests.iter().map(Recorded::path).collect();
        assert_eq!(paths, ["/v1/auth/token", "/v1/login", "/v1/login"]);
        let exchange = &requests[0];
        assert_eq!(exchange.method, "POST");
        assert_eq!(exchange.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(exchange.header("authorization"), None, "a public client sends no client secret");
        assert_eq!(exchange.body, b"grant_type=password&username=ada&password=pw-sekrit-5&scope=admin");
        assert_eq!(requests[2].header("authorization"), Some("Bearer t-1"));
        assert_hidden(&[format!("{client:?}")]);
    })
    .await;
}

#[tokio::test]
async fn a_token_url_from_the_root_is_at_the_servers_origin() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(token("t-1", 3600));
        let client = Client::builder()
            .base_url(format!("{}/v1", server.url()))
            .retry(RetryPolicy::none())
            .oauth_client_credentials("my-client", SECRETS[4])
            .build()
            .expect("builds");
        client.post_oauth(&PostOauthBody::default()).await.expect("called");
        let paths: Vec<String> = server.requests().iter().map(|r| r.path().to_owned()).collect();
        assert_eq!(paths, ["/oauth/token", "/v1/oauth"]);
    })
    .await;
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    bounded(async {
        let server = TestServer::start().await;
        let builder = builder(&server).header_key(SECRETS[0]).query_key(SECRETS[2]).basic_auth("user", SECRETS[4]);
        let client = builder.clone().build().expect("builds");
        let debug = [format!("{builder:?}"), format!("{client:?}")];
        assert!(debug[1].contains(r#"credentials: ["headerKey", "queryKey", "basicAuth"]"#), "{}", debug[1]);
        assert_hidden(&debug);

        // A key a header cannot carry is refused when the client is built, without repeating it.
        let refused = Client::builder().header_key(format!("{}\r\nInjected: yes", SECRETS[0])).build();
        let message = refused.expect_err("a line break is refused").to_string();
        assert_eq!(message, r#"credentials for "headerKey": value contains a line break"#);

        // A transport error of a request whose URL carries the query key.
        server.set_default(Reply::Reset);
        let error = client.get_query(&GetQueryParams::default()).await.expect_err("reset");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        assert_hidden(&error_texts(&error));

        // A declared-or-not error status.
        server.set_default(Reply::text(500, "text/plain", "boom"));
        let error = client.get_basic().await.expect_err("500");
        assert_hidden(&error_texts(&error));
    })
    .await;
}

#[tokio::test]
async fn redirects_are_followed_only_within_the_origin() {
    bounded(async {
        let server = TestServer::start().await;
        let elsewhere = TestServer::start().await;
        let client = everything(&server);

        server.push(Reply::status(307).with_header("Location", "/moved"));
        client.get_default().await.expect("a same-origin redirect is followed");
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[1].path(), "/moved");
        assert_eq!(requests[1].header("x-api-key"), Some(SECRETS[0]));

        server.push(Reply::status(307).with_header("Location", &format!("{}/stolen", elsewhere.url())));
        let error = client.get_default().await.expect_err("the redirect comes back");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(307));
        assert_eq!(elsewhere.request_count(), 0, "nothing reached the other origin");
    })
    .await;
}
