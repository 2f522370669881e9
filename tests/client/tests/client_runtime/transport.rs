//! Transport faults and response limits: timeouts, resets, broken framing, undecodable and oversized bodies.

use super::*;

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
