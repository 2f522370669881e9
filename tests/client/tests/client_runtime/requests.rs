//! What goes on the wire: headers, credentials, path templates, refused values, parameters and bodies.

use super::*;

#[tokio::test]
async fn a_header_with_a_line_break_is_refused_before_sending() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let mut request = client.request(Method::GET, "/things");
        request.header("X-Token", "a\r\nInjected: yes");
        assert!(!format!("{request:?}").contains("Injected"));
        let refused = refusal(&client, request).await;
        assert_eq!(refused.to_string(), r#"invalid request: header "X-Token": value contains a line break"#);
        assert!(!format!("{refused:?}").contains("Injected"));

        let mut request = client.request(Method::GET, "/things");
        request.cookie("session", "a\nb");
        assert_eq!(refusal(&client, request).await.field(), Some(r#"cookie "session""#));
        let mut request = client.request(Method::GET, "/things");
        request.header("Bad Name", "x");
        let refused = refusal(&client, request).await;
        assert!(refused.to_string().contains("not a valid header name"), "{refused}");

        let built = builder(&server).default_header("X-Api-Key", "k\r\nInjected: yes").build();
        let refused = built.expect_err("a line break is refused");
        assert_eq!(refused.to_string(), r#"default header "X-Api-Key": value contains a line break"#);

        let built = builder(&server).bearer_token(format!("{TOKEN}\r\nInjected: yes")).build();
        let refused = built.expect_err("a line break is refused");
        assert!(!refused.to_string().contains(TOKEN), "{refused}");

        assert_eq!(server.request_count(), 0, "nothing reached the server");
    })
    .await;
}

/// The error `request` was refused with, by [`Client::send`] and by a [`Call`], which both return it before
/// anything is sent.
async fn refusal(client: &Client, request: Request) -> mixpeek::runtime::InvalidRequest {
    let kept = request.refused().cloned().expect("the request kept an error");
    let error = client.send::<Value>(request).await.expect_err("the request is refused");
    let Error::InvalidRequest(refused) = error else { panic!("expected an invalid request, got {error:?}") };
    assert_eq!(refused.to_string(), kept.to_string());
    assert_eq!(refused.field(), kept.field());
    refused
}

#[tokio::test]
async fn the_bearer_token_is_sent_and_never_shown() {
    bounded(async {
        let server = TestServer::start().await;
        let builder = builder(&server).default_header("X-Api-Key", "key-value-77");
        assert!(!format!("{builder:?}").contains(TOKEN));
        let client = builder.build().expect("building the client");
        let shown = format!("{client:?}");
        assert!(!shown.contains(TOKEN) && !shown.contains("key-value-77"), "{shown}");
        assert!(shown.contains(r#"credentials: ["bearerAuth"]"#), "{shown}");

        get(&client, "/me").await.expect("a plain success");
        let requests = server.requests();
        assert_eq!(requests[0].header("authorization"), Some(format!("Bearer {TOKEN}").as_str()));
        assert_eq!(requests[0].header("x-api-key"), Some("key-value-77"));

        // A request that sets its own Authorization keeps it.
        let mut request = client.request(Method::GET, "/me");
        request.header("Authorization", "Basic abc");
        assert!(request.refused().is_none(), "a valid header");
        assert!(!format!("{request:?}").contains("Basic abc"));
        call(&client, request).await.expect("a plain success");
        assert_eq!(server.requests()[1].header("authorization"), Some("Basic abc"));

        // No failure mode shows the token.
        let scripted = [
            Reply::text(418, "text/plain", "teapot"),
            Reply::json(404, r#"{"message":"gone"}"#),
            Reply::json(200, "{not json"),
            Reply::Reset,
            Reply::Huge { declared: true, bytes: 1 << 20 },
        ];
        let client = builder_without_retries(&server).max_response_bytes(1024).build().expect("building the client");
        for reply in scripted {
            server.push(reply);
            let error = get(&client, "/fail").await.expect_err("each reply fails");
            assert_token_hidden(&error);
        }
        let error = get(&client, "/../admin").await.expect_err("a dot-segment path is refused");
        assert_token_hidden(&error);
        let hanging = builder_without_retries(&server).timeout(Duration::from_millis(100)).build().expect("building");
        server.push(Reply::Hang);
        assert_token_hidden(&get(&hanging, "/hang").await.expect_err("the request times out"));
        let refused = TestServer::start().await;
        let gone = Client::builder()
            .base_url(refused.url())
            .bearer_token(TOKEN)
            .retry(RetryPolicy::none())
            .build()
            .expect("building");
        drop(refused);
        if let Err(error) = get(&gone, "/nobody").await {
            assert_token_hidden(&error);
        }
    })
    .await;
}

fn builder_without_retries(server: &TestServer) -> ClientBuilder {
    builder(server).retry(RetryPolicy::none())
}

#[tokio::test]
async fn path_parameters_stay_one_segment() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let ids = ["../admin", "a/b", "x?y", "#f", "%2e%2e", "...", "a b", "ü", "a;b=c", "+&="];
        for id in ids {
            let segment = path_param(id).expect("an ordinary value");
            get(&client, &format!("/items/{segment}/end")).await.expect("a plain success");
            let target = server.requests().last().map(|request| request.target.clone()).unwrap_or_default();
            assert_eq!(target, format!("/items/{segment}/end"), "the path arrived rewritten for {id:?}");
            let parts: Vec<&str> = target.split('/').collect();
            assert_eq!(parts.len(), 4, "{id:?} spread over several segments: {target}");
            assert_eq!(percent_decode(parts[2]), id, "{id:?} arrived changed: {target}");
        }
        assert_eq!(encode_path_segment("../admin"), "..%2Fadmin");
        assert_eq!(path_param(&42).expect("a number"), "42");
        assert_eq!(path_param(&vec!["a", "b/c"]).expect("an array"), "a%2Cb%2Fc");
        let before = server.request_count();

        // No encoding survives URL parsing as "." or "..", so these are refused before sending.
        for id in [".", ".."] {
            let refused = path_param_named("id", id).expect_err("a dot-segment is refused");
            assert_eq!(refused.field(), Some(r#"path parameter "id""#));
            let error = get(&client, &format!("/items/{}/end", encode_path_segment(id)))
                .await
                .expect_err("the client refuses a path that URL parsing would rewrite");
            assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        }
        for raw in ["/items/%2E%2E/end", "/items/%2e/end", "/items/a#b", "/items/a?b"] {
            let error = get(&client, raw).await.expect_err("the path would be rewritten");
            assert!(matches!(error, Error::InvalidRequest(_)), "{raw}: {error:?}");
        }
        path_param("").expect_err("an empty value is refused");
        path_param(&Option::<String>::None).expect_err("a missing value is refused");
        assert_eq!(server.request_count(), before, "nothing was sent for refused paths");
    })
    .await;
}

#[tokio::test]
async fn path_templates_are_filled_in_one_pass() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);

        // A value that looks like a group, or names another parameter, stays a value: it is encoded, and never
        // searched for groups again, whichever parameter is given first.
        let mut request = client.request(Method::GET, "/items/{a}/{b}/end");
        request.path_param("b", "{a}").path_param("a", "{b}");
        assert_eq!(request.path(), "/items/%7Bb%7D/%7Ba%7D/end");
        call(&client, request).await.expect("a plain success");
        assert_eq!(server.requests()[0].target, "/items/%7Bb%7D/%7Ba%7D/end");
        let mut request = client.request(Method::GET, "/{a}{b}");
        request.path_param("a", "{").path_param("b", "b}");
        assert_eq!(request.path(), "/%7Bb%7D");

        // A group named twice is filled twice; a second value for a name replaces the first.
        let mut request = client.request(Method::GET, "/{id}/x/{id}");
        request.path_param("id", "first").path_param("id", "b/c");
        assert_eq!(request.path(), "/b%2Fc/x/b%2Fc");

        // A group without a value stays as written, and so does a brace that opens no group (a `{` whose next
        // brace is another `{`).
        let mut request = client.request(Method::GET, "/a/{missing}/{x/{id}/y}");
        request.path_param("id", "7").path_param("x/{id", "never a group");
        assert_eq!(request.path(), "/a/{missing}/{x/7/y}");
        assert_eq!(request.path_template(), "/a/{missing}/{x/{id}/y}");
        // URL parsing would percent-encode those braces, so such a path is refused before sending.
        let error = call(&client, request).await.expect_err("the path would be rewritten");
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

        // A value `path_param_named` refuses is the request's error.
        for (value, what) in [("", "value is empty"), (".", "relative path step"), ("..", "relative path step")] {
            let mut request = client.request(Method::GET, "/items/{id}");
            request.path_param("id", value);
            let refused = refusal(&client, request).await;
            assert_eq!(refused.field(), Some(r#"path parameter "id""#), "{value:?}");
            assert!(refused.what().contains(what), "{value:?}: {refused}");
        }
        let mut request = client.request(Method::GET, "/items/{id}");
        request.path_param("id", &Option::<String>::None);
        assert_eq!(refusal(&client, request).await.what(), "value is missing");
        assert_eq!(server.request_count(), 1, "nothing was sent for refused paths");
    })
    .await;
}

/// The generator decides which groups of a template are parameters and the runtime fills them: both must read
/// a template by the same rule, or a parameter would be sent as its `{name}`. The generator's reading of each case
/// is checked against the same file by `generator-tests` (`tests/generator/tests/path_templates/`).
#[test]
fn the_runtime_reads_path_templates_as_the_generator_does() {
    for (template, reading) in path_templates::PATH_TEMPLATES {
        // Text as it is, each group filled with a value naming it.
        let mut expected = String::new();
        let mut request = Request::new(Method::GET, template);
        for (index, piece) in reading.iter().enumerate() {
            if index % 2 == 0 {
                expected.push_str(piece);
            } else {
                let value = format!("<{piece}>");
                expected.push_str(&encode_path_segment(&value));
                request.path_param(piece, &value);
            }
        }
        assert!(request.refused().is_none(), "{template}");
        assert_eq!(request.path(), expected, "{template}: read as {reading:?}");
    }
}

#[tokio::test]
async fn the_first_refused_value_is_the_error_and_nothing_is_sent() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let mut invalid = webhook_input();
        invalid.webhook_name = String::new();

        // Later values are still added, but the first refusal is the one reported.
        let mut request = client.request(Method::PUT, "/items/{id}");
        request.path_param("id", "..").header("X-Token", "a\nb").query("ok", "yes").json(&invalid);
        assert_eq!(request.query_pairs(), [("ok".to_owned(), "yes".to_owned())]);
        let refused = refusal(&client, request).await;
        assert_eq!(refused.field(), Some(r#"path parameter "id""#));

        // A body that breaks a declared constraint is refused as it was when operations validated it first:
        // `Error::InvalidRequest`, naming every violation.
        let mut request = client.request(Method::PUT, "/items/{id}");
        request.path_param("id", "wh_1").json(&invalid);
        let error = call(&client, request).await.expect_err("the body is invalid");
        let Error::InvalidRequest(refused) = &error else { panic!("expected an invalid request, got {error:?}") };
        let paths: Vec<&str> = refused.violations().iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["webhook_name"]);
        let mut request = client.request(Method::POST, "/form");
        request.form(&invalid);
        let refused = refusal(&client, request).await;
        assert_eq!(refused.violations().len(), 1);

        // A valid body after a refused one does not clear the refusal.
        let mut request = client.request(Method::PUT, "/things");
        request.json(&invalid).json(&webhook_input());
        assert_eq!(refusal(&client, request).await.violations().len(), 1);
        assert_eq!(server.request_count(), 0, "nothing reached the server");
    })
    .await;
}

