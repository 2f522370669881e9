//! Fault tests of the generated crate's HTTP runtime against the scripted loopback server.
//!
//! Every test talks only to `127.0.0.1`, is bounded by [`LIMIT`], and sleeps at most about two seconds.

use std::fmt::Debug;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use client_tests::server::{Reply, TestServer, http_date};
use mixpeek::models::{
    NotificationChannel, SlackConfig, WebhookChannelInput, WebhookChannelInputConfigs, WebhookEventType, WebhookInput,
};
use mixpeek::runtime::{
    ApiResponse, Call, Client, ClientBuilder, Error, Request, RetryPolicy, Rules, Server, ServerVariable,
    encode_path_segment, path_param, path_param_named,
};
use reqwest::Method;
use serde_json::{Value, json};

#[path = "../../generator/tests/path_templates/cases.rs"]
mod path_templates;

/// The longest any one test may take.
const LIMIT: Duration = Duration::from_secs(20);

/// A token that must reach the server and nothing else.
const TOKEN: &str = "sekrit-token-4242";

/// Runs `test`, failing it when it takes longer than [`LIMIT`].
async fn bounded<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, test).await.expect("the test took too long")
}

/// Retries with tiny backoffs, so that tests stay fast.
fn quick_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(server.url()).bearer_token(TOKEN).timeout(Duration::from_secs(5)).retry(quick_retries(2))
}

fn client(server: &TestServer) -> Client {
    builder(server).build().expect("building the client")
}

/// What generated code does for an operation declaring 200 (JSON) and 404 (JSON error), with the error arm
/// that its error enum's `ErrorStatuses` impl holds written inline.
fn call(client: &Client, request: Request) -> Call<'_, Value, Value> {
    client.call(request, |raw| match raw.status().as_u16() {
        200 => raw.json(),
        404 => raw.json_error(|body: Value| body),
        _ => raw.unexpected(),
    })
}

async fn get(client: &Client, path: &str) -> Result<ApiResponse<Value>, Error<Value>> {
    call(client, client.request(Method::GET, path)).await
}

async fn post(client: &Client, path: &str) -> Result<ApiResponse<Value>, Error<Value>> {
    let mut request = client.request(Method::POST, path);
    request.json(&json!({"name": "x"}));
    call(client, request).await
}

/// Fails when the token shows up anywhere a person could read an error.
fn assert_token_hidden<E: Debug>(error: &Error<E>) {
    let mut texts = vec![error.to_string(), format!("{error:?}")];
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        texts.push(cause.to_string());
        source = cause.source();
    }
    for text in texts {
        assert!(!text.contains(TOKEN), "the token leaked into {text:?}");
    }
}

#[tokio::test]
async fn retries_503_then_succeeds() {
    bounded(async {
        let server = TestServer::start().await;
        server.push_times(2, Reply::status(503));
        server.set_default(Reply::json(200, r#"{"ok":true}"#));
        let response = get(&client(&server), "/things").await.expect("the third attempt succeeds");
        assert_eq!(response.body(), &json!({"ok": true}));
        assert_eq!(server.request_count(), 3);
    })
    .await;
}

#[tokio::test]
async fn post_is_not_retried_by_default() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::status(503));
        let error = post(&client(&server), "/things").await.expect_err("503 comes back");
        assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn post_is_retried_when_opted_in() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::status(503));
        let policy = RetryPolicy { retry_non_idempotent: true, ..quick_retries(2) };
        let client = builder(&server).retry(policy).build().expect("building the client");
        post(&client, "/things").await.expect("the retry succeeds");
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert_eq!(requests[0].body, requests[1].body, "the body is replayed");
        assert_eq!(requests[1].body, br#"{"name":"x"}"#);
    })
    .await;
}

#[tokio::test]
async fn multipart_is_never_retried() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::status(503));
        let policy = RetryPolicy { retry_non_idempotent: true, ..quick_retries(2) };
        let client = builder(&server).retry(policy).build().expect("building the client");
        let mut request = client.request(Method::PUT, "/upload");
        request.multipart(reqwest::multipart::Form::new().text("field", "value"));
        let error = call(&client, request).await.expect_err("503 comes back");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        let content_type = requests[0].header("content-type").unwrap_or_default();
        assert!(content_type.starts_with("multipart/form-data; boundary="), "{content_type}");
    })
    .await;
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::status(503).with_header("Retry-After", "1"));
        let started = Instant::now();
        get(&client(&server), "/slow").await.expect("the retry succeeds");
        assert!(started.elapsed() >= Duration::from_millis(950), "waited only {:?}", started.elapsed());
        let requests = server.requests();
        assert_eq!(requests.len(), 2);
        assert!(requests[1].at - requests[0].at >= Duration::from_millis(950));
    })
    .await;
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    bounded(async {
        let server = TestServer::start().await;
        let date = http_date(SystemTime::now() + Duration::from_secs(2));
        server.push(Reply::status(429).with_header("Retry-After", &date));
        let started = Instant::now();
        get(&client(&server), "/slow").await.expect("the retry succeeds");
        // The date has whole seconds, so the wait is between one and two seconds.
        assert!(started.elapsed() >= Duration::from_millis(900), "waited only {:?}", started.elapsed());
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

#[tokio::test]
async fn retry_after_is_capped() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::status(503).with_header("Retry-After", "3600"));
        let policy = RetryPolicy { max_retry_after: Duration::from_millis(100), ..quick_retries(2) };
        let client = builder(&server).retry(policy).build().expect("building the client");
        let started = Instant::now();
        get(&client, "/slow").await.expect("the retry succeeds");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

#[tokio::test]
async fn retry_budget_holds_in_a_5xx_storm() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::text(500, "text/plain", "overloaded"));
        let client = builder(&server).retry(quick_retries(3)).build().expect("building the client");
        let error = get(&client, "/storm").await.expect_err("the storm wins");
        assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(500));
        assert_eq!(error.raw_body(), Some(&b"overloaded"[..]));
        assert_eq!(server.request_count(), 4, "one attempt and three retries");
    })
    .await;
}

