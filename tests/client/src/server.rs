//! A scripted HTTP/1.1 server on loopback, for fault tests of the generated client's runtime.
//!
//! It answers each request with the next scripted [`Reply`] (or the default one once the script runs out)
//! and records every request exactly as it arrived: method, raw request-target, headers and body. Replies
//! can also misbehave: hang, reset the connection, break the framing, or stream a body without end.
//! Everything stops when the [`TestServer`] is dropped.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// The largest request head the server reads before giving up on a connection.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The size of each piece of a streamed body.
const STREAM_PIECE: usize = 64 * 1024;

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A well-formed response; `Content-Length` is added unless `headers` has one.
    Respond {
        /// The status code.
        status: u16,
        /// Extra headers, in order.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
    /// Reads the request and never answers, keeping the connection open.
    Hang,
    /// Reads the request and resets the connection (TCP RST) without answering.
    Reset,
    /// Reads the request and closes the connection cleanly without answering.
    Close,
    /// Declares `Content-Length: declared`, sends only `body`, then closes the connection.
    BrokenFraming {
        /// The length announced in the header.
        declared: usize,
        /// What is actually sent.
        body: Vec<u8>,
    },
    /// A 200 response streaming `bytes` bytes of JSON-ish filler, with `Content-Length` when `declared`,
    /// chunked otherwise; it stops early when the client goes away.
    Huge {
        /// Whether the length is announced with `Content-Length`.
        declared: bool,
        /// How many body bytes to send at most.
        bytes: usize,
    },
    /// Waits, then behaves like the inner reply.
    Delay(Duration, Box<Reply>),
    /// A response whose body is sent chunked, piece by piece, each after its wait (a stream of lines can
    /// arrive slowly, a line split across pieces), then ends as `end` says.
    Chunked {
        /// The status code.
        status: u16,
        /// Extra headers, in order.
        headers: Vec<(String, String)>,
        /// Each piece of the body and the wait before it is sent.
        pieces: Vec<(Duration, Vec<u8>)>,
        /// What happens after the last piece.
        end: StreamEnd,
    },
}

/// How a [`Reply::Chunked`] body ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamEnd {
    /// The last chunk: the body is complete.
    Finish,
    /// The connection is reset (TCP RST) in the middle of the body.
    Reset,
    /// Nothing more is sent, and the connection stays open.
    Hang,
}

impl Reply {
    /// A response with no body.
    pub fn status(status: u16) -> Reply {
        Reply::Respond { status, headers: Vec::new(), body: Vec::new() }
    }

    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::text(status, "application/json", body)
    }

    /// A response with the given content type.
    pub fn text(status: u16, content_type: &str, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// `{}` with status 200.
    pub fn ok() -> Reply {
        Reply::json(200, "{}")
    }

    /// The same reply with one more header; only [`Reply::Respond`] and [`Reply::Chunked`] carry headers.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } | Reply::Chunked { headers, .. } = &mut self {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// A 200 response of the given content type streaming `pieces` (each after its wait), then finishing.
    pub fn chunked(content_type: &str, pieces: &[(u64, &str)]) -> Reply {
        Reply::Chunked {
            status: 200,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            pieces: pieces
                .iter()
                .map(|(millis, text)| (Duration::from_millis(*millis), text.as_bytes().to_vec()))
                .collect(),
            end: StreamEnd::Finish,
        }
    }

    /// The same [`Reply::Chunked`] ending as `end` says.
    pub fn ending(mut self, how: StreamEnd) -> Reply {
        if let Reply::Chunked { end, .. } = &mut self {
            *end = how;
        }
        self
    }
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// The method, like `GET`.
    pub method: String,
    /// The raw request-target, like `/items/a%2Fb?x=1`, exactly as sent.
    pub target: String,
    /// The headers in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked when it was chunked.
    pub body: Vec<u8>,
    /// When the request head was complete.
    pub at: Instant,
}

impl Recorded {
    /// The first header called `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The target up to the `?`.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(path, _)| path)
    }

    /// The target after the `?`, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, query)| query)
    }
}

#[derive(Debug)]
struct Shared {
    script: Mutex<VecDeque<Reply>>,
    fallback: Mutex<Reply>,
    requests: Mutex<Vec<Recorded>>,
    tasks: Mutex<Vec<AbortHandle>>,
    connections: AtomicUsize,
}

