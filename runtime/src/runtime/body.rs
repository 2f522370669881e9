//! A response body read piece by piece as it arrives, each wait bounded: what the streams ([`JsonLines`],
//! [`EventStream`]) read from, and [`ByteStream`], the body itself as a stream.
//!
//! [`JsonLines`]: super::lines::JsonLines
//! [`EventStream`]: super::events::EventStream

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use super::error::TransportError;

/// Where the bytes come from.
enum Source {
    /// A response whose next piece nobody is waiting for yet.
    Idle(reqwest::Response),
    /// Waiting for the next piece, and the timer that gives up on it.
    Reading(Pin<Box<dyn Future<Output = Piece> + Send>>, Pin<Box<tokio::time::Sleep>>),
    /// The body has ended (or failed).
    Ended,
}

/// A response and what its next read gave: a piece of the body, its end (`None`), or a failure.
type Piece = (reqwest::Response, Result<Option<Vec<u8>>, reqwest::Error>);

/// A response body as a sequence of pieces, each awaited at most `idle`.
pub(crate) struct BodyPieces {
    source: Source,
    idle: Duration,
}

impl BodyPieces {
    /// The body of `response`, at most `idle` between two pieces.
    pub(crate) fn new(response: reqwest::Response, idle: Duration) -> Self {
        BodyPieces { source: Source::Idle(response), idle }
    }

    /// A body with nothing (more) to read.
    pub(crate) fn ended() -> Self {
        BodyPieces { source: Source::Ended, idle: Duration::ZERO }
    }

    /// Whether the body may still give pieces.
    pub(crate) fn is_open(&self) -> bool {
        !matches!(self.source, Source::Ended)
    }

    /// The next piece (`Some(Ok)`), the end of the body (`None`), or a transport failure or an idle timeout
    /// (`Some(Err)`, after which the body has ended).
    pub(crate) fn poll_piece(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, TransportError>>> {
        loop {
            match std::mem::replace(&mut self.source, Source::Ended) {
                Source::Ended => return Poll::Ready(None),
                Source::Idle(response) => {
                    let read = Box::pin(async move {
                        let mut response = response;
                        let piece = response.chunk().await.map(|chunk| chunk.map(|bytes| bytes.to_vec()));
                        (response, piece)
                    });
                    self.source = Source::Reading(read, Box::pin(tokio::time::sleep(self.idle)));
                }
                Source::Reading(mut read, mut timer) => {
                    return match read.as_mut().poll(cx) {
                        Poll::Ready((response, Ok(Some(piece)))) => {
                            self.source = Source::Idle(response);
                            Poll::Ready(Some(Ok(piece)))
                        }
                        Poll::Ready((_, Ok(None))) => Poll::Ready(None),
                        Poll::Ready((_, Err(error))) => {
                            Poll::Ready(Some(Err(TransportError::while_reading_body(error.without_url()))))
                        }
                        Poll::Pending if timer.as_mut().poll(cx).is_ready() => {
                            Poll::Ready(Some(Err(TransportError::timed_out(true))))
                        }
                        Poll::Pending => {
                            self.source = Source::Reading(read, timer);
                            Poll::Pending
                        }
                    };
                }
            }
        }
    }
}

/// A response body as the pieces it arrives in, not held in memory ([`Call::byte_stream`]): for a download
/// larger than the client's response size limit, or one to write out as it comes. The client's timeout bounds
/// each wait for the next piece, not the whole body.
///
/// It implements `futures_core::Stream<Item = Result<Vec<u8>, TransportError>>` and has its own
/// [`ByteStream::next`]; a failure is the last item. Dropping it closes the connection.
///
/// [`Call::byte_stream`]: super::call::Call::byte_stream
#[must_use = "a stream reads nothing unless it is polled"]
pub struct ByteStream {
    pieces: BodyPieces,
    /// What a body read in full left to yield.
    whole: Option<Vec<u8>>,
}

impl ByteStream {
    /// The body of `response` as it arrives, at most `idle` between two pieces.
    pub(crate) fn new(response: reqwest::Response, idle: Duration) -> Self {
        ByteStream { pieces: BodyPieces::new(response, idle), whole: None }
    }

    /// A body received in full, as one piece (none when empty): for tests and custom transports.
    pub fn from_body(body: Vec<u8>) -> Self {
        ByteStream { pieces: BodyPieces::ended(), whole: Some(body).filter(|body| !body.is_empty()) }
    }

    /// The next piece, or `None` once the body has ended: `while let Some(piece) = body.next().await`.
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, TransportError>> {
        std::future::poll_fn(|cx| self.poll_piece(cx)).await
    }

    fn poll_piece(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, TransportError>>> {
        if let Some(whole) = self.whole.take() {
            return Poll::Ready(Some(Ok(whole)));
        }
        self.pieces.poll_piece(cx)
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Vec<u8>, TransportError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_piece(cx)
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let open = self.whole.is_some() || self.pieces.is_open();
        f.debug_struct("ByteStream").field("open", &open).finish_non_exhaustive()
    }
}