#[tokio::test]
async fn statuses_that_retrying_cannot_change_are_not_retried() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::json(404, r#"{"message":"no such thing"}"#));
        let error = get(&client(&server), "/missing").await.expect_err("404 comes back");
        let Error::Api(response) = &error else { panic!("expected a declared error, got {error:?}") };
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.body(), &json!({"message": "no such thing"}));
        assert!(error.to_string().contains("no such thing"), "{error}");
        assert_eq!(server.request_count(), 1);

        server.set_default(Reply::status(501));
        let error = get(&client(&server), "/unimplemented").await.expect_err("501 comes back");
        assert_eq!(error.status().map(|status| status.as_u16()), Some(501));
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

#[tokio::test]
async fn timeout_fires_when_the_server_never_answers() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::Hang);
        let client = builder(&server)
            .timeout(Duration::from_millis(300))
            .retry(RetryPolicy::none())
            .build()
            .expect("building the client");
        let started = Instant::now();
        let error = get(&client, "/hang").await.expect_err("the request times out");
        assert!(started.elapsed() < Duration::from_secs(2));
        let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
        assert!(transport.is_timeout());
        assert!(error.is_timeout());
        assert!(error.to_string().contains("timed out"), "{error}");
        assert_token_hidden(&error);

        // Timeouts are retried within the budget.
        let client = builder(&server).timeout(Duration::from_millis(200)).build().expect("building the client");
        let error = get(&client, "/hang").await.expect_err("every attempt times out");
        assert!(error.is_timeout());
        assert_eq!(server.request_count(), 1 + 3);
    })
    .await;
}

#[tokio::test]
async fn connection_reset_is_a_transport_error() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::Reset);
        let once = builder(&server).retry(RetryPolicy::none()).build().expect("building the client");
        let error = get(&once, "/reset").await.expect_err("the connection is reset");
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        assert!(!error.is_timeout());
        assert_token_hidden(&error);

        // A reset is retried for an idempotent request.
        server.push(Reply::Reset).set_default(Reply::ok());
        get(&client(&server), "/reset").await.expect("the retry succeeds");
        assert_eq!(server.request_count(), 1 + 2);
    })
    .await;
}

#[tokio::test]
async fn broken_framing_is_a_transport_error() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::BrokenFraming { declared: 100, body: br#"{"a":"#.to_vec() });
        let once = builder(&server).retry(RetryPolicy::none()).build().expect("building the client");
        let error = get(&once, "/cut").await.expect_err("the body ends early");
        let Error::Transport(transport) = &error else { panic!("expected a transport error, got {error:?}") };
        assert!(transport.is_body());
        assert!(error.to_string().contains("response body"), "{error}");

        // A body cut off is retried for an idempotent request.
        server.push(Reply::BrokenFraming { declared: 100, body: b"{".to_vec() }).set_default(Reply::ok());
        get(&client(&server), "/cut").await.expect("the retry succeeds");
        assert_eq!(server.request_count(), 1 + 2);
    })
    .await;
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_keeping_the_body() {
    bounded(async {
        let server = TestServer::start().await;
        let body = r#"{"channels":[{"configs":[1,2"#;
        server.set_default(Reply::json(200, body));
        let error = get(&client(&server), "/cut").await.expect_err("the JSON is cut");
        let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
        assert_eq!(decode.status().as_u16(), 200);
        assert_eq!(decode.body(), body.as_bytes());
        assert_eq!(error.raw_body(), Some(body.as_bytes()));
        assert!(decode.message().contains("EOF"), "{}", decode.message());
        assert!(error.to_string().starts_with("could not decode the 200 response body"), "{error}");
        assert_eq!(decode.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
    })
    .await;
}

#[tokio::test]
async fn garbage_json_is_a_decode_error_naming_the_path() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::json(200, r#"[[1],[2,"x"]]"#));
        let client = client(&server);
        let raw = client.send::<Value>(client.request(Method::GET, "/numbers")).await.expect("a response");
        let error = raw.json::<Vec<Vec<u64>>, Value>().expect_err("a string is not a number");
        let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
        assert_eq!(decode.path(), "[1][1]");
        assert!(error.to_string().starts_with("could not decode the 200 response body at [1][1]: "), "{error}");

        server.set_default(Reply::json(200, "{not json"));
        let error = get(&client, "/garbage").await.expect_err("garbage is not JSON");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert_eq!(error.raw_body(), Some(&b"{not json"[..]));
    })
    .await;
}

#[tokio::test]
async fn a_wrong_content_type_is_named_in_the_decode_error() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::text(200, "text/html", "<html>maintenance</html>"));
        let error = get(&client(&server), "/page").await.expect_err("HTML is not JSON");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert!(error.to_string().contains("text/html"), "{error}");

        // A JSON body is decoded whatever the content type says.
        server.set_default(Reply::text(200, "text/plain", r#"{"fine":1}"#));
        let response = get(&client(&server), "/page").await.expect("the body is JSON");
        assert_eq!(response.body(), &json!({"fine": 1}));
    })
    .await;
}

