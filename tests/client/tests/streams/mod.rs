//! What the streaming tests (`client_events.rs`, `client_media.rs`) share: a client of the loopback server that
//! retries quickly, and an operation's error enum.

use std::time::Duration;

use client_tests::server::TestServer;
use mixpeek::runtime::{Client, Error, ErrorStatuses, RawResponse, RetryPolicy};
use serde_json::Value;

/// A client of `server` with a bearer token, a 5 s timeout and retries 1 ms apart.
pub fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token("t")
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(1), ..RetryPolicy::default() })
        .build()
        .expect("building the client")
}

/// An operation's error enum: 404 with a JSON body.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NotFound(Value),
}

impl ErrorStatuses for Problem {
    fn decode<S>(response: RawResponse) -> Result<S, Error<Self>> {
        match response.status().as_u16() {
            404 => response.json_error(Self::NotFound),
            _ => response.unexpected(),
        }
    }
}
