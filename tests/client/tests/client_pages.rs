//! Pagination against the scripted loopback server: `runtime::Pages` and `Items` for every way to the next page
//! (a cursor in the query, an offset in the query or the JSON body, a page number, a next-page URL in the body,
//! the `Link` header), the caller's limit, an error in the middle, an empty last page, and a next URL that leaves the API.
//!
//! The cursor tests call the generated Mixpeek method `list_webhooks_paged_pages` (declared by the overlay's
//! `x-pagination`); the others write the call as the generated `{operation}_pages` methods do (see
//! `tests/generator/fixtures/pagination.yaml` and its snapshot). Every test talks only to `127.0.0.1`, bounded by
//! [`client_tests::LIMIT`].

use std::time::Duration;

use client_tests::bounded;
use client_tests::server::{Reply, TestServer};
use mixpeek::models::ListWebhooksRequest;
use mixpeek::operations::ListWebhooksPagedParams;
use mixpeek::runtime::{Call, Client, Error, Next, Pages, Place, Request, RetryPolicy};
use reqwest::Method;
use serde_json::{Value, json};

fn client(server: &TestServer) -> Client {
    Client::builder()
        .base_url(server.url())
        .bearer_token("t")
        .timeout(Duration::from_secs(5))
        .retry(RetryPolicy::none())
        .build()
        .expect("building the client")
}

/// A webhook as Mixpeek lists it, named `name`.
fn webhook(name: &str) -> Value {
    json!({"webhook_name": name, "event_types": [], "channels": []})
}

/// A Mixpeek page of webhooks and its next cursor.
fn mixpeek_page(names: &[&str], next_cursor: Option<&str>) -> Reply {
    let results: Vec<Value> = names.iter().map(|name| webhook(name)).collect();
    let body = json!({"results": results, "pagination": {"next_cursor": next_cursor}, "total": 99});
    Reply::json(200, &body.to_string())
}

/// What a generated operation does for a list of JSON values: 2xx decoded, any other status unexpected.
fn call(client: &Client, request: Request) -> Call<'_, Value, Value> {
    client.call(request, |raw| match raw.status().as_u16() {
        200..=299 => raw.json(),
        _ => raw.unexpected(),
    })
}

/// Pages whose body is the array of items.
fn array_pages(client: &Client, request: Request, next: Next) -> Pages<'_, Value, Value, Value> {
    Pages::new(call(client, request), next, |page| page.as_array_mut(), |_| None)
}

/// Pages whose body is `{"data": [...], "next": url}`.
fn url_pages(client: &Client, request: Request) -> Pages<'_, Value, Value, Value> {
    Pages::new(
        call(client, request),
        Next::Url,
        |page| page.get_mut("data")?.as_array_mut(),
        |page| page.get("next")?.as_str(),
    )
}

async fn collect(mut items: mixpeek::runtime::Items<'_, Value, Value, Value>) -> (Vec<Value>, Vec<Error<Value>>) {
    let (mut values, mut errors) = (Vec::new(), Vec::new());
    while let Some(item) = items.next().await {
        match item {
            Ok(value) => values.push(value),
            Err(error) => errors.push(error),
        }
    }
    (values, errors)
}

/// The webhook names of a typed `Items` stream, and its errors.
async fn collect_typed(
    mut items: mixpeek::runtime::Items<
        '_,
        mixpeek::models::ListWebhooksResponse,
        mixpeek::models::WebhookOutput,
        mixpeek::operations::ListWebhooksPagedError,
    >,
) -> (Vec<String>, Vec<Error<mixpeek::operations::ListWebhooksPagedError>>) {
    let (mut values, mut errors) = (Vec::new(), Vec::new());
    while let Some(item) = items.next().await {
        match item {
            Ok(webhook) => values.push(webhook.webhook_name),
            Err(error) => errors.push(error),
        }
    }
    (values, errors)
}