#[tokio::test]
async fn an_undeclared_status_keeps_status_headers_and_body() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::text(418, "text/plain", "I'm a teapot!").with_header("X-Trace", "abc"));
        let error = get(&client(&server), "/tea").await.expect_err("418 is not declared");
        let Error::UnexpectedStatus(raw) = &error else { panic!("expected an unexpected status, got {error:?}") };
        assert_eq!(raw.status().as_u16(), 418);
        assert_eq!(raw.headers().get("x-trace").and_then(|v| v.to_str().ok()), Some("abc"));
        assert_eq!(raw.body(), b"I'm a teapot!");
        let message = error.to_string();
        assert!(
            message.starts_with(
                "server answered 418 I'm a teapot, which the API does not declare for this operation (body: 13 bytes"
            ),
            "{message}"
        );
        assert_token_hidden(&error);
    })
    .await;
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_by_content_length() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::Huge { declared: true, bytes: 10 * 1024 * 1024 });
        let client = builder(&server).max_response_bytes(1024).build().expect("building the client");
        let started = Instant::now();
        let error = get(&client, "/huge").await.expect_err("the body is too large");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(
            matches!(error, Error::ResponseTooLarge { status, limit: 1024, .. } if status.as_u16() == 200),
            "{error:?}"
        );
        assert!(error.to_string().contains("max_response_bytes"), "{error}");
        let headers = error.headers().expect("the headers are kept");
        assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
        assert_eq!(error.raw_body(), None);
    })
    .await;
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_while_streaming() {
    bounded(async {
        let server = TestServer::start().await;
        // Far more than could be buffered in the time allowed: the client must stop reading early.
        server.set_default(Reply::Huge { declared: false, bytes: 4 * 1024 * 1024 * 1024 });
        let client = builder(&server).max_response_bytes(256 * 1024).build().expect("building the client");
        let started = Instant::now();
        let error = get(&client, "/endless").await.expect_err("the body is too large");
        assert!(started.elapsed() < Duration::from_secs(2));
        assert!(matches!(error, Error::ResponseTooLarge { limit: 262_144, .. }), "{error:?}");
    })
    .await;
}

#[tokio::test]
async fn a_body_at_the_limit_is_accepted() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::Huge { declared: false, bytes: 1024 });
        let client = builder(&server).max_response_bytes(1024).build().expect("building the client");
        let raw = client.send::<Value>(client.request(Method::GET, "/exact")).await.expect("the body fits");
        let response = raw.bytes::<Value>().expect("bytes always decode");
        assert_eq!(response.body().len(), 1024);
    })
    .await;
}

