//! Several response media types and streams of JSON lines, against the scripted loopback server: the `Accept`
//! a call sends, the reading a caller chooses (`Call::text`, `bytes`, `json`, `json_lines`), the `Content-Type`
//! honoured, and the stream rules of `runtime::JsonLines` (lines as they arrive, split across chunks, error
//! items, the size limit per line, transport failures and idle timeouts ending the stream).
//!
//! The calls are written as the generated methods write them (see `tests/generator/fixtures/media.yaml` and its
//! snapshot). Every test talks only to `127.0.0.1`, is bounded by [`client_tests::LIMIT`], and sleeps at most
//! about two seconds.

use std::time::{Duration, Instant};

use client_tests::bounded;
use client_tests::server::{Reply, StreamEnd, TestServer};
use mixpeek::runtime::{ApiResponse, Call, Client, Error, JsonLines, LineError, Request};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};

mod streams;
use streams::{Problem, client};

/// A typed configuration, as `GET /config` declares it in JSON.
#[derive(Debug, Deserialize, PartialEq)]
struct Config {
    sections: Vec<String>,
}

impl mixpeek::runtime::Validate for Config {}

/// One line of a run's state stream.
#[derive(Debug, Deserialize, PartialEq)]
struct RunState {
    state: String,
}

impl mixpeek::runtime::Validate for RunState {}

/// What the generated `get_config` does: JSON and text declared, JSON asked for and decoded.
fn get_config(client: &Client) -> Call<'_, Config, Problem> {
    let mut request = client.request(Method::GET, "/config");
    request.accept("application/json");
    client.call(request, |response| match response.status().as_u16() {
        200..=299 => response.json(),
        _ => response.error(),
    })
}

/// What the generated `wait_run` does: only JSON Lines declared, read as a stream.
fn wait_run(client: &Client) -> Call<'_, JsonLines<RunState>, Problem> {
    let request: Request = client.request(Method::GET, "/runs/r1/wait");
    client.call_lines(request)
}

/// Every item of a stream, in order.
async fn collect<T: serde::de::DeserializeOwned + mixpeek::runtime::Validate>(
    lines: &mut JsonLines<T>,
) -> Vec<Result<T, LineError>> {
    let mut items = Vec::new();
    while let Some(item) = lines.next().await {
        items.push(item);
    }
    items
}

fn assert_send_unpin<T: Send + Unpin>(_: &T) {}

#[tokio::test]
async fn the_method_asks_for_the_media_type_it_decodes() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::json(200, r#"{"sections": ["core", "smtp"]}"#));
        let config = get_config(&client(&server)).await.expect("JSON decodes");
        assert_eq!(config.body(), &Config { sections: vec!["core".into(), "smtp".into()] });
        assert_eq!(server.requests()[0].header("accept"), Some("application/json"));
    })
    .await;
}

#[tokio::test]
async fn a_call_can_ask_for_text_and_read_it() {
    bounded(async {
        let server = TestServer::start().await;
        let file = "[core]\ndags_folder = /opt/airflow/dags\n";
        server.push(Reply::text(200, "text/plain; charset=utf-8", file));
        let text = get_config(&client(&server)).accept("text/plain").text().await.expect("text reads");
        assert_eq!(text.body(), file);
        assert_eq!(server.requests()[0].header("accept"), Some("text/plain"), "the chosen type replaces the method's");
    })
    .await;
}

#[tokio::test]
async fn text_where_json_is_decoded_says_how_to_read_it() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::text(200, "text/plain", "[core]\nx = 1\n"));
        let error = get_config(&client(&server)).await.expect_err("text is not the JSON of Config");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert!(error.to_string().contains("Call::text"), "{error}");
        assert_eq!(error.raw_body(), Some(&b"[core]\nx = 1\n"[..]));
    })
    .await;
}

