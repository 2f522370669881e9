//! Retries: the [`RetryPolicy`] (how often, after what, how long to wait), and the facts about methods, statuses,
//! failures and `Retry-After` headers that [`Client::send`](super::client::Client::send) decides a retry by.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode};

/// When and how often [`Client::send`](super::client::Client::send) retries.
///
/// A retry happens after a connection failure, a timeout, a connection closed mid-response, or a
/// `408`, `429` or `5xx` status other than `501` and `505` (which no retry can change). Only idempotent
/// methods (`GET HEAD PUT DELETE OPTIONS TRACE`) are retried unless `retry_non_idempotent` is set, and a
/// multipart body is never retried, because it is streamed once. The wait is the server's `Retry-After`
/// (seconds or an HTTP date, at most `max_retry_after`), else exponential backoff with full jitter: a
/// random time between zero and `initial_backoff × 2^retry`, at most `max_backoff`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 2 by default.
    pub max_retries: u32,
    /// The backoff ceiling of the first retry; 250 ms by default.
    pub initial_backoff: Duration,
    /// The highest backoff ceiling; 8 s by default.
    pub max_backoff: Duration,
    /// Also retries `POST` and `PATCH`, which may repeat their effect; false by default.
    pub retry_non_idempotent: bool,
    /// The longest `Retry-After` honoured; longer waits are cut to this; 60 s by default.
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(8),
            retry_non_idempotent: false,
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Never retries.
    pub fn none() -> Self {
        RetryPolicy { max_retries: 0, ..RetryPolicy::default() }
    }

    /// The wait before retry number `retry + 1`: full jitter below the exponential ceiling.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let ceiling = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        jitter(ceiling)
    }
}

/// A uniformly spread time between zero and `ceiling`.
///
/// The randomness comes from std's randomly keyed hasher over a counter: not cryptographic, and it does
/// not need to be, it only keeps clients from retrying in lockstep.
fn jitter(ceiling: Duration) -> Duration {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    let random = hasher.finish();
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    match nanos.checked_add(1) {
        Some(span) => Duration::from_nanos(random % span),
        None => Duration::from_nanos(random),
    }
}

pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE)
}

pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::TOO_MANY_REQUESTS
        || (status.is_server_error()
            && status != StatusCode::NOT_IMPLEMENTED
            && status != StatusCode::HTTP_VERSION_NOT_SUPPORTED)
}

/// Whether a failure to get a response is worth another attempt; a request `reqwest` refused to build
/// (an invalid URL or header) is not.
pub(crate) fn is_retryable_error(error: &reqwest::Error) -> bool {
    error.is_timeout() || error.is_connect() || error.is_request()
}

/// The wait a `Retry-After` header asks for, in delta-seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(Duration::from_secs(text.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let when = parse_http_date(text)?;
    Some((when - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
}

/// Parses the three HTTP date formats of RFC 9110: IMF-fixdate, RFC 850 and asctime.
fn parse_http_date(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    if let Ok(date) = chrono::DateTime::parse_from_rfc2822(text) {
        return Some(date.with_timezone(&chrono::Utc));
    }
    ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(text, format).ok())
        .map(|naive| naive.and_utc())
}
