//! Pagination: every page of a list operation as a `futures_core::Stream`, and every item of those pages.
//!
//! A generated `{operation}_pages` method hands [`Pages::new`] the operation's first call, how the next page is
//! asked for ([`Next`]), and two non-capturing functions: where a page keeps its items, and where its body
//! carries the next cursor or URL. The rules:
//!
//! - the first request is the one the operation method builds, with everything the caller set; each next one is
//!   a copy of it with the cursor or offset replaced, or a `GET` of the next URL (which must stay under the
//!   client's base URL, since it carries the client's credentials);
//! - a cursor scheme ends when a page names no next cursor (absent, `null` or empty) or names the one just sent;
//!   an offset scheme (the next offset is the last one plus the items received) and a page-number scheme (the next
//!   page is the last one plus one, the first one's number when the caller set none) end at a page without items; a
//!   next-URL or `Link` scheme ends when no next URL is given, or the one just fetched;
//! - [`Pages::limit`] caps the items: the page that reaches it is cut short, and no page is fetched after it;
//! - [`Pages::header`], [`Pages::timeout`] and [`Pages::retry`] apply to every page's request, as the
//!   [`Call`] methods of the same names apply to one call's;
//! - an error (a refused request, a transport failure, an error status, a body that does not decode) is yielded as
//!   an item and ends the stream.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::LINK;

use super::call::{Call, Decode};
use super::client::Client;
use super::error::{ApiResult, Error, InvalidRequest};
use super::request::{Body, Request, encode_pairs, render_path};
use super::response::{ApiResponse, RawResponse};
use super::retry::RetryPolicy;

/// Where a request carries a cursor or an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The query parameter of this name.
    Query(&'static str),
    /// The member of this name of the JSON request body.
    Body(&'static str),
}

/// How the next page is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// The page's body names the next cursor; it is sent in this place.
    Cursor(Place),
    /// The next offset (the last one, 0 when unset, plus the items received) is sent in this place.
    Offset(Place),
    /// The next page number (the last one plus one; the first page is the given number, the one a request that
    /// sets none gets) is sent in this place.
    Page(Place, u64),
    /// The page's body names the next page's URL, fetched with `GET`.
    Url,
    /// The response's `Link` header names the next page's URL (`rel="next"`), fetched with `GET`.
    Link,
}

/// Where a page of type `P` keeps its items of type `I`; `None` when it has none.
pub type ItemsOf<P, I> = fn(&mut P) -> Option<&mut Vec<I>>;

/// Where a page's body carries the next cursor or URL; `None` when it carries none.
pub type TokenOf<P> = fn(&P) -> Option<&str>;

/// Every page of a list operation, a stream of `Result<ApiResponse<P>, Error<E>>`: see the
/// [module documentation](self) for the rules. [`Pages::items`] turns it into a stream of the items.
#[must_use = "a stream sends nothing unless it is polled"]
pub struct Pages<'a, P, I, E> {
    client: Option<&'a Client>,
    /// The request for the next page; `None` once the stream has ended.
    next_request: Option<Request>,
    /// The call under way, and a copy of its request to make the next one from.
    running: Option<(Call<'a, P, E>, Option<Request>)>,
    /// An error to yield before ending.
    failure: Option<Error<E>>,
    decode: Decode<P, E>,
    next: Next,
    items: ItemsOf<P, I>,
    token: TokenOf<P>,
    remaining: Option<usize>,
}

impl<'a, P, I, E> Pages<'a, P, I, E> {
    /// The pages that start with `first`, an operation's call not yet awaited.
    pub fn new(first: Call<'a, P, E>, next: Next, items: ItemsOf<P, I>, token: TokenOf<P>) -> Self {
        let (client, next_request, decode, failure) = match first.into_parts() {
            Some((client, request, decode)) => (Some(client), Some(request), decode, None),
            None => {
                let why = "pages start from a call that has not been awaited and reads its whole response";
                (None, None, refuse::<P, E> as Decode<P, E>, Some(why))
            }
        };
        Pages {
            client,
            next_request,
            running: None,
            failure: failure.map(|why| Error::InvalidRequest(InvalidRequest::new(why))),
            decode,
            next,
            items,
            token,
            remaining: None,
        }
    }

