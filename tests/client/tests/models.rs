//! Decoding and encoding the generated Mixpeek models with realistic payloads: unions pick the right
//! variant, unknown values are kept, members with defaults stay absent unless set, constraints are checked when sending (and when
//! decoding strictly) but never break lenient decoding.

use mixpeek::models::*;
use mixpeek::runtime::{StrictDecodeError, Validate, from_str_strict};
use serde_json::{Value, json};

fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("decodes")
}

fn webhook_json() -> Value {
    json!({
        "webhook_id": "wh_0123456789abcdef",
        "webhook_name": "Engineering alerts",
        "event_types": ["object.created", "cluster.execution.failed"],
        "channels": [
            {"channel": "slack", "configs": {"webhook_url": "https://hooks.slack.com/services/T/B/X"}},
            {"channel": "email", "configs": {"to_addresses": ["oncall@example.com"], "subject_template": null}},
            {"channel": "webhook", "configs": {"url": "https://siem.example.com/hook", "headers": {"X-Key": "v"}}}
        ],
        "is_active": false,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2025-01-15T10:30:00+02:00"
    })
}

#[test]
fn a_full_webhook_decodes_each_channel_to_its_config() {
    let webhook: WebhookOutput = decode(webhook_json());
    assert_eq!(webhook.event_types, vec![WebhookEventType::ObjectCreated, WebhookEventType::ClusterExecutionFailed]);
    assert_eq!(webhook.is_active, Some(false));
    assert_eq!(webhook.updated_at.map(|t| t.to_rfc3339()), Some("2025-01-15T08:30:00+00:00".to_owned()));
    let configs: Vec<&WebhookChannelInputConfigs> = webhook.channels.iter().map(|c| &c.configs).collect();
    assert!(matches!(configs[0], WebhookChannelInputConfigs::SlackConfig(c) if c.webhook_url.ends_with("/X")));
    match configs[1] {
        WebhookChannelInputConfigs::EmailConfigInput(email) => {
            assert_eq!(email.to_addresses, ["oncall@example.com"]);
            assert_eq!(email.subject_template, Some(None), "null is kept apart from absent");
            assert_eq!(email.body_template, None);
            assert_eq!(email.content_type, None, "an absent member with a default stays absent");
        }
        other => panic!("expected the email config, got {other:?}"),
    }
    match configs[2] {
        WebhookChannelInputConfigs::WebhookConfig(config) => {
            assert_eq!(config.url, "https://siem.example.com/hook");
            assert_eq!(config.timeout, None, "an absent member with a default stays absent");
        }
        other => panic!("expected the webhook config, got {other:?}"),
    }
    assert_eq!(webhook.channels[0].channel, NotificationChannel::Slack);
}

#[test]
fn union_choice_does_not_depend_on_member_order() {
    for (payload, expected) in [
        (json!({"channel": "#ops", "webhook_url": "https://x"}), "slack"),
        (json!({"cc_addresses": [], "to_addresses": ["a@b.c"]}), "email"),
        (json!({"timeout": 3, "url": "https://x"}), "webhook"),
    ] {
        let decoded: WebhookChannelInputConfigs = decode(payload.clone());
        let kind = match &decoded {
            WebhookChannelInputConfigs::SlackConfig(_) => "slack",
            WebhookChannelInputConfigs::EmailConfigInput(_) => "email",
            WebhookChannelInputConfigs::WebhookConfig(_) => "webhook",
            WebhookChannelInputConfigs::Other(_) => "other",
            // Unions are `#[non_exhaustive]`: a branch the API adds later is a minor change.
            _ => "a branch this test does not know",
        };
        assert_eq!(kind, expected, "{payload}");
    }
}

