//! A recording TCP proxy between the client and the server: it copies bytes both ways unchanged and parses
//! each connection's HTTP/1.1 traffic into [`Exchange`]s (the exact request bytes, and the response status and
//! body), kept in order in a shared [`Wire`] log.
//!
//! A request is logged before its first byte is forwarded to the server, and its response before its first
//! byte is forwarded to the client, so once a call has returned, everything it sent and received is in the
//! log: the driver runs one call at a time and reads the log between calls.

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::net::{TcpListener, TcpStream};

/// One request as it went over the wire, and the response it got (when one came back).
#[derive(Clone)]
pub struct Exchange {
    /// The connection it travelled on, counted from 0.
    pub connection: usize,
    pub method: String,
    /// The request target exactly as sent: the percent-encoded path and the query.
    pub target: String,
    /// Header names lowercased, values as sent.
    pub headers: Vec<(String, String)>,
    /// The body payload (de-chunked when it was sent in chunks).
    pub body: Vec<u8>,
    /// Every byte of the request: line, headers and body.
    pub raw: Vec<u8>,
    pub response: Option<Response>,
}

/// A response as it came back.
#[derive(Clone)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Exchange {
    /// The path without the query, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    /// The query string, still percent-encoded (empty without one).
    pub fn query(&self) -> &str {
        self.target.split_once('?').map(|(_, query)| query).unwrap_or_default()
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON, when it is.
    pub fn body_json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The value of a header, by lowercase name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn status(&self) -> Option<u16> {
        self.response.as_ref().map(|response| response.status)
    }
}

impl fmt::Debug for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.target)?;
        if !self.body.is_empty() {
            write!(f, " {}", self.body_text())?;
        }
        match &self.response {
            Some(response) => write!(f, " -> {}", response.status),
            None => write!(f, " -> (no response)"),
        }
    }
}

/// The shared log of every exchange, in the order requests were sent.
#[derive(Clone, Default)]
pub struct Wire {
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl fmt::Debug for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wire").field("exchanges", &self.len()).finish()
    }
}

impl Wire {
    /// How many requests went out so far; a mark to read what one call sent with [`Wire::since`].
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// The exchanges after `mark`.
    pub fn since(&self, mark: usize) -> Vec<Exchange> {
        self.lock().get(mark..).map(<[Exchange]>::to_vec).unwrap_or_default()
    }

    /// Every exchange so far.
    pub fn all(&self) -> Vec<Exchange> {
        self.lock().clone()
    }

    /// The whole log as text: per exchange, the raw request bytes (as UTF-8 text with its CRLF line ends shown
    /// as line breaks, or escaped when they are not UTF-8) and the response status and body.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (index, exchange) in self.lock().iter().enumerate() {
            out.push_str(&format!("#{index} connection {}\n", exchange.connection));
            match std::str::from_utf8(&exchange.raw) {
                Ok(text) => out.push_str(&text.replace("\r\n", "\n")),
                Err(_) => out.push_str(&exchange.raw.escape_ascii().to_string()),
            }
            out.push('\n');
            match &exchange.response {
                Some(response) => {
                    out.push_str(&format!("<- {} {}\n\n", response.status, String::from_utf8_lossy(&response.body)))
                }
                None => out.push_str("<- (no response)\n\n"),
            }
        }
        out
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Exchange>> {
        self.log.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn push(&self, exchange: Exchange) -> usize {
        let mut log = self.lock();
        log.push(exchange);
        log.len() - 1
    }

    fn respond(&self, index: usize, response: Response) {
        if let Some(exchange) = self.lock().get_mut(index) {
            exchange.response = Some(response);
        }
    }
}

/// Listens on 127.0.0.1 (a free port) and relays every connection to `upstream`, recording into `wire`.
/// Returns the address to point the client at.
pub async fn start_proxy(upstream: SocketAddr, wire: Wire) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let address = listener.local_addr()?;
    tokio::spawn(async move {
        let mut connection = 0;
        while let Ok((client, _)) = listener.accept().await {
            let wire = wire.clone();
            tokio::spawn(relay(client, upstream, connection, wire));
            connection += 1;
        }
    });
    Ok(address)
}

