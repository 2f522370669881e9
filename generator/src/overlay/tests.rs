//! The overlay's tests: overlays applied to documents, the documents and errors they give.

use super::*;
use serde_json::json;

const HEADER: &str = "overlay: 1.0.0\ninfo:\n  title: test\n  version: 1.0.0\n";

/// Applies `actions` (YAML for the `actions` field) to `document` and returns the result and warnings.
#[track_caller]
fn apply(document: Value, actions: &str) -> (Value, Vec<Warning>) {
    let text = format!("{HEADER}actions:\n{actions}");
    let mut document = document;
    match apply_overlay(&mut document, &Source { file: "overlay.yaml", text: &text }) {
        Ok(warnings) => (document, warnings),
        Err(errors) => panic!("overlay failed:\n{errors}"),
    }
}

/// Applies a whole overlay text that must fail, checks the document is unchanged, returns the errors.
#[track_caller]
fn apply_err(document: Value, text: &str) -> Vec<Error> {
    let mut changed = document.clone();
    match apply_overlay(&mut changed, &Source { file: "overlay.yaml", text }) {
        Ok(warnings) => panic!("overlay succeeded: {changed} {warnings:?}"),
        Err(errors) => {
            assert_eq!(changed, document, "a failed overlay changed the document");
            errors.0
        }
    }
}

fn pointer(error: &Error) -> &str {
    match &error.location {
        Location::Pointer { pointer, .. } => pointer,
        other => panic!("expected a pointer, got {other:?}"),
    }
}

#[test]
fn update_merges_into_an_object_recursively() {
    let document = json!({"info": {"title": "t", "version": "1", "contact": {"name": "a"}}});
    let (document, warnings) = apply(
        document,
        "  - target: $.info\n    update:\n      version: '2'\n      contact: {email: e}\n      x-new: 1\n",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        document,
        json!({"info": {"title": "t", "version": "2", "contact": {"name": "a", "email": "e"}, "x-new": 1}})
    );
}

#[test]
fn nested_arrays_in_an_update_are_concatenated() {
    let document = json!({"get": {"tags": ["a"]}});
    let (document, _) = apply(document, "  - target: $.get\n    update:\n      tags: [b]\n");
    assert_eq!(document, json!({"get": {"tags": ["a", "b"]}}));
}

#[test]
fn update_appends_to_an_array() {
    let document = json!({"tags": [{"name": "a"}]});
    let (document, _) = apply(
        document,
        "  - target: $.tags\n    update:\n      name: b\n  - target: $.tags\n    update: [{name: c}, {name: d}]\n",
    );
    assert_eq!(document, json!({"tags": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}]}));
}

