//! Flows, deployments and their schedules, flow runs and their states, task runs and logs; the server's
//! root endpoints; and parameters the client must refuse before sending.

use prefect_client::models::*;
use prefect_client::operations::*;
use serde_json::{Value, json};

use crate::suite::{Suite, describe, final_exchanges, paths};

/// A typed value as the JSON it encodes to.
pub fn json_of<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `value` without the named top-level members.
pub fn without(mut value: Value, keys: &[&str]) -> Value {
    if let Value::Object(map) = &mut value {
        for key in keys {
            map.shift_remove(*key);
        }
    }
    value
}

/// Checks that a 404 came back and that its raw body, kept by the error, holds `detail`.
pub fn gone<T: std::fmt::Debug, E: std::fmt::Debug>(
    s: &mut Suite,
    step: &str,
    detail: &str,
    result: prefect_client::runtime::ApiResult<T, E>,
) {
    if let Some(error) = s.err(step, 404, result) {
        let body = error.raw_body().map(|b| String::from_utf8_lossy(b).into_owned());
        s.check(
            &format!("{step}: raw 404 body readable from the error"),
            body.as_deref().is_some_and(|b| b.contains(detail)),
            format_args!("a raw body containing {detail:?}"),
            format_args!("{body:?}"),
        );
    }
}

pub async fn root(s: &mut Suite) {
    let healthy = s.client.health_check().await;
    let healthy = s.ok("GET /health", 200, healthy);
    s.eq("GET /health answers true", Some(true), healthy);
    let version = s.client.server_version().await;
    let version = s.ok("GET /version", 200, version);
    s.check(
        "GET /version answers the API version",
        version.as_deref().is_some_and(|v| !v.is_empty()),
        "a version",
        format_args!("{version:?}"),
    );
    let admin_version = s.client.read_version(&Default::default()).await;
    let admin_version = s.ok("GET /admin/version", 200, admin_version);
    s.eq("GET /admin/version is the pinned server", Some("3.9.1".to_owned()), admin_version);
    let hello = s.client.hello(&Default::default()).await;
    s.ok("GET /hello", 200, hello);
    let settings = s.client.read_settings(&Default::default()).await;
    s.ok("GET /admin/settings decodes", 200, settings);
}

/// The flow filter of names starting with `prefix`.
fn flows_named_like(prefix: &str) -> FlowFilter {
    FlowFilter {
        name: Some(Some(FlowFilterName { like: Some(Some(prefix.to_owned())), ..Default::default() })),
        ..Default::default()
    }
}

