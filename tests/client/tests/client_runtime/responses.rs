//! Responses and servers: the base URL, text and empty bodies, undeclared successes, content types, servers.

use super::*;

#[tokio::test]
async fn the_base_url_is_checked_and_joined() {
    bounded(async {
        let default = Client::builder().build().expect("the API description names a server");
        assert_eq!(default.base_url(), mixpeek::DEFAULT_BASE_URL);
        let refused = Client::builder().base_url("").build().expect_err("no base URL is known");
        assert!(refused.to_string().contains("base_url("), "{refused}");
        let refused = Client::builder().base_url("ftp://example.com").build().expect_err("not http");
        assert!(refused.to_string().contains("http"), "{refused}");
        Client::builder().base_url("/relative").build().expect_err("not absolute");
        Client::builder().base_url("https://example.com/?a=b").build().expect_err("a query");

        let server = TestServer::start().await;
        let client =
            Client::builder().base_url(format!("{}/v1/", server.url())).bearer_token(TOKEN).build().expect("building");
        assert_eq!(client.base_url(), format!("{}/v1", server.url()));
        get(&client, "/items").await.expect("a plain success");
        assert_eq!(server.requests()[0].target, "/v1/items");
    })
    .await;
}

#[tokio::test]
async fn text_and_empty_responses_decode() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        server.push(Reply::Respond { status: 200, headers: Vec::new(), body: vec![0xff, 0xfe] });
        let raw = client.send::<Value>(client.request(Method::GET, "/bin")).await.expect("a response");
        let error = raw.text::<Value>().expect_err("not UTF-8");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert_eq!(error.raw_body(), Some(&[0xff, 0xfe][..]));

        server.push(Reply::text(200, "text/plain", "héllo"));
        let raw = client.send::<Value>(client.request(Method::GET, "/text")).await.expect("a response");
        assert_eq!(raw.text::<Value>().expect("UTF-8").into_body(), "héllo");

        server.push(Reply::status(204));
        let raw = client.send::<Value>(client.request(Method::DELETE, "/thing")).await.expect("a response");
        let response = raw.empty::<Value>().expect("nothing to decode");
        assert_eq!(response.status().as_u16(), 204);

        server.push(Reply::status(409));
        let raw = client.send::<Value>(client.request(Method::DELETE, "/thing")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("conflict")).expect_err("always an error");
        assert_eq!(error.api_error(), Some(&json!("conflict")));
        assert_eq!(error.status().map(|status| status.as_u16()), Some(409));

        server.push(Reply::json(200, ""));
        let error = get(&client, "/empty").await.expect_err("an empty body is not JSON");
        assert!(error.to_string().contains("empty"), "{error}");
    })
    .await;
}

/// The success enum of an operation declaring 200 (a JSON list), 201 (text) and 204 (no content), as generated;
/// the test's `match` is the one generated for it.
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok(Vec<u64>),
    Created(String),
    NoContent,
}

#[tokio::test]
// Generated crates allow overlapping arms crate-wide: declared statuses come before `200..=299`.
#[allow(clippy::match_overlapping_arm)]
async fn an_undeclared_2xx_is_offered_to_the_declared_successes_in_order() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let run = |path: &'static str| {
            let client = client.clone();
            async move {
                let request = client.request(Method::GET, path);
                client
                    .call(request, |raw| match raw.status().as_u16() {
                        200 => raw.json::<Vec<u64>, _>().map(|r| r.map(Outcome::Ok)),
                        201 => raw.text().map(|r| r.map(Outcome::Created)),
                        204 => raw.empty().map(|r| r.map(|()| Outcome::NoContent)),
                        200..=299 => {
                            raw.fallback().empty(Outcome::NoContent).json(Outcome::Ok).text(Outcome::Created).end()
                        }
                        _ => raw.unexpected::<Value, _>(),
                    })
                    .await
            }
        };
        server.push(Reply::status(202));
        let response = run("/a").await.expect("a blank body is the bodiless success");
        assert_eq!((response.status().as_u16(), response.body()), (202, &Outcome::NoContent));

        server.push(Reply::json(202, "[1, 2]"));
        assert_eq!(run("/b").await.expect("a list").into_body(), Outcome::Ok(vec![1, 2]));

        server.push(Reply::text(203, "text/plain", "queued"));
        let response = run("/c").await.expect("text is the text success");
        assert_eq!((response.status().as_u16(), response.into_body()), (203, Outcome::Created("queued".to_owned())));

        server.push(Reply::Respond { status: 206, headers: Vec::new(), body: vec![0xff, 0x00] });
        let error = run("/d").await.expect_err("bytes that are neither JSON nor UTF-8 fit nothing");
        let Error::Decode(decode) = &error else { panic!("expected a decode error, got {error:?}") };
        assert_eq!(decode.status().as_u16(), 206);
        assert_eq!(decode.body(), &[0xff, 0x00]);

        // A declared status is decoded as declared, whatever else would fit.
        server.push(Reply::json(201, "[1]"));
        assert_eq!(run("/e").await.expect("text").into_body(), Outcome::Created("[1]".to_owned()));
    })
    .await;
}