#[tokio::test]
async fn a_call_reads_bytes_json_of_another_type_and_errors_by_the_operation() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        server.push(Reply::Respond {
            status: 200,
            headers: vec![("Content-Type".into(), "application/vnd.kubernetes.protobuf".into())],
            body: vec![0x6b, 0x38, 0x73, 0x00, 0xff],
        });
        let bytes = get_config(&client).accept("application/vnd.kubernetes.protobuf").bytes().await.expect("bytes");
        assert_eq!(bytes.body(), &[0x6b, 0x38, 0x73, 0x00, 0xff]);

        server.push(Reply::text(200, "application/vnd.example.star+json", r#"[{"starred_at": "2024-01-01"}]"#));
        let starred = get_config(&client).accept("application/vnd.example.star+json").json::<Value>().await;
        assert_eq!(starred.expect("vendor JSON decodes").body(), &json!([{"starred_at": "2024-01-01"}]));

        // Whatever the reading, an error status is the operation's.
        server.push(Reply::json(404, r#"{"detail": "no such section"}"#));
        let error = get_config(&client).accept("text/plain").text().await.expect_err("404");
        assert_eq!(error.api_error(), Some(&Problem::NotFound(json!({"detail": "no such section"}))));

        let accepts: Vec<Option<String>> =
            server.requests().iter().map(|r| r.header("accept").map(str::to_owned)).collect();
        assert_eq!(
            accepts,
            [
                Some("application/vnd.kubernetes.protobuf".to_owned()),
                Some("application/vnd.example.star+json".to_owned()),
                Some("text/plain".to_owned()),
            ]
        );
    })
    .await;
}

#[tokio::test]
async fn a_call_sends_nothing_until_polled_and_refuses_a_bad_accept() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let call = get_config(&client).accept("text/plain").text();
        assert_send_unpin(&call);
        drop(call);
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(server.request_count(), 0, "a call dropped before it is polled sends nothing");

        let error = get_config(&client).accept("text/plain\r\nX-Evil: 1").text().await.expect_err("refused");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

#[tokio::test]
async fn json_lines_arrive_as_they_are_sent_across_chunks() {
    bounded(async {
        let server = TestServer::start().await;
        // Lines split across chunks, a blank line, a `\r\n`, and a last line without its `\n`, the last piece
        // well after the others.
        server.push(Reply::chunked(
            "application/x-ndjson",
            &[
                (0, "{\"state\": \"que"),
                (50, "ued\"}\n{\"sta"),
                (50, "te\": \"running\"}\r\n\n  \n"),
                (1200, "{\"state\": \"success\"}"),
            ],
        ));
        let started = Instant::now();
        let response: ApiResponse<JsonLines<RunState>> = wait_run(&client(&server)).await.expect("the stream starts");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/x-ndjson"));
        let mut lines = response.into_body();
        let first = lines.next().await.expect("an item").expect("it decodes");
        assert_eq!(first, RunState { state: "queued".into() });
        let second = lines.next().await.expect("an item").expect("it decodes");
        assert_eq!(second, RunState { state: "running".into() });
        assert!(
            started.elapsed() < Duration::from_millis(1000),
            "the first lines arrive before the body ends ({:?})",
            started.elapsed()
        );
        let last = lines.next().await.expect("the last line counts without its newline").expect("it decodes");
        assert_eq!(last, RunState { state: "success".into() });
        assert!(lines.next().await.is_none());
        assert!(lines.next().await.is_none(), "an ended stream stays ended");
    })
    .await;
}

#[tokio::test]
async fn a_line_that_does_not_decode_is_an_error_item_keeping_its_bytes() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::chunked(
            "application/x-ndjson",
            &[(0, "{\"state\": \"queued\"}\nnot json at all\n{\"other\": 1}\n{\"state\": \"success\"}\n")],
        ));
        let mut lines = wait_run(&client(&server)).await.expect("the stream starts").into_body();
        let items = collect(&mut lines).await;
        assert_eq!(items.len(), 4, "{items:?}");
        assert!(items[0].is_ok() && items[3].is_ok(), "{items:?}");
        let Err(error) = &items[1] else { panic!("line 2 is an error: {items:?}") };
        assert_eq!(error.line(), Some(&b"not json at all"[..]));
        assert_eq!(error.number(), Some(2));
        assert!(error.to_string().contains("line 2") && error.to_string().contains("not json at all"), "{error}");
        let Err(LineError::Decode { number: 3, path, .. }) = &items[2] else { panic!("line 3: {items:?}") };
        assert_eq!(path, "", "a missing member is reported at the top");
    })
    .await;
}

#[tokio::test]
async fn the_size_limit_applies_per_line_not_to_the_stream() {
    bounded(async {
        let server = TestServer::start().await;
        let line = format!("{{\"state\": \"{}\"}}\n", "r".repeat(20));
        let long = format!("{{\"state\": \"{}\"}}\n", "x".repeat(200));
        // Six short lines (more than the limit together), then one over it split in pieces, then a short one.
        let mut pieces: Vec<(u64, String)> = (0..6).map(|_| (0, line.clone())).collect();
        pieces.push((0, long[..100].to_owned()));
        pieces.push((20, long[100..].to_owned()));
        pieces.push((0, line.clone()));
        let pieces: Vec<(u64, &str)> = pieces.iter().map(|(wait, text)| (*wait, text.as_str())).collect();
        server.push(Reply::chunked("application/x-ndjson", &pieces));
        let client =
            Client::builder().base_url(server.url()).bearer_token("t").max_response_bytes(64).build().expect("client");
        let mut lines = wait_run(&client).await.expect("the stream starts").into_body();
        let items = collect(&mut lines).await;
        assert_eq!(items.len(), 8, "{items:?}");
        assert!(items[..6].iter().all(Result::is_ok), "{items:?}");
        assert!(matches!(items[6], Err(LineError::TooLong { number: 7, limit: 64 })), "{items:?}");
        assert!(items[7].is_ok(), "the stream goes on after the long line: {items:?}");
    })
    .await;
}