#[test]
fn a_payload_matching_several_branches_takes_the_one_with_fewest_unknown_members() {
    // Both Slack (webhook_url) and Webhook (url) are satisfied, each with one member it does not declare:
    // a tie goes to the branch listed first (Slack).
    let tie: WebhookChannelInputConfigs = decode(json!({"webhook_url": "https://a", "url": "https://b"}));
    assert!(matches!(tie, WebhookChannelInputConfigs::SlackConfig(_)), "{tie:?}");
    // Slack declares `webhook_url` and `channel` (one unknown); Webhook declares only `url` (two unknown).
    let slack: WebhookChannelInputConfigs =
        decode(json!({"webhook_url": "https://a", "url": "https://b", "channel": "#c"}));
    assert!(matches!(slack, WebhookChannelInputConfigs::SlackConfig(_)), "{slack:?}");
    // Webhook knows `url` and `timeout`; Slack knows only `webhook_url`: Webhook fits better.
    let better: WebhookChannelInputConfigs =
        decode(json!({"webhook_url": "https://a", "url": "https://b", "timeout": 1}));
    assert!(matches!(better, WebhookChannelInputConfigs::WebhookConfig(_)), "{better:?}");
}

#[test]
fn the_specs_own_slack_example_matches_no_branch_and_is_kept_raw() {
    let example = json!({"bot_token": "xoxb-...", "channel_id": "C0123456789", "workspace_id": "T0123456789"});
    let decoded: WebhookChannelInputConfigs = decode(example.clone());
    assert_eq!(decoded, WebhookChannelInputConfigs::Other(example.clone()));
    assert_eq!(serde_json::to_value(&decoded).unwrap(), example, "re-encodes unchanged");
    let error = decoded.validate().expect_err("a raw config is not valid to send");
    assert!(error.to_string().contains("none of the shapes"), "{error}");
}

#[test]
fn unknown_event_types_are_kept_and_re_encoded_unchanged() {
    let events: Vec<WebhookEventType> = decode(json!(["object.archived", "*", "object.created"]));
    assert_eq!(events[0], WebhookEventType::Unknown("object.archived".to_owned()));
    assert_eq!(events[1].as_str(), "*");
    assert!(events[2].is_known());
    assert_eq!(serde_json::to_value(&events).unwrap(), json!(["object.archived", "*", "object.created"]));
    assert_eq!("trigger.fired".parse::<WebhookEventType>().unwrap(), WebhookEventType::TriggerFired);
    assert_eq!(WebhookEventType::AlertTriggered.to_string(), "alert.triggered");
}

#[test]
fn a_fastapi_validation_error_decodes() {
    let body =
        json!({"detail": [{"loc": ["body", "channels", 0], "msg": "field required", "type": "value_error.missing"}]});
    let error: HttpValidationError = decode(body.clone());
    let detail = &error.detail.as_ref().expect("detail")[0];
    assert_eq!(
        detail.loc,
        vec![
            ValidationErrorLocItem::String("body".to_owned()),
            ValidationErrorLocItem::String("channels".to_owned()),
            ValidationErrorLocItem::Integer(0)
        ]
    );
    assert_eq!(detail.msg, "field required");
    assert_eq!(serde_json::to_value(&error).unwrap(), body);
}

#[test]
fn an_error_response_without_a_defaulted_member_keeps_it_absent() {
    let error: ErrorResponse = decode(
        json!({"status": 404, "error": {"message": "Namespace not found", "type": "NotFoundError", "details": {"id": "ns_123"}}}),
    );
    assert_eq!(error.success, None, "absent, whatever the default");
    assert_eq!(serde_json::to_value(&error).unwrap().get("success"), None, "re-encoded without the member");
    assert_eq!(error.error.details.clone().flatten().and_then(|d| d.get("id").cloned()), Some(json!("ns_123")));
}

#[test]
fn a_new_value_sends_only_its_required_members_and_what_the_caller_set() {
    // `is_active` (default true), `content_type` (default "html") and `timeout` (default 10) have schema defaults:
    // the server assumes them when the member is absent, so a request must not write them for the caller.
    let mut input = WebhookInput::new(
        "name".to_owned(),
        vec![WebhookEventType::ObjectCreated],
        vec![
            WebhookChannelInput::new(
                NotificationChannel::Webhook,
                WebhookChannelInputConfigs::WebhookConfig(WebhookConfig::new("https://x".to_owned())),
            ),
            WebhookChannelInput::new(
                NotificationChannel::Email,
                WebhookChannelInputConfigs::EmailConfigInput(EmailConfigInput::new(vec!["a@b.c".to_owned()])),
            ),
        ],
    );
    let sent = serde_json::to_string(&input).unwrap();
    assert_eq!(
        sent,
        r#"{"webhook_name":"name","event_types":["object.created"],"channels":[{"channel":"webhook","configs":{"url":"https://x"}},{"channel":"email","configs":{"to_addresses":["a@b.c"]}}]}"#
    );
    input.is_active = Some(false);
    assert_eq!(serde_json::to_value(&input).unwrap()["is_active"], false, "a member the caller set is sent");
}

