//! The generated Mixpeek client over real HTTP against the scripted loopback server: every operation's
//! request (method, path, headers, body) and every declared status's decoding, plus the error variants
//! for undeclared statuses, non-JSON and empty bodies, refused bodies and hostile path ids.

use std::time::Duration;

use client_tests::server::{Reply, TestServer};
use mixpeek::models::*;
use mixpeek::operations::{ListWebhooksError, UpdateWebhookError};
use mixpeek::runtime::RetryPolicy;
use mixpeek::{Client, Error};
use serde_json::{Value, json};

const TOKEN: &str = "sk_test_abc";

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            max_backoff: Duration::from_millis(5),
            ..RetryPolicy::default()
        })
        .build()
        .expect("client builds")
}

fn webhook_input() -> WebhookInput {
    let mut input = WebhookInput::new(
        "Engineering alerts".to_owned(),
        vec![WebhookEventType::ObjectCreated, WebhookEventType::ClusterExecutionFailed],
        vec![WebhookChannelInput::new(
            NotificationChannel::Slack,
            WebhookChannelInputConfigs::SlackConfig(SlackConfig::new("https://hooks.slack.com/x".to_owned())),
        )],
    );
    input.is_active = Some(false);
    input
}

fn webhook_output_json() -> Value {
    json!({
        "webhook_id": "wh_0123456789abcdef",
        "webhook_name": "Engineering alerts",
        "event_types": ["object.created", "cluster.execution.failed"],
        "channels": [{"channel": "slack", "configs": {"webhook_url": "https://hooks.slack.com/x"}}],
        "is_active": false,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-01T00:00:00Z"
    })
}

fn error_json(status: u16) -> String {
    json!({"success": false, "status": status, "error": {"message": "went wrong", "type": "SomeError"}}).to_string()
}

#[tokio::test]
async fn update_webhook_sends_the_documented_request_and_decodes_200() {
    let server = TestServer::start().await;
    server.push(Reply::json(200, &webhook_output_json().to_string()).with_header("X-Request-Id", "r1"));
    let input = webhook_input();
    let response = client(&server).update_webhook("wh_0123456789abcdef", &input).await.expect("200 decodes");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("r1"));
    assert_eq!(response.body().webhook_id.as_deref(), Some("wh_0123456789abcdef"));
    assert!(matches!(response.body().channels[0].configs, WebhookChannelInputConfigs::SlackConfig(_)));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "PUT");
    assert_eq!(request.target, "/v1/organizations/webhooks/wh_0123456789abcdef");
    assert_eq!(request.header("authorization"), Some("Bearer sk_test_abc"));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert!(request.header("user-agent").is_some_and(|ua| ua.starts_with("mixpeek/")));
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(sent, serde_json::to_value(&input).unwrap());
    assert_eq!(sent["is_active"], false);
    assert!(sent.get("internal_id").is_none(), "absent optional fields are not sent");
}

#[tokio::test]
async fn a_call_is_send_and_borrows_only_the_client() {
    let server = TestServer::start().await;
    server.push(Reply::json(200, &webhook_output_json().to_string()));
    let client = client(&server);
    let id = String::from("wh_0123456789abcdef");
    let input = webhook_input();
    let call = client.update_webhook(&id, &input);
    // The request is built when the method returns: the future owns it and does not borrow the arguments.
    drop(id);
    drop(input);
    let call = assert_send(call);
    let response = call.await.expect("200 decodes");
    assert_eq!(response.body().webhook_name, "Engineering alerts");
    let request = &server.requests()[0];
    assert_eq!(request.target, "/v1/organizations/webhooks/wh_0123456789abcdef");
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(sent, serde_json::to_value(webhook_input()).unwrap());

    // So a call can run on another task of a multi-threaded runtime.
    server.push(Reply::json(200, "[]"));
    let shared = client.clone();
    let listed = tokio::spawn(async move { shared.list_webhooks().await }).await.expect("the task ran");
    assert!(listed.expect("the list decodes").body().is_empty());
}