#[tokio::test]
async fn a_header_with_a_line_break_is_refused_before_sending() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let mut request = client.request(Method::GET, "/things");
        request.header("X-Token", "a\r\nInjected: yes");
        assert!(!format!("{request:?}").contains("Injected"));
        let refused = refusal(&client, request).await;
        assert_eq!(refused.to_string(), r#"invalid request: header "X-Token": value contains a line break"#);
        assert!(!format!("{refused:?}").contains("Injected"));

        let mut request = client.request(Method::GET, "/things");
        request.cookie("session", "a\nb");
        assert_eq!(refusal(&client, request).await.field(), Some(r#"cookie "session""#));
        let mut request = client.request(Method::GET, "/things");
        request.header("Bad Name", "x");
        let refused = refusal(&client, request).await;
        assert!(refused.to_string().contains("not a valid header name"), "{refused}");

        let built = builder(&server).default_header("X-Api-Key", "k\r\nInjected: yes").build();
        let refused = built.expect_err("a line break is refused");
        assert_eq!(refused.to_string(), r#"default header "X-Api-Key": value contains a line break"#);

        let built = builder(&server).bearer_token(format!("{TOKEN}\r\nInjected: yes")).build();
        let refused = built.expect_err("a line break is refused");
        assert!(!refused.to_string().contains(TOKEN), "{refused}");

        assert_eq!(server.request_count(), 0, "nothing reached the server");
    })
    .await;
}

/// The error `request` was refused with, by [`Client::send`] and by a [`Call`], which both return it before
/// anything is sent.
async fn refusal(client: &Client, request: Request) -> mixpeek::runtime::InvalidRequest {
    let kept = request.refused().cloned().expect("the request kept an error");
    let error = client.send::<Value>(request).await.expect_err("the request is refused");
    let Error::InvalidRequest(refused) = error else { panic!("expected an invalid request, got {error:?}") };
    assert_eq!(refused.to_string(), kept.to_string());
    assert_eq!(refused.field(), kept.field());
    refused
}

#[tokio::test]
async fn the_bearer_token_is_sent_and_never_shown() {
    bounded(async {
        let server = TestServer::start().await;
        let builder = builder(&server).default_header("X-Api-Key", "key-value-77");
        assert!(!format!("{builder:?}").contains(TOKEN));
        let client = builder.build().expect("building the client");
        let shown = format!("{client:?}");
        assert!(!shown.contains(TOKEN) && !shown.contains("key-value-77"), "{shown}");
        assert!(shown.contains(r#"credentials: ["bearerAuth"]"#), "{shown}");

        get(&client, "/me").await.expect("a plain success");
        let requests = server.requests();
        assert_eq!(requests[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        assert_eq!(requests[0].header("x-api-key"), Some("key-value-77"));

        // A request that sets its own Authorization keeps it.
        let mut request = client.request(Method::GET, "/me");
        request.header("Authorization", "Basic abc");
        assert!(request.refused().is_none(), "a valid header");
        assert!(!format!("{request:?}").contains("Basic abc"));
        call(&client, request).await.expect("a plain success");
        assert_eq!(server.requests()[1].header("authorization"), Some("Basic abc"));

        // No failure mode shows the token.
        let scripted = [
            Reply::text(418, "text/plain", "teapot"),
            Reply::json(404, r#"{"message":"gone"}"#),
            Reply::json(200, "{not json"),
            Reply::Reset,
            Reply::Huge { declared: true, bytes: 1 << 20 },
        ];
        let client = builder_without_retries(&server).max_response_bytes(1024).build().expect("building the client");
        for reply in scripted {
            server.push(reply);
            let error = get(&client, "/fail").await.expect_err("each reply fails");
            assert_token_hidden(&error);
        }
        let error = get(&client, "/../admin").await.expect_err("a dot-segment path is refused");
        assert_token_hidden(&error);
        let hanging = builder_without_retries(&server).timeout(Duration::from_millis(100)).build().expect("building");
        server.push(Reply::Hang);
        assert_token_hidden(&get(&hanging, "/hang").await.expect_err("the request times out"));
        let refused = TestServer::start().await;
        let gone = Client::builder()
            .base_url(refused.url())
            .bearer_token(TOKEN)
            .retry(RetryPolicy::none())
            .build()
            .expect("building");
        drop(refused);
        if let Err(error) = get(&gone, "/nobody").await {
            assert_token_hidden(&error);
        }
    })
    .await;
}

fn builder_without_retries(server: &TestServer) -> ClientBuilder {
    builder(server).retry(RetryPolicy::none())
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let ids = ["../admin", "a/b", "x?y", "#f", "%2e%2e", "...", "a b", "ü", "a;b=c", "+&="];
        for id in ids {
            let segment = path_param(id).expect("an ordinary value");
            get(&client, &format!("/items/{segment}/end")).await.expect("a plain success");
            let target = server.requests().last().map(|request| request.target.clone()).unwrap_or_default();
            assert_eq!(target, format!("/items/{segment}/end"), "the path arrived rewritten for {id:?}");
            let parts: Vec<&str> = target.split('/').collect();
            assert_eq!(parts.len(), 4, "{id:?} spread over several segments: {target}");
            assert_eq!(percent_decode(parts[2]), id, "{id:?} arrived changed: {target}");
        }
        assert_eq!(encode_path_segment("../admin"), "..%2Fadmin");
        assert_eq!(path_param(&42).expect("a number"), "42");
        assert_eq!(path_param(&vec!["a", "b/c"]).expect("an array"), "a%2Cb%2Fc");
        let before = server.request_count();

        // No encoding survives URL parsing as "." or "..", so these are refused before sending.
        for id in [".", ".."] {
            let refused = path_param_named("id", id).expect_err("a dot-segment is refused");
            assert_eq!(refused.field(), Some(r#"path parameter "id""#));
            let error = get(&client, &format!("/items/{}/end", encode_path_segment(id)))
                .await
                .expect_err("the client refuses a path that URL parsing would rewrite");
            assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        }
        for raw in ["/items/%2E%2E/end", "/items/%2e/end", "/items/a#b", "/items/a?b"] {
            let error = get(&client, raw).await.expect_err("the path would be rewritten");
            assert!(matches!(error, Error::InvalidRequest(_)), "{raw}: {error:?}");
        }
        path_param("").expect_err("an empty value is refused");
        path_param(&Option::<String>::None).expect_err("a missing value is refused");
        assert_eq!(server.request_count(), before, "nothing was sent for refused paths");
    })
    .await;
}

#[tokio::test]
async fn path_templates_are_filled_in_one_pass() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);

        // A value that looks like a group, or names another parameter, stays a value: it is encoded, and never
        // searched for groups again, whichever parameter is given first.
        let mut request = client.request(Method::GET, "/items/{a}/{b}/end");
        request.path_param("b", "{a}").path_param("a", "{b}");
        assert_eq!(request.path(), "/items/%7Bb%7D/%7Ba%7D/end");
        call(&client, request).await.expect("a plain success");
        assert_eq!(server.requests()[0].target, "/items/%7Bb%7D/%7Ba%7D/end");
        let mut request = client.request(Method::GET, "/{a}{b}");
        request.path_param("a", "{").path_param("b", "b}");
        assert_eq!(request.path(), "/%7Bb%7D");

        // A group named twice is filled twice; a second value for a name replaces the first.
        let mut request = client.request(Method::GET, "/{id}/x/{id}");
        request.path_param("id", "first").path_param("id", "b/c");
        assert_eq!(request.path(), "/b%2Fc/x/b%2Fc");

        // A group without a value stays as written, and so does a brace that opens no group (a `{` whose next
        // brace is another `{`).
        let mut request = client.request(Method::GET, "/a/{missing}/{x/{id}/y}");
        request.path_param("id", "7").path_param("x/{id", "never a group");
        assert_eq!(request.path(), "/a/{missing}/{x/7/y}");
        assert_eq!(request.path_template(), "/a/{missing}/{x/{id}/y}");
        // URL parsing would percent-encode those braces, so such a path is refused before sending.
        let error = call(&client, request).await.expect_err("the path would be rewritten");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

        // A value `path_param_named` refuses is the request's error.
        for (value, what) in [("", "value is empty"), (".", "relative path step"), ("..", "relative path step")] {
            let mut request = client.request(Method::GET, "/items/{id}");
            request.path_param("id", value);
            let refused = refusal(&client, request).await;
            assert_eq!(refused.field(), Some(r#"path parameter "id""#), "{value:?}");
            assert!(refused.what().contains(what), "{value:?}: {refused}");
        }
        let mut request = client.request(Method::GET, "/items/{id}");
        request.path_param("id", &Option::<String>::None);
        assert_eq!(refusal(&client, request).await.what(), "value is missing");
        assert_eq!(server.request_count(), 1, "nothing was sent for refused paths");
    })
    .await;
}

/// The generator decides which groups of a template are parameters and the runtime fills them: both must read
/// a template by the same rule, or a parameter would be sent as its `{name}`. The generator's reading of each case
/// is checked against the same file by `generator-tests` (`tests/generator/tests/path_templates/`).
#[test]
fn the_runtime_reads_path_templates_as_the_generator_does() {
    for (template, reading) in path_templates::PATH_TEMPLATES {
        // Text as it is, each group filled with a value naming it.
        let mut expected = String::new();
        let mut request = Request::new(Method::GET, template);
        for (index, piece) in reading.iter().enumerate() {
            if index % 2 == 0 {
                expected.push_str(piece);
            } else {
                let value = format!("<{piece}>");
                expected.push_str(&encode_path_segment(&value));
                request.path_param(piece, &value);
            }
        }
        assert!(request.refused().is_none(), "{template}");
        assert_eq!(request.path(), expected, "{template}: read as {reading:?}");
    }
}

#[tokio::test]
async fn the_first_refused_value_is_the_error_and_nothing_is_sent() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let mut invalid = webhook_input();
        invalid.webhook_name = String::new();

        // Later values are still added, but the first refusal is the one reported.
        let mut request = client.request(Method::PUT, "/items/{id}");
        request.path_param("id", "..").header("X-Token", "a\nb").query("ok", "yes").json(&invalid);
        assert_eq!(request.query_pairs(), [("ok".to_owned(), "yes".to_owned())]);
        let refused = refusal(&client, request).await;
        assert_eq!(refused.field(), Some(r#"path parameter "id""#));

        // A body that breaks a declared constraint is refused as it was when operations validated it first:
        // `Error::InvalidRequest`, naming every violation.
        let mut request = client.request(Method::PUT, "/items/{id}");
        request.path_param("id", "wh_1").json(&invalid);
        let error = call(&client, request).await.expect_err("the body is invalid");
        let Error::InvalidRequest(refused) = &error else { panic!("expected an invalid request, got {error:?}") };
        let paths: Vec<&str> = refused.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["webhook_name"]);
        let mut request = client.request(Method::POST, "/form");
        request.form(&invalid);
        let refused = refusal(&client, request).await;
        assert_eq!(refused.violations().len(), 1);

        // A valid body after a refused one does not clear the refusal.
        let mut request = client.request(Method::PUT, "/things");
        request.json(&invalid).json(&webhook_input());
        assert_eq!(refusal(&client, request).await.violations().len(), 1);
        assert_eq!(server.request_count(), 0, "nothing reached the server");
    })
    .await;
}

#[tokio::test]
async fn parameters_that_break_their_constraints_are_refused_naming_them_and_nothing_is_sent() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        // What a generated method writes for `limit` (`maximum: 200`), `name` (`maxLength: 3`, a pattern),
        // `ids` (`maxItems: 2`) and an enum-typed `channel`.
        let limit = Rules::NONE.minimum(1.0).maximum(200.0);
        let mut request = client.request(Method::GET, "/items");
        request.check("limit", &Some(500_i64), &limit).query("limit", &Some(500_i64));
        let refused = refusal(&client, request).await;
        assert_eq!(refused.field(), Some("limit"));
        assert_eq!(refused.to_string(), "invalid request: limit: must be at most 200, is 500");

        let mut request = client.request(Method::GET, "/items/{name}");
        request.check("name", "abcd", &Rules::NONE.max_length(3)).path_param("name", "abcd");
        assert_eq!(refusal(&client, request).await.field(), Some("name"));
        let mut request = client.request(Method::GET, "/items");
        request.check("ids", &["a", "b", "c"][..], &Rules::NONE.max_items(2));
        assert_eq!(refusal(&client, request).await.what(), "must have at most 2 items, has 3");
        let unknown = Some(NotificationChannel::Unknown("pager".to_owned()));
        let mut request = client.request(Method::GET, "/items");
        request.check_valid("channel", &unknown).query("channel", &unknown);
        assert_eq!(refusal(&client, request).await.field(), Some("channel"));
        assert_eq!(server.request_count(), 0, "no refused parameter reached the server");

        // Absent optional parameters and values within their bounds pass.
        server.push(Reply::json(200, "{}"));
        let mut request = client.request(Method::GET, "/items");
        request.check("limit", &None::<i64>, &limit).check("limit2", &Some(200_i64), &limit);
        request.check_valid("channel", &Some(NotificationChannel::Slack));
        call(&client, request).await.expect("valid parameters are sent");
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

fn webhook_input() -> WebhookInput {
    WebhookInput::new(
        "Engineering alerts".to_owned(),
        vec![WebhookEventType::ObjectCreated],
        vec![WebhookChannelInput::new(
            NotificationChannel::Slack,
            WebhookChannelInputConfigs::SlackConfig(SlackConfig::new("https://hooks.slack.com/x".to_owned())),
        )],
    )
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        let escaped = hex.and_then(|pair| u8::from_str_radix(pair, 16).ok()).filter(|_| bytes[index] == b'%');
        if let Some(byte) = escaped {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_thousand_concurrent_requests_all_succeed() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::json(200, r#"{"n":1}"#));
        let client = client(&server);
        let mut tasks = tokio::task::JoinSet::new();
        for index in 0..1000 {
            let client = client.clone();
            tasks.spawn(async move { get(&client, &format!("/items/{index}")).await });
        }
        let mut succeeded = 0;
        while let Some(joined) = tasks.join_next().await {
            let response = joined.expect("the task ran").expect("the request succeeded");
            assert_eq!(response.body(), &json!({"n": 1}));
            succeeded += 1;
        }
        assert_eq!(succeeded, 1000);
        assert!(server.request_count() >= 1000);
    })
    .await;
}

#[tokio::test]
async fn the_user_agent_is_sent() {
    bounded(async {
        let server = TestServer::start().await;
        get(&client(&server), "/ua").await.expect("a plain success");
        let agent = server.requests()[0].header("user-agent").unwrap_or_default().to_owned();
        assert!(agent.starts_with("mixpeek/"), "{agent}");

        let custom = builder(&server).user_agent("my-app/1.0").build().expect("building the client");
        get(&custom, "/ua").await.expect("a plain success");
        assert_eq!(server.requests()[1].header("user-agent"), Some("my-app/1.0"));
    })
    .await;
}

#[tokio::test]
async fn query_parameters_are_encoded_in_form_and_deep_object_style() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let mut request = client.request(Method::GET, "/search");
        request
            .query("ids", &vec![1, 2, 3])
            .query("missing", &Option::<String>::None)
            .query("q", "a b&c=d/é")
            .query("flag", &true)
            .query("ratio", &0.5)
            .query("tags", &vec![Some("x"), None, Some("y")])
            .query("point", &json!({"lat": 1, "lon": 2}))
            .query_deep_object(
                "filter",
                &json!({"color": "red", "size": {"min": 1}, "tags": ["a", "b"], "none": null}),
            );
        assert!(request.refused().is_none(), "all values encode");
        call(&client, request).await.expect("a plain success");
        assert_eq!(
            server.requests()[0].target,
            "/search?ids=1&ids=2&ids=3&q=a%20b%26c%3Dd%2F%C3%A9&flag=true&ratio=0.5&tags=x&tags=y&lat=1&lon=2\
             &filter%5Bcolor%5D=red&filter%5Bsize%5D%5Bmin%5D=1&filter%5Btags%5D%5B%5D=a&filter%5Btags%5D%5B%5D=b"
        );
    })
    .await;
}