/// Which log entries wait for a response on one connection, oldest first.
type Pending = Arc<Mutex<std::collections::VecDeque<usize>>>;

async fn relay(client: TcpStream, upstream: SocketAddr, connection: usize, wire: Wire) {
    let Ok(server) = TcpStream::connect(upstream).await else { return };
    let (client_read, client_write) = client.into_split();
    let (server_read, server_write) = server.into_split();
    let pending = Pending::default();
    let requests = copy_requests(client_read, server_write, connection, wire.clone(), pending.clone());
    let responses = copy_responses(server_read, client_write, wire, pending);
    let _ = tokio::join!(requests, responses);
}

async fn copy_requests(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    connection: usize,
    wire: Wire,
    pending: Pending,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = from.read(&mut chunk).await?;
        if read == 0 {
            return to.shutdown().await;
        }
        buffer.extend_from_slice(&chunk[..read]);
        while let Some(message) = parse_message(&buffer, Kind::Request) {
            let (start_line, headers, body) = (message.start_line, message.headers, message.body);
            let mut parts = start_line.split_whitespace();
            let method = parts.next().unwrap_or_default().to_owned();
            let target = parts.next().unwrap_or_default().to_owned();
            let raw = buffer[..message.length].to_vec();
            let index = wire.push(Exchange { connection, method, target, headers, body, raw, response: None });
            pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push_back(index);
            buffer.drain(..message.length);
        }
        to.write_all(&chunk[..read]).await?;
    }
}

async fn copy_responses(
    mut from: OwnedReadHalf,
    mut to: OwnedWriteHalf,
    wire: Wire,
    pending: Pending,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let read = from.read(&mut chunk).await?;
        if read == 0 {
            return to.shutdown().await;
        }
        buffer.extend_from_slice(&chunk[..read]);
        while let Some(message) = parse_message(&buffer, Kind::Response) {
            let status = message.start_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
            let waiting = pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner).pop_front();
            // A 1xx answer is not the response yet.
            if (100..200).contains(&status) {
                if let Some(index) = waiting {
                    pending.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push_front(index);
                }
            } else if let Some(index) = waiting {
                wire.respond(index, Response { status, body: message.body });
            }
            buffer.drain(..message.length);
        }
        to.write_all(&chunk[..read]).await?;
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Request,
    Response,
}

/// One complete HTTP/1.1 message at the start of a buffer.
struct Message {
    start_line: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// How many bytes of the buffer it takes.
    length: usize,
}

/// The first complete message in `buffer`, or `None` while it is incomplete. Bodies are delimited by
/// `Content-Length` or chunked encoding; a response without either (and with a status that has a body) runs to
/// the end of the connection, which this relay never needs to record.
fn parse_message(buffer: &[u8], kind: Kind) -> Option<Message> {
    let head_end = buffer.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let start_line = lines.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let header = |name: &str| headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let body_start = head_end + 4;
    let rest = &buffer[body_start..];
    let no_body = kind == Kind::Response && {
        let status: u16 = start_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (100..200).contains(&status) || status == 204 || status == 304
    };
    let (body, body_length) = if no_body {
        (Vec::new(), 0)
    } else if header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked")) {
        dechunk(rest)?
    } else {
        let length: usize = header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        (rest.get(..length)?.to_vec(), length)
    };
    Some(Message { start_line, headers, body, length: body_start + body_length })
}

/// A complete chunked body at the start of `data`: its payload and how many bytes it took.
fn dechunk(data: &[u8]) -> Option<(Vec<u8>, usize)> {
    let mut payload = Vec::new();
    let mut at = 0;
    loop {
        let line_end = at + data[at..].windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[at..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        at = line_end + 2;
        if size == 0 {
            // Trailers end with an empty line.
            let end = at + data[at..].windows(2).position(|w| w == b"\r\n")?;
            return Some((payload, end + 2));
        }
        payload.extend_from_slice(data.get(at..at + size)?);
        at += size + 2;
        if data.len() < at {
            return None;
        }
    }
}
