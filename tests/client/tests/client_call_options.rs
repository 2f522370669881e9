//! Per-call options over loopback HTTP: a header, a timeout and a retry policy for one call without a second
//! client, and an idempotency key that makes a `POST` safe to retry.

use std::time::Duration;

use client_tests::server::{Reply, TestServer};
use mixpeek::runtime::{Call, ErrorStatuses, RawResponse, RetryPolicy};
use mixpeek::{Client, Error};
use reqwest::Method;

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token("sk_test")
        .default_header("X-Team", "default")
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(1), max_retries: 2, ..RetryPolicy::default() })
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_header_for_one_call_is_sent_with_it_alone_and_replaces_a_default_one() {
    let server = TestServer::start().await;
    server.set_default(Reply::json(200, "[]"));
    let client = client(&server);
    client.list_webhooks().header("X-Trace", "t-1").header("X-Team", "billing").await.expect("lists");
    client.list_webhooks().await.expect("lists");
    let requests = server.requests();
    assert_eq!(requests[0].header("x-trace"), Some("t-1"));
    assert_eq!(requests[0].header("x-team"), Some("billing"));
    assert_eq!(requests[1].header("x-trace"), None);
    assert_eq!(requests[1].header("x-team"), Some("default"));

    let error = client.list_webhooks().header("X-Trace", "line\nbreak").await.expect_err("refused");
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(server.request_count(), 2, "nothing sent for the refused call");
}

#[tokio::test]
async fn a_timeout_for_one_call_bounds_it_alone() {
    let server = TestServer::start().await;
    // The body arrives after 600 ms: within the client's 5 s, not within this call's 100 ms.
    server.set_default(Reply::chunked("application/json", &[(600, "[]")]));
    let client = client(&server);
    let quick = client.list_webhooks().timeout(Duration::from_millis(100)).retry(RetryPolicy::none()).await;
    let error = quick.expect_err("timed out");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(error.to_string().contains("timed out"), "{error}");
    client.list_webhooks().await.expect("the client's own timeout is unchanged");
}

#[tokio::test]
async fn a_retry_policy_for_one_call_replaces_the_clients() {
    let server = TestServer::start().await;
    server.set_default(Reply::status(503));
    let client = client(&server);
    let error = client.list_webhooks().retry(RetryPolicy::none()).await.expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.request_count(), 1, "not retried");
    client.list_webhooks().await.expect_err("503 again");
    assert_eq!(server.request_count(), 4, "the client's policy: two retries");
}

/// An operation that declares no error statuses.
#[derive(Debug, Clone, PartialEq)]
enum NoErrors {}

impl ErrorStatuses for NoErrors {
    fn decode<S>(response: RawResponse) -> Result<S, Error<Self>> {
        response.unexpected()
    }
}

/// A `POST`, as a generated method makes it.
fn create(client: &Client) -> Call<'_, (), NoErrors> {
    let mut request = client.request(Method::POST, "/v1/items");
    request.bytes("application/json", b"{}".to_vec());
    client.call(request, |response| match response.status().as_u16() {
        200..=299 => response.empty(),
        _ => response.error(),
    })
}

#[tokio::test]
async fn an_idempotency_key_lets_a_post_be_retried_and_is_sent_with_each_attempt() {
    let server = TestServer::start().await;
    server.push(Reply::status(503));
    server.push(Reply::status(201));
    let client = client(&server);
    create(&client).idempotency_key("key-1").await.expect("created on the retry");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|request| request.header("idempotency-key") == Some("key-1")));

    // Without a key a POST is not retried.
    server.push(Reply::status(503));
    create(&client).await.expect_err("503");
    assert_eq!(server.request_count(), 3);
    assert_eq!(server.requests()[2].header("idempotency-key"), None);
}

#[tokio::test]
async fn a_header_for_one_call_takes_the_place_of_a_credential() {
    let server = TestServer::start().await;
    server.set_default(Reply::json(200, "[]"));
    let client = client(&server);
    client.list_webhooks().header("Authorization", "Bearer other").await.expect("lists");
    client.list_webhooks().await.expect("lists");
    let requests = server.requests();
    assert_eq!(requests[0].header("authorization"), Some("Bearer other"));
    assert_eq!(requests[0].headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("authorization")).count(), 1);
    assert_eq!(requests[1].header("authorization"), Some("Bearer sk_test"));
}