/// Only compiles when `value` is `Send`.
fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::test]
async fn list_webhooks_sends_a_get_and_decodes_the_list() {
    let server = TestServer::start().await;
    // The reference page's own example: a Slack config the schema does not describe.
    let page_example = json!([{
        "channels": [{"channel": "slack", "configs": {"bot_token": "xoxb-...", "channel_id": "C0123456789", "workspace_id": "T0123456789"}}],
        "created_at": "2025-01-01T00:00:00Z",
        "description": "Slack notifications for object lifecycle",
        "event_types": ["object.created", "object.updated", "object.deleted"],
        "is_active": true,
        "updated_at": "2025-01-01T00:00:00Z",
        "webhook_id": "wh_abc123def4",
        "webhook_name": "Engineering Slack Alerts"
    }]);
    server.push(Reply::json(200, &page_example.to_string()));
    let response = client(&server).list_webhooks().await.expect("the page example decodes");
    let webhooks = response.into_body();
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0].webhook_id.as_deref(), Some("wh_abc123def4"));
    assert!(
        matches!(&webhooks[0].channels[0].configs, WebhookChannelInputConfigs::Other(raw) if raw["bot_token"] == "xoxb-...")
    );
    let request = &server.requests()[0];
    assert_eq!((request.method.as_str(), request.target.as_str()), ("GET", "/v1/organizations/webhooks/"));
    assert_eq!(request.header("authorization"), Some("Bearer sk_test_abc"));
    assert!(request.body.is_empty());
}

#[tokio::test]
async fn every_declared_error_status_decodes_to_its_variant() {
    let server = TestServer::start().await;
    let client = client(&server).clone();
    for status in [400u16, 401, 403, 404, 422, 500] {
        let body = if status == 422 {
            json!({"detail": [{"loc": ["body", "channels", 0], "msg": "field required", "type": "missing"}]})
                .to_string()
        } else {
            error_json(status)
        };
        // 500 is retried (idempotent PUT, two retries): answer it on every attempt.
        server.push_times(if status == 500 { 3 } else { 1 }, Reply::json(status, &body));
        let error = client.update_webhook("wh_1", &webhook_input()).await.expect_err("an error status");
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        let declared = error.api_error().unwrap_or_else(|| panic!("{status} is declared: {error}"));
        let matched = match (status, declared) {
            (400, UpdateWebhookError::BadRequest(body))
            | (401, UpdateWebhookError::Unauthorized(body))
            | (403, UpdateWebhookError::Forbidden(body))
            | (404, UpdateWebhookError::NotFound(body))
            | (500, UpdateWebhookError::InternalServerError(body)) => body.status == i64::from(status),
            (422, UpdateWebhookError::UnprocessableEntity(body)) => {
                body.detail.as_ref().is_some_and(|d| d[0].msg == "field required")
            }
            _ => false,
        };
        assert!(matched, "{status} decoded as {declared:?}");
    }
    server.push(Reply::json(404, &error_json(404)));
    let error = client.list_webhooks().await.expect_err("404");
    assert!(matches!(error.api_error(), Some(ListWebhooksError::NotFound(_))));
}

