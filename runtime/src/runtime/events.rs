//! Server-sent events (`text/event-stream`), read as they arrive, and reconnected when the caller asks.
//!
//! [`EventStream`] is a `futures_core::Stream` of `Result<Event<T>, EventError>` items, one per event, yielded
//! as soon as the blank line that ends the event arrives. The body is read as the HTML standard's event stream
//! format says: lines end with `\n`, `\r\n` or `\r`; a line starting with `:` is a comment; `field: value`
//! lines set `event`, `data` (several are joined with `\n`), `id` and `retry`; other fields are ignored; an
//! event without data is not dispatched; an event the body ends inside is dropped. The rules beyond it:
//!
//! - an event whose data does not decode is an error item keeping its type and raw data; the stream goes on;
//! - an event larger than the client's response size limit is an error item, its bytes dropped as they arrive;
//!   the stream goes on after it;
//! - a transport failure, or no data for longer than the client's timeout, is an error item that ends the
//!   stream, unless the caller asked for reconnection ([`EventStream::reconnect`]): then the stream waits the
//!   reconnection time (3 s, or what the server's last `retry` field said), sends the request again with the
//!   last event ID in `Last-Event-ID`, and goes on with the new response's events. A server answering a
//!   reconnection with `204 No Content` ends the stream; any other status but a 2xx is an error item, kept
//!   whole ([`EventError::Refused`]), that ends it.

use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::de::DeserializeOwned;

use reqwest::header;

use super::body::BodyPieces;
use super::call::{Call, Exchange, Running, exchange_stream};
use super::client::{Answer, Client};
use super::decode::ErrorStatuses;
use super::error::{Error, TransportError, one_line};
use super::request::Request;
use super::response::RawResponse;
use super::validate::Validate;

/// The reconnection time until a server's `retry` field says otherwise.
const DEFAULT_RETRY: Duration = Duration::from_secs(3);

/// The longest piece of data that a message quotes.
const PREVIEW_BYTES: usize = 400;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event's type: its `event` field, `message` when it has none.
    pub event: String,
    /// The stream's last event ID when the event was dispatched: this event's `id` field or an earlier
    /// event's; `None` when there is none (or it was set to the empty string). A reconnection sends it.
    pub id: Option<String>,
    /// The reconnection time this event's `retry` field set, if it had one.
    pub retry: Option<Duration>,
    /// The event's data: its `data` lines joined with `\n`, decoded.
    pub data: T,
}

/// How an event's data becomes a `T`: decoded from JSON, or kept as text.
pub(crate) type Decode<T> = fn(&str, bool) -> Result<T, (String, String)>;

/// What the stream reads from.
enum Connection {
    /// A response body.
    Open(BodyPieces),
    /// Waiting the reconnection time before sending the request again.
    Waiting(Pin<Box<tokio::time::Sleep>>),
    /// The request sent again, its answer awaited.
    Connecting(Pin<Box<dyn Future<Output = Result<Answer, Error<std::convert::Infallible>>> + Send>>),
    /// Nothing more to read.
    Ended,
}

/// What reconnecting needs: the client, the request to send again, and the attempts left.
struct Reconnect {
    client: Client,
    request: Request,
    /// The longest wait for a piece of a body.
    idle: Duration,
    /// Attempts left in a row; reset by every connection that delivers an event.
    attempts: u32,
    /// The attempts the caller allowed in a row.
    allowed: u32,
}

/// A response body read as a stream of server-sent events: see the [module documentation](self) for the rules.
///
/// It implements `futures_core::Stream<Item = Result<Event<T>, EventError>>`, and has its own
/// [`EventStream::next`], so no combinator crate is needed:
///
/// ```text
/// while let Some(item) = events.next().await {
///     match item {
///         Ok(event) => println!("{}: {:?}", event.event, event.data),
///         Err(error) => eprintln!("{error}"),
///     }
/// }
/// ```
///
/// Dropping it closes the connection. With strict decoding on, each event's data is also checked against its
/// constraints.
#[must_use = "a stream reads nothing unless it is polled"]
pub struct EventStream<T> {
    connection: Connection,
    decode: Decode<T>,
    parser: Parser,
    ready: VecDeque<Result<Event<T>, EventError>>,
    /// The reconnection time: [`DEFAULT_RETRY`] or the last `retry` field.
    retry: Duration,
    limit: usize,
    strict: bool,
    /// What a reconnection needs, when the request can be sent again.
    resend: Option<Reconnect>,
}