pub async fn flows(s: &mut Suite) {
    let name = format!("live flow ü #+? {}", s.run);
    let (created, sent) = s.traced(s.client.create_flow(&Default::default(), &FlowCreate::new(name.clone()))).await;
    let Some(flow) = s.ok("POST /flows/", 201, created) else { return };
    s.sent_exactly("POST /flows/ sends only the members set", &sent, &json!({ "name": name }));
    s.eq("POST /flows/ keeps the name", name.clone(), flow.name.clone());

    let read = s.client.read_flow(&flow.id, &Default::default()).await;
    let read = s.ok("GET /flows/{id}", 200, read);
    s.eq("GET /flows/{id} reads back the created flow", Some(json_of(&flow)), read.as_ref().map(json_of));

    let (by_name, sent) = s.traced(s.client.read_flow_by_name(&name, &Default::default())).await;
    let by_name = s.ok("GET /flows/name/{name} with space, unicode, # + ?", 200, by_name);
    s.eq("GET /flows/name/{name} finds the flow", Some(flow.id.clone()), by_name.map(|f| f.id));
    let expected_path = format!("/api/flows/name/live%20flow%20%C3%BC%20%23%2B%3F%20{}", s.run);
    s.eq("GET /flows/name/{name} percent-encodes the name", vec![expected_path], paths(&sent));

    let update = FlowUpdate { tags: Some(vec!["live".to_owned(), "ü".to_owned()]), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_flow(&flow.id, &Default::default(), &update)).await;
    s.ok("PATCH /flows/{id}", 204, updated);
    s.sent_exactly("PATCH /flows/{id} sends only tags", &sent, &json!({ "tags": ["live", "ü"] }));
    let after = s.client.read_flow(&flow.id, &Default::default()).await;
    if let Some(after) = s.ok("GET /flows/{id} after PATCH", 200, after) {
        s.eq("PATCH /flows/{id} changed the tags", Some(vec!["live".to_owned(), "ü".to_owned()]), after.tags.clone());
        s.eq(
            "PATCH /flows/{id} left every other member as it was",
            without(json_of(&flow), &["tags", "updated"]),
            without(json_of(&after), &["tags", "updated"]),
        );
    }

    // Five flows, read two at a time by name with offset and limit.
    let prefix = format!("live-page-{}-", s.run);
    let mut ids = Vec::new();
    for index in 0..5 {
        let created = s.client.create_flow(&Default::default(), &FlowCreate::new(format!("{prefix}{index}"))).await;
        if let Some(flow) = s.ok("POST /flows/", 201, created) {
            ids.push(flow.id);
        }
    }
    let mut pages = Vec::new();
    for offset in [0, 2, 4] {
        let body = BodyReadFlowsFlowsFilterPost {
            flows: Some(flows_named_like(&prefix)),
            limit: Some(2),
            sort: Some(AutomationSort::NameAsc),
            offset: Some(offset),
            ..Default::default()
        };
        let page = s.client.read_flows(&Default::default(), Some(&body)).await;
        let page = s.ok("POST /flows/filter", 200, page).unwrap_or_default();
        pages.push(page.into_iter().map(|f| f.name).collect::<Vec<_>>());
    }
    let expected: Vec<Vec<String>> = vec![
        vec![format!("{prefix}0"), format!("{prefix}1")],
        vec![format!("{prefix}2"), format!("{prefix}3")],
        vec![format!("{prefix}4")],
    ];
    s.eq("POST /flows/filter pages by offset and limit", expected, pages);

    // The same pages through `read_flows_pages`: the offset in the body advanced by the items received, until an
    // empty page; then a limit of three items, which stops after the second page.
    let body = BodyReadFlowsFlowsFilterPost {
        flows: Some(flows_named_like(&prefix)),
        limit: Some(2),
        sort: Some(AutomationSort::NameAsc),
        ..Default::default()
    };
    let (names, sent) = s
        .traced(async {
            let mut items = s.client.read_flows_pages(&Default::default(), Some(&body)).items();
            let mut names = Vec::new();
            while let Some(item) = items.next().await {
                names.push(item.map(|flow| flow.name).map_err(|error| describe(&error)));
            }
            names
        })
        .await;
    let expected: Vec<Result<String, String>> = (0..5).map(|index| Ok(format!("{prefix}{index}"))).collect();
    s.eq("read_flows_pages streams the five flows in order", expected, names);
    let offsets: Vec<Option<Value>> = final_exchanges(&sent)
        .iter()
        .map(|e| serde_json::from_slice::<Value>(&e.body).ok().and_then(|body| body.get("offset").cloned()))
        .collect();
    s.eq(
        "read_flows_pages sends offsets 2, 4 and 5 after the first page, ending at the empty page",
        vec![None, Some(json!(2)), Some(json!(4)), Some(json!(5))],
        offsets,
    );
    let (limited, sent) = s
        .traced(async {
            let mut items = s.client.read_flows_pages(&Default::default(), Some(&body)).limit(3).items();
            let mut count = 0;
            while let Some(Ok(_)) = items.next().await {
                count += 1;
            }
            count
        })
        .await;
    s.eq(
        "read_flows_pages with a limit of 3: three flows from two requests",
        (3, 2),
        (limited, final_exchanges(&sent).len()),
    );

    let count_body = BodyCountFlowsFlowsCountPost { flows: Some(flows_named_like(&prefix)), ..Default::default() };
    let count = s.client.count_flows(&Default::default(), Some(&count_body)).await;
    let count = s.ok("POST /flows/count", 200, count);
    s.eq("POST /flows/count counts the filtered flows", Some(5), count);

    let paginate = BodyPaginateFlowsFlowsPaginatePost {
        flows: Some(Some(flows_named_like(&prefix))),
        limit: Some(2),
        sort: Some(AutomationSort::NameAsc),
        page: Some(2),
        ..Default::default()
    };
    let page = s.client.paginate_flows(&Default::default(), Some(&paginate)).await;
    if let Some(page) = s.ok("POST /flows/paginate", 200, page) {
        s.eq(
            "POST /flows/paginate page 2 of 3",
            (vec![format!("{prefix}2"), format!("{prefix}3")], 5, 3, 2),
            (page.results.iter().map(|f| f.name.clone()).collect(), page.count, page.pages, page.page),
        );
    }

    if let Some(first) = ids.first() {
        let deleted = s.client.delete_flow(first, &Default::default()).await;
        s.ok("DELETE /flows/{id}", 204, deleted);
        let read = s.client.read_flow(first, &Default::default()).await;
        gone(s, "GET /flows/{id} after DELETE", "Flow not found", read);
    }

    // A name with `%` reaches the name handler (its own 404 detail, not the router's).
    let missing = format!("no such 50% flow {}", s.run);
    let (read, sent) = s.traced(s.client.read_flow_by_name(&missing, &Default::default())).await;
    gone(s, "GET /flows/name/{name} with %", "Flow not found", read);
    s.eq(
        "GET /flows/name/{name} percent-encodes %",
        vec![format!("/api/flows/name/no%20such%2050%25%20flow%20{}", s.run)],
        paths(&sent),
    );
    // A `/` is sent as %2F in one segment; Starlette decodes it before routing, so the server's router (not the
    // flow handler) answers 404: a limit of the server, reported but not counted as a failure.
    let (read, sent) = s.traced(s.client.read_flow_by_name("a/b", &Default::default())).await;
    s.eq("GET /flows/name/{name} sends / as %2F", vec!["/api/flows/name/a%2Fb".to_owned()], paths(&sent));
    if let Err(error) = read {
        eprintln!("note: GET /flows/name/a%2Fb answered {:?}: the server decodes %2F before routing", error.status());
    }

    let bulk =
        BodyBulkDeleteFlowsFlowsBulkDeletePost { flows: Some(Some(flows_named_like(&prefix))), ..Default::default() };
    let bulk = s.client.bulk_delete_flows(&Default::default(), Some(&bulk)).await;
    if let Some(bulk) = s.ok("POST /flows/bulk_delete", 200, bulk) {
        s.eq("POST /flows/bulk_delete deletes the 4 remaining page flows", Some(4), bulk.deleted.map(|d| d.len()));
    }
}