#[tokio::test]
async fn bodies_are_read_by_their_real_content_type() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let raw = |reply: Reply| {
            server.push(reply);
            let client = client.clone();
            async move { client.send::<Value>(client.request(Method::GET, "/version")).await.expect("a response") }
        };
        // Declared text, answered as a JSON string: the string, unquoted.
        let text = raw(Reply::json(200, r#""1.0.0""#)).await.text::<Value>().expect("text");
        assert_eq!(text.into_body(), "1.0.0");
        let text = raw(Reply::text(200, "application/problem+json; charset=utf-8", r#""a\"b""#)).await;
        assert_eq!(text.text::<Value>().expect("text").into_body(), "a\"b");
        // Declared text, answered as JSON that is not a string, or as text: the text as sent.
        let text = raw(Reply::json(200, r#"{"version": 1}"#)).await.text::<Value>().expect("text");
        assert_eq!(text.into_body(), r#"{"version": 1}"#);
        let text = raw(Reply::text(200, "text/plain", r#""quoted""#)).await.text::<Value>().expect("text");
        assert_eq!(text.into_body(), r#""quoted""#);
        // Declared a JSON string, answered as plain text: the text.
        let raw_text = raw(Reply::text(200, "text/plain; charset=utf-8", "1.0.0")).await;
        assert_eq!(raw_text.json::<String, Value>().expect("a string").into_body(), "1.0.0");
        // ... but plain text is no object, and the JSON error stands.
        let raw_text = raw(Reply::text(200, "text/plain", "not an object")).await;
        let error = raw_text.json::<std::collections::BTreeMap<String, Value>, Value>().expect_err("text");
        assert!(error.to_string().contains("text/plain"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn a_declared_error_without_content_keeps_the_body_the_server_sent() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let body = "{\n  \"message\": \"no such item\",\n  \"code\": 17\n}";
        server.push(Reply::json(404, body));
        let raw = client.send::<Value>(client.request(Method::GET, "/missing")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("not found")).expect_err("always an error");
        assert_eq!(error.api_error(), Some(&json!("not found")));
        assert_eq!(error.raw_body(), Some(body.as_bytes()));
        let Error::Api(refused) = &error else { panic!("expected a declared error, got {error:?}") };
        let decoded: Value = serde_json::from_slice(refused.raw_body()).expect("the raw body is JSON");
        assert_eq!(decoded["message"], "no such item");
        // The message quotes the body on one line.
        assert_eq!(
            error.to_string(),
            r#"server answered 404 Not Found with a declared error: { "message": "no such item", "code": 17 }"#
        );

        // Control characters (bidi controls too) are escaped, so a body cannot forge or recolour a log line.
        server.push(Reply::text(404, "text/plain", "no such item\r\nINFO all fine \u{1b}[31mred\u{202e}"));
        let raw = client.send::<Value>(client.request(Method::GET, "/missing")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("not found")).expect_err("always an error");
        assert_eq!(
            error.to_string(),
            r#"server answered 404 Not Found with a declared error: no such item INFO all fine \u{1b}[31mred\u{202e}"#
        );

        // Without a body to quote, the message shows what decoded.
        server.push(Reply::status(409));
        let raw = client.send::<Value>(client.request(Method::GET, "/busy")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!("conflict")).expect_err("always an error");
        assert_eq!(error.to_string(), r#"server answered 409 Conflict with a declared error: String("conflict")"#);
        assert_eq!(error.raw_body(), Some(&b""[..]));

        // A body that is not text is not quoted.
        server.push(Reply::Respond {
            status: 400,
            headers: vec![("Content-Type".to_owned(), "application/octet-stream".to_owned())],
            body: b"binary".to_vec(),
        });
        let raw = client.send::<Value>(client.request(Method::GET, "/bin")).await.expect("a response");
        let error = raw.empty_error::<_, ()>(json!(1)).expect_err("always an error");
        assert!(!error.to_string().contains("binary"), "{error}");

        // A declared error body that does not decode is a decode error quoting what the server said.
        server.push(Reply::text(404, "text/plain", "gone for good"));
        let raw = client.send::<Value>(client.request(Method::GET, "/gone")).await.expect("a response");
        let error = raw.json_error::<Vec<u64>, Value, ()>(|body| json!(body)).expect_err("an error");
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
        assert!(error.to_string().ends_with("(the server said: gone for good)"), "{error}");
    })
    .await;
}

#[tokio::test]
async fn the_client_is_sent_to_the_chosen_server() {
    bounded(async {
        // The Mixpeek description declares one absolute server; an origin replaces its scheme and host only.
        assert_eq!(mixpeek::SERVERS.len(), 1);
        let server = TestServer::start().await;
        let client = builder_without_base_url().origin(server.url()).build().expect("an origin");
        assert_eq!(client.base_url(), server.url());
        get(&client, "/items").await.expect("a plain success");
        assert_eq!(server.requests()[0].target, "/items");

        let refused = builder_without_base_url().server(1).build().expect_err("one server only");
        assert!(refused.to_string().contains("there is no server 1"), "{refused}");
        let refused = builder_without_base_url().server_variable("region", "eu").build().expect_err("no variables");
        assert!(refused.to_string().contains("no variable \"region\""), "{refused}");
        let refused = builder_without_base_url().origin("https://example.com/v2").build().expect_err("a path");
        assert!(refused.to_string().contains("base_url"), "{refused}");
        let refused = builder_without_base_url().origin("https://user:pw@example.com/v2").build().expect_err("path");
        assert!(!refused.to_string().contains("pw"), "{refused}");
        // `base_url` replaces everything, the server choice included.
        let client = builder_without_base_url().server(7).base_url("https://other.example.com/x").build();
        assert_eq!(client.expect("base_url wins").base_url(), "https://other.example.com/x");
    })
    .await;
}

fn builder_without_base_url() -> ClientBuilder {
    Client::builder().bearer_token(TOKEN).timeout(Duration::from_secs(5)).retry(quick_retries(0))
}

/// A relative server and a templated one, as a generated `SERVERS` declares them.
const SERVERS: &[Server] = &[
    Server { url: "/api", description: "", variables: &[] },
    Server {
        url: "{scheme}://{host}:{port}/v{version}",
        description: "Self-hosted",
        variables: &[
            ServerVariable { name: "scheme", default: "https", values: &["http", "https"] },
            ServerVariable { name: "host", default: "localhost", values: &[] },
            ServerVariable { name: "port", default: "8080", values: &[] },
            ServerVariable { name: "version", default: "1", values: &["1", "2"] },
        ],
    },
];

#[test]
fn server_urls_fill_their_variables_and_join_the_origin() {
    let set = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect()
    };
    let [relative, templated] = SERVERS else { unreachable!() };
    // A path needs an origin, and says so.
    let refused = relative.base_url(&[], None).expect_err("a path only");
    assert!(refused.to_string().contains("ClientBuilder::origin"), "{refused}");
    assert_eq!(relative.base_url(&[], Some("http://127.0.0.1:9")).expect("joined"), "http://127.0.0.1:9/api");
    assert_eq!(relative.base_url(&[], Some("https://example.com/")).expect("joined"), "https://example.com/api");
    let v1 = Server { url: "v1", description: "", variables: &[] };
    assert_eq!(v1.base_url(&[], Some("https://example.com")).expect("joined"), "https://example.com/v1");

    // Variables take their defaults, or the values set, checked against their enum.
    assert_eq!(templated.default_url(), "https://localhost:8080/v1");
    assert_eq!(templated.base_url(&[], None).expect("defaults"), "https://localhost:8080/v1");
    let chosen = templated.base_url(&set(&[("host", "db.internal"), ("version", "2"), ("scheme", "http")]), None);
    assert_eq!(chosen.expect("values"), "http://db.internal:8080/v2");
    let refused = templated.base_url(&set(&[("version", "3")]), None).expect_err("not in the enum");
    assert!(refused.to_string().contains(r#"["1", "2"]"#) && !refused.to_string().contains("\"3\""), "{refused}");
    let refused = templated.base_url(&set(&[("region", "eu")]), None).expect_err("no such variable");
    assert!(refused.to_string().contains("region"), "{refused}");
    // An origin replaces the scheme, host and port of an absolute server, keeping its path.
    let moved = templated.base_url(&[], Some("http://127.0.0.1:9")).expect("an origin");
    assert_eq!(moved, "http://127.0.0.1:9/v1");
}