#[tokio::test]
async fn bodies_headers_and_cookies_are_encoded() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);

        let mut request = client.request(Method::POST, "/form");
        request.form(&json!({
            "amount": 100,
            "expand": ["a", "b"],
            "items": [{"price": "p_1", "quantity": 2}],
            "metadata": {"k": "v w"},
            "skip": null
        }));
        assert!(request.refused().is_none(), "an object encodes");
        call(&client, request).await.expect("a plain success");
        let recorded = &server.requests()[0];
        assert_eq!(recorded.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(
            String::from_utf8_lossy(&recorded.body),
            "amount=100&expand%5B%5D=a&expand%5B%5D=b&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2\
             &metadata%5Bk%5D=v%20w"
        );

        let mut request = client.request(Method::PUT, "/json");
        request
            .json(&json!({"a": [1, 2]}))
            .header("X-Ids", &vec![1, 2])
            .header("X-Absent", &Option::<u8>::None)
            .cookie("session", "abc")
            .cookie("ids", &vec!["1", "2"]);
        assert!(request.refused().is_none(), "all values encode");
        call(&client, request).await.expect("a plain success");
        let recorded = &server.requests()[1];
        assert_eq!(recorded.method, "PUT");
        assert_eq!(recorded.header("content-type"), Some("application/json"));
        assert_eq!(recorded.body, br#"{"a":[1,2]}"#);
        assert_eq!(recorded.header("x-ids"), Some("1,2"));
        assert_eq!(recorded.header("x-absent"), None);
        assert_eq!(recorded.header("cookie"), Some("session=abc; ids=1,2"));

        let mut request = client.request(Method::POST, "/form");
        request.form(&json!(["not", "an", "object"]));
        let error = call(&client, request).await.expect_err("a form body is an object");
        let Error::InvalidRequest(refused) = &error else { panic!("expected an invalid request, got {error:?}") };
        assert_eq!(refused.to_string(), "invalid request: body: a form body must be an object");
        assert_eq!(server.request_count(), 2, "the refused body was not sent");
    })
    .await;
}

