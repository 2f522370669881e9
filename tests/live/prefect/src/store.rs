//! Variables holding every JSON type (and integers past 2^53 and 2^63), concurrency limits (v1 by tag, v2 by
//! name), artifacts and their latest versions, and saved searches; the provoked 422 whose raw body must carry
//! the server's own message.

use prefect_client::models::*;
use serde_json::{Value, json};

use crate::flows::{gone, json_of, without};
use crate::suite::{Suite, final_exchanges, paths};

pub async fn variables(s: &mut Suite) {
    let cases: Vec<(&str, Value)> = vec![
        ("string", json!("héllo \"quoted\" ü")),
        ("integer", json!(42)),
        ("float", json!(0.1)),
        ("true", json!(true)),
        ("null", Value::Null),
        ("array", json!([1, "two", null, { "x": [] }, 2.5])),
        ("object", json!({ "nested": { "a": 1 }, "list": [true, false], "empty": {} })),
        ("above-2-53", json!(9_007_199_254_740_993_i64)),
        ("i64-max", json!(i64::MAX)),
        ("i64-min", json!(i64::MIN)),
        ("u64-max", json!(u64::MAX)),
    ];
    let prefix = format!("live-var-{}-", s.run);
    let mut ids = Vec::new();
    for (kind, value) in &cases {
        let name = format!("{prefix}{kind}");
        let typed: Option<VariableCreateValue> = match serde_json::from_value(value.clone()) {
            Ok(typed) => typed,
            Err(error) => {
                s.check(&format!("variable {kind}: the value fits VariableCreateValue"), false, value, error);
                continue;
            }
        };
        let mut body = VariableCreate::new(name.clone(), typed);
        body.tags = Some(vec!["live".to_owned()]);
        let (created, sent) = s.traced(s.client.create_variable(&Default::default(), &body)).await;
        let Some(variable) = s.ok(&format!("POST /variables/ ({kind})"), 201, created) else { continue };
        ids.push((variable.id.clone(), name.clone()));
        // As JSON values: member order aside, a number must go out as the same kind and value (all its digits).
        let expected = json!({ "name": name, "value": value, "tags": ["live"] });
        s.sent_exactly(&format!("POST /variables/ ({kind}) sends the value exactly"), &sent, &expected);
        // The server echoes what it accepted; the client decodes it into a value that encodes the same (an
        // integer no variant holds exactly, u64::MAX, is kept in the catch-all).
        s.eq(&format!("POST /variables/ ({kind}) decodes the echoed value exactly"), value, &json_of(&variable.value));
        let (read, received) = s.traced(s.client.read_variable_by_name(&name, &Default::default())).await;
        let Some(read) = s.ok(&format!("GET /variables/name/{{name}} ({kind})"), 200, read) else { continue };
        let served = final_exchanges(&received)
            .first()
            .and_then(|e| e.response.as_ref())
            .and_then(|r| serde_json::from_slice::<Value>(&r.body).ok());
        let served_value = served.as_ref().map(|v| v["value"].clone());
        // The server stores the value as JSON in SQLite, whose integers are 64-bit signed: it reads u64::MAX back
        // as the nearest double (a limit of the server, pinned here so that a change of it is noticed).
        let stored = if *kind == "u64-max" { json!(u64::MAX as f64) } else { value.clone() };
        s.eq(&format!("variable {kind}: the server kept the value"), Some(stored), served_value.clone());
        s.eq(
            &format!("variable {kind}: the decoded value encodes back to what the server sent"),
            served_value.map(|v| v.to_string()),
            Some(json_of(&read.value).to_string()),
        );
    }

    // PATCH by name of the value alone leaves the tags; PATCH by id of the tags alone leaves the value.
    let string_name = format!("{prefix}string");
    let update =
        VariableUpdate { value: Some(Some(VariableUpdateValue::String("changed".to_owned()))), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_variable_by_name(&string_name, &Default::default(), &update)).await;
    s.ok("PATCH /variables/name/{name}", 204, updated);
    s.sent_exactly("PATCH /variables/name/{name} sends only the value", &sent, &json!({ "value": "changed" }));
    let read = s.client.read_variable_by_name(&string_name, &Default::default()).await;
    if let Some(read) = s.ok("GET /variables/name/{name} after PATCH", 200, read) {
        s.eq(
            "PATCH of the value changed it and kept the tags",
            (json!("changed"), Some(vec!["live".to_owned()])),
            (json_of(&read.value), read.tags.clone()),
        );
        let update = VariableUpdate { tags: Some(Some(vec!["retagged".to_owned()])), ..Default::default() };
        let (updated, sent) = s.traced(s.client.update_variable(&read.id, &Default::default(), &update)).await;
        s.ok("PATCH /variables/{id}", 204, updated);
        s.sent_exactly("PATCH /variables/{id} sends only the tags", &sent, &json!({ "tags": ["retagged"] }));
        let after = s.client.read_variable(&read.id, &Default::default()).await;
        if let Some(after) = s.ok("GET /variables/{id}", 200, after) {
            s.eq(
                "PATCH of the tags changed them and kept the value",
                (json!("changed"), Some(vec!["retagged".to_owned()])),
                (json_of(&after.value), after.tags.clone()),
            );
        }
    }

    // Pages of four, by name.
    let filter = VariableFilter {
        name: Some(Some(VariableFilterName { like: Some(Some(prefix.clone())), ..Default::default() })),
        ..Default::default()
    };
    let mut expected: Vec<String> = ids.iter().map(|(_, name)| name.clone()).collect();
    expected.sort();
    let mut pages = Vec::new();
    for offset in [0, 4, 8] {
        let body = BodyReadVariablesVariablesFilterPost {
            variables: Some(Some(filter.clone())),
            limit: Some(4),
            offset: Some(offset),
            sort: Some(VariableSort::NameAsc),
            ..Default::default()
        };
        let page = s.client.read_variables(&Default::default(), Some(&body)).await;
        pages.push(
            s.ok("POST /variables/filter", 200, page)
                .unwrap_or_default()
                .into_iter()
                .map(|v| v.name)
                .collect::<Vec<_>>(),
        );
    }
    s.eq(
        "POST /variables/filter pages by offset and limit",
        expected.chunks(4).map(<[String]>::to_vec).collect::<Vec<_>>(),
        pages,
    );
    let body = BodyCountVariablesVariablesCountPost { variables: Some(Some(filter)), ..Default::default() };
    let count = s.client.count_variables(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /variables/count", 200, count);
    s.eq("POST /variables/count", Some(ids.len() as i64), count);

    // The server refuses a name its schema does not constrain: a 422 whose raw body must carry its message.
    let body = VariableCreate::new(format!("Live Bad Name {}", s.run), Some(VariableCreateValue::Integer(1)));
    let (created, sent) = s.traced(s.client.create_variable(&Default::default(), &body)).await;
    s.eq(
        "POST /variables/ with a bad name reached the server",
        vec![Some(422)],
        final_exchanges(&sent).iter().map(|e| e.status()).collect(),
    );
    if let Some(error) = s.err("POST /variables/ with a bad name", 422, created) {
        let raw = error.raw_body().map(|b| String::from_utf8_lossy(b).into_owned());
        let wire = final_exchanges(&sent)
            .first()
            .and_then(|e| e.response.as_ref())
            .map(|r| String::from_utf8_lossy(&r.body).into_owned());
        s.check(
            "422 raw body readable from the error, with the server's message",
            raw.as_deref().is_some_and(|raw| raw.contains("Variable name must only contain lowercase letters")),
            format_args!("Some(raw body) as received: {}", wire.unwrap_or_default()),
            format_args!("raw_body() = {raw:?}; typed body {:?}", error.api_error()),
        );
    }

    let mut deleted_by_name = false;
    for (id, name) in &ids {
        if !deleted_by_name {
            let deleted = s.client.delete_variable_by_name(name, &Default::default()).await;
            s.ok("DELETE /variables/name/{name}", 204, deleted);
            let read = s.client.read_variable_by_name(name, &Default::default()).await;
            gone(s, "GET /variables/name/{name} after DELETE", "Variable not found", read);
            deleted_by_name = true;
        } else {
            let deleted = s.client.delete_variable(id, &Default::default()).await;
            s.ok("DELETE /variables/{id}", 204, deleted);
        }
    }
    if let Some((id, _)) = ids.last() {
        let read = s.client.read_variable(id, &Default::default()).await;
        gone(s, "GET /variables/{id} after DELETE", "Variable not found", read);
    }
}

pub async fn concurrency_limits(s: &mut Suite) {
    // Version 1, by tag: the tag travels in the path.
    let tag = format!("live tag ü ?# {}", s.run);
    let body = ConcurrencyLimitCreate::new(tag.clone(), 3);
    let created = s.client.create_concurrency_limit(&Default::default(), &body).await;
    if let Some(limit) = s.ok("POST /concurrency_limits/", 201, created) {
        let read = s.client.read_concurrency_limit(&limit.id, &Default::default()).await;
        let read = s.ok("GET /concurrency_limits/{id}", 200, read);
        s.eq(
            "GET /concurrency_limits/{id} reads the tag and limit",
            Some((tag.clone(), 3)),
            read.map(|l| (l.tag, l.concurrency_limit)),
        );
        let (read, sent) = s.traced(s.client.read_concurrency_limit_by_tag(&tag, &Default::default())).await;
        let read = s.ok("GET /concurrency_limits/tag/{tag}", 200, read);
        s.eq("GET /concurrency_limits/tag/{tag} finds it", Some(limit.id.clone()), read.map(|l| l.id));
        s.eq(
            "GET /concurrency_limits/tag/{tag} percent-encodes the tag",
            vec![format!("/api/concurrency_limits/tag/live%20tag%20%C3%BC%20%3F%23%20{}", s.run)],
            paths(&sent),
        );
        let all = s.client.read_concurrency_limits(&Default::default(), None).await;
        let all = s.ok("POST /concurrency_limits/filter", 200, all).unwrap_or_default();
        s.check("POST /concurrency_limits/filter lists it", all.iter().any(|l| l.id == limit.id), &limit.id, all.len());
        let reset = s.client.reset_concurrency_limit_by_tag(&tag, &Default::default(), None).await;
        s.ok("POST /concurrency_limits/tag/{tag}/reset", 200, reset);
        let deleted = s.client.delete_concurrency_limit_by_tag(&tag, &Default::default()).await;
        s.ok("DELETE /concurrency_limits/tag/{tag}", 200, deleted);
        let read = s.client.read_concurrency_limit_by_tag(&tag, &Default::default()).await;
        gone(s, "GET /concurrency_limits/tag/{tag} after DELETE", "Concurrency limit not found", read);
    }
    let other = ConcurrencyLimitCreate::new(format!("live-tag-2-{}", s.run), 1);
    let created = s.client.create_concurrency_limit(&Default::default(), &other).await;
    if let Some(limit) = s.ok("POST /concurrency_limits/", 201, created) {
        let deleted = s.client.delete_concurrency_limit(&limit.id, &Default::default()).await;
        s.ok("DELETE /concurrency_limits/{id}", 200, deleted);
        let read = s.client.read_concurrency_limit(&limit.id, &Default::default()).await;
        gone(s, "GET /concurrency_limits/{id} after DELETE", "Concurrency limit not found", read);
    }

    // Version 2, by name: created inactive, then only its limit changes.
    let name = format!("live gcl ü {}", s.run);
    let mut body = ConcurrencyLimitV2Create::new(name.clone(), 10);
    body.active = Some(false);
    let (created, sent) = s.traced(s.client.create_concurrency_limit_v2(&Default::default(), &body)).await;
    let Some(limit) = s.ok("POST /v2/concurrency_limits/", 201, created) else { return };
    s.sent_exactly(
        "POST /v2/concurrency_limits/ sends only the members set",
        &sent,
        &json!({ "active": false, "name": name, "limit": 10 }),
    );
    let by_name = name.as_str();
    let read = s.client.read_concurrency_limit_v2(by_name, &Default::default()).await;
    let Some(before) = s.ok("GET /v2/concurrency_limits/{id_or_name}", 200, read) else { return };
    s.eq(
        "GET /v2/concurrency_limits/{name} finds it inactive",
        (limit.id.clone(), Some(false)),
        (before.id.clone(), before.active),
    );
    let update = ConcurrencyLimitV2Update { limit: Some(Some(5)), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_concurrency_limit_v2(&name, &Default::default(), &update)).await;
    s.ok("PATCH /v2/concurrency_limits/{id_or_name}", 204, updated);
    s.sent_exactly("PATCH /v2/concurrency_limits/{name} sends only the limit", &sent, &json!({ "limit": 5 }));
    let read = s.client.read_concurrency_limit_v2(by_name, &Default::default()).await;
    if let Some(after) = s.ok("GET /v2/concurrency_limits/{name} after PATCH", 200, read) {
        s.eq(
            "PATCH of the limit changed it and left the limit inactive",
            (5, Some(false)),
            (after.limit, after.active),
        );
        s.eq(
            "PATCH /v2/concurrency_limits/{name} left every other member as it was",
            without(json_of(&before), &["limit", "updated"]),
            without(json_of(&after), &["limit", "updated"]),
        );
    }
    let all = s.client.read_all_concurrency_limits_v2(&Default::default(), None).await;
    let all = s.ok("POST /v2/concurrency_limits/filter", 200, all).unwrap_or_default();
    s.check("POST /v2/concurrency_limits/filter lists it", all.iter().any(|l| l.id == limit.id), &limit.id, all.len());
    let deleted = s.client.delete_concurrency_limit_v2(&limit.id, &Default::default()).await;
    s.ok("DELETE /v2/concurrency_limits/{id_or_name}", 204, deleted);
    let read = s.client.read_concurrency_limit_v2(by_name, &Default::default()).await;
    gone(s, "GET /v2/concurrency_limits/{name} after DELETE", "not found", read);
}

pub async fn artifacts(s: &mut Suite) {
    let key = format!("live-artifact-{}", s.run);
    let first = create_artifact(s, &key, 1, "# first").await;
    let Some(first) = first else { return };
    let read = s.client.read_artifact(&first, &Default::default()).await;
    let Some(before) = s.ok("GET /artifacts/{id}", 200, read) else { return };
    let update = ArtifactUpdate { description: Some(Some("described again".to_owned())), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_artifact(&first, &Default::default(), &update)).await;
    s.ok("PATCH /artifacts/{id}", 204, updated);
    s.sent_exactly(
        "PATCH /artifacts/{id} sends only the description",
        &sent,
        &json!({ "description": "described again" }),
    );
    let read = s.client.read_artifact(&first, &Default::default()).await;
    if let Some(after) = s.ok("GET /artifacts/{id} after PATCH", 200, read) {
        s.eq(
            "PATCH /artifacts/{id} changed the description",
            Some(Some("described again".to_owned())),
            after.description.clone(),
        );
        let ignored = ["description", "updated"];
        s.eq(
            "PATCH /artifacts/{id} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }
    let Some(second) = create_artifact(s, &key, 2, "# second").await else { return };
    let (first, second) = (&first, &second);
    let latest = s.client.read_latest_artifact(&key, &Default::default()).await;
    let latest = s.ok("GET /artifacts/{key}/latest", 200, latest);
    // The answer is the key's collection (its own id), holding the latest version's members.
    s.eq(
        "GET /artifacts/{key}/latest holds the second version",
        Some((Some(Some("version 2".to_owned())), json!("# second"))),
        latest.map(|a| (a.description.clone(), json_of(&a.data))),
    );

    let by_key = ArtifactFilter {
        key: Some(Some(ArtifactFilterKey { any: Some(Some(vec![key.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body = BodyReadArtifactsArtifactsFilterPost { artifacts: Some(by_key.clone()), ..Default::default() };
    let all = s.client.read_artifacts(&Default::default(), Some(&body)).await;
    let all = s.ok("POST /artifacts/filter", 200, all);
    s.eq("POST /artifacts/filter by key finds both versions", Some(2), all.map(|a| a.len()));
    let body = BodyCountArtifactsArtifactsCountPost { artifacts: Some(by_key), ..Default::default() };
    let count = s.client.count_artifacts(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /artifacts/count", 200, count);
    s.eq("POST /artifacts/count by key", Some(2), count);
    let by_key = ArtifactCollectionFilter {
        key: Some(Some(ArtifactCollectionFilterKey { any: Some(Some(vec![key.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body =
        BodyReadLatestArtifactsArtifactsLatestFilterPost { artifacts: Some(by_key.clone()), ..Default::default() };
    let latest = s.client.read_latest_artifacts(&Default::default(), Some(&body)).await;
    let latest = s.ok("POST /artifacts/latest/filter", 200, latest);
    s.eq(
        "POST /artifacts/latest/filter has one collection at the second version",
        Some(vec![second.clone()]),
        latest.map(|l| l.into_iter().map(|c| c.latest_id).collect()),
    );
    let body = BodyCountLatestArtifactsArtifactsLatestCountPost { artifacts: Some(by_key), ..Default::default() };
    let count = s.client.count_latest_artifacts(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /artifacts/latest/count", 200, count);
    s.eq("POST /artifacts/latest/count by key", Some(1), count);

    for id in [first, second] {
        let deleted = s.client.delete_artifact(id, &Default::default()).await;
        s.ok("DELETE /artifacts/{id}", 204, deleted);
    }
    let read = s.client.read_artifact(first, &Default::default()).await;
    gone(s, "GET /artifacts/{id} after DELETE", "Artifact not found", read);
}

/// Creates version `version` of the artifact `key`; its id.
async fn create_artifact(s: &mut Suite, key: &str, version: u32, text: &str) -> Option<String> {
    let body = ArtifactCreate {
        key: Some(Some(key.to_owned())),
        r#type: Some(Some("markdown".to_owned())),
        description: Some(Some(format!("version {version}"))),
        data: Some(Some(ArtifactCreateData::Variant1(json!(text)))),
        ..Default::default()
    };
    let (created, sent) = s.traced(s.client.create_artifact(&Default::default(), &body)).await;
    s.sent_exactly(
        "POST /artifacts/ sends only the members set",
        &sent,
        &json!({ "key": key, "type": "markdown", "description": format!("version {version}"), "data": text }),
    );
    s.ok("POST /artifacts/", 201, created).and_then(|artifact| artifact.id)
}

pub async fn saved_searches(s: &mut Suite) {
    let name = format!("live search ü {}", s.run);
    let (created, sent) =
        s.traced(s.client.create_saved_search(&Default::default(), &SavedSearchCreate::new(name.clone()))).await;
    let Some(search) = s.ok("PUT /saved_searches/", 201, created) else { return };
    s.sent_exactly("PUT /saved_searches/ sends only the members set", &sent, &json!({ "name": name }));
    let read = s.client.read_saved_search(&search.id, &Default::default()).await;
    let read = s.ok("GET /saved_searches/{id}", 200, read);
    s.eq("GET /saved_searches/{id} reads the name", Some(name.clone()), read.map(|r| r.name));
    let all = s.client.read_saved_searches(&Default::default(), None).await;
    let all = s.ok("POST /saved_searches/filter", 200, all).unwrap_or_default();
    s.check("POST /saved_searches/filter lists it", all.iter().any(|r| r.id == search.id), &search.id, all.len());
    let deleted = s.client.delete_saved_search(&search.id, &Default::default()).await;
    s.ok("DELETE /saved_searches/{id}", 204, deleted);
    let read = s.client.read_saved_search(&search.id, &Default::default()).await;
    gone(s, "GET /saved_searches/{id} after DELETE", "not found", read);
}
