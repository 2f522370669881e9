//! Server-sent events against the scripted loopback server: `runtime::EventStream` reading `text/event-stream`
//! as it arrives (the event stream format's line and field rules, events split across chunks, typed and text
//! data, error items, the size limit, transport failures) and reconnecting with `Last-Event-ID` when asked.
//!
//! The calls are written as the generated methods write them (see the `watch_progress`, `chat` and `ticker`
//! operations of `tests/generator/fixtures/media.yaml` and its snapshot). Every test talks only to `127.0.0.1` and is
//! bounded by [`client_tests::LIMIT`].

use std::time::{Duration, Instant};

use client_tests::bounded;
use client_tests::server::{Reply, StreamEnd, TestServer};
use mixpeek::runtime::{Call, Client, Error, Event, EventError, EventStream, Request};
use reqwest::Method;
use serde::Deserialize;
use serde_json::Value;

mod streams;
use streams::{Problem, client};

/// The data of one progress event.
#[derive(Debug, Clone, Deserialize, PartialEq)]
struct Progress {
    percent: i64,
}

impl mixpeek::runtime::Validate for Progress {}

/// What the generated `watch_progress` does: events whose data is JSON of a schema.
fn watch_progress(client: &Client) -> Call<'_, EventStream<Progress>, Problem> {
    let mut request = client.request(Method::GET, "/runs/{run}/progress");
    request.path_param("run", "r1");
    client.call_events(request)
}

/// What the generated `ticker` does: events whose data is text.
fn ticker(client: &Client) -> Call<'_, EventStream<String>, Problem> {
    client.call_event_text(client.request(Method::GET, "/ticker"))
}

fn event<T>(event: &str, id: Option<&str>, data: T) -> Event<T> {
    Event { event: event.to_owned(), id: id.map(str::to_owned), retry: None, data }
}

/// Every item of a stream: its events, and its errors as text.
async fn drain<T>(stream: &mut EventStream<T>) -> Vec<Result<Event<T>, String>> {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item.map_err(|error| error.to_string()));
    }
    items
}

#[tokio::test]
async fn events_are_read_by_the_format_rules_as_they_arrive() {
    bounded(async {
        let server = TestServer::start().await;
        // Line ends of all three kinds, a comment, a field without a colon, an unknown field, two data lines,
        // an id kept for later events, an event split across pieces, a `\r` and its `\n` in different pieces.
        let pieces = [
            (0, "\u{feff}: a comment\r\nretry: 250\n\ndata: one\n\n"),
            (0, "event: tick\rid: 7\rdata: two\rdata\r"),
            (0, "unknown: x\n\r"),
            (0, "\ndata: thr"),
            (300, "ee\n\ndata:four\n\nid\ndata: five\n\n"),
            (0, "data: dropped: the body ends inside this event\n"),
        ];
        server.push(Reply::chunked("text/event-stream", &pieces));
        let client = client(&server);
        let started = Instant::now();
        let mut events = ticker(&client).await.expect("stream opens").into_body();
        // The first events arrive before the piece that waits 300 ms.
        let first = events.next().await.expect("an event").expect("data");
        // `retry` was in a block without data, which sets the stream's reconnection time but is no event.
        assert_eq!(first, event("message", None, "one".to_owned()));
        assert!(started.elapsed() < Duration::from_millis(250), "read as it arrives: {:?}", started.elapsed());
        assert_eq!(
            drain(&mut events).await,
            [
                Ok(event("tick", Some("7"), "two\n".to_owned())),
                Ok(event("message", Some("7"), "three".to_owned())),
                Ok(event("message", Some("7"), "four".to_owned())),
                // `id` with no value empties the last event ID.
                Ok(event("message", None, "five".to_owned())),
            ]
        );
        assert_eq!(events.last_event_id(), None);
        assert_eq!(server.requests()[0].header("accept"), Some("text/event-stream"));
    })
    .await;
}