/// A running server; dropping it stops every connection.
#[derive(Debug)]
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    accept: AbortHandle,
}

impl TestServer {
    /// Starts a server on `127.0.0.1` whose default reply is [`Reply::ok`].
    pub async fn start() -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binding a loopback port");
        let addr = listener.local_addr().expect("reading the bound address");
        let shared = Arc::new(Shared {
            script: Mutex::new(VecDeque::new()),
            fallback: Mutex::new(Reply::ok()),
            requests: Mutex::new(Vec::new()),
            tasks: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
        });
        let accept = tokio::spawn(accept_loop(listener, Arc::clone(&shared))).abort_handle();
        TestServer { addr, shared, accept }
    }

    /// `http://127.0.0.1:<port>`, without a trailing `/`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues `reply` for the next request not yet answered by the script.
    pub fn push(&self, reply: Reply) -> &Self {
        lock(&self.shared.script).push_back(reply);
        self
    }

    /// Queues `reply` `times` times.
    pub fn push_times(&self, times: usize, reply: Reply) -> &Self {
        let mut script = lock(&self.shared.script);
        for _ in 0..times {
            script.push_back(reply.clone());
        }
        drop(script);
        self
    }

    /// Sets the reply used once the script is empty.
    pub fn set_default(&self, reply: Reply) -> &Self {
        *lock(&self.shared.fallback) = reply;
        self
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests arrived.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// How many connections were accepted.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.accept.abort();
        for task in lock(&self.shared.tasks).drain(..) {
            task.abort();
        }
    }
}

/// Locks a mutex, carrying on after a panic elsewhere: the data is test bookkeeping.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    while let Ok((stream, _)) = listener.accept().await {
        shared.connections.fetch_add(1, Ordering::SeqCst);
        let task = tokio::spawn(serve(stream, Arc::clone(&shared))).abort_handle();
        lock(&shared.tasks).push(task);
    }
}

/// Serves requests on one connection until a reply closes it or the client leaves.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        lock(&shared.requests).push(request);
        let next = lock(&shared.script).pop_front();
        let reply = next.unwrap_or_else(|| lock(&shared.fallback).clone());
        if !answer(&mut stream, reply).await {
            return;
        }
    }
}

/// Sends one reply; false when the connection is finished.
async fn answer(stream: &mut TcpStream, mut reply: Reply) -> bool {
    while let Reply::Delay(wait, inner) = reply {
        tokio::time::sleep(wait).await;
        reply = *inner;
    }
    match reply {
        Reply::Respond { status, headers, body } => {
            let mut head = status_line(status);
            let has_length = headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("content-length"));
            for (name, value) in &headers {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            if !has_length {
                head.push_str(&format!("Content-Length: {}\r\n", body.len()));
            }
            head.push_str("\r\n");
            let mut bytes = head.into_bytes();
            bytes.extend_from_slice(&body);
            stream.write_all(&bytes).await.is_ok()
        }
        Reply::Hang => {
            std::future::pending::<()>().await;
            false
        }
        Reply::Reset => {
            // A zero linger turns the close into a reset.
            let _ = stream.set_zero_linger();
            false
        }
        Reply::Close => {
            let _ = stream.shutdown().await;
            false
        }
        Reply::BrokenFraming { declared, body } => {
            let mut bytes =
                format!("{}Content-Type: application/json\r\nContent-Length: {declared}\r\n\r\n", status_line(200))
                    .into_bytes();
            bytes.extend_from_slice(&body);
            let _ = stream.write_all(&bytes).await;
            let _ = stream.shutdown().await;
            false
        }
        Reply::Huge { declared, bytes } => {
            stream_huge(stream, declared, bytes).await;
            false
        }
        Reply::Chunked { status, headers, pieces, end } => send_chunked(stream, status, &headers, pieces, end).await,
        Reply::Delay(..) => false,
    }
}

