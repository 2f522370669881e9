//! An operation's responses: the success type (an enum when the successes differ), the `Accept` header and the
//! media types a call may ask for instead, the method's `match` on the status and the error enum (or its alias of a
//! shared one) with its `ErrorStatuses` impl.

use super::{OperationEmitter, code_text, line};
use crate::analysis::successes;
use crate::emit::docs::{sanitize, trusted_comment};
use crate::ir::*;
use crate::names::{OperationNames, SharedError};

/// How a response body is read, and the Rust type it becomes.
pub(super) struct Outcome {
    status: StatusMatch,
    /// The success enum's variant the read is wrapped in, when the successes need an enum (error outcomes are
    /// decoded by the error enum, whose variants [`OperationNames::status_variant`] names).
    variant: Option<String>,
    encoding: ResponseEncoding,
    ty: String,
}

impl OperationEmitter<'_> {
    /// The type of one item of a JSON or JSON Lines body.
    pub(super) fn item(&self, ty: Option<TypeId>) -> String {
        match ty {
            Some(ty) => self.ty(ty),
            None => "::serde_json::Value".to_owned(),
        }
    }

    /// The `Accept` header the method sends: the media types its successes decode, when a success declares
    /// others a server could answer with instead.
    pub(super) fn accept(&self) -> Option<String> {
        let successes = self.successes();
        if successes.iter().all(|response| response.alternatives.is_empty()) {
            return None;
        }
        let mut media_types: Vec<&str> = Vec::new();
        for media in successes.iter().filter_map(|response| response.media_type.as_deref()) {
            if !media_types.contains(&media) {
                media_types.push(media);
            }
        }
        Some(media_types.join(", "))
    }

    /// The paragraph of the method's docs that lists the other media types its successes declare, and how a
    /// caller asks for each (`runtime::Call::accept` and a reading).
    pub(super) fn media_docs(&self, accept: Option<&str>) -> Option<String> {
        let accept = accept?;
        let mut text = format!(
            "Asks for `{}`. The API also declares these media types, which a call can ask for instead:",
            code_text(accept)
        );
        let mut listed: Vec<&str> = Vec::new();
        for alternative in self.successes().iter().flat_map(|response| &response.alternatives) {
            if listed.contains(&alternative.media_type.as_str()) {
                continue;
            }
            listed.push(&alternative.media_type);
            let reading = match alternative.encoding {
                ResponseEncoding::Json => format!("json::<{}>()", self.item(alternative.ty)),
                ResponseEncoding::JsonLines => format!("json_lines::<{}>()", self.item(alternative.ty)),
                ResponseEncoding::EventStream => match alternative.ty {
                    Some(ty) => format!("events::<{}>()", self.ty(ty)),
                    None => "event_text()".to_owned(),
                },
                ResponseEncoding::Text => "text()".to_owned(),
                ResponseEncoding::Bytes | ResponseEncoding::Empty => "bytes()".to_owned(),
            };
            let media = code_text(&alternative.media_type);
            text.push_str(&format!("\n- `{media}`: `.accept({:?}).{reading}`", media));
        }
        Some(text)
    }

    pub(super) fn outcome_type(&self, response: &Response) -> String {
        match (response.encoding, response.ty) {
            (ResponseEncoding::Json, Some(ty)) => self.ty(ty),
            (ResponseEncoding::Json, None) => "::serde_json::Value".to_owned(),
            (ResponseEncoding::JsonLines, ty) if self.facts.streamed.is_some() => {
                format!("crate::runtime::JsonLines<{}>", self.item(ty))
            }
            (ResponseEncoding::EventStream, Some(ty)) if self.facts.streamed.is_some() => {
                format!("crate::runtime::EventStream<{}>", self.ty(ty))
            }
            (ResponseEncoding::EventStream, None) if self.facts.streamed.is_some() => {
                format!("crate::runtime::EventStream<{}>", self.string())
            }
            (ResponseEncoding::JsonLines | ResponseEncoding::EventStream, _) => format!("{}<u8>", self.vec()),
            (ResponseEncoding::Text, _) => self.string().to_owned(),
            (ResponseEncoding::Bytes, _) => format!("{}<u8>", self.vec()),
            (ResponseEncoding::Empty, _) => "()".to_owned(),
        }
    }

    pub(super) fn successes(&self) -> Vec<&Response> {
        successes(self.operation)
    }

    /// The success body type; the enum that holds it when statuses disagree on the type goes to `types`.
    pub(super) fn success_type(&self, types: &mut Vec<String>) -> String {
        let successes = self.successes();
        let Some(first) = successes.first() else { return "()".to_owned() };
        if !self.facts.success_enum {
            return self.outcome_type(first);
        }
        let enum_name = &self.names.response_type;
        let mut item = String::new();
        trusted_comment(&mut item, "", "The success responses of the operation, by status.");
        item.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n");
        line(&mut item, 0, &format!("pub enum {enum_name} {{"));
        for response in &successes {
            let variant = self.names.status_variant(response.status);
            let ty = self.outcome_type(response);
            trusted_comment(&mut item, "    ", &status_doc(response.status));
            if ty == "()" {
                line(&mut item, 4, &format!("{variant},"));
            } else {
                line(&mut item, 4, &format!("{variant}({ty}),"));
            }
        }
        item.push_str("}\n");
        types.push(item);
        enum_name.clone()
    }

    /// The error enum's variants (as text, indented by 4), the method's `match` arms (its success statuses,
    /// then every other status handed to the error enum) and the error statuses the enum decodes (exact
    /// statuses, then ranges, then the default).
    ///
    /// Success statuses are all 2xx and error statuses never are, so taking the success arms first keeps
    /// every status on the arm it had in one combined `match`; the only catch-all among error arms, the
    /// default, came after every success arm there too.
    pub(super) fn responses(&self) -> (String, Vec<String>, Vec<Outcome>) {
        let op = self.operation;
        let successes = self.successes();
        let success_is_enum = self.facts.success_enum;
        let success_enum = &self.names.response_type;
        let mut outcomes: Vec<Outcome> = Vec::new();
        for response in &successes {
            outcomes.push(Outcome {
                status: response.status,
                variant: success_is_enum.then(|| self.names.status_variant(response.status).to_owned()),
                encoding: response.encoding,
                ty: self.outcome_type(response),
            });
        }
        let mut error_variants = String::new();
        let mut error_outcomes = Vec::new();
        for response in op.responses.iter().filter(|r| !r.status.is_success()) {
            let variant = self.names.status_variant(response.status);
            let ty = self.outcome_type(response);
            let summary = match response.docs.as_deref().map(str::trim).filter(|d| !d.is_empty() && !d.contains('\n')) {
                Some(line) => format!("{}: {}", status_doc(response.status).trim_end_matches('.'), sanitize(line)),
                None => status_doc(response.status),
            };
            trusted_comment(&mut error_variants, "    ", &summary);
            if response.encoding == ResponseEncoding::Json {
                line(&mut error_variants, 4, &format!("{variant}({ty}),"));
            } else {
                line(&mut error_variants, 4, &format!("{variant},"));
            }
            let is_default_success =
                response.status == StatusMatch::Default && successes.iter().any(|s| s.status == StatusMatch::Default);
            if !is_default_success {
                error_outcomes.push(Outcome {
                    status: response.status,
                    variant: None,
                    encoding: response.encoding,
                    ty,
                });
            }
        }
        sort_outcomes(&mut outcomes);
        sort_outcomes(&mut error_outcomes);

        // Every 2xx is a success: a status the operation does not declare is decoded like the declared ones
        // (see `runtime::Fallback` for the order when their types differ), never handed to the error enum.
        let reads: Vec<String> = outcomes.iter().map(|outcome| read(outcome, success_enum)).collect();
        let mut arms = Vec::new();
        match reads.first() {
            None => arms.push("200..=299 => response.empty(),".to_owned()),
            Some(first) if reads.iter().all(|read| read == first) => arms.push(format!("200..=299 => {first},")),
            Some(first) => {
                for (outcome, read) in outcomes.iter().zip(&reads) {
                    arms.push(format!("{} => {read},", status_pattern(outcome.status, "200..=299")));
                }
                let covered = outcomes.iter().any(|o| matches!(o.status, StatusMatch::Range(_) | StatusMatch::Default));
                if !covered && success_is_enum {
                    arms.push(format!("200..=299 => {},", fallback(&outcomes, success_enum, self.names)));
                } else if !covered {
                    arms.push(format!("200..=299 => {first},"));
                }
            }
        }
        arms.push("_ => response.error(),".to_owned());

        (error_variants, arms, error_outcomes)
    }

    /// The operation's error enum and its `ErrorStatuses` impl (which decodes `outcomes`, and gives
    /// `Error::UnexpectedStatus` for any other status), appended to `types`; for an operation that shares its
    /// error statuses with others (see `names::shared_errors`), an alias of the shared enum, written first by
    /// the first of them.
    pub(super) fn error_enum(&self, variants: &str, outcomes: &[Outcome], types: &mut Vec<String>) {
        let mut arms = Vec::new();
        for outcome in outcomes {
            let variant = self.names.status_variant(outcome.status);
            let body = match outcome.encoding {
                ResponseEncoding::Json => format!("response.json_error(Self::{variant})"),
                _ => format!("response.empty_error(Self::{variant})"),
            };
            arms.push((status_pattern(outcome.status, "_"), body));
        }
        if outcomes.iter().all(|o| o.status != StatusMatch::Default) {
            arms.push(("_".to_owned(), "response.unexpected()".to_owned()));
        }
        // The body of `decode`, indented by 8. A lone catch-all needs no `match` (clippy's
        // `match_single_binding`).
        let mut decode = String::new();
        match arms.as_slice() {
            [(_, body)] => line(&mut decode, 8, body),
            _ => {
                line(&mut decode, 8, "match response.status().as_u16() {");
                for (pattern, body) in &arms {
                    line(&mut decode, 12, &format!("{pattern} => {body},"));
                }
                line(&mut decode, 8, "}");
            }
        }
        let shared = self.names.shared_error.map(|index| (index, &self.printer.names.shared_errors[index]));
        let alias = |types: &mut Vec<String>, shared: &SharedError| {
            let mut item = String::new();
            trusted_comment(
                &mut item,
                "",
                &if variants.is_empty() {
                    format!(
                        "{} declares no error status, like other operations, which share the enum [`{}`].",
                        self.method_link(),
                        shared.name
                    )
                } else {
                    format!(
                        "The error statuses {} declares, with their bodies: the same as other operations', so the \
                         enum is shared, as [`{}`].",
                        self.method_link(),
                        shared.name
                    )
                },
            );
            line(&mut item, 0, &format!("pub type {} = {};", self.names.error_type, shared.name));
            types.push(item);
        };
        if let Some((_, shared)) = shared {
            if shared.operations.first() != Some(&self.index) {
                alias(types, shared);
                return;
            }
        }
        let error_type = match shared {
            Some((_, shared)) => &shared.name,
            None => &self.names.error_type,
        };
        let mut item = String::new();
        let doc = match shared {
            Some((_, shared)) if variants.is_empty() => self.shared_no_error_doc(shared),
            Some((_, shared)) => self.shared_error_doc(shared),
            None => format!("The error statuses {} declares, with their bodies.", self.method_link()),
        };
        trusted_comment(&mut item, "", &doc);
        item.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n");
        if variants.is_empty() {
            line(&mut item, 0, &format!("pub enum {error_type} {{}}"));
        } else {
            line(&mut item, 0, &format!("pub enum {error_type} {{"));
            item.push_str(variants);
            item.push_str("}\n");
        }
        types.push(item);
        let mut item = format!("impl crate::runtime::ErrorStatuses for {error_type} {{\n");
        line(
            &mut item,
            4,
            "fn decode<S>(response: crate::runtime::RawResponse) -> ::std::result::Result<S, crate::runtime::Error<Self>> {",
        );
        item.push_str(&decode);
        item.push_str("    }\n}\n");
        types.push(item);
        if let Some((_, shared)) = shared {
            alias(types, shared);
        }
    }

    /// The doc of an error enum several operations share: what they have in common, and which they are.
    pub(super) fn shared_error_doc(&self, shared: &SharedError) -> String {
        let (whose, links) = self.sharers(shared);
        format!(
            "The error statuses, with their bodies, that {whose} declare alike: {links}. Each operation's own error \
             type (`…Error`) is an alias of this one."
        )
    }

    /// The doc of the variantless error enum of operations that declare no error status.
    pub(super) fn shared_no_error_doc(&self, shared: &SharedError) -> String {
        let (whose, links) = self.sharers(shared);
        format!(
            "No error status: {whose} declare none ({links}), so the enum has no variants and an error status comes \
             back as `Error::UnexpectedStatus`. Each operation's own error type (`…Error`) is an alias of this one."
        )
    }

    /// Who shares `shared`, and links to (the first of) their methods.
    fn sharers(&self, shared: &SharedError) -> (String, String) {
        /// Operations listed by name; the rest are counted.
        const LISTED: usize = 8;
        let all = &self.printer.names.operations;
        let mut links: Vec<String> = shared
            .operations
            .iter()
            .take(LISTED)
            .map(|&index| {
                let method = all[index].method.trim_start_matches("r#");
                format!("[`Client::{method}`](crate::runtime::Client::{method})")
            })
            .collect();
        if shared.operations.len() > LISTED {
            links.push(format!("{} more", shared.operations.len() - LISTED));
        }
        let whose = match &shared.tag {
            Some(tag) => format!("the operations tagged `{}`", tag.replace('`', "'").replace(['\n', '\r'], " ")),
            None => format!("these {} operations", shared.operations.len()),
        };
        (whose, links.join(", "))
    }
}