#[tokio::test]
async fn the_base_url_is_checked_and_joined() {
    bounded(async {
        let default = Client::builder().build().expect("the API description names a server");
        assert_eq!(default.base_url(), mixpeek::DEFAULT_BASE_URL);
        let refused = Client::builder().base_url("").build().expect_err("no base URL is known");
        assert!(refused.to_string().contains("base_url("), "{refused}");
        let refused = Client::builder().base_url("ftp://example.com").build().expect_err("not http");
        assert!(refused.to_string().contains("http"), "{refused}");
        Client::builder().base_url("/relative").build().expect_err("not absolute");
        Client::builder().base_url("https://example.com/?a=b").build().expect_err("a query");

        let server = TestServer::start().await;
        let client =
            Client::builder().base_url(format!("{}/v1/", server.url())).bearer_token(TOKEN).build().expect("building");
        assert_eq!(client.base_url(), format!("{}/v1", server.url()));
        get(&client, "/items").await.expect("a plain success");
        assert_eq!(server.requests()[0].target, "/v1/items");
    })
    .await;
}

#[tokio::test]
async fn text_and_empty_responses_decode() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        server.push(Reply::Respond { status: 200, headers: Vec::new(), body: vec![0xff, 0xfe] });
        let raw = client.send::<Value>(client.request(Method::GET, "/bin")).await.expect("a response");
        let error = raw.text::<Value>().expect_err("not UTF-8");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert_eq!(error.raw_body(), Some(&[0xff, 0xfe][..]));

        server.push(Reply::text(200, "text/plain", "héllo"));
        let raw = client.send::<Value>(client.request(Method::GET, "/text")).await.expect("a response");
        assert_eq!(raw.text::<Value>().expect("UTF-8").into_body(), "héllo");

        server.push(Reply::status(204));
        let raw = client.send::<Value>(client.request(Method::DELETE, "/thing")).await.expect("a response");
        let response = raw.empty::<Value>().expect("nothing to decode");
        assert_eq!(response.status().as_u16(), 204);

        server.push(Reply::status(409));
        let raw = client.send::<Value>(client.request(Method::DELETE, "/thing")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("conflict")).expect_err("always an error");
        assert_eq!(error.api_error(), Some(&json!("conflict")));
        assert_eq!(error.status().map(|status| status.as_u16()), Some(409));

        server.push(Reply::json(200, ""));
        let error = get(&client, "/empty").await.expect_err("an empty body is not JSON");
        assert!(error.to_string().contains("empty"), "{error}");
    })
    .await;
}

