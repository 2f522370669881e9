//! Streams of JSON lines: a response body that is one JSON value per line (`application/x-ndjson`,
//! `application/jsonl`, Kubernetes' `application/json;stream=watch`), read as it arrives.
//!
//! [`JsonLines`] is a `futures_core::Stream` of `Result<T, LineError>` items, one per line, yielded as soon as
//! the line's `\n` arrives, never buffered to the end of the body. The rules:
//!
//! - a line that does not decode is an error item keeping the line's raw bytes; the stream goes on;
//! - a line longer than the client's response size limit is an error item, its bytes dropped as they arrive;
//!   the stream goes on after its `\n`;
//! - blank lines (whitespace only) are skipped; a `\r` before the `\n` is not part of the line;
//! - the last line counts even without a final `\n`;
//! - a transport failure, or no data for longer than the client's timeout, is an error item that ends the
//!   stream (an unfinished line before it is dropped).

use std::collections::VecDeque;
use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::body::BodyPieces;
use super::error::{TransportError, one_line};
use super::validate::Validate;

/// The longest piece of a line that a message quotes.
const PREVIEW_BYTES: usize = 400;

/// A response body read as a stream of JSON values, one per line: see the [module documentation](self) for
/// the rules.
///
/// It implements `futures_core::Stream<Item = Result<T, LineError>>`, so any stream combinator works, and has
/// its own [`JsonLines::next`], so none is needed:
///
/// ```text
/// while let Some(item) = lines.next().await {
///     match item {
///         Ok(value) => println!("{value}"),
///         Err(error) => eprintln!("{error}"),
///     }
/// }
/// ```
///
/// Dropping it closes the connection. With strict decoding on, each value is also checked against its
/// constraints.
#[must_use = "a stream reads nothing unless it is polled"]
pub struct JsonLines<T> {
    source: BodyPieces,
    /// Received bytes not yet taken as lines; lines start at `start`.
    buffer: Vec<u8>,
    start: usize,
    /// Items ready to be yielded, in order.
    ready: VecDeque<Result<T, LineError>>,
    /// Inside a line over the limit: its bytes are dropped up to its `\n`.
    skipping: bool,
    /// The number of the last line taken (1-based), blank ones included.
    number: u64,
    limit: usize,
    strict: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned + Validate> JsonLines<T> {
    /// Reads the body of `response` as it arrives: lines of at most `limit` bytes, at most `idle` between two
    /// pieces of the body, values checked when `strict`.
    pub(crate) fn new(response: reqwest::Response, limit: usize, idle: Duration, strict: bool) -> Self {
        JsonLines::with_source(BodyPieces::new(response, idle), Vec::new(), limit, strict)
    }

    /// The lines of a body received in full, for tests and custom transports: lines of at most `limit` bytes,
    /// values checked against their constraints when `strict`.
    pub fn from_body(body: Vec<u8>, limit: usize, strict: bool) -> Self {
        let mut lines = JsonLines::with_source(BodyPieces::ended(), body, limit, strict);
        lines.take_lines();
        lines
    }

    fn with_source(source: BodyPieces, buffer: Vec<u8>, limit: usize, strict: bool) -> Self {
        JsonLines {
            source,
            buffer,
            start: 0,
            ready: VecDeque::new(),
            skipping: false,
            number: 0,
            limit,
            strict,
            _item: PhantomData,
        }
    }

    /// The next item, or `None` once the stream has ended: `while let Some(item) = lines.next().await`.
    pub async fn next(&mut self) -> Option<Result<T, LineError>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, LineError>>> {
        loop {
            if let Some(item) = self.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            match self.source.poll_piece(cx) {
                Poll::Ready(Some(Ok(piece))) => self.receive(&piece),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(self.fail(error))),
                Poll::Ready(None) => {
                    self.take_last_line();
                    return Poll::Ready(self.ready.pop_front());
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }

    /// Ends the stream with a transport failure, dropping any unfinished line.
    fn fail(&mut self, error: TransportError) -> Result<T, LineError> {
        self.source = BodyPieces::ended();
        self.buffer = Vec::new();
        self.start = 0;
        self.skipping = false;
        Err(LineError::Transport(error))
    }

    /// Adds a piece of the body and takes the lines it completes.
    fn receive(&mut self, piece: &[u8]) {
        if self.skipping {
            // The line over the limit goes on until its `\n`; nothing of it is kept.
            match piece.iter().position(|&byte| byte == b'\n') {
                Some(end) => {
                    self.skipping = false;
                    self.buffer.clear();
                    self.start = 0;
                    self.buffer.extend_from_slice(&piece[end + 1..]);
                }
                None => return,
            }
        } else {
            self.buffer.drain(..self.start);
            self.start = 0;
            self.buffer.extend_from_slice(piece);
        }
        self.take_lines();
        // An unfinished line already over the limit is reported now, and its bytes are not kept.
        if self.buffer.len() - self.start > self.limit {
            self.number += 1;
            self.ready.push_back(Err(LineError::TooLong { number: self.number, limit: self.limit }));
            self.buffer.clear();
            self.start = 0;
            self.skipping = true;
        }
    }

    /// Takes every complete line of the buffer.
    fn take_lines(&mut self) {
        while let Some(length) = self.buffer[self.start..].iter().position(|&byte| byte == b'\n') {
            let end = self.start + length;
            let (from, to) = (self.start, end);
            self.start = end + 1;
            self.take_line(from, to);
        }
    }

    /// Takes what is left once the body has ended: a last line without its `\n`.
    fn take_last_line(&mut self) {
        self.take_lines();
        if !self.skipping && self.start < self.buffer.len() {
            let (from, to) = (self.start, self.buffer.len());
            self.start = to;
            self.take_line(from, to);
        }
        self.buffer = Vec::new();
        self.start = 0;
    }

    /// Decodes the line `buffer[from..to]` (without its `\n`) into an item, unless it is blank.
    fn take_line(&mut self, from: usize, to: usize) {
        self.number += 1;
        let mut line = &self.buffer[from..to];
        if let [rest @ .., b'\r'] = line {
            line = rest;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        if line.len() > self.limit {
            self.ready.push_back(Err(LineError::TooLong { number: self.number, limit: self.limit }));
            return;
        }
        let item = decode_line::<T>(line, self.strict).map_err(|(path, message)| LineError::Decode {
            number: self.number,
            line: line.to_vec(),
            path,
            message,
        });
        self.ready.push_back(item);
    }
}

/// Decodes one line (or one event's data), naming where decoding failed.
pub(crate) fn decode_line<T: DeserializeOwned + Validate>(line: &[u8], strict: bool) -> Result<T, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_slice(line);
    let value = serde_path_to_error::deserialize::<_, T>(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, error.into_inner().to_string())
    })?;
    deserializer.end().map_err(|error| (String::new(), error.to_string()))?;
    if strict {
        value.validate().map_err(|error| (String::new(), error.to_string()))?;
    }
    Ok(value)
}

impl<T: DeserializeOwned + Validate> futures_core::Stream for JsonLines<T> {
    type Item = Result<T, LineError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

// Items are only ever moved out, never pinned, so the stream moves freely whatever `T` is.
impl<T> Unpin for JsonLines<T> {}

impl<T> fmt::Debug for JsonLines<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = if self.source.is_open() { "open" } else { "ended" };
        f.debug_struct("JsonLines")
            .field("item", &std::any::type_name::<T>())
            .field("source", &source)
            .field("lines", &self.number)
            .field("buffered", &(self.buffer.len() - self.start))
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

/// Why one item of a [`JsonLines`] stream is not a value.
#[derive(Debug)]
pub enum LineError {
    /// The line is not JSON of the item type (or, with strict decoding, breaks its constraints); the stream
    /// goes on.
    Decode {
        /// The line's number in the body, from 1, blank lines included.
        number: u64,
        /// The line as received, without its `\n`.
        line: Vec<u8>,
        /// Where in the value decoding failed, like `items[2].name`; empty at the top.
        path: String,
        /// Why it failed.
        message: String,
    },
    /// The line is longer than the client's response size limit; its bytes were dropped, and the stream goes on
    /// after it.
    TooLong {
        /// The line's number in the body, from 1.
        number: u64,
        /// The limit in bytes ([`ClientBuilder::max_response_bytes`](super::client::ClientBuilder::max_response_bytes)).
        limit: usize,
    },
    /// The connection failed, or no data arrived for longer than the client's timeout; the stream ends.
    Transport(TransportError),
}

impl LineError {
    /// The line as received, for a line that did not decode.
    pub fn line(&self) -> Option<&[u8]> {
        match self {
            LineError::Decode { line, .. } => Some(line),
            LineError::TooLong { .. } | LineError::Transport(_) => None,
        }
    }

    /// The line's number in the body (from 1), for an error about one line.
    pub fn number(&self) -> Option<u64> {
        match self {
            LineError::Decode { number, .. } | LineError::TooLong { number, .. } => Some(*number),
            LineError::Transport(_) => None,
        }
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Decode { number, line, path, message } => {
                let at = if path.is_empty() { String::new() } else { format!(" at {path}") };
                let shown = String::from_utf8_lossy(&line[..line.len().min(PREVIEW_BYTES)]);
                write!(f, "line {number} of the stream does not decode{at}: {message}; the line: {}", one_line(&shown))
            }
            LineError::TooLong { number, limit } => write!(
                f,
                "line {number} of the stream is longer than the limit of {limit} bytes \
                 (raise it with ClientBuilder::max_response_bytes)"
            ),
            LineError::Transport(error) => fmt::Display::fmt(error, f),
        }
    }
}

impl std::error::Error for LineError {}