#[test]
fn remove_deletes_an_object_member_and_keeps_order() {
    let document = json!({"a": 1, "b": 2, "c": 3});
    let (document, _) = apply(document, "  - target: $.a\n    remove: true\n");
    assert_eq!(serde_json::to_string(&document).unwrap(), r#"{"b":2,"c":3}"#);
}

#[test]
fn remove_deletes_several_array_elements() {
    let document = json!({"parameters": [
        {"name": "keep1"}, {"name": "drop", "n": 1}, {"name": "keep2"}, {"name": "drop", "n": 2}, {"name": "drop"}
    ]});
    let (document, _) = apply(document, "  - target: $.parameters[?@.name == 'drop']\n    remove: true\n");
    assert_eq!(document, json!({"parameters": [{"name": "keep1"}, {"name": "keep2"}]}));
}

#[test]
fn remove_of_a_node_selected_twice_removes_it_once() {
    let document = json!({"list": [0, 1, 2]});
    let (document, _) = apply(document, "  - target: $.list[0, 0, 2]\n    remove: true\n");
    assert_eq!(document, json!({"list": [1]}));
}

#[test]
fn remove_of_a_node_and_its_descendant_works() {
    let document = json!({"a": {"x": true, "b": {"x": true}}, "c": 1});
    let (document, _) = apply(document, "  - target: $..[?@.x]\n    remove: true\n");
    assert_eq!(document, json!({"c": 1}));
}

#[test]
fn filter_target_updates_the_matching_operation() {
    let document = json!({"paths": {
        "/a": {"get": {"operationId": "x"}, "post": {"operationId": "y"}},
        "/b": {"get": {"operationId": "z"}}
    }});
    let (document, warnings) =
        apply(document, "  - target: \"$.paths.*[?@.operationId == 'x']\"\n    update:\n      deprecated: true\n");
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(document["paths"]["/a"]["get"]["deprecated"], json!(true));
    assert_eq!(document["paths"]["/a"]["post"].get("deprecated"), None);
    assert_eq!(document["paths"]["/b"]["get"].get("deprecated"), None);
}

#[test]
fn actions_apply_in_order() {
    let document = json!({"security": [{"old": []}]});
    let (document, _) = apply(
        document,
        "  - target: $.security\n    remove: true\n  - target: $\n    update:\n      security: [{new: []}]\n",
    );
    assert_eq!(document, json!({"security": [{"new": []}]}));
}

#[test]
fn target_matching_nothing_is_a_warning() {
    let document = json!({"paths": {}});
    let (document, warnings) = apply(document.clone(), "  - target: $.paths['/missing']\n    remove: true\n");
    assert_eq!(document, json!({"paths": {}}));
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].kind, WarningKind::ImperfectDocument);
    assert_eq!(warnings[0].location, Location::pointer("overlay.yaml", "#/actions/0/target"));
}

#[test]
fn invalid_jsonpath_is_located_at_the_target() {
    let text = format!("{HEADER}actions:\n  - target: $.paths[\n    remove: true\n");
    let errors = apply_err(json!({}), &text);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(pointer(&errors[0]), "#/actions/0/target");
    assert!(errors[0].message.starts_with("invalid JSONPath \"$.paths[\": "), "{}", errors[0].message);
}

#[test]
fn all_action_errors_are_reported_together() {
    let text = format!(
        "{HEADER}actions:\n  - target: $.a\n    update: {{}}\n    remove: true\n  - target: 5\n    remove: true\n  - {{}}\n  - target: $\n    remove: true\n  - target: $.b\n"
    );
    let errors = apply_err(json!({"a": {}}), &text);
    let pointers: Vec<&str> = errors.iter().map(pointer).collect();
    assert_eq!(
        pointers,
        ["#/actions/0", "#/actions/1/target", "#/actions/2", "#/actions/2", "#/actions/3/target", "#/actions/4"],
        "{errors:?}"
    );
}

#[test]
fn syntax_error_is_located_in_the_text() {
    let errors = apply_err(json!({}), "overlay: 1.0.0\nactions: [\n  - target: $\n");
    assert!(matches!(errors[0].location, Location::Text { .. }), "{:?}", errors[0]);
}

#[test]
fn wrong_overlay_version_is_an_error() {
    for version in ["2.0.0", "1.1.0", "one"] {
        let text = format!(
            "overlay: {version}\ninfo: {{title: t, version: '1'}}\nactions:\n  - target: $\n    update: {{}}\n"
        );
        let errors = apply_err(json!({}), &text);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(pointer(&errors[0]), "#/overlay");
    }
    let (_, warnings) = apply(json!({}), "  - target: $\n    update: {}\n");
    assert!(warnings.is_empty());
}

#[test]
fn missing_fields_are_errors() {
    let errors = apply_err(json!({}), "overlay: 1.0.1\n");
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["missing required field \"info\"", "missing required field \"actions\""]);
    assert!(errors.iter().all(|e| pointer(e) == "#"));
    let errors = apply_err(json!({}), &format!("{HEADER}actions: []\n"));
    assert_eq!(pointer(&errors[0]), "#/actions");
}

