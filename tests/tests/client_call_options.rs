//! Per-call options against the scripted loopback server: `Call::header` (this call only, in place of a method's,
//! a default or a credential header; refused before any IO when a header cannot carry it) and `Call::timeout` (in
//! place of the client's, shorter or longer). Every test talks only to `127.0.0.1`, bounded by [`LIMIT`].

use std::future::Future;
use std::time::{Duration, Instant};

use mixpeek::operations::ListWebhooksPagedParams;
use mixpeek::runtime::{Client, ClientBuilder, Error, RetryPolicy};
use tests::server::{Reply, TestServer};

/// The longest any one test may take.
const LIMIT: Duration = Duration::from_secs(20);

async fn bounded<T>(test: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, test).await.expect("the test took too long")
}

fn builder(server: &TestServer) -> ClientBuilder {
    Client::builder().base_url(server.url()).bearer_token("t").retry(RetryPolicy::none())
}

const EMPTY_PAGE: &str = r#"{"results": [], "pagination": {}, "total": 0}"#;

#[tokio::test]
async fn a_header_goes_with_one_call_only_and_takes_the_place_of_a_default_or_a_credential() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::json(200, EMPTY_PAGE));
        let client = builder(&server).default_header("X-Env", "prod").build().expect("building the client");
        let params = ListWebhooksPagedParams::default();
        client
            .list_webhooks_paged(&params, None)
            .header("X-Trace", "abc")
            .header("X-Env", "test")
            .header("Authorization", "Bearer other")
            .await
            .expect("the call succeeds");
        client.list_webhooks_paged(&params, None).await.expect("the call succeeds");
        let requests = server.requests();
        assert_eq!(requests[0].header("x-trace"), Some("abc"));
        assert_eq!(requests[0].header("x-env"), Some("test"));
        assert_eq!(requests[0].headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("x-env")).count(), 1);
        assert_eq!(requests[0].header("authorization"), Some("Bearer other"));
        assert_eq!(requests[1].header("x-trace"), None, "the next call does not carry it");
        assert_eq!(requests[1].header("x-env"), Some("prod"));
        assert_eq!(requests[1].header("authorization"), Some("Bearer t"));
    })
    .await;
}

#[tokio::test]
async fn a_header_that_cannot_be_sent_refuses_the_call_before_any_io() {
    bounded(async {
        let server = TestServer::start().await;
        let client = builder(&server).build().expect("building the client");
        let params = ListWebhooksPagedParams::default();
        let refused = client.list_webhooks_paged(&params, None).header("X-Trace", "a\r\nInjected: 1").await;
        match refused {
            Err(Error::InvalidRequest(error)) => assert!(error.to_string().contains("X-Trace"), "{error}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
        let refused = client.list_webhooks_paged(&params, None).header("bad name", "x").await;
        assert!(matches!(refused, Err(Error::InvalidRequest(_))));
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

#[tokio::test]
async fn a_timeout_bounds_one_call_in_place_of_the_clients() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::Delay(Duration::from_millis(600), Box::new(Reply::json(200, EMPTY_PAGE))));
        let params = ListWebhooksPagedParams::default();

        let patient = builder(&server).timeout(Duration::from_secs(5)).build().expect("building the client");
        let started = Instant::now();
        let error = patient
            .list_webhooks_paged(&params, None)
            .timeout(Duration::from_millis(150))
            .await
            .expect_err("the call's own timeout fires");
        assert!(error.is_timeout(), "{error}");
        assert!(started.elapsed() < Duration::from_millis(550), "{:?}", started.elapsed());
        patient.list_webhooks_paged(&params, None).await.expect("without it, the client's timeout applies");

        let hasty = builder(&server).timeout(Duration::from_millis(150)).build().expect("building the client");
        hasty.list_webhooks_paged(&params, None).await.expect_err("the client's timeout fires");
        hasty
            .list_webhooks_paged(&params, None)
            .timeout(Duration::from_secs(5))
            .await
            .expect("a longer timeout for one call lets it finish");
    })
    .await;
}