#[tokio::test]
async fn parameters_that_break_their_constraints_are_refused_naming_them_and_nothing_is_sent() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        // What a generated method writes for `limit` (`maximum: 200`), `name` (`maxLength: 3`, a pattern),
        // `ids` (`maxItems: 2`) and an enum-typed `channel`.
        let limit = Rules::NONE.minimum(1.0).maximum(200.0);
        let mut request = client.request(Method::GET, "/items");
        request.check("limit", &Some(500_i64), &limit).query("limit", &Some(500_i64));
        let refused = refusal(&client, request).await;
        assert_eq!(refused.field(), Some("limit"));
        assert_eq!(refused.to_string(), "invalid request: limit: must be at most 200, is 500");

        let mut request = client.request(Method::GET, "/items/{name}");
        request.check("name", "abcd", &Rules::NONE.max_length(3)).path_param("name", "abcd");
        assert_eq!(refusal(&client, request).await.field(), Some("name"));
        let mut request = client.request(Method::GET, "/items");
        request.check("ids", &["a", "b", "c"][..], &Rules::NONE.max_items(2));
        assert_eq!(refusal(&client, request).await.what(), "must have at most 2 items, has 3");
        let unknown = Some(NotificationChannel::Unknown("pager".to_owned()));
        let mut request = client.request(Method::GET, "/items");
        request.check_valid("channel", &unknown).query("channel", &unknown);
        assert_eq!(refusal(&client, request).await.field(), Some("channel"));
        assert_eq!(server.request_count(), 0, "no refused parameter reached the server");

        // Absent optional parameters and values within their bounds pass.
        server.push(Reply::json(200, "{}"));
        let mut request = client.request(Method::GET, "/items");
        request.check("limit", &None::<i64>, &limit).check("limit2", &Some(200_i64), &limit);
        request.check_valid("channel", &Some(NotificationChannel::Slack));
        call(&client, request).await.expect("valid parameters are sent");
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