impl<T> EventStream<T> {
    /// Reads the events of `response`'s body as they arrive: events of at most the client's response size
    /// limit, at most `idle` between two pieces of the body, data checked when the client decodes strictly.
    /// `resend` is the request that gave `response`, for [`EventStream::reconnect`].
    pub(crate) fn new(
        response: reqwest::Response,
        decode: Decode<T>,
        client: &Client,
        idle: Duration,
        resend: Option<Request>,
    ) -> Self {
        let mut stream = EventStream::with_connection(
            Connection::Open(BodyPieces::new(response, idle)),
            decode,
            client.max_response_bytes(),
            client.strict_decoding(),
        );
        stream.resend =
            resend.map(|request| Reconnect { client: client.clone(), request, idle, attempts: 0, allowed: 0 });
        stream
    }

    /// The events of a body received in full, for tests and custom transports: events of at most `limit`
    /// bytes, data decoded as JSON and checked against its constraints when `strict`.
    pub fn from_body(body: &[u8], limit: usize, strict: bool) -> Self
    where
        T: DeserializeOwned + Validate,
    {
        EventStream::from_body_with(body, decode_json::<T>, limit, strict)
    }

    pub(crate) fn from_body_with(body: &[u8], decode: Decode<T>, limit: usize, strict: bool) -> Self {
        let mut stream = EventStream::with_connection(Connection::Ended, decode, limit, strict);
        stream.receive(body);
        stream.parser.finish();
        stream
    }

    fn with_connection(connection: Connection, decode: Decode<T>, limit: usize, strict: bool) -> Self {
        EventStream {
            connection,
            decode,
            parser: Parser::new(limit),
            ready: VecDeque::new(),
            retry: DEFAULT_RETRY,
            limit,
            strict,
            resend: None,
        }
    }

    /// Reconnects when the connection ends or fails, up to `attempts` times in a row (a connection that
    /// delivers an event starts the count again), as the [module documentation](self) says. A request whose
    /// body is a multipart form cannot be sent again: its stream never reconnects.
    pub fn reconnect(mut self, attempts: u32) -> Self {
        if let Some(resend) = &mut self.resend {
            resend.attempts = attempts;
            resend.allowed = attempts;
        }
        self
    }

    /// The stream's last event ID: the `id` field of the last event that set one.
    pub fn last_event_id(&self) -> Option<&str> {
        self.parser.last_id.as_deref().filter(|id| !id.is_empty())
    }

    /// The next item, or `None` once the stream has ended: `while let Some(item) = events.next().await`.
    pub async fn next(&mut self) -> Option<Result<Event<T>, EventError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Event<T>, EventError>>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            match std::mem::replace(&mut self.connection, Connection::Ended) {
                Connection::Ended => return Poll::Ready(None),
                Connection::Open(mut body) => match body.poll_piece(cx) {
                    Poll::Ready(Some(Ok(piece))) => {
                        self.connection = Connection::Open(body);
                        self.receive(&piece);
                    }
                    Poll::Ready(Some(Err(error))) => {
                        if !self.wait_to_reconnect() {
                            return Poll::Ready(Some(Err(EventError::Transport(error))));
                        }
                    }
                    Poll::Ready(None) => {
                        self.wait_to_reconnect();
                    }
                    Poll::Pending => {
                        self.connection = Connection::Open(body);
                        return Poll::Pending;
                    }
                },
                Connection::Waiting(mut timer) => {
                    if timer.as_mut().poll(cx).is_pending() {
                        self.connection = Connection::Waiting(timer);
                        return Poll::Pending;
                    }
                    self.connect();
                }
                Connection::Connecting(mut answer) => match answer.as_mut().poll(cx) {
                    Poll::Pending => {
                        self.connection = Connection::Connecting(answer);
                        return Poll::Pending;
                    }
                    Poll::Ready(Ok(Answer::Streamed(response))) if response.status().as_u16() == 204 => {}
                    Poll::Ready(Ok(Answer::Streamed(response))) => {
                        let idle = self.resend.as_ref().map_or(DEFAULT_RETRY, |resend| resend.idle);
                        self.connection = Connection::Open(BodyPieces::new(response, idle));
                    }
                    Poll::Ready(Ok(Answer::Whole(raw))) if raw.status().as_u16() == 204 => {}
                    Poll::Ready(Ok(Answer::Whole(raw))) => {
                        return Poll::Ready(Some(Err(EventError::Refused(Box::new(raw)))));
                    }
                    Poll::Ready(Err(error)) => {
                        if !self.wait_to_reconnect() {
                            return Poll::Ready(Some(Err(reconnect_failure(error))));
                        }
                    }
                },
            }
        }
    }

    /// The body has ended or failed: drops the event it ended inside, and waits to reconnect when the caller
    /// asked for it and attempts are left. Whether it will reconnect.
    fn wait_to_reconnect(&mut self) -> bool {
        self.parser.finish();
        let Some(resend) = self.resend.as_mut().filter(|resend| resend.attempts > 0) else {
            self.connection = Connection::Ended;
            return false;
        };
        resend.attempts -= 1;
        self.connection = Connection::Waiting(Box::pin(tokio::time::sleep(self.retry)));
        true
    }

    /// Sends the request again, with the last event ID.
    fn connect(&mut self) {
        let Some(resend) = &self.resend else { return };
        let Some(mut request) = resend.request.try_clone() else { return };
        if let Some(id) = self.last_event_id() {
            request.header("Last-Event-ID", id);
        }
        let client = resend.client.clone();
        self.connection = Connection::Connecting(Box::pin(async move { client.transmit_streamed(request).await }));
    }

    /// Adds a piece of the body and takes the events it completes.
    fn receive(&mut self, piece: &[u8]) {
        let mut dispatched = false;
        for happened in self.parser.feed(piece) {
            match happened {
                Parsed::Event { event, data, id, retry } => {
                    dispatched = true;
                    let item = (self.decode)(&data, self.strict)
                        .map(|decoded| Event { event: event.clone(), id, retry, data: decoded })
                        .map_err(|(path, message)| EventError::Decode { event, data, path, message });
                    self.ready.push_back(item);
                }
                Parsed::Retry(retry) => self.retry = retry,
                Parsed::TooLong => self.ready.push_back(Err(EventError::TooLong { limit: self.limit })),
            }
        }
        if let Some(resend) = self.resend.as_mut().filter(|_| dispatched) {
            resend.attempts = resend.allowed;
        }
    }
}