/// The success enum of an operation declaring 200 (a JSON list), 201 (text) and 204 (no content), as generated;
/// the test's `match` is the one generated for it.
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok(Vec<u64>),
    Created(String),
    NoContent,
}

#[tokio::test]
// Generated crates allow overlapping arms crate-wide: declared statuses come before `200..=299`.
#[allow(clippy::match_overlapping_arm)]
async fn an_undeclared_2xx_is_offered_to_the_declared_successes_in_order() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let run = |path: &'static str| {
            let client = client.clone();
            async move {
                let request = client.request(Method::GET, path);
                client
                    .call(request, |raw| match raw.status().as_u16() {
                        200 => raw.json::<Vec<u64>, _>().map(|r| r.map(Outcome::Ok)),
                        201 => raw.text().map(|r| r.map(Outcome::Created)),
                        204 => raw.empty().map(|r| r.map(|()| Outcome::NoContent)),
                        200..=299 => {
                            raw.fallback().empty(Outcome::NoContent).json(Outcome::Ok).text(Outcome::Created).end()
                        }
                        _ => raw.unexpected::<Value, _>(),
                    })
                    .await
            }
        };
        server.push(Reply::status(202));
        let response = run("/a").await.expect("a blank body is the bodiless success");
        assert_eq!((response.status().as_u16(), response.body()), (202, &Outcome::NoContent));

        server.push(Reply::json(202, "[1, 2]"));
        assert_eq!(run("/b").await.expect("a list").into_body(), Outcome::Ok(vec![1, 2]));

        server.push(Reply::text(203, "text/plain", "queued"));
        let response = run("/c").await.expect("text is the text success");
        assert_eq!((response.status().as_u16(), response.into_body()), (203, Outcome::Created("queued".to_owned())));

        server.push(Reply::Respond { status: 206, headers: Vec::new(), body: vec![0xff, 0x00] });
        let error = run("/d").await.expect_err("bytes that are neither JSON nor UTF-8 fit nothing");
        let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
        assert_eq!(decode.status().as_u16(), 206);
        assert_eq!(decode.body(), &[0xff, 0x00]);

        // A declared status is decoded as declared, whatever else would fit.
        server.push(Reply::json(201, "[1]"));
        assert_eq!(run("/e").await.expect("text").into_body(), Outcome::Created("[1]".to_owned()));
    })
    .await;
}