fn names<T: serde::Serialize>(items: &[T]) -> Vec<String> {
    items
        .iter()
        .map(|item| {
            let value = serde_json::to_value(item).expect("encodes");
            value.get("webhook_name").or(Some(&value)).and_then(Value::as_str).unwrap_or_default().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_cursor_is_followed_until_a_page_names_none_keeping_what_the_caller_set() {
    bounded(async {
        let server = TestServer::start().await;
        server
            .push(mixpeek_page(&["a", "b"], Some("c2")))
            .push(mixpeek_page(&["c"], Some("c3")))
            .push(mixpeek_page(&["d"], None));
        let client = client(&server);
        let params = ListWebhooksPagedParams { limit: Some(2), ..Default::default() };
        let body = ListWebhooksRequest { is_active: Some(Some(true)), ..Default::default() };
        let mut items = client.list_webhooks_paged_pages(&params, Some(&body)).items();
        let mut seen = Vec::new();
        while let Some(item) = items.next().await {
            seen.push(item.expect("every page decodes").webhook_name);
        }
        assert_eq!(seen, ["a", "b", "c", "d"]);
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert_eq!(requests[0].query(), Some("limit=2"));
        assert_eq!(requests[1].query(), Some("limit=2&cursor=c2"));
        assert_eq!(requests[2].query(), Some("limit=2&cursor=c3"));
        for request in &requests {
            assert_eq!(request.method, "POST");
            assert_eq!(request.path(), "/v1/organizations/webhooks/list");
            assert_eq!(serde_json::from_slice::<Value>(&request.body).unwrap(), json!({"is_active": true}));
            assert_eq!(request.header("authorization"), Some("Bearer t"));
        }
    })
    .await;
}

#[tokio::test]
async fn headers_timeout_and_retries_set_on_the_pages_apply_to_every_page() {
    bounded(async {
        let server = TestServer::start().await;
        server
            .push(mixpeek_page(&["a"], Some("c2")))
            .push(Reply::text(503, "text/plain", "busy"))
            .push(mixpeek_page(&["b"], None));
        let client = client(&server);
        let retry_once = RetryPolicy {
            max_retries: 1,
            initial_backoff: Duration::from_millis(1),
            retry_non_idempotent: true,
            ..RetryPolicy::default()
        };
        let pages = client
            .list_webhooks_paged_pages(&ListWebhooksPagedParams::default(), None)
            .header("X-Trace", "t-1")
            .timeout(Duration::from_secs(2))
            .retry(retry_once);
        let (values, errors) = collect_typed(pages.items()).await;
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(values, ["a", "b"]);
        // The second page was refused once (503) and retried, which the client's own policy (no retries) would
        // not do: the policy set on the pages applies to every page.
        let requests = server.requests();
        assert_eq!(requests.len(), 3);
        assert_eq!(requests[1].query(), Some("cursor=c2"));
        assert_eq!(requests[2].query(), Some("cursor=c2"));
        for request in &requests {
            assert_eq!(request.header("x-trace"), Some("t-1"));
        }
    })
    .await;
}

#[tokio::test]
async fn the_pages_stream_yields_each_page_with_its_status_and_stops_at_a_repeated_or_empty_cursor() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(mixpeek_page(&["a"], Some("same"))).push(mixpeek_page(&["b"], Some("same")));
        let client = client(&server);
        let params = ListWebhooksPagedParams::default();
        let mut pages = client.list_webhooks_paged_pages(&params, None);
        let first = pages.next().await.expect("a first page").expect("it decodes");
        assert_eq!(first.status(), 200);
        assert_eq!(first.body().total, 99);
        let second = pages.next().await.expect("a second page").expect("it decodes");
        assert_eq!(names(&second.body().results), ["b"]);
        assert!(pages.next().await.is_none(), "the cursor it was sent again names no new page");
        assert_eq!(server.request_count(), 2);

        let server = TestServer::start().await;
        server.push(mixpeek_page(&["a"], Some("")));
        let client = self::client(&server);
        let mut pages = client.list_webhooks_paged_pages(&params, None);
        assert!(pages.next().await.expect("a page").is_ok());
        assert!(pages.next().await.is_none(), "an empty cursor ends the pages");
        assert_eq!(server.request_count(), 1);
    })
    .await;
}

#[tokio::test]
async fn a_limit_cuts_the_page_that_reaches_it_and_fetches_no_more() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(mixpeek_page(&["a", "b"], Some("c2"))).push(mixpeek_page(&["c", "d"], Some("c3")));
        server.set_default(mixpeek_page(&["never"], None));
        let client = client(&server);
        let params = ListWebhooksPagedParams::default();
        let mut items = client.list_webhooks_paged_pages(&params, None).limit(3).items();
        let mut seen = Vec::new();
        while let Some(item) = items.next().await {
            seen.push(item.expect("decodes").webhook_name);
        }
        assert_eq!(seen, ["a", "b", "c"]);
        assert_eq!(server.request_count(), 2);

        let mut pages = client.list_webhooks_paged_pages(&params, None).limit(0);
        assert!(pages.next().await.is_none(), "a limit of 0 asks for nothing");
        assert_eq!(server.request_count(), 2);
    })
    .await;
}

