//! Request bodies of raw bytes (`application/octet-stream`, images, archives…): held in memory, or streamed from
//! a file or any stream of bytes without being held.

use std::fmt;
use std::path::Path;

/// The body of an operation that sends raw bytes: what its method takes (`impl Into<Upload>`), so a
/// `Vec<u8>`, a `String` or a `&'static [u8]` still works as it is.
///
/// A body in memory is sent again when a request is retried. A streamed body ([`Upload::file`],
/// [`Upload::stream`]) is read once, as it is sent: such a request is never retried and its OAuth 2 token is
/// not renewed on a 401, and the client's timeout bounds the whole exchange (set a longer one for large
/// files with [`ClientBuilder::timeout`](super::client::ClientBuilder::timeout)).
pub struct Upload {
    pub(crate) body: UploadBody,
}

pub(crate) enum UploadBody {
    Bytes(Vec<u8>),
    /// Read once, as it is sent; its length when known (sent as `Content-Length`, else the body is chunked).
    Stream(reqwest::Body, Option<u64>),
}

impl Upload {
    /// A body held in memory.
    pub fn bytes(data: impl Into<Vec<u8>>) -> Self {
        Upload { body: UploadBody::Bytes(data.into()) }
    }

    /// The contents of a file, streamed as they are sent, with its length as `Content-Length`.
    pub async fn file(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let file = tokio::fs::File::open(path).await?;
        let length = file.metadata().await?.len();
        Ok(Upload { body: UploadBody::Stream(reqwest::Body::from(file), Some(length)) })
    }

    /// The pieces of a stream, sent as they come (chunked): any `futures_core::Stream` of
    /// `Result<Vec<u8>, E>`, whose errors fail the request. A [`ByteStream`](super::body::ByteStream) is one,
    /// so a download can be sent on as it arrives.
    pub fn stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream<Ok = Vec<u8>> + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Upload { body: UploadBody::Stream(reqwest::Body::wrap_stream(stream), None) }
    }

    /// The body as a part of a `multipart/form-data` form ([`Request::multipart`]), streamed when it is; name
    /// it and type it with reqwest's `Part::file_name` and `Part::mime_str`.
    ///
    /// [`Request::multipart`]: super::request::Request::multipart
    pub fn into_part(self) -> reqwest::multipart::Part {
        match self.body {
            UploadBody::Bytes(data) => reqwest::multipart::Part::bytes(data),
            UploadBody::Stream(body, Some(length)) => reqwest::multipart::Part::stream_with_length(body, length),
            UploadBody::Stream(body, None) => reqwest::multipart::Part::stream(body),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(data: Vec<u8>) -> Self {
        Upload::bytes(data)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(data: &'static [u8]) -> Self {
        Upload::bytes(data)
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::bytes(text)
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.body {
            UploadBody::Bytes(data) => write!(f, "Upload({} bytes)", data.len()),
            UploadBody::Stream(_, Some(length)) => write!(f, "Upload(stream of {length} bytes)"),
            UploadBody::Stream(_, None) => f.write_str("Upload(stream)"),
        }
    }
}