#[test]
fn optional_nullable_fields_send_absent_null_and_value_distinctly() {
    let mut input = WebhookInput::new(
        "name".to_owned(),
        vec![WebhookEventType::ObjectCreated],
        vec![WebhookChannelInput::new(
            NotificationChannel::Webhook,
            WebhookChannelInputConfigs::WebhookConfig(WebhookConfig::new("https://x".to_owned())),
        )],
    );
    assert!(serde_json::to_value(&input).unwrap().get("internal_id").is_none(), "absent");
    input.internal_id = Some(None);
    assert_eq!(serde_json::to_value(&input).unwrap()["internal_id"], Value::Null);
    input.internal_id = Some(Some("int_1".to_owned()));
    assert_eq!(serde_json::to_value(&input).unwrap()["internal_id"], "int_1");
    let back: WebhookInput = decode(serde_json::to_value(&input).unwrap());
    assert_eq!(back, input, "round trip");
    let null_back: WebhookInput =
        decode(json!({"webhook_name": "n", "event_types": [], "channels": [], "internal_id": null}));
    assert_eq!(null_back.internal_id, Some(None));
}

#[test]
fn struct_decoding_names_a_missing_member_and_the_shape_it_expected() {
    let missing = serde_json::from_str::<WebhookInput>(r#"{"event_types": [], "channels": []}"#).unwrap_err();
    assert!(missing.to_string().contains("missing field `webhook_name`"), "{missing}");
    let array = serde_json::from_str::<WebhookInput>(r#"["webhook_name"]"#).unwrap_err();
    assert!(array.to_string().contains("an object (WebhookInput)"), "{array}");
    let wrong =
        serde_json::from_str::<WebhookInput>(r#"{"webhook_name": 7, "event_types": [], "channels": []}"#).unwrap_err();
    assert!(wrong.to_string().contains("expected a string"), "{wrong}");
}

#[test]
fn struct_decoding_skips_undeclared_members_reads_escaped_names_and_keeps_the_last_of_a_repeated_member() {
    let text = r#"{"webhook\u005fname": "escaped", "unknown": {"deep": [1, {"x": null}]}, "event_types": [],
        "channels": [], "is_active": false, "is_active": true}"#;
    let input: WebhookInput = serde_json::from_str(text).unwrap();
    assert_eq!(input.webhook_name, "escaped");
    assert_eq!(input.is_active, Some(true), "the last `is_active` wins");
    assert_eq!(input.internal_id, None, "absent");
    let defaulted: WebhookInput =
        serde_json::from_str(r#"{"webhook_name": "n", "event_types": [], "channels": []}"#).unwrap();
    assert_eq!(defaulted.is_active, None, "a member with a default (true) that is absent stays absent");
}

#[test]
fn building_a_value_to_send_refuses_broken_constraints_naming_the_field() {
    let mut input: WebhookInput = decode(webhook_json());
    input.validate().expect("the realistic payload is valid");
    input.webhook_name = String::new();
    input.webhook_id = Some("wh_abc123def4".to_owned());
    input.event_types.clear();
    let error = input.validate().expect_err("three constraints are broken");
    let paths: Vec<&str> = error.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["webhook_id", "webhook_name", "event_types"]);
    let message = error.to_string();
    assert!(message.contains("webhook_name: must be at least 1 characters long"), "{message}");
    assert!(message.contains("must match the pattern"), "{message}");
    input.webhook_name = "x".repeat(201);
    assert!(input.validate().unwrap_err().to_string().contains("at most 200"));
}

#[test]
fn nested_violations_carry_their_path() {
    let mut input: WebhookInput = decode(webhook_json());
    input.channels[1].configs = WebhookChannelInputConfigs::Other(json!({"recipients": []}));
    input.event_types.push(WebhookEventType::Unknown("object.archived".to_owned()));
    let error = input.validate().expect_err("invalid");
    let paths: Vec<&str> = error.violations().iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, ["event_types[2]", "channels[1].configs"]);
}

#[test]
fn a_response_breaking_a_constraint_decodes_unless_strict() {
    let mut body = webhook_json();
    body["webhook_id"] = json!("wh_abc123def4");
    body["event_types"] = json!(["object.archived"]);
    let text = body.to_string();
    let lenient: WebhookOutput = serde_json::from_str(&text).expect("lenient decoding accepts it");
    assert_eq!(lenient.webhook_id.as_deref(), Some("wh_abc123def4"));
    match from_str_strict::<WebhookOutput>(&text) {
        Err(StrictDecodeError::Invalid(error)) => {
            let paths: Vec<&str> = error.violations().iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["webhook_id", "event_types[0]"]);
        }
        other => panic!("strict decoding must refuse it: {other:?}"),
    }
}