#[tokio::test]
async fn an_error_in_the_middle_is_yielded_once_and_ends_the_stream() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(mixpeek_page(&["a"], Some("c2"))).push(Reply::json(502, r#"{"error": "down"}"#));
        server.set_default(mixpeek_page(&["never"], None));
        let client = client(&server);
        let params = ListWebhooksPagedParams::default();
        let mut items = client.list_webhooks_paged_pages(&params, None).items();
        assert_eq!(items.next().await.expect("an item").expect("decodes").webhook_name, "a");
        match items.next().await {
            Some(Err(Error::UnexpectedStatus(response))) => assert_eq!(response.status(), 502),
            other => panic!("expected the 502, got {other:?}"),
        }
        assert!(items.next().await.is_none());
        assert!(items.next().await.is_none(), "an ended stream stays ended");
        assert_eq!(server.request_count(), 2);

        // A page that does not decode is an error too.
        server.push(Reply::json(200, r#"{"results": "not a list"}"#));
        let mut pages = client.list_webhooks_paged_pages(&params, None);
        assert!(matches!(pages.next().await, Some(Err(Error::Decode(_)))));
        assert!(pages.next().await.is_none());
    })
    .await;
}

#[tokio::test]
async fn offsets_in_the_query_advance_by_the_items_received_until_an_empty_page() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::json(200, "[1, 2]")).push(Reply::json(200, "[3]")).push(Reply::json(200, "[]"));
        let client = client(&server);
        let mut request = client.request(Method::GET, "/numbers");
        request.query("limit", &2);
        let (values, errors) =
            collect(array_pages(&client, request, Next::Offset(Place::Query("offset"))).items()).await;
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(values, [json!(1), json!(2), json!(3)]);
        let queries: Vec<Option<String>> = server.requests().iter().map(|r| r.query().map(str::to_owned)).collect();
        assert_eq!(
            queries,
            [Some("limit=2".to_owned()), Some("limit=2&offset=2".to_owned()), Some("limit=2&offset=3".to_owned())]
        );

        // An offset the caller set is where counting starts.
        server.push(Reply::json(200, "[7]")).push(Reply::json(200, "[]"));
        let mut request = client.request(Method::GET, "/numbers");
        request.query("offset", &10);
        let (values, _) = collect(array_pages(&client, request, Next::Offset(Place::Query("offset"))).items()).await;
        assert_eq!(values, [json!(7)]);
        assert_eq!(server.requests()[4].query(), Some("offset=11"));
    })
    .await;
}

#[tokio::test]
async fn page_numbers_advance_by_one_from_the_first_until_an_empty_page() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::json(200, "[1, 2]")).push(Reply::json(200, "[3, 4]")).push(Reply::json(200, "[]"));
        let client = client(&server);
        let mut request = client.request(Method::GET, "/numbers");
        request.query("per_page", &2);
        let (values, errors) =
            collect(array_pages(&client, request, Next::Page(Place::Query("page"), 1)).items()).await;
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(values, [json!(1), json!(2), json!(3), json!(4)]);
        let queries: Vec<Option<String>> = server.requests().iter().map(|r| r.query().map(str::to_owned)).collect();
        // The first request sets no page (the server's first, 1), so the next is 2.
        assert_eq!(
            queries,
            [Some("per_page=2".to_owned()), Some("per_page=2&page=2".to_owned()), Some("per_page=2&page=3".to_owned())]
        );

        // A page the caller set is where counting starts, and an API numbering from 0 asks for 1 next.
        server.push(Reply::json(200, "[7]")).push(Reply::json(200, "[]"));
        let mut request = client.request(Method::GET, "/numbers");
        request.query("page", &5);
        let (values, _) = collect(array_pages(&client, request, Next::Page(Place::Query("page"), 1)).items()).await;
        assert_eq!(values, [json!(7)]);
        assert_eq!(server.requests()[4].query(), Some("page=6"));
        server.push(Reply::json(200, "[8]")).push(Reply::json(200, "[]"));
        let request = client.request(Method::GET, "/numbers");
        let (values, _) = collect(array_pages(&client, request, Next::Page(Place::Query("page"), 0)).items()).await;
        assert_eq!(values, [json!(8)]);
        assert_eq!(server.requests()[6].query(), Some("page=1"));
    })
    .await;
}