#[tokio::test]
async fn a_broken_connection_is_an_error_item_that_ends_the_stream() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(
            Reply::chunked("application/x-ndjson", &[(0, "{\"state\": \"queued\"}\n{\"state\": \"runn")])
                .ending(StreamEnd::Reset),
        );
        let mut lines = wait_run(&client(&server)).await.expect("the stream starts").into_body();
        let items = collect(&mut lines).await;
        assert_eq!(items.len(), 2, "the unfinished line is dropped: {items:?}");
        assert!(items[0].is_ok());
        assert!(matches!(&items[1], Err(LineError::Transport(error)) if error.is_body()), "{items:?}");
    })
    .await;
}

#[tokio::test]
async fn a_stream_idle_longer_than_the_timeout_ends_with_a_timeout() {
    bounded(async {
        let server = TestServer::start().await;
        server
            .push(Reply::chunked("application/x-ndjson", &[(0, "{\"state\": \"queued\"}\n")]).ending(StreamEnd::Hang));
        let client = Client::builder()
            .base_url(server.url())
            .bearer_token("t")
            .timeout(Duration::from_millis(300))
            .build()
            .expect("client");
        let mut lines = wait_run(&client).await.expect("the stream starts").into_body();
        let items = collect(&mut lines).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert!(matches!(&items[1], Err(LineError::Transport(error)) if error.is_timeout()), "{items:?}");
    })
    .await;
}

#[tokio::test]
async fn a_stream_outlives_the_timeout_while_lines_keep_coming() {
    bounded(async {
        let server = TestServer::start().await;
        let pieces: Vec<(u64, &str)> = (0..6).map(|_| (150, "{\"state\": \"running\"}\n")).collect();
        server.push(Reply::chunked("application/x-ndjson", &pieces));
        let client = Client::builder()
            .base_url(server.url())
            .bearer_token("t")
            .timeout(Duration::from_millis(400))
            .build()
            .expect("client");
        let mut lines = wait_run(&client).await.expect("the stream starts").into_body();
        let items = collect(&mut lines).await;
        assert_eq!(items.len(), 6, "900 ms of lines, none more than 400 ms apart: {items:?}");
        assert!(items.iter().all(Result::is_ok), "{items:?}");
    })
    .await;
}

#[tokio::test]
async fn a_streamed_call_decodes_errors_and_retries_before_the_body() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        server.push(Reply::json(404, r#"{"detail": "no such run"}"#));
        let error = wait_run(&client).await.expect_err("404");
        assert_eq!(error.api_error(), Some(&Problem::NotFound(json!({"detail": "no such run"}))));

        server.push(Reply::status(503));
        server.push(Reply::chunked("application/x-ndjson", &[(0, "{\"state\": \"queued\"}\n")]));
        let mut lines = wait_run(&client).await.expect("the retry streams").into_body();
        assert_eq!(collect(&mut lines).await.len(), 1);
        assert_eq!(server.request_count(), 3);
    })
    .await;
}

#[tokio::test]
async fn any_call_can_read_json_lines_and_the_json_decoder_names_the_stream() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let stream = "{\"sections\": [\"a\"]}\n{\"sections\": []}\n";
        // Kubernetes answers a watch as `application/json`; the caller knows it is a stream.
        server.push(Reply::chunked("application/json", &[(0, stream)]));
        let mut lines = get_config(&client)
            .accept("application/json;stream=watch")
            .json_lines::<Config>()
            .await
            .expect("ok")
            .into_body();
        let items = collect(&mut lines).await;
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(server.requests()[0].header("accept"), Some("application/json;stream=watch"));

        server.push(Reply::text(200, "application/x-ndjson", stream));
        let error = get_config(&client).await.expect_err("two documents are not one");
        assert!(error.to_string().contains("Call::json_lines"), "{error}");
    })
    .await;
}

#[test]
fn a_body_received_in_full_reads_as_lines() {
    let lines = JsonLines::<RunState>::from_body(b"{\"state\":\"a\"}\n\n{\"state\":\"b\"}".to_vec(), 1024, false);
    let items = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(async {
        let mut lines = lines;
        collect(&mut lines).await
    });
    let states: Vec<String> = items.into_iter().map(|item| item.expect("decodes").state).collect();
    assert_eq!(states, ["a", "b"]);
}