fn webhook_input() -> WebhookInput {
    WebhookInput::new(
        "Engineering alerts".to_owned(),
        vec![WebhookEventType::ObjectCreated],
        vec![WebhookChannelInput::new(
            NotificationChannel::Slack,
            WebhookChannelInputConfigs::SlackConfig(SlackConfig::new("https://hooks.slack.com/x".to_owned())),
        )],
    )
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| std::str::from_utf8(pair).ok());
        let escaped = hex.and_then(|pair| u8::from_str_radix(pair, 16).ok()).filter(|_| bytes[index] == b'%');
        if let Some(byte) = escaped {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn a_thousand_concurrent_requests_all_succeed() {
    bounded(async {
        let server = TestServer::start().await;
        server.set_default(Reply::json(200, r#"{"n":1}"#));
        let client = client(&server);
        let mut tasks = tokio::task::JoinSet::new();
        for index in 0..1000 {
            let client = client.clone();
            tasks.spawn(async move { get(&client, &format!("/items/{index}")).await });
        }
        let mut succeeded = 0;
        while let Some(joined) = tasks.join_next().await {
            let response = joined.expect("the task ran").expect("the request succeeded");
            assert_eq!(response.body(), &json!({"n": 1}));
            succeeded += 1;
        }
        assert_eq!(succeeded, 1000);
        assert!(server.request_count() >= 1000);
    })
    .await;
}

#[tokio::test]
async fn the_user_agent_is_sent() {
    bounded(async {
        let server = TestServer::start().await;
        get(&client(&server), "/ua").await.expect("a plain success");
        let agent = server.requests()[0].header("user-agent").unwrap_or_default().to_owned();
        assert!(agent.starts_with("mixpeek/"), "{agent}");

        let custom = builder(&server).user_agent("my-app/1.0").build().expect("building the client");
        get(&custom, "/ua").await.expect("a plain success");
        assert_eq!(server.requests()[1].header("user-agent"), Some("my-app/1.0"));
    })
    .await;
}

#[tokio::test]
async fn query_parameters_are_encoded_in_form_and_deep_object_style() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);
        let mut request = client.request(Method::GET, "/search");
        request
            .query("ids", &vec![1, 2, 3])
            .query("missing", &Option::<String>::None)
            .query("q", "a b&c=d/é")
            .query("flag", &true)
            .query("ratio", &0.5)
            .query("tags", &vec![Some("x"), None, Some("y")])
            .query("point", &json!({"lat": 1, "lon": 2}))
            .query_deep_object(
                "filter",
                &json!({"color": "red", "size": {"min": 1}, "tags": ["a", "b"], "none": null}),
            );
        assert!(request.refused().is_none(), "all values encode");
        call(&client, request).await.expect("a plain success");
        assert_eq!(
            server.requests()[0].target,
            "/search?ids=1&ids=2&ids=3&q=a%20b%26c%3Dd%2F%C3%A9&flag=true&ratio=0.5&tags=x&tags=y&lat=1&lon=2\
             &filter%5Bcolor%5D=red&filter%5Bsize%5D%5Bmin%5D=1&filter%5Btags%5D%5B%5D=a&filter%5Btags%5D%5B%5D=b"
        );
    })
    .await;
}