/// A reconnection's failure as a stream's error item.
fn reconnect_failure(error: Error<std::convert::Infallible>) -> EventError {
    match error {
        Error::Transport(error) => EventError::Transport(error),
        other => EventError::Reconnect(one_line(&other.to_string())),
    }
}

/// Decodes an event's data as JSON, naming where decoding failed (as a line of [`JsonLines`] is).
///
/// [`JsonLines`]: super::lines::JsonLines
pub(crate) fn decode_json<T: DeserializeOwned + Validate>(data: &str, strict: bool) -> Result<T, (String, String)> {
    super::lines::decode_line(data.as_bytes(), strict)
}

/// Keeps an event's data as the text it is.
pub(crate) fn decode_text(data: &str, _strict: bool) -> Result<String, (String, String)> {
    Ok(data.to_owned())
}

impl<T> futures_core::Stream for EventStream<T> {
    type Item = Result<Event<T>, EventError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

// Items are only ever moved out, never pinned, so the stream moves freely whatever `T` is.
impl<T> Unpin for EventStream<T> {}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let connection = match self.connection {
            Connection::Open(_) => "open",
            Connection::Waiting(_) => "waiting to reconnect",
            Connection::Connecting(_) => "reconnecting",
            Connection::Ended => "ended",
        };
        f.debug_struct("EventStream")
            .field("data", &std::any::type_name::<T>())
            .field("connection", &connection)
            .field("last_event_id", &self.last_event_id())
            .field("retry", &self.retry)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// Why one item of an [`EventStream`] is not an event.
#[derive(Debug)]
pub enum EventError {
    /// The event's data is not JSON of the item type (or, with strict decoding, breaks its constraints); the
    /// stream goes on.
    Decode {
        /// The event's type.
        event: String,
        /// The event's data as received.
        data: String,
        /// Where in the value decoding failed, like `items[2].name`; empty at the top.
        path: String,
        /// Why it failed.
        message: String,
    },
    /// The event is larger than the client's response size limit; its bytes were dropped, and the stream goes on
    /// after it.
    TooLong {
        /// The limit in bytes ([`ClientBuilder::max_response_bytes`](super::client::ClientBuilder::max_response_bytes)).
        limit: usize,
    },
    /// The connection failed, or no data arrived for longer than the client's timeout, and no reconnection is
    /// left; the stream ends.
    Transport(TransportError),
    /// The server answered a reconnection with a status other than 2xx: its status, headers and body. The
    /// stream ends.
    Refused(Box<RawResponse>),
    /// A reconnection could not be sent (the request was refused, or its response was too large); the stream
    /// ends.
    Reconnect(String),
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Decode { event, data, path, message } => {
                let at = if path.is_empty() { String::new() } else { format!(" at {path}") };
                let end = (0..=data.len().min(PREVIEW_BYTES)).rev().find(|&end| data.is_char_boundary(end));
                let shown = &data[..end.unwrap_or(0)];
                let more = if shown.len() < data.len() { "…" } else { "" };
                write!(
                    f,
                    "event {:?}: data does not decode{at}: {}: {}{more}",
                    one_line(event),
                    one_line(message),
                    one_line(shown)
                )
            }
            EventError::TooLong { limit } => write!(f, "an event is longer than the limit of {limit} bytes"),
            EventError::Transport(error) => write!(f, "the event stream failed: {error}"),
            EventError::Refused(response) => {
                write!(f, "the server answered a reconnection with status {}", response.status())
            }
            EventError::Reconnect(why) => write!(f, "the event stream could not reconnect: {why}"),
        }
    }
}

