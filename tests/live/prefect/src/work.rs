//! Work pools, their queues and workers, under names that need percent-encoding (spaces, unicode, `?#+:;=@`);
//! names the server's pattern forbids (`/`, `%`) refused by the client; and the older `/work_queues/` API. The
//! paused-queue case: pause a queue, PATCH only its description, and it must still be paused.

use prefect_client::models::*;
use serde_json::json;

use crate::flows::{gone, json_of, without};
use crate::suite::{Suite, paths};

/// The percent-encoded form of the unusual part of this module's names.
const ENCODED: &str = "%C3%BC%20%3F%23%2B%3A%3B%3D%40";
const PLAIN: &str = "ü ?#+:;=@";

pub async fn pools_and_queues(s: &mut Suite) {
    let pool = format!("live pool {PLAIN} {}", s.run);
    let mut body = WorkPoolCreate::new(pool.clone());
    body.description = Some(Some("first".to_owned()));
    let (created, sent) = s.traced(s.client.create_work_pool(&Default::default(), &body)).await;
    let Some(created) = s.ok("POST /work_pools/", 201, created) else { return };
    s.sent_exactly(
        "POST /work_pools/ sends only the members set",
        &sent,
        &json!({ "name": pool, "description": "first" }),
    );
    s.eq("POST /work_pools/ keeps the name", pool.clone(), created.name.clone());

    let (read, sent) = s.traced(s.client.read_work_pool(&pool, &Default::default())).await;
    s.ok("GET /work_pools/{name}", 200, read);
    s.eq(
        "GET /work_pools/{name} percent-encodes the name",
        vec![format!("/api/work_pools/live%20pool%20{ENCODED}%20{}", s.run)],
        paths(&sent),
    );

    let pause = WorkPoolUpdate { is_paused: Some(Some(true)), ..Default::default() };
    let updated = s.client.update_work_pool(&pool, &Default::default(), &pause).await;
    s.ok("PATCH /work_pools/{name} (pause)", 204, updated);
    let read = s.client.read_work_pool(&pool, &Default::default()).await;
    let Some(before) = s.ok("GET /work_pools/{name} after pause", 200, read) else { return };
    s.eq("the work pool is paused", Some(true), before.is_paused);
    let describe = WorkPoolUpdate { description: Some(Some("second".to_owned())), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_work_pool(&pool, &Default::default(), &describe)).await;
    s.ok("PATCH /work_pools/{name} (description)", 204, updated);
    s.sent_exactly("PATCH /work_pools/{name} sends only the description", &sent, &json!({ "description": "second" }));
    let read = s.client.read_work_pool(&pool, &Default::default()).await;
    if let Some(after) = s.ok("GET /work_pools/{name} after PATCH", 200, read) {
        s.eq("PATCH of the description leaves the work pool paused", Some(true), after.is_paused);
        let ignored = ["description", "updated"];
        s.eq(
            "PATCH /work_pools/{name} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }

    // Names the server's pattern forbids never leave the client.
    for bad in ["live/pool", "live 50% pool"] {
        let (result, sent) =
            s.traced(s.client.create_work_pool(&Default::default(), &WorkPoolCreate::new(bad.to_owned()))).await;
        s.refused(&format!("POST /work_pools/ named {bad:?} (pattern ^[^/%&><]+$)"), &result, &sent);
    }

    let queue = format!("live queue {PLAIN} {}", s.run);
    let mut body = WorkQueueCreate::new(queue.clone());
    body.description = Some(Some("first".to_owned()));
    let (created, sent) = s.traced(s.client.create_work_queue_2(&pool, &Default::default(), &body)).await;
    let Some(_) = s.ok("POST /work_pools/{work_pool_name}/queues", 201, created) else { return };
    s.sent_exactly(
        "POST /work_pools/{work_pool_name}/queues sends only the members set",
        &sent,
        &json!({ "name": queue, "description": "first" }),
    );
    let (read, sent) = s.traced(s.client.read_work_queue_2(&pool, &queue, &Default::default())).await;
    s.ok("GET /work_pools/{work_pool_name}/queues/{name}", 200, read);
    s.eq(
        "GET /work_pools/{work_pool_name}/queues/{name} percent-encodes both names",
        vec![format!(
            "/api/work_pools/live%20pool%20{ENCODED}%20{run}/queues/live%20queue%20{ENCODED}%20{run}",
            run = s.run
        )],
        paths(&sent),
    );
    let pause = WorkQueueUpdate { is_paused: Some(true), ..Default::default() };
    let updated = s.client.update_work_queue_2(&pool, &queue, &Default::default(), &pause).await;
    s.ok("PATCH /work_pools/{work_pool_name}/queues/{name} (pause)", 204, updated);
    let read = s.client.read_work_queue_2(&pool, &queue, &Default::default()).await;
    let Some(before) = s.ok("GET /work_pools/{work_pool_name}/queues/{name} after pause", 200, read) else { return };
    s.eq("the work queue is paused", Some(true), before.is_paused);
    let describe = WorkQueueUpdate { description: Some(Some("second".to_owned())), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_work_queue_2(&pool, &queue, &Default::default(), &describe)).await;
    s.ok("PATCH /work_pools/{work_pool_name}/queues/{name} (description)", 204, updated);
    s.sent_exactly(
        "PATCH /work_pools/.../queues/{name} sends only the description",
        &sent,
        &json!({ "description": "second" }),
    );
    let read = s.client.read_work_queue_2(&pool, &queue, &Default::default()).await;
    if let Some(after) = s.ok("GET /work_pools/{work_pool_name}/queues/{name} after PATCH", 200, read) {
        s.eq("PATCH of the description leaves the work queue paused", Some(true), after.is_paused);
        let ignored = ["description", "updated", "is_paused", "status"];
        s.eq(
            "PATCH /work_pools/.../queues/{name} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }
    let queues = s.client.read_work_queues_2(&pool, &Default::default(), None).await;
    let queues = s.ok("POST /work_pools/{work_pool_name}/queues/filter", 200, queues).unwrap_or_default();
    let mut names: Vec<String> = queues.into_iter().map(|q| q.name).collect();
    names.sort();
    s.eq("the pool has its default queue and ours", vec!["default".to_owned(), queue.clone()], names);

    let worker = format!("live worker {PLAIN} {}", s.run);
    let beat = BodyWorkerHeartbeatWorkPoolsWorkPoolNameWorkersHeartbeatPost::new(worker.clone());
    let beat = s.client.worker_heartbeat(&pool, &Default::default(), &beat).await;
    s.ok("POST /work_pools/{work_pool_name}/workers/heartbeat", 204, beat);
    let workers = s.client.read_workers(&pool, &Default::default(), None).await;
    let workers = s.ok("POST /work_pools/{work_pool_name}/workers/filter", 200, workers);
    s.eq(
        "the heartbeat registered the worker",
        Some(vec![worker.clone()]),
        workers.map(|w| w.into_iter().map(|w| w.name).collect()),
    );
    let deleted = s.client.delete_worker(&pool, &worker, &Default::default()).await;
    s.ok("DELETE /work_pools/{work_pool_name}/workers/{name}", 204, deleted);

    let filter = WorkPoolFilter {
        name: Some(Some(WorkPoolFilterName { any: Some(Some(vec![pool.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body = BodyReadWorkPoolsWorkPoolsFilterPost { work_pools: Some(Some(filter.clone())), ..Default::default() };
    let pools = s.client.read_work_pools(&Default::default(), Some(&body)).await;
    let pools = s.ok("POST /work_pools/filter", 200, pools);
    s.eq(
        "POST /work_pools/filter by name",
        Some(vec![pool.clone()]),
        pools.map(|p| p.into_iter().map(|p| p.name).collect()),
    );
    let body = BodyCountWorkPoolsWorkPoolsCountPost { work_pools: Some(Some(filter)), ..Default::default() };
    let count = s.client.count_work_pools(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /work_pools/count", 200, count);
    s.eq("POST /work_pools/count by name", Some(1), count);
    let runs = s.client.get_scheduled_flow_runs(&pool, &Default::default(), None).await;
    let runs = s.ok("POST /work_pools/{name}/get_scheduled_flow_runs", 200, runs);
    s.eq("a new pool has no scheduled runs", Some(0), runs.map(|r| r.len()));

    let deleted = s.client.delete_work_queue_2(&pool, &queue, &Default::default()).await;
    s.ok("DELETE /work_pools/{work_pool_name}/queues/{name}", 204, deleted);
    let read = s.client.read_work_queue_2(&pool, &queue, &Default::default()).await;
    gone(s, "GET /work_pools/{work_pool_name}/queues/{name} after DELETE", "not found", read);
    let deleted = s.client.delete_work_pool(&pool, &Default::default()).await;
    s.ok("DELETE /work_pools/{name}", 204, deleted);
    let read = s.client.read_work_pool(&pool, &Default::default()).await;
    gone(s, "GET /work_pools/{name} after DELETE", "not found", read);
}

pub async fn legacy_work_queues(s: &mut Suite) {
    let name = format!("live legacy queue {PLAIN} {}", s.run);
    let (created, sent) =
        s.traced(s.client.create_work_queue(&Default::default(), &WorkQueueCreate::new(name.clone()))).await;
    let Some(queue) = s.ok("POST /work_queues/", 201, created) else { return };
    s.sent_exactly("POST /work_queues/ sends only the members set", &sent, &json!({ "name": name }));
    let id = queue.id.clone();
    let (read, sent) = s.traced(s.client.read_work_queue_by_name(&name, &Default::default())).await;
    let read = s.ok("GET /work_queues/name/{name}", 200, read);
    s.eq("GET /work_queues/name/{name} finds it", Some(id.clone()), read.map(|q| q.id));
    s.eq(
        "GET /work_queues/name/{name} percent-encodes the name",
        vec![format!("/api/work_queues/name/live%20legacy%20queue%20{ENCODED}%20{}", s.run)],
        paths(&sent),
    );
    let pause = WorkQueueUpdate { is_paused: Some(true), ..Default::default() };
    let updated = s.client.update_work_queue(&id, &Default::default(), &pause).await;
    s.ok("PATCH /work_queues/{id} (pause)", 204, updated);
    let describe = WorkQueueUpdate { description: Some(Some("second".to_owned())), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_work_queue(&id, &Default::default(), &describe)).await;
    s.ok("PATCH /work_queues/{id} (description)", 204, updated);
    s.sent_exactly("PATCH /work_queues/{id} sends only the description", &sent, &json!({ "description": "second" }));
    let read = s.client.read_work_queue(&id, &Default::default()).await;
    if let Some(after) = s.ok("GET /work_queues/{id}", 200, read) {
        s.eq("PATCH of the description leaves the legacy work queue paused", Some(true), after.is_paused);
        s.eq("PATCH /work_queues/{id} changed the description", Some(Some("second".to_owned())), after.description);
    }
    let filter = WorkQueueFilter {
        name: Some(Some(WorkQueueFilterName { any: Some(Some(vec![name.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body = BodyReadWorkQueuesWorkQueuesFilterPost { work_queues: Some(Some(filter)), ..Default::default() };
    let read = s.client.read_work_queues(&Default::default(), Some(&body)).await;
    let read = s.ok("POST /work_queues/filter", 200, read);
    s.eq(
        "POST /work_queues/filter by name",
        Some(vec![id.clone()]),
        read.map(|q| q.into_iter().map(|q| q.id).collect()),
    );
    let status = s.client.read_work_queue_status(&id, &Default::default()).await;
    s.ok("GET /work_queues/{id}/status", 200, status);
    let runs = s.client.read_work_queue_runs(&id, &Default::default(), None).await;
    let runs = s.ok("POST /work_queues/{id}/get_runs", 200, runs);
    s.eq("a new queue has no runs", Some(0), runs.map(|r| r.len()));
    let deleted = s.client.delete_work_queue(&id, &Default::default()).await;
    s.ok("DELETE /work_queues/{id}", 204, deleted);
    let read = s.client.read_work_queue(&id, &Default::default()).await;
    gone(s, "GET /work_queues/{id} after DELETE", "not found", read);
}
