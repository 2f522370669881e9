//! The hand-written runtime of the generated crate: the HTTP client and the servers it may send to, errors,
//! request building (bodies streamed from files or streams too) and response decoding (streams of JSON lines,
//! server-sent events and raw bytes too), pagination, structs and their serde impls, validation, union selection (and the
//! value buffer it reads), and string enums. The generator copies these files verbatim, so the generated code
//! stays thin by calling into them.

pub mod auth;
pub mod body;
pub mod buffer;
pub mod call;
pub mod client;
pub mod decode;
pub mod enums;
pub mod error;
pub mod events;
pub mod hooks;
pub mod lines;
pub mod object;
pub mod pages;
pub mod request;
pub mod response;
pub mod retry;
pub mod server;
pub mod union;
pub mod upload;
pub mod validate;

pub use auth::{Credential, Scheme, TokenFuture, TokenProvider};
pub use body::ByteStream;
pub use buffer::Buffered;
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub use decode::{ErrorStatuses, Fallback};
pub use error::*;
pub use events::{Event, EventError, EventStream};
pub use hooks::{Attempt, Hook, HookFuture, RequestSummary};
pub use lines::{JsonLines, LineError};
pub use object::NonExhaustive;
#[allow(unused_imports)]
pub(crate) use object::object;
pub use pages::{Items, Next, Pages, Place};
pub use request::*;
pub use response::{ApiResponse, RawResponse};
pub use retry::RetryPolicy;
pub use server::{Server, ServerVariable};
pub use union::{Best, EmptyString, Fit, decode_variant, object_fit, serialize_tagged, tag_of};
pub use upload::Upload;
pub use validate::{Check, Rules, StrictDecodeError, Validate, ValidationError, Validator, Violation, from_str_strict};