impl std::error::Error for EventError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EventError::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// What feeding the parser produced.
enum Parsed {
    Event {
        event: String,
        data: String,
        id: Option<String>,
        retry: Option<Duration>,
    },
    /// A `retry` field: the stream's new reconnection time.
    Retry(Duration),
    /// An event over the limit, dropped.
    TooLong,
}

/// The event stream format's line and field rules, fed piece by piece.
struct Parser {
    /// Bytes of an unfinished line.
    line: Vec<u8>,
    /// The last piece ended with `\r`: a `\n` first in the next one belongs to that line end.
    after_cr: bool,
    /// No byte has been read yet (a byte order mark is skipped).
    at_start: bool,
    /// The event being read.
    event: Option<String>,
    data: String,
    retry: Option<Duration>,
    /// The last event ID buffer (set by `id` fields, kept across events and reconnections).
    last_id: Option<String>,
    /// Inside an event over the limit: its lines are dropped up to the blank line that ends it.
    skipping: bool,
    /// The unfinished line was over the limit and dropped: its end is not a blank line.
    dropped_line: bool,
    limit: usize,
}

impl Parser {
    fn new(limit: usize) -> Self {
        Parser {
            line: Vec::new(),
            after_cr: false,
            at_start: true,
            event: None,
            data: String::new(),
            retry: None,
            last_id: None,
            skipping: false,
            dropped_line: false,
            limit,
        }
    }

    fn feed(&mut self, mut piece: &[u8]) -> Vec<Parsed> {
        let mut out = Vec::new();
        if self.at_start && !piece.is_empty() {
            // The byte order mark may arrive split across pieces; it is skipped only when whole in the first.
            piece = piece.strip_prefix("\u{feff}".as_bytes()).unwrap_or(piece);
            self.at_start = false;
        }
        if self.after_cr {
            piece = piece.strip_prefix(b"\n").unwrap_or(piece);
            self.after_cr = false;
        }
        while let Some(end) = piece.iter().position(|&byte| byte == b'\n' || byte == b'\r') {
            let ending = piece[end];
            let line = if self.line.is_empty() {
                piece[..end].to_vec()
            } else {
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(&piece[..end]);
                line
            };
            piece = &piece[end + 1..];
            if ending == b'\r' {
                match piece.first() {
                    Some(b'\n') => piece = &piece[1..],
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            if std::mem::take(&mut self.dropped_line) {
                continue;
            }
            self.take_line(&line, &mut out);
        }
        if !self.dropped_line {
            self.line.extend_from_slice(piece);
            if self.line.len() + self.data.len() > self.limit {
                self.line = Vec::new();
                self.dropped_line = true;
                if !self.skipping {
                    self.start_skipping(&mut out);
                }
            }
        }
        out
    }

    fn start_skipping(&mut self, out: &mut Vec<Parsed>) {
        self.skipping = true;
        self.event = None;
        self.data = String::new();
        self.retry = None;
        out.push(Parsed::TooLong);
    }

    fn take_line(&mut self, line: &[u8], out: &mut Vec<Parsed>) {
        if line.is_empty() {
            if self.skipping {
                self.skipping = false;
            } else {
                self.dispatch(out);
            }
            return;
        }
        if self.skipping || line.first() == Some(&b':') {
            return;
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => self.event = Some(value.to_owned()),
            "data" => {
                if self.data.len() + value.len() + 1 > self.limit {
                    self.start_skipping(out);
                    return;
                }
                self.data.push_str(value);
                self.data.push('\n');
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                if let Ok(millis) = value.parse::<u64>() {
                    let retry = Duration::from_millis(millis);
                    self.retry = Some(retry);
                    out.push(Parsed::Retry(retry));
                }
            }
            _ => {}
        }
    }

    /// A blank line: the event read so far is dispatched when it has data.
    fn dispatch(&mut self, out: &mut Vec<Parsed>) {
        let event = self.event.take().filter(|event| !event.is_empty()).unwrap_or_else(|| "message".to_owned());
        let retry = self.retry.take();
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        data.pop();
        let id = self.last_id.clone().filter(|id| !id.is_empty());
        out.push(Parsed::Event { event, data, id, retry });
    }

    /// The body ended: an unfinished event is dropped, the last event ID kept.
    fn finish(&mut self) {
        self.line = Vec::new();
        self.after_cr = false;
        self.at_start = true;
        self.event = None;
        self.data = String::new();
        self.retry = None;
        self.skipping = false;
        self.dropped_line = false;
    }
}

impl Client {
    /// Sends `request` and reads a success (any 2xx) as a stream of server-sent events whose data is the JSON of
    /// `T`, as the events arrive ([`EventStream`]); any other status is read in full and decoded by the error
    /// enum `E`. What a generated method returns when its operation answers only with `text/event-stream`
    /// and a schema for the events' data, and what [`Call::events`] turns any call into. Retries and the
    /// timeout work as for [`Client::call_lines`]; reconnection is the stream's ([`EventStream::reconnect`]).
    pub fn call_events<'a, T, E>(&'a self, request: Request) -> Call<'a, EventStream<T>, E>
    where
        T: DeserializeOwned + Validate + Send + 'static,
        E: ErrorStatuses + Send + 'a,
    {
        Call::streamed(self, request, start_events::<T, E>)
    }

    /// [`Client::call_events`] with each event's data kept as text: for `text/event-stream` without a schema for
    /// the data (or a string one), and [`Call::event_text`].
    pub fn call_event_text<'a, E>(&'a self, request: Request) -> Call<'a, EventStream<String>, E>
    where
        E: ErrorStatuses + Send + 'a,
    {
        Call::streamed(self, request, start_event_text::<E>)
    }
}

