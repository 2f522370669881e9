//! The variant names of an operation's own enums: a status in its success or error enum (`Ok`, `NotFound`,
//! `Status499`, `Status4xx`, `Default`) and a media type's encoding in its body enum (`Json`, `Form`…). Each is
//! unique within its enum by construction: statuses and encodings name themselves, so no tie is ever broken.

use super::OperationNames;
use crate::ir::{BodyEncoding, Operation, StatusMatch};
use std::borrow::Cow;

/// Lookups of the variants the naming pass gave: a missing one is a bug in the generator, reported loudly.
impl OperationNames {
    /// The variant of a status the operation declares, in its success or error enum.
    #[track_caller]
    pub fn status_variant(&self, status: StatusMatch) -> &str {
        match self.status_variants.iter().find(|(declared, _)| *declared == status) {
            Some((_, name)) => name,
            None => {
                panic!("internal error: the naming pass gave no variant to the status {status:?} of `{}`", self.method)
            }
        }
    }

    /// The variant of body option `index` in the body enum.
    #[track_caller]
    pub fn body_variant(&self, index: usize) -> &str {
        match self.body_variants.get(index) {
            Some(name) => name,
            None => panic!(
                "internal error: the naming pass gave no variant to the body option {index} of `{}`",
                self.method
            ),
        }
    }
}

/// The variant of each status the operation declares (in its success enum or its error enum).
pub(super) fn status_variants(operation: &Operation) -> Vec<(StatusMatch, Cow<'static, str>)> {
    operation.responses.iter().map(|response| (response.status, status_variant(response.status))).collect()
}

/// The variant of each of the operation's body options, in their order.
pub(super) fn body_variants(operation: &Operation) -> Vec<String> {
    let options = operation.body.iter().flat_map(|body| &body.options);
    options.map(|option| encoding_variant(option.encoding).to_owned()).collect()
}

fn encoding_variant(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::Json => "Json",
        BodyEncoding::Form => "Form",
        BodyEncoding::Multipart => "Multipart",
        BodyEncoding::Bytes => "Bytes",
        BodyEncoding::Text => "Text",
    }
}

/// A status's variant: its reason phrase where it has a common one, else `Status{code}`; a range is
/// `Status{class}xx` and the default response `Default`.
pub(super) fn status_variant(status: StatusMatch) -> Cow<'static, str> {
    let phrase = match status {
        StatusMatch::Exact(code) => match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            206 => "PartialContent",
            207 => "MultiStatus",
            301 => "MovedPermanently",
            302 => "Found",
            303 => "SeeOther",
            304 => "NotModified",
            307 => "TemporaryRedirect",
            308 => "PermanentRedirect",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            411 => "LengthRequired",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            416 => "RangeNotSatisfiable",
            418 => "ImATeapot",
            422 => "UnprocessableEntity",
            423 => "Locked",
            424 => "FailedDependency",
            428 => "PreconditionRequired",
            429 => "TooManyRequests",
            451 => "UnavailableForLegalReasons",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            other => return Cow::Owned(format!("Status{other}")),
        },
        StatusMatch::Range(class) => return Cow::Owned(format!("Status{class}xx")),
        StatusMatch::Default => "Default",
    };
    Cow::Borrowed(phrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_named_by_reason_phrase_code_or_class() {
        let named = [
            (StatusMatch::Exact(200), "Ok"),
            (StatusMatch::Exact(404), "NotFound"),
            (StatusMatch::Exact(499), "Status499"),
            (StatusMatch::Range(4), "Status4xx"),
            (StatusMatch::Default, "Default"),
        ];
        for (status, name) in named {
            assert_eq!(status_variant(status), name);
        }
    }
}