#[tokio::test]
async fn typed_data_decodes_and_bad_data_is_an_error_item_the_stream_goes_past() {
    bounded(async {
        let server = TestServer::start().await;
        let body = "data: {\"percent\": 10}\n\nevent: oops\ndata: {\"percent\": \"ten\"}\n\ndata: not json\n\ndata: {\"percent\":\ndata: 90}\n\n";
        server.push(Reply::text(200, "text/event-stream", body));
        let client = client(&server);
        let mut events = watch_progress(&client).await.expect("stream opens").into_body();
        let items = drain(&mut events).await;
        assert_eq!(items.len(), 4, "{items:?}");
        assert_eq!(items[0], Ok(event("message", None, Progress { percent: 10 })));
        let Err(wrong_type) = &items[1] else { panic!("{items:?}") };
        assert!(wrong_type.starts_with("event \"oops\": data does not decode at percent: invalid type"), "{wrong_type}");
        assert!(wrong_type.ends_with(r#"{"percent": "ten"}"#), "the raw data is kept: {wrong_type}");
        assert!(matches!(&items[2], Err(text) if text.contains("not json")), "{items:?}");
        // Two data lines are one JSON text.
        assert_eq!(items[3], Ok(event("message", None, Progress { percent: 90 })));
    })
    .await;
}

#[tokio::test]
async fn a_declared_error_status_is_decoded_by_the_error_enum() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::json(404, r#"{"detail": "no run r1"}"#));
        let client = client(&server);
        let error = watch_progress(&client).await.expect_err("404");
        let Error::Api(refused) = &error else { panic!("{error:?}") };
        assert_eq!(refused.body(), &Problem::NotFound(serde_json::json!({"detail": "no run r1"})));
        assert_eq!(server.requests()[0].path(), "/runs/r1/progress");
    })
    .await;
}

#[tokio::test]
async fn an_event_over_the_size_limit_is_dropped_with_an_error_item() {
    bounded(async {
        let server = TestServer::start().await;
        let long = "x".repeat(600);
        let pieces = [
            (0, "data: short\n\n"),
            (0, "data: "),
            (0, long.as_str()),
            (0, long.as_str()),
            (0, "\ndata: more\n\ndata: after\n\n"),
        ];
        server.push(Reply::chunked("text/event-stream", &pieces));
        let client = Client::builder()
            .base_url(server.url())
            .bearer_token("t")
            .max_response_bytes(1000)
            .build()
            .expect("client");
        let mut events = ticker(&client).await.expect("stream opens").into_body();
        assert_eq!(
            drain(&mut events).await,
            [
                Ok(event("message", None, "short".to_owned())),
                Err("an event is longer than the limit of 1000 bytes".to_owned()),
                Ok(event("message", None, "after".to_owned())),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_reset_connection_ends_the_stream_with_a_transport_error() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(
            Reply::chunked("text/event-stream", &[(0, "id: 1\ndata: a\n\ndata: unfini")]).ending(StreamEnd::Reset),
        );
        let client = client(&server);
        let mut events = ticker(&client).await.expect("stream opens").into_body();
        let items = drain(&mut events).await;
        assert_eq!(items[0], Ok(event("message", Some("1"), "a".to_owned())));
        assert!(matches!(&items[1..], [Err(text)] if text.starts_with("the event stream failed")), "{items:?}");
        assert_eq!(server.request_count(), 1, "no reconnection unless asked for");
    })
    .await;
}

#[tokio::test]
async fn a_stream_asked_to_reconnect_sends_the_last_event_id_and_goes_on() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(
            Reply::chunked("text/event-stream", &[(0, "retry: 50\nid: 41\ndata: a\n\nid: 42\ndata: b\n\ndata: lost")])
                .ending(StreamEnd::Reset),
        );
        server.push(Reply::chunked("text/event-stream", &[(0, "id: 43\ndata: c\n\n")]));
        // The server says stop: 204 ends the stream.
        server.push(Reply::status(204));
        let client = client(&server);
        let mut events = ticker(&client).await.expect("stream opens").into_body().reconnect(3);
        let items = drain(&mut events).await;
        let data: Vec<_> = items.iter().map(|item| item.as_ref().map(|event| event.data.as_str())).collect();
        assert_eq!(data, [Ok("a"), Ok("b"), Ok("c")]);
        let requests = server.requests();
        assert_eq!(requests.len(), 3, "{requests:#?}");
        assert_eq!(requests[0].header("last-event-id"), None);
        assert_eq!(requests[1].header("last-event-id"), Some("42"));
        assert_eq!(requests[2].header("last-event-id"), Some("43"));
        // The server's `retry: 50` set the wait.
        let waited = requests[1].at.duration_since(requests[0].at);
        assert!(waited >= Duration::from_millis(50), "{waited:?}");
    })
    .await;
}