#[tokio::test]
async fn bodies_headers_and_cookies_are_encoded() {
    bounded(async {
        let server = TestServer::start().await;
        let client = client(&server);

        let mut request = client.request(Method::POST, "/form");
        request.form(&json!({
            "amount": 100,
            "expand": ["a", "b"],
            "items": [{"price": "p_1", "quantity": 2}],
            "metadata": {"k": "v w"},
            "skip": null
        }));
        assert!(request.refused().is_none(), "an object encodes");
        call(&client, request).await.expect("a plain success");
        let recorded = &server.requests()[0];
        assert_eq!(recorded.header("content-type"), Some("application/x-www-form-urlencoded"));
        assert_eq!(
            String::from_utf8_lossy(&recorded.body),
            "amount=100&expand%5B%5D=a&expand%5B%5D=b&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2\
             &metadata%5Bk%5D=v%20w"
        );

        let mut request = client.request(Method::PUT, "/json");
        request
            .json(&json!({"a": [1, 2]}))
            .header("X-Ids", &vec![1, 2])
            .header("X-Absent", &Option::<u8>::None)
            .cookie("session", "abc")
            .cookie("ids", &vec!["1", "2"]);
        assert!(request.refused().is_none(), "all values encode");
        call(&client, request).await.expect("a plain success");
        let recorded = &server.requests()[1];
        assert_eq!(recorded.method, "PUT");
        assert_eq!(recorded.header("content-type"), Some("application/json"));
        assert_eq!(recorded.body, br#"{"a":[1,2]}"#);
        assert_eq!(recorded.header("x-ids"), Some("1,2"));
        assert_eq!(recorded.header("x-absent"), None);
        assert_eq!(recorded.header("cookie"), Some("session=abc; ids=1,2"));

        let mut request = client.request(Method::POST, "/form");
        request.form(&json!(["not", "an", "object"]));
        let error = call(&client, request).await.expect_err("a form body is an object");
        let Error::InvalidRequest(refused) = &error else { panic!("expected an invalid request, got {error:?}") };
        assert_eq!(refused.to_string(), "invalid request: body: a form body must be an object");
        assert_eq!(server.request_count(), 2, "the refused body was not sent");
    })
    .await;
}