#[test]
fn structurally_identical_schemas_are_one_type() {
    let mut email = EmailConfigInput::new(vec!["a@b.c".to_owned()]);
    email.content_type = Some(NotificationContentType::Html);
    let same: SharedNotificationsVendorsEmailModelsEmailConfig = email.clone();
    let channel: WebhookChannelOutput =
        WebhookChannelInput::new(NotificationChannel::Email, WebhookChannelInputConfigs::EmailConfigInput(same));
    assert_eq!(serde_json::to_value(&channel).unwrap()["configs"]["content_type"], "html");
}

/// The spec's own component examples decode into their types and re-encode to the same JSON, and strict
/// decoding accepts exactly the ones the generator found valid: those it lists for the generated crate's example
/// tests (`generated/tests/spec_examples/examples.json`); the others break a constraint or match no union branch
/// (the generator's warnings, `snapshots__mixpeek_warnings.snap` in `tests/generator/tests/snapshots/`).
#[test]
fn the_specs_valid_examples_round_trip() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let text = std::fs::read_to_string(root.join("specs/mixpeek.yaml")).expect("spec");
    let document: Value = serde_yaml::from_str(&text).expect("the spec parses");
    let listed = std::fs::read_to_string(root.join("generated/tests/spec_examples/examples.json")).expect("examples");
    let listed: serde_json::Map<String, Value> = serde_json::from_str(&listed).expect("the examples parse");
    let schemas = document["components"]["schemas"].as_object().expect("schemas");
    let mut checked = 0;
    for (key, schema) in schemas {
        for (index, example) in schema["examples"].as_array().into_iter().flatten().enumerate() {
            let pointer = format!("/components/schemas/{key}/examples/{index}");
            let valid = listed.contains_key(&format!("#{pointer}"));
            let (decoded, strict): ((Value, Value), bool) = match key.as_str() {
                "Webhook-Input" => round_trip::<WebhookInput>(example),
                "Webhook-Output" => round_trip::<WebhookOutput>(example),
                "WebhookChannel-Input" | "WebhookChannel-Output" => round_trip::<WebhookChannelInput>(example),
                "ErrorResponse" => round_trip::<ErrorResponse>(example),
                other => panic!("no type mapped for {other}"),
            };
            // Decoding the re-encoded value gives the same value (members the schema does not declare,
            // such as the Webhook examples' `description`, are not part of the type and are dropped).
            assert_eq!(decoded.0, decoded.1, "{pointer} survives a round trip");
            assert_eq!(strict, valid, "{pointer}: strict decoding agrees with the generator's list");
            checked += 1;
        }
    }
    assert_eq!(checked, 13, "every component example was checked");
}

/// Decodes leniently, re-encodes, decodes and re-encodes again; also says whether strict decoding accepts
/// the example.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize + Validate>(example: &Value) -> ((Value, Value), bool) {
    let value: T = serde_json::from_value(example.clone()).expect("every example decodes leniently");
    let encoded = serde_json::to_value(&value).expect("encodes");
    let again: T = serde_json::from_value(encoded.clone()).expect("re-decodes");
    let strict = from_str_strict::<T>(&example.to_string()).is_ok();
    ((encoded, serde_json::to_value(&again).expect("encodes")), strict)
}
