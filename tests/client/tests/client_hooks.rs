//! Hooks over loopback HTTP, with the generated Mixpeek client: a hook that changes each attempt before it is
//! sent (an async header, a signature over the body), one that observes each attempt's outcome, retries seen
//! attempt by attempt, hooks run in order, and a hook refusing a request before anything is sent.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use client_tests::server::{Reply, TestServer};
use mixpeek::models::*;
use mixpeek::runtime::{Attempt, BoxError, Hook, HookFuture, RequestSummary, RetryPolicy};
use mixpeek::{Client, Error};

/// What the hooks of one test saw, in order.
type Log = Arc<Mutex<Vec<String>>>;

fn client(server: &TestServer, hooks: impl FnOnce(mixpeek::ClientBuilder) -> mixpeek::ClientBuilder) -> Client {
    let builder = Client::builder()
        .base_url(server.url())
        .bearer_token("sk_test")
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(1), max_retries: 2, ..RetryPolicy::default() });
    hooks(builder).build().expect("client builds")
}

/// Signs each attempt: an async step, then a header over the body's length and the attempt number.
struct Signer {
    log: Log,
}

impl Hook for Signer {
    fn before_send<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a mut reqwest::Request,
    ) -> HookFuture<'a, Result<(), BoxError>> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            let length = request.body().and_then(reqwest::Body::as_bytes).map_or(0, <[u8]>::len);
            let signature = format!("len={length};attempt={}", attempt.number);
            request.headers_mut().insert("x-signature", signature.parse()?);
            self.log.lock().expect("log").push(format!("sign {}", attempt.number));
            Ok(())
        })
    }
}

/// Records each attempt's outcome.
struct Recorder {
    log: Log,
}

impl Hook for Recorder {
    fn before_send<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a mut reqwest::Request,
    ) -> HookFuture<'a, Result<(), BoxError>> {
        // It sees what the hooks before it did.
        let signed = request.headers().contains_key("x-signature");
        self.log.lock().expect("log").push(format!("before {} signed={signed}", attempt.number));
        Box::pin(async { Ok(()) })
    }

    fn after_response<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a RequestSummary,
        outcome: Result<&'a reqwest::Response, &'a reqwest::Error>,
    ) -> HookFuture<'a, ()> {
        let outcome = match outcome {
            Ok(response) => response.status().as_u16().to_string(),
            Err(_) => "failed".to_owned(),
        };
        self.log
            .lock()
            .expect("log")
            .push(format!("after {} {} {} {outcome}", attempt.number, request.method, request.path));
        Box::pin(async {})
    }
}

fn webhook_json() -> String {
    serde_json::json!({
        "webhook_id": "wh_1", "webhook_name": "n", "event_types": ["object.created"],
        "channels": [{"channel": "slack", "configs": {"webhook_url": "https://hooks.slack.com/x"}}],
        "is_active": true, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"
    })
    .to_string()
}

fn input() -> WebhookInput {
    let slack = WebhookChannelInputConfigs::SlackConfig(SlackConfig::new("https://hooks.slack.com/x".to_owned()));
    let channel = WebhookChannelInput::new(NotificationChannel::Slack, slack);
    WebhookInput::new("n".to_owned(), vec![WebhookEventType::ObjectCreated], vec![channel])
}

#[tokio::test]
async fn hooks_run_in_order_around_every_attempt_and_may_change_it() {
    let server = TestServer::start().await;
    server.push(Reply::status(503));
    server.push(Reply::json(200, &webhook_json()));
    let log = Log::default();
    let client =
        client(&server, |builder| builder.hook(Signer { log: log.clone() }).hook(Recorder { log: log.clone() }));
    client.update_webhook("wh_1", &input()).await.expect("the retry succeeds");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let length = requests[0].body.len();
    assert!(length > 0);
    assert_eq!(requests[0].header("x-signature"), Some(format!("len={length};attempt=0").as_str()));
    assert_eq!(requests[1].header("x-signature"), Some(format!("len={length};attempt=1").as_str()));
    // The credentials were applied before the hooks ran, and are still there.
    assert_eq!(requests[1].header("authorization"), Some("Bearer sk_test"));
    assert_eq!(
        *log.lock().expect("log"),
        [
            "sign 0",
            "before 0 signed=true",
            "after 0 PUT /v1/organizations/webhooks/wh_1 503",
            "sign 1",
            "before 1 signed=true",
            "after 1 PUT /v1/organizations/webhooks/wh_1 200",
        ]
    );
}

/// Refuses every request.
struct Refuser;

impl Hook for Refuser {
    fn before_send<'a>(&'a self, _: Attempt, _: &'a mut reqwest::Request) -> HookFuture<'a, Result<(), BoxError>> {
        Box::pin(async { Err("no signing key".into()) })
    }
}

#[tokio::test]
async fn a_hook_that_fails_refuses_the_call_before_anything_is_sent() {
    let server = TestServer::start().await;
    let client = client(&server, |builder| builder.hook(Refuser));
    let error = client.list_webhooks().await.expect_err("refused");
    let Error::InvalidRequest(refused) = &error else { panic!("{error:?}") };
    assert_eq!(refused.what(), "a hook refused the request: no signing key");
    assert_eq!(server.request_count(), 0);
}

#[tokio::test]
async fn a_hook_sees_an_attempt_that_failed_in_transport() {
    // A port nothing listens on: bind one, then close it.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr");
    let log = Log::default();
    let client = Client::builder()
        .base_url(format!("http://{closed}"))
        .bearer_token("sk_test")
        .retry(RetryPolicy::none())
        .hook(Recorder { log: log.clone() })
        .build()
        .expect("client builds");
    let error = client.list_webhooks().await.expect_err("nothing listens");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert_eq!(*log.lock().expect("log"), ["before 0 signed=false", "after 0 GET /v1/organizations/webhooks/ failed"]);
}

#[tokio::test]
async fn a_client_without_hooks_is_unchanged() {
    let server = TestServer::start().await;
    server.push(Reply::json(200, &format!("[{}]", webhook_json())));
    let client = client(&server, |builder| builder);
    let webhooks = client.list_webhooks().await.expect("lists").into_body();
    assert_eq!(webhooks.len(), 1);
    assert_eq!(server.requests()[0].header("x-signature"), None);
    assert!(format!("{client:?}").contains("hooks: 0"), "{client:?}");
}