    /// At most `count` items in all: the page that reaches it is cut short, and no page is fetched after it.
    pub fn limit(mut self, count: usize) -> Self {
        self.remaining = Some(count);
        self
    }

    /// Adds a header to the request of every page still to come (as [`Call::header`] does for one call): it
    /// replaces a default header of the same name, and a name or value a header cannot carry refuses the request.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.each_request(|request| {
            request.header(name, value);
        })
    }

    /// The timeout of every page's request still to come, instead of the client's (as [`Call::timeout`]).
    pub fn timeout(self, timeout: Duration) -> Self {
        self.each_request(|request| request.options.timeout = Some(timeout))
    }

    /// The retry policy of every page's request still to come, instead of the client's (as [`Call::retry`]).
    pub fn retry(self, policy: RetryPolicy) -> Self {
        self.each_request(|request| request.options.retry = Some(policy.clone()))
    }

    /// Changes the request of the next page, and the copy the one after it is made from: what every page still
    /// to come is asked with, since each next request is made from the last one sent.
    fn each_request(mut self, change: impl Fn(&mut Request)) -> Self {
        if let Some(request) = self.next_request.as_mut() {
            change(request);
        }
        if let Some((_, Some(copy))) = self.running.as_mut() {
            change(copy);
        }
        self
    }

    /// The items of every page, one by one.
    pub fn items(self) -> Items<'a, P, I, E> {
        Items { pages: self, ready: VecDeque::new() }
    }

    /// Ends the stream after `error`.
    fn fail(&mut self, error: Error<E>) -> Poll<Option<ApiResult<P, E>>> {
        self.next_request = None;
        self.running = None;
        Poll::Ready(Some(Err(error)))
    }
}

/// The decoding of a [`Pages`] that could not start; never called, since nothing is sent.
fn refuse<P, E>(_: RawResponse) -> ApiResult<P, E> {
    Err(Error::InvalidRequest(InvalidRequest::new("no request was made")))
}