/// How the method's `match` decodes one declared success: its read, wrapped in its variant of the success enum
/// when there is one.
fn read(outcome: &Outcome, success_enum: &str) -> String {
    let ty = &outcome.ty;
    let read = match outcome.encoding {
        ResponseEncoding::Json if outcome.variant.is_some() => format!("response.json::<{ty}, _>()"),
        ResponseEncoding::Json => "response.json()".to_owned(),
        ResponseEncoding::Text => "response.text()".to_owned(),
        // A stream is read as a stream only when every success is one (`OperationFacts::streamed`).
        ResponseEncoding::Bytes | ResponseEncoding::JsonLines | ResponseEncoding::EventStream => {
            "response.bytes()".to_owned()
        }
        ResponseEncoding::Empty => "response.empty()".to_owned(),
    };
    match &outcome.variant {
        Some(variant) if outcome.ty == "()" => format!("{read}.map(|r| r.map(|()| {success_enum}::{variant}))"),
        Some(variant) => format!("{read}.map(|r| r.map({success_enum}::{variant}))"),
        None => read,
    }
}

/// The decoding of an undeclared 2xx when the declared successes have different types: a `runtime::Fallback`
/// chain offering the body to the successes without a body first, then to the others, in `outcomes`' order.
fn fallback(outcomes: &[Outcome], success_enum: &str, names: &OperationNames) -> String {
    let mut chain = "response.fallback()".to_owned();
    let (bodiless, bodies): (Vec<&Outcome>, Vec<&Outcome>) =
        outcomes.iter().partition(|outcome| outcome.encoding == ResponseEncoding::Empty);
    for outcome in bodiless.into_iter().chain(bodies) {
        let variant = format!("{success_enum}::{}", names.status_variant(outcome.status));
        chain.push_str(&match outcome.encoding {
            ResponseEncoding::Empty => format!(".empty({variant})"),
            ResponseEncoding::Json => format!(".json({variant})"),
            ResponseEncoding::Text => format!(".text({variant})"),
            ResponseEncoding::Bytes | ResponseEncoding::JsonLines | ResponseEncoding::EventStream => {
                format!(".bytes({variant})")
            }
        });
    }
    chain.push_str(".end()");
    chain
}

/// Exact statuses first, then ranges, then the default.
fn sort_outcomes(outcomes: &mut [Outcome]) {
    outcomes.sort_by_key(|o| match o.status {
        StatusMatch::Exact(code) => (0, code),
        StatusMatch::Range(class) => (1, class),
        StatusMatch::Default => (2, 0),
    });
}

/// The `match` pattern of a status; `default` is the pattern of [`StatusMatch::Default`].
fn status_pattern(status: StatusMatch, default: &str) -> String {
    match status {
        StatusMatch::Exact(code) => code.to_string(),
        StatusMatch::Range(class) => format!("{}..={}", class * 100, class * 100 + 99),
        StatusMatch::Default => default.to_owned(),
    }
}

fn status_doc(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => format!("Status {code}."),
        StatusMatch::Range(class) => format!("A {class}XX status."),
        StatusMatch::Default => "Any status the operation does not list.".to_owned(),
    }
}
