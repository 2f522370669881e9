//! Unit tests of the runtime's own rules, on the crate alone (the client over loopback HTTP, through a generated
//! crate, is tested in `tests/client`). Not shipped: only `src/runtime/` is.

use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Deserialize;

use crate::runtime::request::{encode_pairs, render_path};
use crate::runtime::response::{is_json, is_json_lines, is_textual};
use crate::runtime::retry::{is_idempotent, is_retryable_status, retry_after};
use crate::runtime::{Error, RawResponse, RetryPolicy, Validate, Validator};

fn headers(name: header::HeaderName, value: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(name, HeaderValue::from_str(value).expect("a header value"));
    headers
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    assert_eq!(retry_after(&headers(header::RETRY_AFTER, "7")), Some(Duration::from_secs(7)));
    assert_eq!(retry_after(&headers(header::RETRY_AFTER, " 0 ")), Some(Duration::ZERO));
    // A date in the past asks for no wait at all; each of the three HTTP date formats is read.
    for past in ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"] {
        assert_eq!(retry_after(&headers(header::RETRY_AFTER, past)), Some(Duration::ZERO), "{past}");
    }
    let later = (chrono::Utc::now() + chrono::Duration::seconds(120)).format("%a, %d %b %Y %H:%M:%S GMT");
    let wait = retry_after(&headers(header::RETRY_AFTER, &later.to_string())).expect("a date");
    assert!(wait > Duration::from_secs(100) && wait <= Duration::from_secs(120), "{wait:?}");
    assert_eq!(retry_after(&headers(header::RETRY_AFTER, "soon")), None);
    assert_eq!(retry_after(&HeaderMap::new()), None);
    // More seconds than a u64 holds is the longest wait, which the policy then cuts.
    let huge = retry_after(&headers(header::RETRY_AFTER, "99999999999999999999999")).expect("seconds");
    assert_eq!(huge, Duration::from_secs(u64::MAX));
}

#[test]
fn backoff_stays_under_its_ceiling() {
    let policy = RetryPolicy {
        initial_backoff: Duration::from_millis(100),
        max_backoff: Duration::from_millis(350),
        ..RetryPolicy::default()
    };
    for retry in 0..70 {
        let ceiling = Duration::from_millis(100).saturating_mul(1 << retry.min(31)).min(Duration::from_millis(350));
        for _ in 0..20 {
            assert!(policy.backoff(retry) <= ceiling, "retry {retry}");
        }
    }
    // Full jitter: the waits spread, they are not one value.
    let waits: std::collections::BTreeSet<Duration> = (0..50).map(|_| policy.backoff(3)).collect();
    assert!(waits.len() > 10, "{waits:?}");
}

#[test]
fn only_side_effect_free_methods_and_transient_statuses_are_retried() {
    for method in [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE] {
        assert!(is_idempotent(&method), "{method}");
    }
    assert!(!is_idempotent(&Method::POST) && !is_idempotent(&Method::PATCH));
    for status in [408, 429, 500, 502, 503, 504] {
        assert!(is_retryable_status(StatusCode::from_u16(status).expect("a status")), "{status}");
    }
    for status in [200, 400, 401, 404, 409, 501, 505] {
        assert!(!is_retryable_status(StatusCode::from_u16(status).expect("a status")), "{status}");
    }
}

#[test]
fn media_types_are_read_from_the_content_type() {
    assert!(is_json(&headers(header::CONTENT_TYPE, "application/json; charset=utf-8")));
    assert!(is_json(&headers(header::CONTENT_TYPE, "Application/Problem+JSON")));
    assert!(!is_json(&headers(header::CONTENT_TYPE, "application/jsonl")));
    assert!(is_json_lines(&headers(header::CONTENT_TYPE, "application/x-ndjson")));
    assert!(is_json_lines(&headers(header::CONTENT_TYPE, "application/json;stream=watch")));
    assert!(!is_json_lines(&headers(header::CONTENT_TYPE, "application/json")));
    assert!(is_textual(&HeaderMap::new()));
    assert!(is_textual(&headers(header::CONTENT_TYPE, "application/atom+xml")));
    assert!(!is_textual(&headers(header::CONTENT_TYPE, "application/octet-stream")));
}

#[test]
fn path_values_fill_their_groups_once() {
    let params = vec![("id".to_owned(), "%7Bname%7D".to_owned()), ("name".to_owned(), "x".to_owned())];
    // A value is never searched for groups; a group without a value stays as written.
    assert_eq!(render_path("/a/{id}/{name}/{other}", &params), "/a/%7Bname%7D/x/{other}");
    assert_eq!(render_path("/{{id}}", &params), "/{%7Bname%7D}");
    assert_eq!(encode_pairs(&[("a b".to_owned(), "x&y=z/é".to_owned())]), "a%20b=x%26y%3Dz%2F%C3%A9");
}

/// A body whose constraints fail: strict decoding refuses it, plain decoding keeps it.
#[derive(Debug, Deserialize)]
struct Bounded {
    count: i64,
}

impl Validate for Bounded {
    fn validate_into(&self, v: &mut Validator) {
        if self.count > 10 {
            v.violation(format!("count: {} is more than 10", self.count));
        }
    }
}

#[test]
fn a_response_decodes_as_strictly_as_its_client_received_it() {
    let response = RawResponse::new(StatusCode::OK, HeaderMap::new(), br#"{"count": 99}"#.to_vec());
    let lenient = response.clone().json::<Bounded, ()>().expect("plain decoding keeps a value its checks refuse");
    assert_eq!(lenient.body().count, 99);
    let strict = response.decoded_strictly().json::<Bounded, ()>().expect_err("strict decoding checks it");
    assert!(matches!(&strict, Error::Decode(_)), "{strict:?}");
    assert!(strict.to_string().contains("more than 10"), "{strict}");
    // A declared error body is never checked: what the server said is worth more than its conformance.
    let error = RawResponse::new(StatusCode::NOT_FOUND, HeaderMap::new(), br#"{"count": 99}"#.to_vec())
        .decoded_strictly()
        .json_error::<Bounded, Bounded, ()>(|body| body)
        .expect_err("always an error");
    assert_eq!(error.api_error().map(|body| body.count), Some(99));
}