#[tokio::test]
async fn undeclared_status_non_json_and_empty_bodies_are_distinct_errors() {
    let server = TestServer::start().await;
    let client = client(&server);

    server.push(Reply::text(418, "text/plain", "short and stout"));
    let error = client.list_webhooks().await.expect_err("418 is not declared");
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.raw_body(), Some(&b"short and stout"[..]));
    assert!(error.to_string().contains("418"), "{error}");

    server.push(Reply::text(200, "text/html", "<html>maintenance</html>"));
    let error = client.list_webhooks().await.expect_err("HTML is not a webhook list");
    match &error {
        Error::Decode(decode) => assert_eq!(decode.body(), b"<html>maintenance</html>"),
        other => panic!("expected a decode error, got {other:?}"),
    }

    server.push(Reply::json(200, ""));
    let error = client.list_webhooks().await.expect_err("an empty body is not a list");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");

    server.push(Reply::json(200, r#"[{"webhook_name": 5, "event_types": [], "channels": []}]"#));
    let error = client.list_webhooks().await.expect_err("a number is not a name");
    match &error {
        Error::Decode(decode) => assert_eq!(decode.path(), "[0].webhook_name"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_invalid_body_is_refused_before_sending() {
    let server = TestServer::start().await;
    let mut input = webhook_input();
    input.webhook_name = String::new();
    input.channels.clear();
    let error = client(&server).update_webhook("wh_1", &input).await.expect_err("refused");
    match &error {
        Error::InvalidRequest(invalid) => {
            let paths: Vec<&str> = invalid.violations().iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["webhook_name", "channels"]);
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(error.to_string().contains("webhook_name"), "{error}");
    assert_eq!(server.request_count(), 0, "nothing was sent");
}

#[tokio::test]
async fn hostile_ids_stay_inside_their_path_segment() {
    let server = TestServer::start().await;
    server.set_default(Reply::json(200, &webhook_output_json().to_string()));
    let client = client(&server);
    for (id, expected) in [
        ("../admin", "/v1/organizations/webhooks/..%2Fadmin"),
        ("a/b", "/v1/organizations/webhooks/a%2Fb"),
        ("x?y=1", "/v1/organizations/webhooks/x%3Fy%3D1"),
        ("#f", "/v1/organizations/webhooks/%23f"),
        ("%2e%2e", "/v1/organizations/webhooks/%252e%252e"),
    ] {
        client.update_webhook(id, &webhook_input()).await.unwrap_or_else(|e| panic!("{id}: {e}"));
        let target = server.requests().last().map(|r| r.target.clone()).unwrap_or_default();
        assert_eq!(target, expected, "{id}");
    }
    for refused in ["..", "."] {
        let error = client.update_webhook(refused, &webhook_input()).await.expect_err("a dot segment");
        assert!(matches!(error, Error::InvalidRequest(_)), "{refused}: {error:?}");
    }
}

#[tokio::test]
async fn a_get_is_retried_after_503s() {
    let server = TestServer::start().await;
    server.push_times(2, Reply::json(503, "{}"));
    server.push(Reply::json(200, "[]"));
    let response = client(&server).list_webhooks().await.expect("the third attempt succeeds");
    assert!(response.body().is_empty());
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn strict_decoding_refuses_a_response_that_breaks_a_constraint() {
    let server = TestServer::start().await;
    let mut body = webhook_output_json();
    body["webhook_id"] = json!("wh_abc123def4");
    server.set_default(Reply::json(200, &body.to_string()));
    let lenient = client(&server).update_webhook("wh_1", &webhook_input()).await.expect("lenient by default");
    assert_eq!(lenient.body().webhook_id.as_deref(), Some("wh_abc123def4"));
    let strict =
        Client::builder().base_url(server.url()).bearer_token(TOKEN).strict_decoding(true).build().expect("client");
    let error = strict.update_webhook("wh_1", &webhook_input()).await.expect_err("strict refuses");
    match &error {
        Error::Decode(decode) => assert_eq!(decode.path(), "webhook_id"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_2xx_the_operation_does_not_declare_is_a_success_with_its_real_status() {
    let server = TestServer::start().await;
    let client = client(&server);
    // `update_webhook` declares 200; servers like Prefect's answer 201 with the same body.
    for status in [201u16, 202] {
        server.push(Reply::json(status, &webhook_output_json().to_string()));
        let response = client.update_webhook("wh_1", &webhook_input()).await.expect("a 2xx whose body fits");
        assert_eq!(response.status().as_u16(), status);
        assert_eq!(response.body().webhook_name, "Engineering alerts");
    }
    // A 2xx whose body does not fit is a decode error that keeps the real status.
    server.push(Reply::json(201, r#"{"unexpected": true}"#));
    let error = client.update_webhook("wh_1", &webhook_input()).await.expect_err("no webhook in the body");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(201));
}

#[tokio::test]
async fn a_declared_error_keeps_the_raw_body_and_shows_the_servers_message() {
    let server = TestServer::start().await;
    let client = client(&server);
    // Prefect's 422: none of `HTTPValidationError`'s (optional) members, so it decodes as an empty value.
    let body = json!({
        "exception_message": "Invalid request received.",
        "exception_detail": [{"loc": ["body", "name"], "msg": "Field required", "type": "missing"}],
        "request_body": {"name": null}
    })
    .to_string();
    server.push(Reply::json(422, &body).with_header("X-Request-Id", "req-7").with_header("Set-Cookie", "sid=s3cr3t"));
    let error = client.update_webhook("wh_1", &webhook_input()).await.expect_err("422");
    let Error::Api(refused) = &error else { panic!("expected a declared error, got {error:?}") };
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(refused.body(), &UpdateWebhookError::UnprocessableEntity(HttpValidationError::default()));
    assert_eq!(refused.raw_body(), body.as_bytes());
    assert_eq!(error.raw_body(), Some(body.as_bytes()));
    assert_eq!(error.headers().and_then(|h| h.get("x-request-id")).and_then(|v| v.to_str().ok()), Some("req-7"));
    let message = error.to_string();
    assert!(message.starts_with("server answered 422 Unprocessable Entity with a declared error: {"), "{message}");
    assert!(message.contains("Invalid request received."), "{message}");
    // The cookie the server set is still there for the caller, but never printed.
    assert_eq!(error.headers().and_then(|h| h.get("set-cookie")).and_then(|v| v.to_str().ok()), Some("sid=s3cr3t"));
    for text in [message, format!("{error:?}")] {
        assert!(!text.contains("s3cr3t") && !text.contains(TOKEN), "{text}");
    }
}