#[tokio::test]
async fn offsets_in_the_json_body_are_written_into_it_leaving_the_other_members() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(Reply::json(200, r#"[{"n": 1}, {"n": 2}]"#)).push(Reply::json(200, "[]"));
        let client = client(&server);
        let mut request = client.request(Method::POST, "/flows/filter");
        request.json(&json!({"limit": 2, "sort": "NAME_ASC"}));
        let (values, errors) =
            collect(array_pages(&client, request, Next::Offset(Place::Body("offset"))).items()).await;
        assert!(errors.is_empty());
        assert_eq!(values.len(), 2);
        let bodies: Vec<Value> =
            server.requests().iter().map(|r| serde_json::from_slice(&r.body).expect("JSON body")).collect();
        assert_eq!(
            bodies,
            [json!({"limit": 2, "sort": "NAME_ASC"}), json!({"limit": 2, "sort": "NAME_ASC", "offset": 2})]
        );
        assert!(server.requests().iter().all(|r| r.method == "POST"));
    })
    .await;
}

#[tokio::test]
async fn a_next_page_url_in_the_body_is_fetched_with_get_relative_or_absolute() {
    bounded(async {
        let server = TestServer::start().await;
        let absolute = format!("{}/v/items?page=3&q=a%20b", server.url());
        server
            .push(Reply::json(200, &json!({"data": [1], "next": "items?page=2"}).to_string()))
            .push(Reply::json(200, &json!({"data": [2], "next": absolute}).to_string()))
            .push(Reply::json(200, &json!({"data": [], "next": null}).to_string()));
        let client = client(&server);
        let mut request = client.request(Method::POST, "/v/search");
        request.json(&json!({"q": "a b"}));
        let (values, errors) = collect(url_pages(&client, request).items()).await;
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(values, [json!(1), json!(2)]);
        let requests = server.requests();
        let seen: Vec<(&str, &str)> = requests.iter().map(|r| (r.method.as_str(), r.target.as_str())).collect();
        assert_eq!(seen, [("POST", "/v/search"), ("GET", "/v/items?page=2"), ("GET", "/v/items?page=3&q=a%20b")]);
        assert!(requests[1].body.is_empty());
        assert_eq!(requests[2].header("authorization"), Some("Bearer t"));
    })
    .await;
}

#[tokio::test]
async fn a_next_page_url_outside_the_base_url_is_an_error_not_a_request() {
    bounded(async {
        let server = TestServer::start().await;
        server
            .push(Reply::json(200, &json!({"data": [1], "next": "http://elsewhere.invalid/items?page=2"}).to_string()));
        let client = client(&server);
        let mut items = url_pages(&client, client.request(Method::GET, "/items")).items();
        assert_eq!(items.next().await.expect("the first item").expect("decodes"), json!(1));
        match items.next().await {
            Some(Err(Error::InvalidRequest(error))) => {
                assert!(error.to_string().contains("not under the client's base URL"), "{error}")
            }
            other => panic!("expected the refusal, got {other:?}"),
        }
        assert!(items.next().await.is_none());
        assert_eq!(server.request_count(), 1, "the credentials never went to another host");
    })
    .await;
}

#[tokio::test]
async fn the_link_header_next_entry_is_followed_until_there_is_none() {
    bounded(async {
        let server = TestServer::start().await;
        let base = server.url();
        let link = format!(r#"<{base}/repos?page=2>; rel="next", <{base}/repos?page=9>; rel="last""#);
        let link2 = format!(r#"<{base}/repos?page=1>; rel="first", <{base}/repos?page=3>; rel="next""#);
        server
            .push(Reply::json(200, "[1, 2]").with_header("Link", &link))
            .push(Reply::json(200, "[3]").with_header("link", &link2))
            .push(Reply::json(200, "[]").with_header("Link", &format!(r#"<{base}/repos?page=1>; rel="first""#)));
        let client = client(&server);
        let mut request = client.request(Method::GET, "/repos");
        request.query("per_page", &2);
        let mut pages = array_pages(&client, request, Next::Link);
        let mut counts = Vec::new();
        while let Some(page) = pages.next().await {
            counts.push(page.expect("decodes").body().as_array().map_or(0, Vec::len));
        }
        assert_eq!(counts, [2, 1, 0], "the empty last page is still a page");
        let targets: Vec<String> = server.requests().iter().map(|r| r.target.clone()).collect();
        assert_eq!(targets, ["/repos?per_page=2", "/repos?page=2", "/repos?page=3"]);
    })
    .await;
}

#[tokio::test]
async fn an_empty_last_page_ends_the_items_cleanly() {
    bounded(async {
        let server = TestServer::start().await;
        server.push(mixpeek_page(&["a"], Some("c2"))).push(mixpeek_page(&[], None));
        let client = client(&server);
        let params = ListWebhooksPagedParams::default();
        let mut items = client.list_webhooks_paged_pages(&params, None).items();
        assert_eq!(items.next().await.expect("an item").expect("decodes").webhook_name, "a");
        assert!(items.next().await.is_none());
        assert_eq!(server.request_count(), 2);
    })
    .await;
}