impl<'a, P: Send + 'a, I, E: Send + 'a> Pages<'a, P, I, E> {
    /// The next page, or `None` once the stream has ended: `while let Some(page) = pages.next().await`.
    pub async fn next(&mut self) -> Option<ApiResult<P, E>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<ApiResult<P, E>>> {
        if let Some(error) = self.failure.take() {
            return self.fail(error);
        }
        let Some(client) = self.client else { return Poll::Ready(None) };
        if self.running.is_none() {
            let Some(request) = self.next_request.take() else { return Poll::Ready(None) };
            if self.remaining == Some(0) {
                return Poll::Ready(None);
            }
            let copy = request.try_clone();
            self.running = Some((client.call(request, self.decode), copy));
        }
        let Some((call, _)) = self.running.as_mut() else { return Poll::Ready(None) };
        let mut page = match Pin::new(call).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Err(error)) => return self.fail(error),
            Poll::Ready(Ok(page)) => page,
        };
        let Some((_, sent)) = self.running.take() else { return Poll::Ready(None) };
        let mut received = (self.items)(page.body_mut()).map_or(0, |items| items.len());
        if let Some(remaining) = &mut self.remaining {
            if received > *remaining {
                if let Some(items) = (self.items)(page.body_mut()) {
                    items.truncate(*remaining);
                }
                received = *remaining;
            }
            *remaining -= received;
        }
        if self.remaining != Some(0) {
            match sent.map(|sent| self.following(client, sent, &page, received)) {
                Some(Ok(next)) => self.next_request = next,
                Some(Err(error)) => self.failure = Some(Error::InvalidRequest(error)),
                None => {
                    let why = "the next page cannot be asked for: the request's multipart body is streamed once";
                    self.failure = Some(Error::InvalidRequest(InvalidRequest::new(why)));
                }
            }
        }
        Poll::Ready(Some(Ok(page)))
    }

    /// The request for the page after `page`, which `sent` asked for; `None` when `page` is the last.
    fn following(
        &self,
        client: &Client,
        mut sent: Request,
        page: &ApiResponse<P>,
        received: usize,
    ) -> Result<Option<Request>, InvalidRequest> {
        let token = (self.token)(page.body()).filter(|token| !token.is_empty());
        match self.next {
            Next::Cursor(place) => {
                let Some(token) = token else { return Ok(None) };
                if read(&sent, place).as_deref() == Some(token) {
                    return Ok(None);
                }
                write(&mut sent, place, serde_json::Value::String(token.to_owned()))?;
                Ok(Some(sent))
            }
            Next::Offset(place) => {
                if received == 0 {
                    return Ok(None);
                }
                let offset = read(&sent, place).and_then(|offset| offset.parse::<u64>().ok()).unwrap_or(0);
                write(&mut sent, place, serde_json::Value::from(offset.saturating_add(received as u64)))?;
                Ok(Some(sent))
            }
            Next::Page(place, first) => {
                if received == 0 {
                    return Ok(None);
                }
                let page = read(&sent, place).and_then(|page| page.parse::<u64>().ok()).unwrap_or(first);
                write(&mut sent, place, serde_json::Value::from(page.saturating_add(1)))?;
                Ok(Some(sent))
            }
            Next::Url => match token {
                Some(url) => follow(client, sent, url),
                None => Ok(None),
            },
            Next::Link => match next_link(page.headers()) {
                Some(url) => follow(client, sent, &url),
                None => Ok(None),
            },
        }
    }
}

/// The value `place` holds in `request`, as text.
fn read(request: &Request, place: Place) -> Option<String> {
    match place {
        Place::Query(name) => request.query.iter().rev().find(|(key, _)| key == name).map(|(_, value)| value.clone()),
        Place::Body(name) => match &request.body {
            Body::Bytes { data, .. } => match serde_json::from_slice::<serde_json::Value>(data).ok()?.get(name)? {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Null => None,
                other => Some(other.to_string()),
            },
            Body::Empty | Body::Multipart(_) | Body::Stream { .. } => None,
        },
    }
}

