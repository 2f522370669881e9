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

#[path = "client_runtime/requests.rs"]
mod requests;
#[path = "client_runtime/responses.rs"]
mod responses;
#[path = "client_runtime/retries.rs"]
mod retries;
#[path = "client_runtime/transport.rs"]
mod transport;

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
