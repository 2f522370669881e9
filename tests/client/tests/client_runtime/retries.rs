//! Retrying: which requests and statuses are retried, `Retry-After`, the retry budget.

use super::*;

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