#[test]
fn update_on_a_primitive_is_an_error_and_changes_nothing() {
    let text = format!("{HEADER}actions:\n  - target: $.a\n    update: {{}}\n  - target: $.b\n    update: 3\n");
    let errors = apply_err(json!({"a": {}, "b": "text"}), &text);
    let pointers: Vec<&str> = errors.iter().map(pointer).collect();
    assert_eq!(pointers, ["#/actions/1/target"], "{errors:?}");
}

#[test]
fn non_object_update_on_an_object_is_an_error() {
    let text = format!("{HEADER}actions:\n  - target: $.a\n    update: [1]\n");
    let errors = apply_err(json!({"a": {}}), &text);
    assert_eq!(pointer(&errors[0]), "#/actions/0/update");
}

#[test]
fn unknown_fields_are_warnings() {
    let (_, warnings) = apply(json!({"a": {}}), "  - target: $.a\n    update: {}\n    copy: $.b\n    x-ok: 1\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].location, Location::pointer("overlay.yaml", "#/actions/0/copy"));
}

#[test]
fn odd_inputs_do_not_panic() {
    let targets = [
        "",
        "$",
        "$..",
        "$[",
        "$[?",
        "$[-1]",
        "$[::0]",
        "$[99999999999999999999]",
        "$[?@ == 1.5e999]",
        "$[?length(@) > 1]",
        "$[?match(@, '[')]",
        "$['\\uD800']",
        "$.*.*.*",
        "$..*",
        "$[-9007199254740991:9007199254740991:-9007199254740991]",
        "$[-9223372036854775808]",
        "$[?@.a[-1:] == 1]",
    ];
    for target in targets {
        for action in ["remove: true", "update: {x: 1}", "update: [1]"] {
            let text =
                format!("{HEADER}actions:\n  - target: {}\n    {action}\n", serde_json::to_string(target).unwrap());
            let mut document = json!({"a": [1, {"b": [2, 3]}, "c"], "d": {"e": null}});
            let _ = apply_overlay(&mut document, &Source { file: "overlay.yaml", text: &text });
        }
    }
    for text in ["", "[]", "null", "overlay: 1.0.0\nactions: {}\n", "{\"actions\": [null, 1, []]}"] {
        let mut document = json!({});
        assert!(apply_overlay(&mut document, &Source { file: "overlay.yaml", text }).is_err(), "{text}");
    }
}

#[test]
fn mixpeek_overlay_adds_list_webhooks_and_bearer_auth() {
    let spec = include_str!("../../../specs/mixpeek.yaml");
    let overlay = include_str!("../../../specs/mixpeek.overlay.yaml");
    let mut document = crate::parse::parse_document("mixpeek.yaml", spec).unwrap();
    let warnings = apply_overlay(&mut document, &Source { file: "mixpeek.overlay.yaml", text: overlay }).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");

    let get = &document["paths"]["/v1/organizations/webhooks/"]["get"];
    assert_eq!(get["operationId"], "list_webhooks_v1_organizations_webhooks__get");
    assert_eq!(get["tags"], json!(["Webhooks"]));
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"type": "array", "items": {"$ref": "#/components/schemas/Webhook-Output"}})
    );
    for code in ["400", "401", "403", "404", "422", "500"] {
        assert!(get["responses"][code]["content"]["application/json"]["schema"]["$ref"].is_string(), "{code}");
    }
    assert_eq!(get.get("parameters"), None);
    let put = &document["paths"]["/v1/organizations/webhooks/{identifier}"]["put"];
    assert_eq!(put["operationId"], "update_webhook_v1_organizations_webhooks__identifier__put");

    let scheme = &document["components"]["securitySchemes"]["bearerAuth"];
    assert_eq!(scheme["type"], "http");
    assert_eq!(scheme["scheme"], "bearer");
    assert!(scheme["description"].is_string());
    assert!(document["components"]["schemas"]["Webhook-Output"].is_object());
    assert_eq!(document["security"], json!([{"bearerAuth": []}]));
}
