//! The hand-written runtime of the generated crate: validation, union selection and string enums
//! (copied verbatim by the generator; the generated code stays thin by calling into it).

pub mod enums;
pub mod union;
pub mod validate;

pub use union::{Best, Fit, decode_variant, nullable, object_fit, serialize_tagged, tag_of};
pub use validate::{Check, Rules, StrictDecodeError, Validate, ValidationError, Validator, Violation, from_str_strict};
