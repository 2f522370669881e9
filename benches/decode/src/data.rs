//! The input: a JSON list of webhooks as the Mixpeek API returns them, varied deterministically (a fixed
//! seed): one to four channels each, all three config kinds, optional members present, absent or `null`,
//! timestamps with and without fractional seconds and offsets.

use serde_json::{Map, Value, json};

/// The event types the API lists, in its order.
const EVENT_TYPES: &[&str] = &[
    "object.created",
    "objects.created.batch",
    "object.updated",
    "object.deleted",
    "collection.created",
    "collection.updated",
    "collection.deleted",
    "collection.documents.written",
    "cluster.created",
    "cluster.updated",
    "cluster.deleted",
    "cluster.execution.started",
    "cluster.execution.completed",
    "cluster.execution.failed",
    "trigger.created",
    "trigger.updated",
    "trigger.deleted",
    "trigger.paused",
    "trigger.resumed",
    "trigger.fired",
    "trigger.execution.completed",
    "trigger.execution.failed",
    "taxonomy.created",
    "taxonomy.updated",
    "taxonomy.deleted",
    "alert.created",
    "alert.updated",
    "alert.deleted",
    "alert.triggered",
    "alert.execution.completed",
    "alert.execution.failed",
    "annotation.created",
    "annotation.updated",
    "annotation.deleted",
];

const CONTENT_TYPES: &[&str] = &["plain_text", "html", "markdown", "json"];

const TEAMS: &[&str] = &["platform", "ingest", "search", "billing", "growth", "security", "ml-ops", "support"];

/// A small deterministic generator (splitmix64), so every run decodes the same bytes.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The JSON text of a list of `count` webhooks.
pub fn webhook_list(count: usize) -> String {
    let mut rng = Rng(0x6d69_7870_6565_6b21);
    let list: Vec<Value> = (0..count).map(|i| webhook(&mut rng, i)).collect();
    serde_json::to_string(&list).unwrap_or_default()
}

fn webhook(rng: &mut Rng, index: usize) -> Value {
    let mut object = Map::new();
    if rng.chance(95) {
        object.insert("webhook_id".into(), json!(format!("wh_{:016x}", rng.next())));
    }
    let team = rng.pick(TEAMS);
    object.insert("webhook_name".into(), json!(format!("{team} notifications #{index}")));
    let events = 1 + rng.below(5);
    let event_types: Vec<&str> = (0..events).map(|_| rng.pick(EVENT_TYPES)).collect();
    object.insert("event_types".into(), json!(event_types));
    let channels = 1 + rng.below(4);
    let channels: Vec<Value> = (0..channels).map(|_| channel(rng, team)).collect();
    object.insert("channels".into(), Value::Array(channels));
    if rng.chance(90) {
        object.insert("is_active".into(), json!(rng.chance(80)));
    }
    let created = 1_700_000_000 + rng.below(50_000_000);
    object.insert("created_at".into(), json!(timestamp(rng, created)));
    if rng.chance(70) {
        let updated = created + rng.below(5_000_000);
        object.insert("updated_at".into(), json!(timestamp(rng, updated)));
    }
    Value::Object(object)
}

fn channel(rng: &mut Rng, team: &str) -> Value {
    match rng.below(3) {
        0 => json!({"channel": "email", "configs": email(rng, team)}),
        1 => json!({"channel": "slack", "configs": slack(rng, team)}),
        _ => json!({"channel": "webhook", "configs": http(rng, team)}),
    }
}

/// An optional nullable string member: present with a value, `null`, or absent.
fn maybe_string(rng: &mut Rng, object: &mut Map<String, Value>, key: &str, value: String) {
    match rng.below(4) {
        0 | 1 => {
            object.insert(key.to_owned(), json!(value));
        }
        2 => {
            object.insert(key.to_owned(), Value::Null);
        }
        _ => {}
    }
}

fn addresses(rng: &mut Rng, team: &str, count: u64) -> Vec<String> {
    (0..count).map(|_| format!("{team}.{}@example.com", rng.below(1000))).collect()
}

fn email(rng: &mut Rng, team: &str) -> Value {
    let mut object = Map::new();
    let to = 1 + rng.below(3);
    object.insert("to_addresses".into(), json!(addresses(rng, team, to)));
    maybe_string(rng, &mut object, "subject_template", format!("[{team}] {{{{event_type}}}} at {{{{timestamp}}}}"));
    maybe_string(rng, &mut object, "body_template", "<p>{{event_type}}: {{resource_id}}</p>".to_owned());
    if rng.chance(60) {
        object.insert("content_type".into(), json!(rng.pick(CONTENT_TYPES)));
    }
    if rng.chance(30) {
        let cc = 1 + rng.below(2);
        object.insert("cc_addresses".into(), json!(addresses(rng, team, cc)));
    }
    if rng.chance(10) {
        object.insert("bcc_addresses".into(), json!(addresses(rng, "audit", 1)));
    }
    Value::Object(object)
}

fn slack(rng: &mut Rng, team: &str) -> Value {
    let mut object = Map::new();
    object.insert(
        "webhook_url".into(),
        json!(format!(
            "https://hooks.slack.com/services/T{:08X}/B{:08X}/{:024x}",
            rng.next() as u32,
            rng.next() as u32,
            rng.next()
        )),
    );
    maybe_string(rng, &mut object, "channel", format!("#{team}-alerts"));
    maybe_string(rng, &mut object, "username", "Mixpeek".to_owned());
    maybe_string(rng, &mut object, "icon_emoji", ":bell:".to_owned());
    maybe_string(rng, &mut object, "icon_url", "https://mixpeek.com/icon.png".to_owned());
    maybe_string(
        rng,
        &mut object,
        "blocks_template",
        r#"[{"type":"section","text":{"type":"mrkdwn","text":"*{{event_type}}*"}}]"#.to_owned(),
    );
    Value::Object(object)
}

fn http(rng: &mut Rng, team: &str) -> Value {
    let mut object = Map::new();
    object.insert("url".into(), json!(format!("https://{team}.example.com/hooks/{}", rng.below(100_000))));
    if rng.chance(70) {
        let mut headers = Map::new();
        headers.insert("Authorization".into(), json!(format!("Bearer tok_{:016x}", rng.next())));
        if rng.chance(50) {
            headers.insert("X-Team".into(), json!(team));
        }
        if rng.chance(30) {
            headers.insert("X-Request-Source".into(), json!("mixpeek"));
        }
        object.insert("headers".into(), Value::Object(headers));
    }
    match rng.below(3) {
        0 => {
            object.insert(
                "payload_template".into(),
                json!({"event": "{{event_type}}", "team": team, "retries": rng.below(5), "tags": ["a", "b"]}),
            );
        }
        1 => {
            object.insert("payload_template".into(), Value::Null);
        }
        _ => {}
    }
    if rng.chance(50) {
        object.insert("timeout".into(), json!(5.0 + rng.below(50) as f64 / 2.0));
    }
    Value::Object(object)
}

/// An ISO 8601 UTC timestamp, spelled in one of the ways servers do.
fn timestamp(rng: &mut Rng, seconds: u64) -> String {
    let time = chrono::DateTime::from_timestamp(seconds as i64, 0).unwrap_or_default();
    let base = time.format("%Y-%m-%dT%H:%M:%S");
    match rng.below(3) {
        0 => format!("{base}Z"),
        1 => format!("{base}.{:06}Z", rng.below(1_000_000)),
        _ => format!("{base}.{:03}+00:00", rng.below(1000)),
    }
}
