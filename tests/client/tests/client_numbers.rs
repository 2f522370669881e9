//! Numbers in free-form JSON over loopback HTTP: what the generated Mixpeek client keeps of an integer beyond
//! 64 bits and a decimal beyond `f64` in a free-form member inside a union variant, in a union's catch-all and
//! in an error's details, and what it sends back. Without the crate's `exact-numbers` feature serde_json rounds
//! them to the nearest `f64` (the documented default); with it (the `exact-numbers-tests` crate runs this file
//! so) every digit survives. Each test asserts the outcome of the mode the build is in.

use client_tests::server::{Reply, TestServer};
use mixpeek::models::*;
use mixpeek::operations::UpdateWebhookError;
use mixpeek::{Client, Error};
use serde_json::Value;

const BIG: &str = "123456789012345678901234567890";
const PRECISE: &str = "0.1000000000000000055511151231257827";
/// What serde_json without `arbitrary_precision` makes of them: the nearest `f64`, spelled shortest.
const BIG_ROUNDED: &str = "1.2345678901234568e+29";
const PRECISE_ROUNDED: &str = "0.1";

/// Whether serde_json keeps numbers' text in this build (`arbitrary_precision`, which `exact-numbers` turns on
/// and Cargo unifies across the build).
pub fn exact_mode() -> bool {
    let reread = serde_json::from_str::<Value>(BIG).and_then(|value| serde_json::to_string(&value));
    reread.is_ok_and(|text| text == BIG)
}

fn expected(exact: &'static str, rounded: &'static str) -> &'static str {
    if exact_mode() { exact } else { rounded }
}

fn client(server: &TestServer) -> Client {
    Client::builder().base_url(server.url()).bearer_token("sk_test").build().expect("client builds")
}

/// A webhook whose one channel is a `WebhookConfig` (a union variant, chosen from a buffered value) with a
/// free-form `payload_template`.
fn webhook_json(payload_template: &str) -> String {
    format!(
        r#"{{"webhook_id": "wh_1", "webhook_name": "numbers", "event_types": ["object.created"],
            "channels": [{{"channel": "webhook", "configs": {{"url": "https://example.test/hook",
            "payload_template": {payload_template}}}}}],
            "is_active": true, "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}}"#
    )
}

/// A request the client accepts to send (it checks bodies before sending).
fn any_input() -> WebhookInput {
    let slack = WebhookChannelInputConfigs::SlackConfig(SlackConfig::new("https://hooks.slack.com/x".to_owned()));
    let channel = WebhookChannelInput::new(NotificationChannel::Slack, slack);
    WebhookInput::new("numbers".to_owned(), vec![WebhookEventType::ObjectCreated], vec![channel])
}

fn input_from(output: &WebhookOutput) -> WebhookInput {
    WebhookInput::new(output.webhook_name.clone(), output.event_types.clone(), output.channels.clone())
}

#[tokio::test]
async fn a_free_form_member_inside_a_union_variant_reads_and_sends_numbers_as_the_mode_promises() {
    let server = TestServer::start().await;
    let template =
        format!(r#"{{"big": {BIG}, "precise": {PRECISE}, "items": [{BIG}, -{BIG}], "plain": 1.5, "small": 7}}"#);
    server.push(Reply::json(200, &webhook_json(&template)));
    server.push(Reply::json(200, &webhook_json("{}")));
    let client = client(&server);

    let webhook = client.update_webhook("wh_1", &any_input()).await;
    let webhook = webhook.expect("decodes").into_body();
    let [channel] = webhook.channels.as_slice() else { panic!("one channel: {webhook:?}") };
    let WebhookChannelInputConfigs::WebhookConfig(config) = &channel.configs else {
        panic!("the union chose the wrong variant: {:?}", channel.configs)
    };
    let template = config.payload_template.clone().flatten().expect("payload_template");
    assert_eq!(template["big"].to_string(), expected(BIG, BIG_ROUNDED));
    assert_eq!(template["precise"].to_string(), expected(PRECISE, PRECISE_ROUNDED));
    assert_eq!(template["items"].to_string(), format!("[{0},-{0}]", expected(BIG, BIG_ROUNDED)));
    assert_eq!(template["plain"].to_string(), "1.5");
    assert_eq!(template["small"].as_u64(), Some(7));

    // A read-modify-write: the webhook's channels go back as they came.
    client.update_webhook("wh_1", &input_from(&webhook)).await.expect("sends");
    let sent = String::from_utf8(server.requests()[1].body.clone()).expect("UTF-8 body");
    let big = expected(BIG, BIG_ROUNDED);
    let precise = expected(PRECISE, PRECISE_ROUNDED);
    let sent_template = format!(
        r#""payload_template":{{"big":{big},"items":[{big},-{big}],"plain":1.5,"precise":{precise},"small":7}}"#
    );
    assert!(sent.contains(&sent_template), "sent {sent}\nexpected it to contain {sent_template}");
}

#[tokio::test]
async fn a_union_catch_all_keeps_a_number_no_variant_holds() {
    let server = TestServer::start().await;
    // `configs` is a union of three object types: a number fits none, so the catch-all keeps it.
    let body = format!(
        r#"{{"webhook_id": "wh_1", "webhook_name": "n", "event_types": [], "channels": [{{"channel": "webhook",
            "configs": {BIG}}}], "is_active": true, "created_at": "2025-01-01T00:00:00Z",
            "updated_at": "2025-01-01T00:00:00Z"}}"#
    );
    server.push(Reply::json(200, &body));
    let client = client(&server);
    let webhook = client.update_webhook("wh_1", &any_input()).await;
    let webhook = webhook.expect("decodes").into_body();
    let WebhookChannelInputConfigs::Other(kept) = &webhook.channels[0].configs else {
        panic!("a number is no config: {:?}", webhook.channels[0].configs)
    };
    assert_eq!(kept.to_string(), expected(BIG, BIG_ROUNDED));
}

#[tokio::test]
async fn an_error_body_keeps_its_free_form_details_and_its_raw_bytes() {
    let server = TestServer::start().await;
    let body = format!(
        r#"{{"success": false, "status": 404, "error": {{"message": "gone", "type": "NotFound", "details": {{"id": {BIG}, "score": {PRECISE}}}}}}}"#
    );
    server.push(Reply::json(404, &body));
    let client = client(&server);
    let error = client.update_webhook("wh_1", &any_input()).await.expect_err("404");
    let Error::Api(refused) = &error else { panic!("expected a declared error, got {error:?}") };
    let UpdateWebhookError::NotFound(response) = refused.body() else { panic!("404 is NotFound: {refused:?}") };
    let details = response.error.details.clone().flatten().expect("details");
    assert_eq!(details["id"].to_string(), expected(BIG, BIG_ROUNDED));
    assert_eq!(details["score"].to_string(), expected(PRECISE, PRECISE_ROUNDED));
    // Whatever the mode, the raw body is what the server said.
    assert_eq!(refused.raw_body(), body.as_bytes());
}
