//! The generated client against Stoplight Prism serving the effective Mixpeek spec (spec + overlay):
//! Prism validates every request the client sends, and its mocked responses must decode, both from the
//! spec's own examples (several of which break their schemas) and from `--dynamic` data.
//!
//! Needs `npm ci` in `tests/client/prism` (the test command does it). Without Prism the test fails when
//! `MIXPEEK_REQUIRE_PRISM` or `CI` is set, and otherwise skips with the reason printed.

use std::path::PathBuf;

use client_tests::prism::{Prism, PrismMode, prism_binary};
use mixpeek::models::*;
use mixpeek::operations::UpdateWebhookError;
use mixpeek::{Client, Error};
use reqwest::header::HeaderMap;

/// Spec + overlay as one JSON document, the file Prism serves: written by `cargo xtask codegen` with the crate
/// (and checked with it), so that these tests need only what codegen checked in.
fn effective_spec() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("prism/mixpeek-effective.json")
}

/// Whether Prism is installed; fails loudly where it must be.
fn prism_available() -> bool {
    match prism_binary() {
        Ok(_) => true,
        Err(reason) if std::env::var_os("MIXPEEK_REQUIRE_PRISM").is_some() || std::env::var_os("CI").is_some() => {
            panic!("Prism is required here: {reason}")
        }
        Err(reason) => {
            eprintln!("skipping the Prism tests: {reason}");
            false
        }
    }
}

/// Request violations Prism reports in `sl-violations` (response violations are ignored here).
fn request_violations(headers: Option<&HeaderMap>) -> Vec<String> {
    let Some(raw) = headers.and_then(|h| h.get("sl-violations")).and_then(|v| v.to_str().ok()) else {
        return Vec::new();
    };
    let parsed: serde_json::Value = serde_json::from_str(raw).unwrap_or_default();
    parsed
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| v["location"].get(0).and_then(|l| l.as_str()) == Some("request"))
        .map(|v| v.to_string())
        .collect()
}

fn input() -> WebhookInput {
    WebhookInput::new(
        "Production Monitoring".to_owned(),
        vec![WebhookEventType::ClusterExecutionFailed, WebhookEventType::TriggerExecutionFailed],
        vec![WebhookChannelInput::new(
            NotificationChannel::Email,
            WebhookChannelInputConfigs::EmailConfigInput(EmailConfigInput::new(vec!["oncall@example.com".to_owned()])),
        )],
    )
}

fn client(prism: &Prism) -> Client {
    Client::builder().base_url(prism.base_url()).bearer_token("sk_test_prism").build().expect("client")
}

async fn exercise(mode: PrismMode) {
    let spec = effective_spec();
    let prism = Prism::start(&spec, mode).unwrap_or_else(|e| panic!("prism starts: {e}"));
    let client = client(&prism);

    let listed = client.list_webhooks().await.unwrap_or_else(|e| panic!("{mode:?}: list: {e}\n{}", prism.log_tail()));
    assert_eq!(request_violations(Some(listed.headers())), Vec::<String>::new(), "{mode:?}: list request");

    let updated = client
        .update_webhook("wh_0123456789abcdef", &input())
        .await
        .unwrap_or_else(|e| panic!("{mode:?}: update: {e}\n{}", prism.log_tail()));
    assert_eq!(request_violations(Some(updated.headers())), Vec::<String>::new(), "{mode:?}: update request");

    // Declared error statuses, chosen with `Prefer: code=…`, decode into their variants.
    for (code, check) in [(404u16, "not found"), (422, "validation")] {
        let prefer = Client::builder()
            .base_url(prism.base_url())
            .bearer_token("sk_test_prism")
            .default_header("Prefer", format!("code={code}"))
            .build()
            .expect("client");
        let error = prefer.update_webhook("wh_0123456789abcdef", &input()).await.expect_err("an error status");
        assert_eq!(request_violations(error.headers()), Vec::<String>::new(), "{mode:?}: {check} request");
        match (code, error.api_error()) {
            (404, Some(UpdateWebhookError::NotFound(_))) | (422, Some(UpdateWebhookError::UnprocessableEntity(_))) => {}
            _ => panic!("{mode:?}: {code} did not decode to its variant: {error}"),
        }
    }

    if mode == PrismMode::Examples {
        // The spec's own example is served: its webhook id breaks the pattern and its Slack config
        // matches no branch. Lenient decoding keeps both; strict decoding refuses.
        let first = listed.body().first().expect("the example lists one webhook");
        assert_eq!(first.webhook_id.as_deref(), Some("wh_abc123def4"));
        assert!(matches!(first.channels[0].configs, WebhookChannelInputConfigs::Other(_)));
        let strict = Client::builder()
            .base_url(prism.base_url())
            .bearer_token("sk_test_prism")
            .strict_decoding(true)
            .build()
            .expect("client");
        let error = strict.list_webhooks().await.expect_err("strict decoding refuses the example");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
    }

    // Prism does check requests: a body without `webhook_name`, sent by hand, is refused.
    let raw = reqwest::Client::new()
        .put(format!("{}/v1/organizations/webhooks/wh_1", prism.base_url()))
        .header("Authorization", "Bearer sk_test_prism")
        .header("Content-Type", "application/json")
        .body(serde_json::json!({"event_types": ["object.created"], "channels": []}).to_string())
        .send()
        .await
        .expect("prism answers");
    assert_eq!(raw.status().as_u16(), 422, "{mode:?}");
    assert!(!request_violations(Some(raw.headers())).is_empty(), "{mode:?}: the violation is reported");
}

#[tokio::test]
async fn requests_validate_and_example_responses_decode() {
    if prism_available() {
        exercise(PrismMode::Examples).await;
    }
}

#[tokio::test]
async fn requests_validate_and_dynamic_responses_decode() {
    if prism_available() {
        exercise(PrismMode::Dynamic).await;
    }
}
