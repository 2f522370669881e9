//! Automations (create, partial update, full update, filters, delete) and events: thirty events written in
//! one request, then read back ten at a time by following the server's next-page links.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use prefect_client::models::*;
use serde_json::{Value, json};

use crate::flows::{gone, json_of, without};
use crate::suite::{Suite, describe, final_exchanges};

/// How long the server's event persister may take to make written events readable.
const EVENTS_TIMEOUT: Duration = Duration::from_secs(30);

/// A version-4-shaped UUID from a counter and the run's suffix (unique enough for one server).
fn uuid(run: &str, index: u64) -> String {
    let run = u64::from_str_radix(run, 16).unwrap_or(0);
    format!("{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}", run & 0xffff_ffff, index & 0xffff, 0xabc, 0xdef, index)
}

pub async fn automations(s: &mut Suite) {
    let name = format!("live automation ü {}", s.run);
    let trigger = json!({
        "type": "event",
        "match": { "prefect.resource.id": format!("live.resource.{}", s.run) },
        "expect": ["live.event"],
        "posture": "Reactive",
        "threshold": 2
    });
    let actions = json!([{ "type": "do-nothing" }]);
    let typed_trigger: AutomationCreateTrigger = serde_json::from_value(trigger.clone()).expect("an event trigger");
    let mut typed_actions: Vec<AutomationCreateActionsItem> =
        serde_json::from_value(actions.clone()).expect("a do-nothing action");
    // An action built in Rust: its `type` (a `const` with a default, so an optional member) is set, because the
    // union's branches are told apart by it (`default_built_actions` checks that a `Default`-built action has it too).
    typed_actions.push(AutomationCreateActionsItem::CancelFlowRun(CancelFlowRun {
        r#type: Some(CancelFlowRunType::CancelFlowRun),
        ..Default::default()
    }));
    let mut body = AutomationCreate::new(name.clone(), typed_trigger, typed_actions);
    body.tags = Some(vec!["live".to_owned()]);
    let (created, sent) = s.traced(s.client.create_automation(&Default::default(), &body)).await;
    let Some(automation) = s.ok("POST /automations/", 201, created) else { return };
    let sent_body = final_exchanges(&sent).first().and_then(|e| e.body_json()).unwrap_or(Value::Null);
    let keys = |value: &Value| value.as_object().map(|o| o.keys().cloned().collect::<Vec<_>>()).unwrap_or_default();
    s.eq(
        "POST /automations/ sends only the members set",
        vec!["name", "tags", "trigger", "actions"],
        keys(&sent_body).iter().map(String::as_str).collect(),
    );
    s.eq("POST /automations/ sends only the trigger members set", keys(&trigger), keys(&sent_body["trigger"]));
    s.eq(
        "POST /automations/ sends each action with its type",
        json!([{ "type": "do-nothing" }, { "type": "cancel-flow-run" }]),
        sent_body["actions"].clone(),
    );
    let id = automation.id.clone();

    let read = s.client.read_automation(&id, &Default::default()).await;
    let Some(before) = s.ok("GET /automations/{id}", 200, read) else { return };
    s.eq(
        "GET /automations/{id} reads back the trigger's threshold",
        json!(2),
        json_of(&before.trigger)["threshold"].clone(),
    );
    s.check(
        "GET /automations/{id} reads back an event trigger",
        matches!(before.trigger, AutomationTrigger::EventTriggerOutput(_)),
        "AutomationTrigger::EventTriggerOutput",
        format_args!("{:?}", before.trigger),
    );
    s.check(
        "GET /automations/{id} reads back the actions' variants",
        matches!(
            before.actions.as_slice(),
            [AutomationActionsItem::DoNothing(_), AutomationActionsItem::CancelFlowRun(_)]
        ),
        "[DoNothing, CancelFlowRun]",
        format_args!("{:?}", before.actions),
    );
    let disable = AutomationPartialUpdate { enabled: Some(false), ..Default::default() };
    let (patched, sent) = s.traced(s.client.patch_automation(&id, &Default::default(), &disable)).await;
    s.ok("PATCH /automations/{id}", 204, patched);
    s.sent_exactly("PATCH /automations/{id} sends only enabled", &sent, &json!({ "enabled": false }));
    let read = s.client.read_automation(&id, &Default::default()).await;
    if let Some(after) = s.ok("GET /automations/{id} after PATCH", 200, read) {
        s.eq("PATCH /automations/{id} disabled it", json!(false), json_of(&after)["enabled"].clone());
        let ignored = ["enabled", "updated"];
        s.eq(
            "PATCH /automations/{id} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }

    let renamed = format!("live automation renamed {}", s.run);
    let typed_trigger: AutomationUpdateTrigger = serde_json::from_value(trigger.clone()).expect("an event trigger");
    let typed_actions: Vec<AutomationUpdateActionsItem> = serde_json::from_value(actions).expect("a do-nothing action");
    let mut update = AutomationUpdate::new(renamed.clone(), typed_trigger, typed_actions);
    update.enabled = Some(false);
    let replaced = s.client.update_automation(&id, &Default::default(), &update).await;
    s.ok("PUT /automations/{id}", 204, replaced);
    let read = s.client.read_automation(&id, &Default::default()).await;
    let read = s.ok("GET /automations/{id} after PUT", 200, read);
    s.eq("PUT /automations/{id} replaced the name", Some(renamed.clone()), read.map(|a| a.name));

    let all = s.client.read_automations(&Default::default(), None).await;
    let all = s.ok("POST /automations/filter", 200, all).unwrap_or_default();
    s.check("POST /automations/filter lists it", all.iter().any(|a| a.id == id), &id, all.len());
    let count = s.client.count_automations(&Default::default(), None).await;
    let count = s.ok("POST /automations/count", 200, count);
    s.check(
        "POST /automations/count counts it",
        count.is_some_and(|c| c >= 1),
        "at least 1",
        format_args!("{count:?}"),
    );
    let resource = format!("prefect.deployment.{}", uuid(&s.run, 1));
    let related = s.client.read_automations_related_to_resource(&resource, &Default::default()).await;
    let related = s.ok("GET /automations/related-to/{resource_id}", 200, related);
    s.eq("no automation relates to an unknown deployment", Some(0), related.map(|r| r.len()));
    let owned = s.client.delete_automations_owned_by_resource(&resource, &Default::default()).await;
    s.ok("DELETE /automations/owned-by/{resource_id}", 202, owned);
    let template = "Hello {{ event.event }}".to_owned();
    // The document declares a 200 without content; the server answers 204, also a success without a body.
    let valid = s.client.validate_template(&Default::default(), Some(&template)).await;
    s.ok("POST /templates/validate (declared 200 without content, the server answers 204)", 204, valid);
    let broken = "Hello {{ event.event }".to_owned();
    let invalid = s.client.validate_template(&Default::default(), Some(&broken)).await;
    if let Some(error) = s.err("POST /templates/validate with a broken template", 422, invalid) {
        let raw = error.raw_body().map(|b| String::from_utf8_lossy(b).into_owned());
        s.check(
            "POST /templates/validate: the 422 raw body carries the template error",
            raw.as_deref().is_some_and(|raw| raw.contains("unexpected '}'")),
            "a raw body with \"unexpected '}'\"",
            format_args!("{raw:?}"),
        );
    }

    let deleted = s.client.delete_automation(&id, &Default::default()).await;
    s.ok("DELETE /automations/{id}", 204, deleted);
    let read = s.client.read_automation(&id, &Default::default()).await;
    gone(s, "GET /automations/{id} after DELETE", "Automation not found", read);

    default_built_actions(s).await;
}

/// Actions built with `Default` (or struct update from it) name their variant: an action's `type` is a `const`
/// with a `default`, a union variant's tag, which the generated constructors start set. Prefect's actions are an
/// undiscriminated union told apart by that member; without it a cancel-flow-run action (`{}`) would be read as
/// do-nothing and a resume-deployment one (`{"source": "inferred"}`) as run-deployment.
async fn default_built_actions(s: &mut Suite) {
    let trigger: AutomationCreateTrigger = serde_json::from_value(json!({
        "type": "event",
        "match": { "prefect.resource.id": format!("live.resource.untagged.{}", s.run) },
        "expect": ["live.event"],
        "posture": "Reactive"
    }))
    .expect("an event trigger");
    let actions = vec![
        AutomationCreateActionsItem::CancelFlowRun(CancelFlowRun::default()),
        AutomationCreateActionsItem::ResumeDeployment(ResumeDeployment {
            source: Some(ResumeDeploymentSource::Inferred),
            ..Default::default()
        }),
    ];
    let body = AutomationCreate::new(format!("live untagged actions {}", s.run), trigger, actions);
    let (created, sent) = s.traced(s.client.create_automation(&Default::default(), &body)).await;
    let Some(automation) = s.ok("POST /automations/ (Default-built actions)", 201, created) else { return };
    let sent_actions = final_exchanges(&sent).first().and_then(|e| e.body_json()).map(|b| b["actions"].clone());
    s.eq(
        "POST /automations/ sends Default-built actions with their type",
        json!([{ "type": "cancel-flow-run" }, { "type": "resume-deployment", "source": "inferred" }]),
        sent_actions.unwrap_or_default(),
    );
    let read = s.client.read_automation(&automation.id, &Default::default()).await;
    if let Some(read) = s.ok("GET /automations/{id} (Default-built actions)", 200, read) {
        let stored: Vec<Value> = read.actions.iter().map(|a| json_of(a)["type"].clone()).collect();
        s.eq(
            "GET /automations/{id} reads Default-built actions back as the variants sent",
            vec![json!("cancel-flow-run"), json!("resume-deployment")],
            stored,
        );
    }
    let deleted = s.client.delete_automation(&automation.id, &Default::default()).await;
    s.ok("DELETE /automations/{id}", 204, deleted);
}

pub async fn events(s: &mut Suite) {
    let resource_id = format!("live.resource.{}", s.run);
    let now = chrono::Utc::now();
    let events: Vec<Event> = (0..30)
        .map(|index| {
            let resource: RelatedResource =
                [("prefect.resource.id".to_owned(), resource_id.clone()), ("live.index".to_owned(), index.to_string())]
                    .into_iter()
                    .collect();
            let mut event = Event::new(
                now - chrono::Duration::milliseconds(index),
                format!("live.event.{index:02}"),
                resource,
                uuid(&s.run, 100 + index as u64),
            );
            event.payload = Some([("index".to_owned(), json!(index))].into_iter().collect());
            event
        })
        .collect();
    let written: BTreeSet<String> = events.iter().map(|e| e.id.clone()).collect();
    let created = s.client.create_events(&Default::default(), &events).await;
    s.ok("POST /events", 204, created);

    let filter = EventFilter {
        resource: Some(Some(EventResourceFilter { id: Some(Some(vec![resource_id.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body =
        BodyReadEventsEventsFilterPost { filter: Some(Some(filter.clone())), limit: Some(10), ..Default::default() };
    // The server persists events in the background: wait until all thirty are readable.
    let started = Instant::now();
    let first = loop {
        let page = s.client.read_events(&Default::default(), Some(&body)).await;
        match page {
            Ok(page) if page.body().total >= 30 || started.elapsed() > EVENTS_TIMEOUT => break Some(page.into_body()),
            Ok(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            Err(error) => {
                s.ok::<(), _>("POST /events/filter", 200, Err(error));
                break None;
            }
        }
    };
    let Some(first) = first else { return };
    s.eq("POST /events/filter counts the thirty events", 30, first.total);
    let mut pages = vec![first.events.len()];
    let mut read: Vec<String> = first.events.iter().map(|e| e.id.clone()).collect();
    let mut next = first.next_page.clone();
    let expected_link = format!("{}/events/filter/next?page-token=", s.client.base_url());
    while let Some(link) = next.take() {
        let ok = s.check(
            "the next-page link points back at this API",
            link.starts_with(&expected_link),
            &expected_link,
            &link,
        );
        let Some(token) = ok.then(|| query_value(&link, "page-token")).flatten() else { break };
        let (page, sent) = s.traced(s.client.read_account_events_page(&token, &Default::default())).await;
        s.eq(
            "GET /events/filter/next sends the page token as received",
            vec![Some(token.clone())],
            final_exchanges(&sent).iter().map(|e| query_value(&e.target, "page-token")).collect(),
        );
        let Some(page) = s.ok("GET /events/filter/next", 200, page) else { break };
        pages.push(page.events.len());
        read.extend(page.events.iter().map(|e| e.id.clone()));
        next = page.next_page;
        if pages.len() > 5 {
            break;
        }
    }
    s.eq("thirty events come back in pages of 10, 10, 10", vec![10, 10, 10], pages);
    let read_set: BTreeSet<String> = read.iter().cloned().collect();
    s.eq("every written event is read back exactly once", (written.clone(), 30), (read_set, read.len()));

    // The same thirty through `read_events_pages`: `POST /events/filter`, then `GET` of each `next_page` URL.
    let (pages, sent) = s
        .traced(async {
            let mut pages = s.client.read_events_pages(&Default::default(), Some(&body));
            let mut read = Vec::new();
            while let Some(page) = pages.next().await {
                read.push(page.map(|page| page.into_body().events.len()).map_err(|error| describe(&error)));
            }
            read
        })
        .await;
    s.eq("read_events_pages follows the next-page URLs: pages of 10, 10, 10", vec![Ok(10), Ok(10), Ok(10)], pages);
    let requests: Vec<String> = final_exchanges(&sent)
        .iter()
        .map(|e| format!("{} {}", e.method, e.target.split('?').next().unwrap_or_default()))
        .collect();
    s.check(
        "read_events_pages: one POST /events/filter, then GETs of /events/filter/next",
        requests.len() == 3
            && requests[0].ends_with("/events/filter")
            && requests[1..].iter().all(|r| r.starts_with("GET ") && r.ends_with("/events/filter/next")),
        "POST …/events/filter, GET …/events/filter/next ×2",
        format!("{requests:?}"),
    );
    let (items, _) = s
        .traced(async {
            let mut items = s.client.read_events_pages(&Default::default(), Some(&body)).items();
            let mut ids = BTreeSet::new();
            while let Some(Ok(event)) = items.next().await {
                ids.insert(event.id);
            }
            ids
        })
        .await;
    s.eq("read_events_pages().items() reads every written event", written.clone(), items);

    let body = BodyCountAccountEventsEventsCountByCountablePost::new(filter);
    let counts = s.client.count_account_events(&Countable::Event, &Default::default(), &body).await;
    let counts = s.ok("POST /events/count-by/{countable}", 200, counts).unwrap_or_default();
    s.eq(
        "POST /events/count-by/event counts each of the thirty event names once",
        (30, 30),
        (counts.len(), counts.iter().map(|c| c.count).sum::<i64>()),
    );
}

/// The percent-decoded value of `name` in the query of `url`.
fn query_value(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let raw = query.split('&').find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?;
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(at + 1..at + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                at += 3;
            }
            b'+' => {
                out.push(b' ');
                at += 1;
            }
            byte => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}