/// Puts `value` in `place` of `request`, replacing what was there.
fn write(request: &mut Request, place: Place, value: serde_json::Value) -> Result<(), InvalidRequest> {
    match place {
        Place::Query(name) => {
            request.query.retain(|(key, _)| key != name);
            let text = match value {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            request.query.push((name.to_owned(), text));
            Ok(())
        }
        Place::Body(name) => {
            let mut body = match &request.body {
                Body::Bytes { data, .. } => serde_json::from_slice::<serde_json::Value>(data)
                    .map_err(|_| InvalidRequest::in_field("body", "the next page cannot be asked for: not JSON"))?,
                Body::Empty => serde_json::Value::Object(serde_json::Map::new()),
                Body::Multipart(_) | Body::Stream { .. } => {
                    return Err(InvalidRequest::in_field("body", "the next page cannot be asked for: a streamed body"));
                }
            };
            let Some(members) = body.as_object_mut() else {
                return Err(InvalidRequest::in_field("body", "the next page cannot be asked for: not a JSON object"));
            };
            members.insert(name.to_owned(), value);
            let data =
                serde_json::to_vec(&body).map_err(|error| InvalidRequest::in_field("body", error.to_string()))?;
            request.body = Body::Bytes { content_type: "application/json".to_owned(), data };
            Ok(())
        }
    }
}

/// A `GET` of `next` (resolved against the URL `sent` went to), which must stay under the client's base URL.
fn follow(client: &Client, mut sent: Request, next: &str) -> Result<Option<Request>, InvalidRequest> {
    let base = Url::parse(&format!("{}/", client.base_url()))
        .map_err(|error| InvalidRequest::in_field("base URL", error.to_string()))?;
    let mut current = format!("{}{}", client.base_url(), render_path(&sent.template, &sent.path_params));
    if !sent.query.is_empty() {
        current.push('?');
        current.push_str(&encode_pairs(&sent.query));
    }
    let refuse = |what: &str| InvalidRequest::in_field("next page", format!("{what}: {next:?}"));
    let current = Url::parse(&current).map_err(|_| refuse("the current page's URL does not parse"))?;
    let url = current.join(next).map_err(|_| refuse("not a URL"))?;
    if url == current {
        return Ok(None);
    }
    let base_path = base.path().trim_end_matches('/');
    let path = url.path().strip_prefix(base_path).filter(|path| path.starts_with('/'));
    let (true, Some(path)) = (url.origin() == base.origin(), path) else {
        return Err(refuse("the next page's URL is not under the client's base URL, so it is not followed"));
    };
    sent.method = reqwest::Method::GET;
    sent.template = path.to_owned();
    sent.path_params.clear();
    sent.query = url.query_pairs().map(|(key, value)| (key.into_owned(), value.into_owned())).collect();
    sent.body = Body::Empty;
    Ok(Some(sent))
}

/// The URL of the `Link` header's `rel="next"` entry (RFC 8288), if any.
fn next_link(headers: &reqwest::header::HeaderMap) -> Option<String> {
    for value in headers.get_all(LINK) {
        let Ok(text) = value.to_str() else { continue };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let close = open + rest[open..].find('>')?;
            let target = &rest[open + 1..close];
            let params_end = rest[close..].find('<').map_or(rest.len(), |next| close + next);
            let params = &rest[close + 1..params_end];
            let is_next = params.split(';').any(|param| {
                let Some((key, value)) = param.split_once('=') else { return false };
                key.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_end_matches(',')
                        .trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| rel.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.trim().to_owned());
            }
            rest = &rest[params_end..];
        }
    }
    None
}

impl<'a, P: Send + 'a, I, E: Send + 'a> futures_core::Stream for Pages<'a, P, I, E> {
    type Item = ApiResult<P, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

// Pages and items are only ever moved out, never pinned; the call under way is `Unpin`.
impl<P, I, E> Unpin for Pages<'_, P, I, E> {}

impl<P, I, E> fmt::Debug for Pages<'_, P, I, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match (&self.running, &self.next_request) {
            (Some(_), _) => "fetching",
            (None, Some(_)) => "ready",
            (None, None) => "ended",
        };
        f.debug_struct("Pages")
            .field("page", &std::any::type_name::<P>())
            .field("next", &self.next)
            .field("state", &state)
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

/// Every item of every page of a list operation ([`Pages::items`]), a stream of `Result<I, Error<E>>`; an
/// error ends it.
#[must_use = "a stream sends nothing unless it is polled"]
pub struct Items<'a, P, I, E> {
    pages: Pages<'a, P, I, E>,
    ready: VecDeque<I>,
}

impl<'a, P: Send + 'a, I, E: Send + 'a> Items<'a, P, I, E> {
    /// The next item, or `None` once the stream has ended: `while let Some(item) = items.next().await`.
    pub async fn next(&mut self) -> Option<Result<I, Error<E>>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<I, Error<E>>>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Ready(Some(Ok(mut page))) => {
                    if let Some(items) = (self.pages.items)(page.body_mut()) {
                        self.ready.extend(items.drain(..));
                    }
                }
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

impl<'a, P: Send + 'a, I, E: Send + 'a> futures_core::Stream for Items<'a, P, I, E> {
    type Item = Result<I, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<P, I, E> Unpin for Items<'_, P, I, E> {}

impl<P, I, E> fmt::Debug for Items<'_, P, I, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("item", &std::any::type_name::<I>())
            .field("ready", &self.ready.len())
            .field("pages", &self.pages)
            .finish()
    }
}
