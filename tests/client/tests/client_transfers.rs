//! Large bodies against the scripted loopback server: uploads held in memory, streamed from a stream or a file
//! (`runtime::Upload`), a multipart form with a streamed file part, and downloads read as they arrive
//! (`Call::byte_stream`) past the response size limit, piped on into an upload.
//!
//! The calls are written as the generated methods write them (see `upload_file`, `download_file` and
//! `start_import` in `tests/generator/fixtures/media.yaml` and its snapshot). Every test talks only to `127.0.0.1`.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use client_tests::server::{Reply, TestServer};
use mixpeek::runtime::{ByteStream, Call, Client, Error, ErrorStatuses, RawResponse, RetryPolicy, Upload};
use reqwest::Method;

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token("t")
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy { initial_backoff: Duration::from_millis(1), max_retries: 2, ..RetryPolicy::default() })
        .build()
        .expect("building the client")
}

/// An operation that declares no error statuses.
#[derive(Debug, Clone, PartialEq)]
enum NoErrors {}

impl ErrorStatuses for NoErrors {
    fn decode<S>(response: RawResponse) -> Result<S, Error<Self>> {
        response.unexpected()
    }
}

/// What the generated `upload_file` does.
fn upload_file<'a>(client: &'a Client, name: &str, body: impl Into<Upload>) -> Call<'a, (), NoErrors> {
    let mut request = client.request(Method::PUT, "/files/{name}");
    request.path_param("name", name);
    request.upload("application/octet-stream", body.into());
    client.call(request, |response| match response.status().as_u16() {
        200..=299 => response.empty(),
        _ => response.error(),
    })
}

/// What the generated `download_file` does.
fn download_file<'a>(client: &'a Client, name: &str) -> Call<'a, Vec<u8>, NoErrors> {
    let mut request = client.request(Method::GET, "/files/{name}");
    request.path_param("name", name);
    client.call(request, |response| match response.status().as_u16() {
        200..=299 => response.bytes(),
        _ => response.error(),
    })
}

/// A stream of pieces, each ready at once.
struct Pieces(VecDeque<Result<Vec<u8>, std::io::Error>>);

impl futures_core::Stream for Pieces {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.get_mut().0.pop_front())
    }
}

fn pieces(texts: &[&str]) -> Pieces {
    Pieces(texts.iter().map(|text| Ok(text.as_bytes().to_vec())).collect())
}

#[tokio::test]
async fn a_body_in_memory_is_sent_with_its_length_and_retried() {
    let server = TestServer::start().await;
    server.push(Reply::status(503));
    server.push(Reply::status(204));
    let client = client(&server);
    upload_file(&client, "a.bin", b"\x00\x01binary".to_vec()).await.expect("stored after one retry");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.body, b"\x00\x01binary");
        assert_eq!(request.header("content-type"), Some("application/octet-stream"));
        assert_eq!(request.header("content-length"), Some("8"));
    }
}

#[tokio::test]
async fn a_streamed_body_is_sent_as_it_comes_and_never_retried() {
    let server = TestServer::start().await;
    server.push(Reply::status(204));
    let client = client(&server);
    upload_file(&client, "s.bin", Upload::stream(pieces(&["one ", "two ", "three"]))).await.expect("stored");
    let request = &server.requests()[0];
    assert_eq!(request.body, b"one two three");
    assert_eq!(request.header("transfer-encoding"), Some("chunked"));
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));

    // A 503 is retried for a body in memory (above), never for a stream: it is gone once sent.
    server.push(Reply::status(503));
    server.push(Reply::status(204));
    let error = upload_file(&client, "s.bin", Upload::stream(pieces(&["again"]))).await.expect_err("503");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    assert_eq!(server.request_count(), 2);
}

#[tokio::test]
async fn a_failing_stream_fails_the_request() {
    let server = TestServer::start().await;
    server.set_default(Reply::status(204));
    let client = client(&server);
    let broken = Pieces(VecDeque::from([Ok(b"start".to_vec()), Err(std::io::Error::other("disk gone"))]));
    let error = upload_file(&client, "b.bin", Upload::stream(broken)).await.expect_err("the body failed");
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
}