/// Sends a chunked response piece by piece; false when the connection is finished.
async fn send_chunked(
    stream: &mut TcpStream,
    status: u16,
    headers: &[(String, String)],
    pieces: Vec<(Duration, Vec<u8>)>,
    end: StreamEnd,
) -> bool {
    let mut head = status_line(status);
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Transfer-Encoding: chunked\r\n\r\n");
    if stream.write_all(head.as_bytes()).await.is_err() {
        return false;
    }
    for (wait, piece) in pieces {
        tokio::time::sleep(wait).await;
        let mut chunk = format!("{:x}\r\n", piece.len()).into_bytes();
        chunk.extend_from_slice(&piece);
        chunk.extend_from_slice(b"\r\n");
        if piece.is_empty() || stream.write_all(&chunk).await.is_err() || stream.flush().await.is_err() {
            return false;
        }
    }
    match end {
        StreamEnd::Finish => stream.write_all(b"0\r\n\r\n").await.is_ok(),
        StreamEnd::Reset => {
            let _ = stream.set_zero_linger();
            false
        }
        StreamEnd::Hang => {
            std::future::pending::<()>().await;
            false
        }
    }
}

/// Streams filler until `total` bytes are sent or the client goes away.
async fn stream_huge(stream: &mut TcpStream, declared: bool, total: usize) {
    let framing =
        if declared { format!("Content-Length: {total}\r\n") } else { "Transfer-Encoding: chunked\r\n".to_owned() };
    let head = format!("{}Content-Type: application/json\r\n{framing}\r\n", status_line(200));
    if stream.write_all(head.as_bytes()).await.is_err() {
        return;
    }
    let piece = vec![b' '; STREAM_PIECE];
    let mut sent = 0;
    while sent < total {
        let size = STREAM_PIECE.min(total - sent);
        let written = if declared {
            stream.write_all(&piece[..size]).await
        } else {
            let mut chunk = format!("{size:x}\r\n").into_bytes();
            chunk.extend_from_slice(&piece[..size]);
            chunk.extend_from_slice(b"\r\n");
            stream.write_all(&chunk).await
        };
        if written.is_err() {
            return;
        }
        sent += size;
    }
    if !declared {
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
}

fn status_line(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status).ok().and_then(|code| code.canonical_reason()).unwrap_or("Other");
    format!("HTTP/1.1 {status} {reason}\r\n")
}

/// Reads one request; `None` when the client closed the connection or sent something unreadable.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(position) = find(buffer, b"\r\n\r\n") {
            break position;
        }
        if buffer.len() > MAX_HEAD_BYTES || !fill(stream, buffer).await {
            return None;
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    buffer.drain(..head_end + 4);

    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let header = |name: &str| headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());

    let body = if header("transfer-encoding").is_some_and(|value| value.eq_ignore_ascii_case("chunked")) {
        read_chunked(stream, buffer).await?
    } else {
        let length: usize = header("content-length").and_then(|value| value.parse().ok()).unwrap_or(0);
        while buffer.len() < length {
            if !fill(stream, buffer).await {
                return None;
            }
        }
        buffer.drain(..length).collect()
    };
    Some(Recorded { method, target, headers, body, at })
}

async fn read_chunked(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(position) = find(buffer, b"\r\n") {
                break position;
            }
            if !fill(stream, buffer).await {
                return None;
            }
        };
        let size_text = String::from_utf8_lossy(&buffer[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        buffer.drain(..line_end + 2);
        while buffer.len() < size + 2 {
            if !fill(stream, buffer).await {
                return None;
            }
        }
        body.extend(buffer.drain(..size));
        buffer.drain(..2);
        if size == 0 {
            return Some(body);
        }
    }
}

/// Reads more bytes; false at the end of the stream or on an error.
async fn fill(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> bool {
    let mut piece = [0u8; 8192];
    match stream.read(&mut piece).await {
        Ok(0) | Err(_) => false,
        Ok(read) => {
            buffer.extend_from_slice(&piece[..read]);
            true
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// Formats a time as an HTTP date (IMF-fixdate), like `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs());
    let days = i64::try_from(seconds / 86_400).unwrap_or(0);
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][usize::try_from(days % 7).unwrap_or(0)];
    let month_name =
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][usize::from(month - 1)];
    format!(
        "{weekday}, {day:02} {month_name} {year} {:02}:{:02}:{:02} GMT",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (days are non-negative here).
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    // Shift the epoch to 0000-03-01 so that leap days fall at the end of each 400-year era.
    let shifted = days + 719_468;
    let era = shifted / 146_097;
    let day_of_era = shifted - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, u8::try_from(month).unwrap_or(1), u8::try_from(day).unwrap_or(1))
}