#[tokio::test]
async fn bodies_are_read_by_their_real_content_type() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let raw = |reply: Reply| {
            server.push(reply);
            let client = client.clone();
            async move { client.send::<Value>(client.request(Method::GET, "/version")).await.expect("a response") }
        };
        // Declared text, answered as a JSON string: the string, unquoted.
        let text = raw(Reply::json(200, r#""1.0.0""#)).await.text::<Value>().expect("text");
        assert_eq!(text.into_body(), "1.0.0");
        let text = raw(Reply::text(200, "application/problem+json; charset=utf-8", r#""a\"b""#)).await;
        assert_eq!(text.text::<Value>().expect("text").into_body(), "a\"b");
        // Declared text, answered as JSON that is not a string, or as text: the text as sent.
        let text = raw(Reply::json(200, r#"{"version": 1}"#)).await.text::<Value>().expect("text");
        assert_eq!(text.into_body(), r#"{"version": 1}"#);
        let text = raw(Reply::text(200, "text/plain", r#""quoted""#)).await.text::<Value>().expect("text");
        assert_eq!(text.into_body(), r#""quoted""#);
        // Declared a JSON string, answered as plain text: the text.
        let raw_text = raw(Reply::text(200, "text/plain; charset=utf-8", "1.0.0")).await;
        assert_eq!(raw_text.json::<String, Value>().expect("a string").into_body(), "1.0.0");
        // ... but plain text is no object, and the JSON error stands.
        let raw_text = raw(Reply::text(200, "text/plain", "not an object")).await;
        let error = raw_text.json::<std::collections::BTreeMap<String, Value>, Value>().expect_err("text");
        assert!(error.to_string().contains("text/plain"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_declared_error_without_content_keeps_the_body_the_server_sent() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let body = "{\n  \"message\": \"no such item\",\n  \"code\": 17\n}";
        server.push(Reply::json(404, body));
        let raw = client.send::<Value>(client.request(Method::GET, "/missing")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("not found")).expect_err("always an error");
        assert_eq!(error.api_error(), Some(&json!("not found")));
        assert_eq!(error.raw_body(), Some(body.as_bytes()));
        let Error::Api(refused) = &error else { panic!("expected a declared error, got {error:?}") };
        let decoded: Value = serde_json::from_slice(refused.raw_body()).expect("the raw body is JSON");
        assert_eq!(decoded["message"], "no such item");
        // The message quotes the body on one line.
        assert_eq!(
            error.to_string(),
            r#"server answered 404 Not Found with a declared error: { "message": "no such item", "code": 17 }"#
        );

        // Control characters (bidi controls too) are escaped, so a body cannot forge or recolour a log line.
        server.push(Reply::text(404, "text/plain", "no such item\r\nINFO all fine \u{1b}[31mred\u{202e}"));
        let raw = client.send::<Value>(client.request(Method::GET, "/missing")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("not found")).expect_err("always an error");
        assert_eq!(
            error.to_string(),
            r#"server answered 404 Not Found with a declared error: no such item INFO all fine \u{1b}[31mred\u{202e}"#
        );

        // Without a body to quote, the message shows what decoded.
        server.push(Reply::status(409));
        let raw = client.send::<Value>(client.request(Method::GET, "/busy")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("conflict")).expect_err("always an error");
        assert_eq!(error.to_string(), r#"server answered 409 Conflict with a declared error: String("conflict")"#);
        assert_eq!(error.raw_body(), Some(&b""[..]));

        // A body that is not text is not quoted.
        server.push(Reply::Respond {
            status: 400,
            headers: vec![("Content-Type".to_owned(), "application/octet-stream".to_owned())],
            body: b"binary".to_vec(),
        });
        let raw = client.send::<Value>(client.request(Method::GET, "/bin")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!(1)).expect_err("always an error");
        assert!(!error.to_string().contains("binary"), "{error}");

        // A declared error body that does not decode is a decode error quoting what the server said.
        server.push(Reply::text(404, "text/plain", "gone for good"));
        let raw = client.send::<Value>(client.request(Method::GET, "/gone")).await.expect("a response");
        let error = raw.json_error::<Vec<u64>, Value, ()>(|body| json!(body)).expect_err("an error");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert!(error.to_string().ends_with("(the server said: gone for good)"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn the_client_is_sent_to_the_chosen_server() {
    bounded(async {
        // The Mixpeek description declares one absolute server; an origin replaces its scheme and host only.
        assert_eq!(mixpeek::SERVERS.len(), 1);
        let server = TestServer::start().await;
        let client = builder_without_base_url().origin(server.url()).build().expect("an origin");
        assert_eq!(client.base_url(), server.url());
        get(&client, "/items").await.expect("a plain success");
        assert_eq!(server.requests()[0].target, "/items");

        let refused = builder_without_base_url().server(1).build().expect_err("one server only");
        assert!(refused.to_string().contains("there is no server 1"), "{refused}");
        let refused = builder_without_base_url().server_variable("region", "eu").build().expect_err("no variables");
        assert!(refused.to_string().contains("no variable \"region\""), "{refused}");
        let refused = builder_without_base_url().origin("https://example.com/v2").build().expect_err("a path");
        assert!(refused.to_string().contains("base_url"), "{refused}");
        let refused = builder_without_base_url().origin("https://user:pw@example.com/v2").build().expect_err("path");
        assert!(!refused.to_string().contains("pw"), "{refused}");
        // `base_url` replaces everything, the server choice included.
        let client = builder_without_base_url().server(7).base_url("https://other.example.com/x").build();
        assert_eq!(client.expect("base_url wins").base_url(), "https://other.example.com/x");
    })
    .await;
}

fn builder_without_base_url() -> ClientBuilder {
    Client::builder().bearer_token(TOKEN).timeout(Duration::from_secs(5)).retry(quick_retries(0))
}

/// A relative server and a templated one, as a generated `SERVERS` declares them.
const SERVERS: &[Server] = &[
    Server { url: "/api", description: "", variables: &[] },
    Server {
        url: "{scheme}://{host}:{port}/v{version}",
        description: "Self-hosted",
        variables: &[
            ServerVariable { name: "scheme", default: "https", values: &["http", "https"] },
            ServerVariable { name: "host", default: "localhost", values: &[] },
            ServerVariable { name: "port", default: "8080", values: &[] },
            ServerVariable { name: "version", default: "1", values: &["1", "2"] },
        ],
    },
];

#[test]
fn server_urls_fill_their_variables_and_join_the_origin() {
    let set = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    };
    let [relative, templated] = SERVERS else { unreachable!() };
    // A path needs an origin, and says so.
    let refused = relative.base_url(&[], None).expect_err("a path only");
    assert!(refused.to_string().contains("ClientBuilder::origin"), "{refused}");
    assert_eq!(relative.base_url(&[], Some("http://127.0.0.1:9")).expect("joined"), "http://127.0.0.1:9/api");
    assert_eq!(relative.base_url(&[], Some("https://example.com/")).expect("joined"), "https://example.com/api");
    let v1 = Server { url: "v1", description: "", variables: &[] };
    assert_eq!(v1.base_url(&[], Some("https://example.com")).expect("joined"), "https://example.com/v1");

    // Variables take their defaults, or the values set, checked against their enum.
    assert_eq!(templated.default_url(), "https://localhost:8080/v1");
    assert_eq!(templated.base_url(&[], None).expect("defaults"), "https://localhost:8080/v1");
    let chosen = templated.base_url(&set(&[("host", "db.internal"), ("version", "2"), ("scheme", "http")]), None);
    assert_eq!(chosen.expect("values"), "http://db.internal:8080/v2");
    let refused = templated.base_url(&set(&[("version", "3")]), None).expect_err("not in the enum");
    assert!(refused.to_string().contains(r#"["1", "2"]"#) && !refused.to_string().contains("\"3\""), "{refused}");
    let refused = templated.base_url(&set(&[("region", "eu")]), None).expect_err("no such variable");
    assert!(refused.to_string().contains("region"), "{refused}");
    // An origin replaces the scheme, host and port of an absolute server, keeping its path.
    let moved = templated.base_url(&[], Some("http://127.0.0.1:9")).expect("an origin");
    assert_eq!(moved, "http://127.0.0.1:9/v1");
}