#[tokio::test]
async fn a_file_is_streamed_with_its_length() {
    let server = TestServer::start().await;
    server.push(Reply::status(204));
    let client = client(&server);
    let path = std::env::temp_dir().join(format!("client-transfers-{}.bin", std::process::id()));
    let contents: Vec<u8> = (0..100_000u32).map(|n| (n % 251) as u8).collect();
    std::fs::write(&path, &contents).expect("temporary file");
    let upload = Upload::file(&path).await;
    std::fs::remove_file(&path).expect("removing the temporary file");
    upload_file(&client, "f.bin", upload.expect("opens")).await.expect("stored");
    let request = &server.requests()[0];
    assert_eq!(request.body.len(), contents.len());
    assert_eq!(request.header("content-length"), Some("100000"), "a file's length is sent, not chunked");
    assert_eq!(request.header("transfer-encoding"), None);
    assert!(request.body == contents, "the file's bytes arrive unchanged");
    assert!(Upload::file(std::env::temp_dir().join("no-such-file-client-transfers")).await.is_err());
}

#[tokio::test]
async fn a_multipart_form_carries_a_streamed_file_part_with_its_name_and_type() {
    let server = TestServer::start().await;
    server.push(Reply::status(204));
    let client = client(&server);
    let part = Upload::stream(pieces(&["col\n", "1\n"])).into_part().file_name("data.csv").mime_str("text/csv");
    let form = reqwest::multipart::Form::new().text("kind", "table").part("file", part.expect("a valid type"));
    let mut request = client.request(Method::POST, "/imports");
    request.multipart(form);
    let call: Call<'_, (), NoErrors> = client.call(request, |response| response.empty());
    call.await.expect("sent");
    let body = String::from_utf8(server.requests()[0].body.clone()).expect("text");
    assert!(body.contains("name=\"kind\"\r\n\r\ntable\r\n"), "{body}");
    assert!(
        body.contains("name=\"file\"; filename=\"data.csv\"\r\nContent-Type: text/csv\r\n\r\ncol\n1\n\r\n"),
        "{body}"
    );
}

#[tokio::test]
async fn a_download_read_as_a_stream_is_not_held_to_the_size_limit() {
    let server = TestServer::start().await;
    let piece = "x".repeat(700);
    let three = [(0, piece.as_str()), (50, piece.as_str()), (0, piece.as_str())];
    server.push(Reply::chunked("application/octet-stream", &three));
    server.push(Reply::chunked("application/octet-stream", &three));
    let client =
        Client::builder().base_url(server.url()).bearer_token("t").max_response_bytes(1000).build().expect("client");

    // Read whole, 2,100 bytes are over the limit of 1,000.
    let whole = download_file(&client, "big.bin").await.expect_err("too large");
    assert!(matches!(whole, Error::ResponseTooLarge { limit: 1000, .. }), "{whole:?}");

    let mut body: ByteStream = download_file(&client, "big.bin").byte_stream().await.expect("head").into_body();
    let mut received = Vec::new();
    let mut count = 0;
    while let Some(piece) = body.next().await {
        received.extend(piece.expect("a piece"));
        count += 1;
    }
    assert_eq!(received.len(), 2100);
    assert!(count >= 2, "the pieces arrive as they come, not as one: {count}");
}

#[tokio::test]
async fn a_download_can_be_sent_on_as_it_arrives() {
    let server = TestServer::start().await;
    server.push(Reply::chunked("application/octet-stream", &[(0, "first half, "), (20, "second half")]));
    server.push(Reply::status(204));
    let client = client(&server);
    let body = download_file(&client, "in.bin").byte_stream().await.expect("head").into_body();
    upload_file(&client, "out.bin", Upload::stream(body)).await.expect("stored");
    assert_eq!(server.requests()[1].body, b"first half, second half");
}