pub async fn deployments(s: &mut Suite) {
    let flow_name = format!("live deploy flow ü {}", s.run);
    let created = s.client.create_flow(&Default::default(), &FlowCreate::new(flow_name.clone())).await;
    let Some(flow) = s.ok("POST /flows/", 201, created) else { return };

    let name = format!("live deployment ü ?#+: {}", s.run);
    let mut body = DeploymentCreate::new(name.clone(), flow.id.clone());
    body.description = Some(Some("first".to_owned()));
    body.tags = Some(vec!["live".to_owned()]);
    let (created, sent) = s.traced(s.client.create_deployment(&Default::default(), &body)).await;
    let Some(deployment) = s.ok("POST /deployments/", 201, created) else { return };
    s.sent_exactly(
        "POST /deployments/ sends only the members set",
        &sent,
        &json!({ "name": name, "flow_id": flow.id, "tags": ["live"], "description": "first" }),
    );
    let id = deployment.id.clone();

    let (by_name, sent) = s.traced(s.client.read_deployment_by_name(&flow_name, &name, &Default::default())).await;
    let by_name = s.ok("GET /deployments/name/{flow_name}/{deployment_name}", 200, by_name);
    s.eq("GET /deployments/name/... finds the deployment", Some(id.clone()), by_name.map(|d| d.id));
    s.eq(
        "GET /deployments/name/... percent-encodes both names",
        vec![format!(
            "/api/deployments/name/live%20deploy%20flow%20%C3%BC%20{run}/live%20deployment%20%C3%BC%20%3F%23%2B%3A%20{run}",
            run = s.run
        )],
        paths(&sent),
    );

    // The paused-deployment case: pause, PATCH only the description, and it must still be paused.
    let paused = s.client.pause_deployment(&id, &Default::default()).await;
    s.ok("POST /deployments/{id}/pause_deployment", 200, paused);
    let before = s.client.read_deployment(&id, &Default::default()).await;
    let Some(before) = s.ok("GET /deployments/{id}", 200, before) else { return };
    s.eq("pause_deployment paused it", Some(true), before.paused);
    let update = DeploymentUpdate { description: Some(Some("second".to_owned())), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_deployment(&id, &Default::default(), &update)).await;
    s.ok("PATCH /deployments/{id}", 204, updated);
    s.sent_exactly("PATCH /deployments/{id} sends only the description", &sent, &json!({ "description": "second" }));
    let after = s.client.read_deployment(&id, &Default::default()).await;
    if let Some(after) = s.ok("GET /deployments/{id} after PATCH", 200, after) {
        s.eq(
            "PATCH /deployments/{id} changed the description",
            Some(Some("second".to_owned())),
            after.description.clone(),
        );
        s.eq("PATCH of the description leaves the deployment paused", Some(true), after.paused);
        let ignored = ["description", "updated", "updated_by", "paused", "status"];
        s.eq(
            "PATCH /deployments/{id} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }
    let resumed = s.client.resume_deployment(&id, &Default::default()).await;
    s.ok("POST /deployments/{id}/resume_deployment", 200, resumed);
    let after = s.client.read_deployment(&id, &Default::default()).await;
    if let Some(after) = s.ok("GET /deployments/{id} after resume", 200, after) {
        s.eq("resume_deployment resumed it", Some(false), after.paused);
    }

    // Schedules.
    let schedule: DeploymentScheduleCreateSchedule =
        serde_json::from_value(json!({ "interval": 3600 })).expect("an interval schedule");
    let mut create = DeploymentScheduleCreate::new(schedule);
    create.active = Some(false);
    let (created, sent) = s.traced(s.client.create_deployment_schedules(&id, &Default::default(), &vec![create])).await;
    let schedules = s.ok("POST /deployments/{id}/schedules", 201, created).unwrap_or_default();
    s.sent_exactly(
        "POST /deployments/{id}/schedules sends only the members set",
        &sent,
        &json!([{ "active": false, "schedule": { "interval": 3600.0 } }]),
    );
    if let Some(schedule) = schedules.first() {
        let update = DeploymentScheduleUpdate { max_scheduled_runs: Some(Some(5)), ..Default::default() };
        let (updated, sent) =
            s.traced(s.client.update_deployment_schedule(&id, &schedule.id, &Default::default(), &update)).await;
        s.ok("PATCH /deployments/{id}/schedules/{schedule_id}", 204, updated);
        s.sent_exactly(
            "PATCH /deployments/{id}/schedules/{schedule_id} sends only max_scheduled_runs",
            &sent,
            &json!({ "max_scheduled_runs": 5 }),
        );
        let read = s.client.read_deployment_schedules(&id, &Default::default()).await;
        let read = s.ok("GET /deployments/{id}/schedules", 200, read).unwrap_or_default();
        s.eq(
            "PATCH of max_scheduled_runs left the schedule inactive with its interval",
            vec![(schedule.id.clone(), Some(false), Some(Some(5)), json!(3600.0))],
            read.iter()
                .map(|r| (r.id.clone(), r.active, r.max_scheduled_runs, json_of(&r.schedule)["interval"].clone()))
                .collect(),
        );
        let deleted = s.client.delete_deployment_schedule(&id, &schedule.id, &Default::default()).await;
        s.ok("DELETE /deployments/{id}/schedules/{schedule_id}", 204, deleted);
        let read = s.client.read_deployment_schedules(&id, &Default::default()).await;
        let read = s.ok("GET /deployments/{id}/schedules after DELETE", 200, read);
        s.eq("DELETE of the schedule removed it", Some(0), read.map(|r| r.len()));
    }

    let filter = DeploymentFilter {
        id: Some(Some(DeploymentFilterId { any: Some(Some(vec![id.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body =
        BodyReadDeploymentsDeploymentsFilterPost { deployments: Some(Some(filter.clone())), ..Default::default() };
    let read = s.client.read_deployments(&Default::default(), Some(&body)).await;
    let read = s.ok("POST /deployments/filter", 200, read);
    s.eq("POST /deployments/filter by id", Some(vec![id.clone()]), read.map(|r| r.into_iter().map(|d| d.id).collect()));
    let count = BodyAverageFlowRunLatenessFlowRunsLatenessPost {
        deployments: Some(Some(filter.clone())),
        ..Default::default()
    };
    let count = s.client.count_deployments(&Default::default(), Some(&count)).await;
    let count = s.ok("POST /deployments/count", 200, count);
    s.eq("POST /deployments/count by id", Some(1), count);
    let paginate =
        BodyPaginateDeploymentsDeploymentsPaginatePost { deployments: Some(Some(filter)), ..Default::default() };
    let page = s.client.paginate_deployments(&Default::default(), Some(&paginate)).await;
    let page = s.ok("POST /deployments/paginate", 200, page);
    s.eq("POST /deployments/paginate by id", Some((1, 1)), page.map(|p| (p.count, p.results.len())));

    let run =
        DeploymentFlowRunCreate { name: Some(format!("live run from deployment {}", s.run)), ..Default::default() };
    let created = s.client.create_flow_run_from_deployment(&id, &Default::default(), &run).await;
    if let Some(run) = s.ok("POST /deployments/{id}/create_flow_run", 201, created) {
        let read = s.client.read_flow_run(&run.id, &Default::default()).await;
        let read = s.ok("GET /flow_runs/{id} (from a deployment)", 200, read);
        s.eq("the flow run belongs to the deployment", Some(Some(id.clone())), read.and_then(|r| r.deployment_id));
    }
    #[allow(deprecated)]
    let check = s.client.work_queue_check_for_deployment(&id, &Default::default()).await;
    s.ok("GET /deployments/{id}/work_queue_check", 200, check);

    let deleted = s.client.delete_deployment(&id, &Default::default()).await;
    s.ok("DELETE /deployments/{id}", 204, deleted);
    let read = s.client.read_deployment(&id, &Default::default()).await;
    gone(s, "GET /deployments/{id} after DELETE", "Deployment not found", read);
}

pub async fn runs(s: &mut Suite) {
    let created =
        s.client.create_flow(&Default::default(), &FlowCreate::new(format!("live runs flow {}", s.run))).await;
    let Some(flow) = s.ok("POST /flows/", 201, created) else { return };
    let mut body = FlowRunCreate::new(flow.id.clone());
    body.name = Some(format!("live run {}", s.run));
    body.tags = Some(vec!["live".to_owned()]);
    body.parameters =
        Some([("x".to_owned(), json!(1)), ("big".to_owned(), json!(9_007_199_254_740_993_i64))].into_iter().collect());
    let created = s.client.create_flow_run(&Default::default(), &body).await;
    let Some(run) = s.ok("POST /flow_runs/", 201, created) else { return };
    let id = run.id.clone();

    let read = s.client.read_flow_run(&id, &Default::default()).await;
    let Some(before) = s.ok("GET /flow_runs/{id}", 200, read) else { return };
    s.eq("GET /flow_runs/{id} keeps the parameters exactly", body.parameters.clone(), before.parameters.clone());

    let update = FlowRunUpdate { name: Some(Some(format!("live run renamed {}", s.run))), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_flow_run(&id, &Default::default(), &update)).await;
    s.ok("PATCH /flow_runs/{id}", 204, updated);
    s.sent_exactly(
        "PATCH /flow_runs/{id} sends only the name",
        &sent,
        &json!({ "name": format!("live run renamed {}", s.run) }),
    );
    let read = s.client.read_flow_run(&id, &Default::default()).await;
    if let Some(after) = s.ok("GET /flow_runs/{id} after PATCH", 200, read) {
        s.eq("PATCH /flow_runs/{id} renamed it", Some(format!("live run renamed {}", s.run)), after.name.clone());
        let ignored = ["name", "updated", "estimated_start_time_delta", "estimated_run_time"];
        s.eq(
            "PATCH /flow_runs/{id} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }

    // A new run is PENDING; it runs, pauses and is resumed, runs its task run and logs, then completes.
    set_flow_run_state(s, &id, StateType::Running).await;
    set_flow_run_state(s, &id, StateType::Paused).await;
    let resumed = s.client.resume_flow_run(&id, &Default::default(), None).await;
    let resumed = s.ok("POST /flow_runs/{id}/resume", 201, resumed);
    s.eq("resume accepted", Some(SetStateStatus::Accept), resumed.map(|r| r.status));
    task_runs_and_logs(s, &id).await;
    set_flow_run_state(s, &id, StateType::Completed).await;
    let states = s.client.read_flow_run_states(&id, &Default::default()).await;
    let states = s.ok("GET /flow_run_states/?flow_run_id=", 200, states).unwrap_or_default();
    s.eq(
        "the flow run went through PENDING, RUNNING, PAUSED, RUNNING, COMPLETED",
        vec!["PENDING", "RUNNING", "PAUSED", "RUNNING", "COMPLETED"],
        states.iter().map(|state| state.r#type.as_str()).collect::<Vec<_>>(),
    );
    if let Some(last) = states.last() {
        let read = s.client.read_flow_run_state(&last.id, &Default::default()).await;
        let read = s.ok("GET /flow_run_states/{id}", 200, read);
        s.eq("GET /flow_run_states/{id} reads the final state", Some(StateType::Completed), read.map(|r| r.r#type));
    }

    let labels = [("team".to_owned(), json!("live"))].into_iter().collect();
    let (updated, sent) = s.traced(s.client.update_flow_run_labels(&id, &Default::default(), &labels)).await;
    s.ok("PATCH /flow_runs/{id}/labels", 204, updated);
    s.sent_exactly("PATCH /flow_runs/{id}/labels sends the labels", &sent, &json!({ "team": "live" }));
    let read = s.client.read_flow_run(&id, &Default::default()).await;
    if let Some(read) = s.ok("GET /flow_runs/{id} after labels", 200, read) {
        let team = read.labels.as_ref().and_then(|labels| labels.get("team")).map(json_of);
        s.eq("PATCH /flow_runs/{id}/labels added the label", Some(json!("live")), team);
    }

    let input = BodyCreateFlowRunInputFlowRunsIdInputPost::new("answer".to_owned(), "\"forty-two\"".to_owned());
    let created = s.client.create_flow_run_input(&id, &Default::default(), &input).await;
    s.ok("POST /flow_runs/{id}/input", 201, created);
    let read = s.client.read_flow_run_input(&id, "answer", &Default::default()).await;
    let read = s.ok("GET /flow_runs/{id}/input/{key}", 200, read);
    s.eq("GET /flow_runs/{id}/input/{key} reads the value", Some(json!("forty-two")), read);
    let filter = BodyFilterFlowRunInputFlowRunsIdInputFilterPost::new("ans".to_owned());
    let found = s.client.filter_flow_run_input(&id, &Default::default(), &filter).await;
    let found = s.ok("POST /flow_runs/{id}/input/filter", 200, found);
    s.eq(
        "POST /flow_runs/{id}/input/filter finds the key",
        Some(vec!["answer".to_owned()]),
        found.map(|f| f.into_iter().map(|i| i.key).collect()),
    );
    let deleted = s.client.delete_flow_run_input(&id, "answer", &Default::default()).await;
    s.ok("DELETE /flow_runs/{id}/input/{key}", 204, deleted);
    let read = s.client.read_flow_run_input(&id, "answer", &Default::default()).await;
    gone(s, "GET /flow_runs/{id}/input/{key} after DELETE", "not found", read);

    let by_flow = FlowFilter {
        id: Some(Some(FlowFilterId { any: Some(Some(vec![flow.id.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body = BodyReadFlowRunsFlowRunsFilterPost { flows: Some(Some(by_flow.clone())), ..Default::default() };
    let read = s.client.read_flow_runs(&Default::default(), Some(&body)).await;
    let read = s.ok("POST /flow_runs/filter", 200, read);
    s.eq("POST /flow_runs/filter by flow", Some(vec![id.clone()]), read.map(|r| r.into_iter().map(|r| r.id).collect()));
    let body =
        BodyAverageFlowRunLatenessFlowRunsLatenessPost { flows: Some(Some(by_flow.clone())), ..Default::default() };
    let count = s.client.count_flow_runs(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /flow_runs/count", 200, count);
    s.eq("POST /flow_runs/count by flow", Some(1), count);
    let body = BodyPaginateFlowRunsFlowRunsPaginatePost { flows: Some(Some(by_flow.clone())), ..Default::default() };
    let page = s.client.paginate_flow_runs(&Default::default(), Some(&body)).await;
    let page = s.ok("POST /flow_runs/paginate", 200, page);
    s.eq("POST /flow_runs/paginate by flow", Some(1), page.map(|p| p.count));
    let graph = s.client.read_flow_run_graph_v2(&id, &Default::default()).await;
    s.ok("GET /flow_runs/{id}/graph-v2", 200, graph);

    let deleted = s.client.delete_flow_run(&id, &Default::default()).await;
    s.ok("DELETE /flow_runs/{id}", 204, deleted);
    let read = s.client.read_flow_run(&id, &Default::default()).await;
    gone(s, "GET /flow_runs/{id} after DELETE", "Flow run not found", read);
}

/// An accepted state change: the server answers 201 where the document declares 200.
async fn set_flow_run_state(s: &mut Suite, id: &str, state: StateType) {
    let body = BodySetFlowRunStateFlowRunsIdSetStatePost::new(StateCreate::new(state.clone()));
    let result = s.client.set_flow_run_state(id, &Default::default(), &body).await;
    let result = s.ok("POST /flow_runs/{id}/set_state", 201, result);
    s.eq(&format!("set_state {} accepted", state.as_str()), Some(SetStateStatus::Accept), result.map(|r| r.status));
}

async fn task_runs_and_logs(s: &mut Suite, flow_run_id: &str) {
    let mut body = TaskRunCreate::new(format!("live.task.{}", s.run), "0".to_owned());
    body.flow_run_id = Some(Some(flow_run_id.to_owned()));
    body.name = Some("live task".to_owned());
    body.tags = Some(vec!["live".to_owned()]);
    let created = s.client.create_task_run(&Default::default(), &body).await;
    let Some(task) = s.ok("POST /task_runs/", 201, created) else { return };
    let read = s.client.read_task_run(&task.id, &Default::default()).await;
    let Some(before) = s.ok("GET /task_runs/{id}", 200, read) else { return };
    let update = TaskRunUpdate { name: Some("live task renamed".to_owned()), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_task_run(&task.id, &Default::default(), &update)).await;
    s.ok("PATCH /task_runs/{id}", 204, updated);
    s.sent_exactly("PATCH /task_runs/{id} sends only the name", &sent, &json!({ "name": "live task renamed" }));
    let read = s.client.read_task_run(&task.id, &Default::default()).await;
    if let Some(after) = s.ok("GET /task_runs/{id} after PATCH", 200, read) {
        let ignored = ["name", "updated", "estimated_start_time_delta", "estimated_run_time"];
        s.eq("PATCH /task_runs/{id} renamed it", Some("live task renamed".to_owned()), after.name.clone());
        s.eq(
            "PATCH /task_runs/{id} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }
    let state = BodySetFlowRunStateFlowRunsIdSetStatePost::new(StateCreate::new(StateType::Running));
    let result = s.client.set_task_run_state(&task.id, &Default::default(), &state).await;
    let result = s.ok("POST /task_runs/{id}/set_state", 201, result);
    s.eq("task run set_state RUNNING accepted", Some(SetStateStatus::Accept), result.map(|r| r.status));
    let states = s.client.read_task_run_states(&task.id, &Default::default()).await;
    let states = s.ok("GET /task_run_states/?task_run_id=", 200, states).unwrap_or_default();
    s.eq("the task run is RUNNING", Some("RUNNING"), states.last().map(|state| state.r#type.as_str()));
    if let Some(last) = states.last() {
        let read = s.client.read_task_run_state(&last.id, &Default::default()).await;
        let read = s.ok("GET /task_run_states/{id}", 200, read);
        s.eq("GET /task_run_states/{id} reads the state", Some(last.id.clone()), read.map(|r| r.id));
    }
    let by_run = TaskRunFilter {
        flow_run_id: Some(Some(TaskRunFilterFlowRunId {
            any: Some(Some(vec![flow_run_id.to_owned()])),
            ..Default::default()
        })),
        ..Default::default()
    };
    let body = BodyReadTaskRunsTaskRunsFilterPost { task_runs: Some(Some(by_run.clone())), ..Default::default() };
    let read = s.client.read_task_runs(&Default::default(), Some(&body)).await;
    let read = s.ok("POST /task_runs/filter", 200, read);
    s.eq(
        "POST /task_runs/filter by flow run",
        Some(vec![task.id.clone()]),
        read.map(|r| r.into_iter().map(|t| t.id).collect()),
    );
    let body = BodyCountTaskRunsTaskRunsCountPost { task_runs: Some(by_run), ..Default::default() };
    let count = s.client.count_task_runs(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /task_runs/count", 200, count);
    s.eq("POST /task_runs/count by flow run", Some(1), count);

    // Logs: five of them, read back two at a time in timestamp order.
    let start = chrono::Utc::now();
    let logs: Vec<LogCreate> = (0..5)
        .map(|index| {
            let mut log = LogCreate::new(
                "live".to_owned(),
                20,
                format!("line {index} ü"),
                start + chrono::Duration::milliseconds(index),
            );
            log.flow_run_id = Some(Some(flow_run_id.to_owned()));
            log.task_run_id = Some(Some(task.id.clone()));
            log
        })
        .collect();
    let created = s.client.create_logs(&Default::default(), &logs).await;
    s.ok("POST /logs/", 201, created);
    let filter = LogFilter {
        flow_run_id: Some(Some(ArtifactCollectionFilterFlowRunId {
            any: Some(Some(vec![flow_run_id.to_owned()])),
            ..Default::default()
        })),
        ..Default::default()
    };
    let mut pages = Vec::new();
    for offset in [0, 2, 4] {
        let body = BodyReadLogsLogsFilterPost {
            logs: Some(Some(filter.clone())),
            limit: Some(2),
            offset: Some(offset),
            ..Default::default()
        };
        let page = s.client.read_logs(&Default::default(), Some(&body)).await;
        let page = s.ok("POST /logs/filter", 200, page).unwrap_or_default();
        pages.push(page.into_iter().map(|log| log.message).collect::<Vec<_>>());
    }
    s.eq(
        "POST /logs/filter pages by offset and limit in timestamp order",
        vec![vec!["line 0 ü", "line 1 ü"], vec!["line 2 ü", "line 3 ü"], vec!["line 4 ü"]],
        pages.iter().map(|page| page.iter().map(String::as_str).collect()).collect::<Vec<Vec<&str>>>(),
    );

    let deleted = s.client.delete_task_run(&task.id, &Default::default()).await;
    s.ok("DELETE /task_runs/{id}", 204, deleted);
    let read = s.client.read_task_run(&task.id, &Default::default()).await;
    gone(s, "GET /task_runs/{id} after DELETE", "Task not found", read);
}

/// Parameters that break a declared constraint must be refused by the client, before anything is sent.
pub async fn refusals(s: &mut Suite) {
    let fine = ReadObservedStatesParams { limit: Some(5), ..Default::default() };
    let result = s.client.read_observed_states(&fine).await;
    s.ok("GET /observed-states?limit=5", 200, result);

    let over = ReadObservedStatesParams { limit: Some(500), ..Default::default() };
    let (result, sent) = s.traced(s.client.read_observed_states(&over)).await;
    s.refused("GET /observed-states?limit=500 (maximum 200)", &result, &sent);
    let under = ReadObservedStatesParams { limit: Some(0), ..Default::default() };
    let (result, sent) = s.traced(s.client.read_observed_states(&under)).await;
    s.refused("GET /observed-states?limit=0 (minimum 1)", &result, &sent);
    let long = ReadObservedStatesParams { query: Some("q".repeat(101)), ..Default::default() };
    let (result, sent) = s.traced(s.client.read_observed_states(&long)).await;
    s.refused("GET /observed-states?query= of 101 characters (maxLength 100)", &result, &sent);

    // A body member over its maximum is refused too (request bodies are validated today).
    let body = BodyReadEventsEventsFilterPost { limit: Some(51), ..Default::default() };
    let (result, sent) = s.traced(s.client.read_events(&Default::default(), Some(&body))).await;
    s.refused("POST /events/filter with limit 51 (maximum 50)", &result, &sent);
}