#[tokio::test]
async fn a_reconnection_refused_with_an_error_status_ends_the_stream_keeping_the_answer() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::chunked("text/event-stream", &[(0, "retry: 1\nid: 9\ndata: a\n\n")]));
        server.push(Reply::json(404, r#"{"detail": "gone"}"#).with_header("X-Request-Id", "r-2"));
        let client = client(&server);
        let mut events = ticker(&client).await.expect("stream opens").into_body().reconnect(5);
        assert_eq!(events.next().await.expect("one").expect("event").data, "a");
        let Some(Err(EventError::Refused(response))) = events.next().await else { panic!("refused") };
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.body(), br#"{"detail": "gone"}"#);
        assert_eq!(response.headers().get("x-request-id").and_then(|v| v.to_str().ok()), Some("r-2"));
        assert!(events.next().await.is_none(), "the stream has ended");
    })
    .await;
}

#[tokio::test]
async fn reconnection_gives_up_after_the_attempts_allowed_in_a_row() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::chunked("text/event-stream", &[(0, "retry: 1\ndata: a\n\n")]).ending(StreamEnd::Reset));
        // Each reconnection's stream ends at once without an event: two attempts, then the end.
        server.push(Reply::chunked("text/event-stream", &[(0, ": nothing\n")]));
        server.push(Reply::chunked("text/event-stream", &[(0, ": nothing\n")]));
        server.push(Reply::chunked("text/event-stream", &[(0, "data: never read\n\n")]));
        let client = client(&server);
        let mut events = ticker(&client).await.expect("stream opens").into_body().reconnect(2);
        let items = drain(&mut events).await;
        let a = Event { retry: Some(Duration::from_millis(1)), ..event("message", None, "a".to_owned()) };
        assert_eq!(items, [Ok(a)]);
        assert_eq!(server.request_count(), 3);
    })
    .await;
}

#[tokio::test]
async fn a_stream_whose_request_cannot_be_sent_again_never_reconnects() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::chunked("text/event-stream", &[(0, "data: a\n\n")]));
        let client = client(&server);
        let mut request: Request = client.request(Method::POST, "/upload");
        request.multipart(reqwest::multipart::Form::new().text("field", "value"));
        let call: Call<'_, EventStream<String>, Problem> = client.call_event_text(request);
        let mut events = call.await.expect("stream opens").into_body().reconnect(3);
        assert_eq!(drain(&mut events).await, [Ok(event("message", None, "a".to_owned()))]);
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn any_call_can_be_read_as_events() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::text(200, "text/event-stream", "data: {\"percent\": 5}\n\n"));
        let client = client(&server);
        // What the generated `chat` documents for its alternative media type.
        let call: Call<'_, Value, Problem> =
            client.call(client.request(Method::POST, "/chat"), |response| match response.status().as_u16() {
                200..=299 => response.json(),
                _ => response.error(),
            });
        let mut events = call.accept("text/event-stream").events::<Progress>().await.expect("opens").into_body();
        assert_eq!(drain(&mut events).await, [Ok(event("message", None, Progress { percent: 5 }))]);
        assert_eq!(server.requests()[0].header("accept"), Some("text/event-stream"));
    })
    .await;
}

#[test]
fn a_body_received_in_full_reads_the_same_events() {
    let body = b"data: {\"percent\": 1}\n\ndata: {\"percent\": 2}\n\ndata: {\"percent\": 3}";
    let events = EventStream::<Progress>::from_body(body, 1000, false);
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let items = runtime.block_on(async {
        let mut events = events;
        drain(&mut events).await
    });
    // The third event has no blank line after it: the body ended inside it.
    assert_eq!(
        items,
        [Ok(event("message", None, Progress { percent: 1 })), Ok(event("message", None, Progress { percent: 2 }))]
    );
}