impl<'a, T, E: ErrorStatuses + Send + 'a> Call<'a, T, E> {
    /// Reads any 2xx as a stream of server-sent events whose data is the JSON of `U`, as they arrive
    /// ([`EventStream`], see [`Client::call_events`]); other statuses as the operation declares.
    pub fn events<U: DeserializeOwned + Validate + Send + 'static>(self) -> Call<'a, EventStream<U>, E> {
        self.reading(Exchange::Streamed(start_events::<U, E>))
    }

    /// Reads any 2xx as a stream of server-sent events whose data is kept as text ([`EventStream`]); other
    /// statuses as the operation declares.
    pub fn event_text(self) -> Call<'a, EventStream<String>, E> {
        self.reading(Exchange::Streamed(start_event_text::<E>))
    }
}

/// Server-sent events ([`Client::call_events`], [`Client::call_event_text`], [`Call::events`],
/// [`Call::event_text`]): asks for `text/event-stream` unless the call asks for a media type of its own, and
/// keeps the request for [`EventStream::reconnect`].
fn start_event_stream<'a, T, E>(
    client: &'a Client,
    request: Request,
    decode: Decode<T>,
) -> Running<'a, EventStream<T>, E>
where
    T: Send + 'static,
    E: ErrorStatuses + Send + 'a,
{
    let mut request = request;
    if !request.headers.contains_key(header::ACCEPT) {
        request.accept("text/event-stream");
    }
    let resend = request.try_clone();
    let (limit, strict) = (client.max_response_bytes(), client.strict_decoding());
    Box::pin(exchange_stream(
        client,
        request,
        move |response, idle| EventStream::new(response, decode, client, idle, resend),
        move |body| EventStream::from_body_with(&body, decode, limit, strict),
    ))
}

/// The future of a call read as events with JSON data, as a function pointer [`Call`] can hold.
fn start_events<'a, T, E>(client: &'a Client, request: Request) -> Running<'a, EventStream<T>, E>
where
    T: DeserializeOwned + Validate + Send + 'static,
    E: ErrorStatuses + Send + 'a,
{
    start_event_stream(client, request, decode_json::<T>)
}

/// The future of a call read as events with text data, as a function pointer [`Call`] can hold.
fn start_event_text<'a, E>(client: &'a Client, request: Request) -> Running<'a, EventStream<String>, E>
where
    E: ErrorStatuses + Send + 'a,
{
    start_event_stream(client, request, decode_text)
}
