//! Operations: the IR's operations in, `operations.rs` out: one `Client` method per operation, plus its error
//! enum and, where needed, its parameters struct, body enum and success enum.
//!
//! A method is not `async` and holds no `?` and no `.await`: it builds a `runtime::Request` (which keeps the
//! first value it cannot send, for `Client::send` to refuse) and hands it, with a non-capturing function that
//! decodes the response by status, to `Client::call`, whose `runtime::Call` future is what the caller awaits.
//! Each `async fn` used to be a state machine and each `?` a trait resolution of its own, which made the
//! methods a large share of a generated crate's `cargo check` time.
//!
//! The generator lays the text out itself, indented as rustfmt would, one statement, one match arm and one
//! member per line; a signature stays on one line (the module is `#[rustfmt::skip]`).

use super::Chunk;
use super::checks::{Checked, describe_rules, rules_chain};
use super::docs::{doc_comment_paragraphs, sanitize, trusted_comment};
use super::types::{Scope, Std, TypePrinter};
use crate::error::Diagnostics;
use crate::ir::*;
use crate::names::{Names, OperationNames, SharedError};
use proc_macro2::Literal;
use std::collections::BTreeSet;

pub fn items(ir: &Ir, names: &Names, checked: &Checked, diagnostics: &mut Diagnostics) -> Vec<Chunk> {
    let printer = TypePrinter::new(ir, names, Scope::Operations);
    let mut methods = String::new();
    let mut support = Vec::new();
    let mut shared_emitted = BTreeSet::new();
    for (operation, operation_names) in ir.operations.iter().zip(&names.operations) {
        let streamed = streams(operation, &printer, diagnostics);
        let emitter = OperationEmitter { printer: &printer, operation, names: operation_names, checked, streamed };
        if !methods.is_empty() {
            methods.push('\n');
        }
        emitter.emit(&mut methods, &mut support, &mut shared_emitted, diagnostics);
    }
    let client = if methods.is_empty() {
        "impl crate::runtime::Client {}\n".to_owned()
    } else {
        format!("impl crate::runtime::Client {{\n{methods}}}\n")
    };
    let mut chunks = vec![Chunk::Text(client)];
    chunks.extend(support.into_iter().map(Chunk::Text));
    chunks
}

struct OperationEmitter<'a> {
    printer: &'a TypePrinter<'a>,
    operation: &'a Operation,
    names: &'a OperationNames,
    /// Which types have something to validate.
    checked: &'a Checked,
    /// When every success is one stream (JSON lines or server-sent events), its encoding: the method returns a
    /// `runtime::JsonLines` or `runtime::EventStream` read as it arrives.
    streamed: Option<ResponseEncoding>,
}

/// How a response body is read, and the Rust type it becomes.
struct Outcome {
    status: StatusMatch,
    variant: Option<String>,
    encoding: ResponseEncoding,
    ty: String,
}

impl OperationEmitter<'_> {
    /// Appends the method to `methods` and the operation's own types to `types`. `shared_emitted` holds the
    /// shared error enums (indexes in `Names::shared_errors`) already written, by an earlier operation.
    fn emit(
        &self,
        methods: &mut String,
        types: &mut Vec<String>,
        shared_emitted: &mut BTreeSet<usize>,
        diagnostics: &mut Diagnostics,
    ) {
        let op = self.operation;
        let mut arguments = vec!["&self".to_owned()];
        // The method body, each line indented by 8 spaces.
        let mut body = String::new();

        // Path: the template, with colon-style groups written as `{name}`.
        let (template, used) = self.path_template();

        // Parameters: required ones positional, optional ones in one struct. Path arguments come first, in the
        // order the template names them (sibling operations then agree, and a swap of two `&str` is less
        // likely), then the other required parameters in document order.
        arguments.extend(self.parameter_arguments(&used));
        if op.parameters.iter().any(|p| !p.required) {
            types.push(self.params_struct());
        }
        // A declared path parameter the template does not name is still an argument; it is bound so that
        // the method compiles without an unused-variable warning.
        for (index, parameter) in op.parameters.iter().enumerate() {
            if parameter.location == ParamLocation::Path && parameter.required && !used.contains(&index) {
                line(&mut body, 8, &format!("let _ = {};", self.names.parameters[index]));
            }
        }
        let send_body = self.body(&mut arguments, types);
        // An operation whose requirement is not the document's states its own.
        let security = op.security.as_ref().filter(|security| **security != self.printer.ir.security);
        let accept = self.accept();
        let mutates = send_body.is_some()
            || !used.is_empty()
            || op.parameters.iter().any(|p| p.location != ParamLocation::Path)
            || security.is_some()
            || accept.is_some();
        let binding = if mutates { "let mut request" } else { "let request" };
        let method = op.method.to_ascii_uppercase();
        line(
            &mut body,
            8,
            &format!("{binding} = self.request(::reqwest::Method::{method}, {});", Literal::string(&template)),
        );
        if let Some(security) = security {
            line(&mut body, 8, &format!("request.security({});", super::auth::requirement(security)));
        }
        if let Some(accept) = &accept {
            line(&mut body, 8, &format!("request.accept({});", Literal::string(accept)));
        }
        // Path parameters in the order the template names them, so that the first refused value is the one
        // nearest the start of the path.
        for &index in &used {
            let wire = Literal::string(&op.parameters[index].wire_name);
            let name = &self.names.parameters[index];
            self.check_parameter(&mut body, index, name, diagnostics);
            line(&mut body, 8, &format!("request.path_param({wire}, {name});"));
        }
        for (index, parameter) in op.parameters.iter().enumerate() {
            let wire = Literal::string(&parameter.wire_name);
            let name = &self.names.parameters[index];
            let value = if parameter.required { name.clone() } else { format!("&params.{name}") };
            if parameter.location != ParamLocation::Path {
                self.check_parameter(&mut body, index, &value, diagnostics);
            }
            let call = match (parameter.location, parameter.style) {
                (ParamLocation::Path, _) => continue,
                (ParamLocation::Query, QueryStyle::DeepObject) => "query_deep_object",
                (ParamLocation::Query, QueryStyle::Form) => "query",
                (ParamLocation::Header, _) => "header",
                (ParamLocation::Cookie, _) => "cookie",
            };
            line(&mut body, 8, &format!("request.{call}({wire}, {value});"));
        }
        if let Some(send_body) = send_body {
            body.push_str(&send_body);
        }

        // Responses.
        let success_type = self.success_type(types);
        let (error_variants, arms, error_outcomes) = self.responses();
        if let Some(stream) = self.streamed {
            let call = match (stream, self.successes().iter().find_map(|response| response.ty)) {
                (ResponseEncoding::EventStream, Some(_)) => "call_events",
                (ResponseEncoding::EventStream, None) => "call_event_text",
                _ => "call_lines",
            };
            line(&mut body, 8, &format!("self.{call}(request)"));
        } else {
            // The decoding function must not capture anything (it is a function pointer): the response is all it
            // reads.
            line(&mut body, 8, "self.call(request, |response| match response.status().as_u16() {");
            for arm in &arms {
                line(&mut body, 12, arm);
            }
            line(&mut body, 8, "})");
        }
        self.error_enum(&error_variants, &error_outcomes, types, shared_emitted);

        let before = methods.len();
        doc_comment_paragraphs(methods, "    ", &[op.summary.clone(), op.docs.clone()]);
        if methods.len() > before {
            methods.push_str("    ///\n");
        }
        if let Some(docs) = op.body.as_ref().and_then(|body| body.docs.clone()).filter(|docs| !docs.trim().is_empty()) {
            trusted_comment(methods, "    ", &format!("The request body, `{}`:", self.names.body));
            methods.push_str("    ///\n");
            doc_comment_paragraphs(methods, "    ", &[Some(docs)]);
            methods.push_str("    ///\n");
        }
        if let Some(media) = self.media_docs(accept.as_deref()) {
            trusted_comment(methods, "    ", &media);
            methods.push_str("    ///\n");
        }
        trusted_comment(methods, "    ", &format!("`{} {}`", method, op.path.replace('`', "'")));
        if op.deprecated {
            methods.push_str("    #[deprecated]\n");
        }
        line(
            methods,
            4,
            &format!(
                "pub fn {}({}) -> crate::runtime::Call<'_, {success_type}, {}> {{",
                self.names.method,
                arguments.join(", "),
                self.names.error_type
            ),
        );
        methods.push_str(&body);
        line(methods, 4, "}");
        if let (Some(pagination), Some(pages), None) = (&op.pagination, &self.names.pages, self.streamed) {
            self.pages_method(methods, pagination, pages, &arguments, &success_type);
        }
    }

    /// The method that streams the pages of an operation that pages: the operation's first call handed to
    /// `runtime::Pages` with how to ask for the next page and two non-capturing functions, where a page keeps its
    /// items and where it names the next cursor or URL.
    fn pages_method(
        &self,
        methods: &mut String,
        pagination: &Pagination,
        pages: &str,
        arguments: &[String],
        page_type: &str,
    ) {
        let op = self.operation;
        let place = |place: &PagePlace| match place {
            PagePlace::Query(name) => {
                (format!("Query({})", Literal::string(name)), format!("query parameter `{}`", code_text(name)))
            }
            PagePlace::Body(name) => {
                (format!("Body({})", Literal::string(name)), format!("body member `{}`", code_text(name)))
            }
        };
        let (next, how, token) = match &pagination.next {
            NextPage::Cursor { place: at, token } => {
                let (rust, text) = place(at);
                let how = format!("the cursor `{}` of each page into the {text}", self.member_text(token));
                (format!("Cursor(crate::runtime::Place::{rust})"), how, Some(token))
            }
            NextPage::Offset { place: at } => {
                let (rust, text) = place(at);
                (
                    format!("Offset(crate::runtime::Place::{rust})"),
                    format!("the {text}, advanced by the items received"),
                    None,
                )
            }
            NextPage::Page { place: at, first } => {
                let (rust, text) = place(at);
                (
                    format!("Page(crate::runtime::Place::{rust}, {first})"),
                    format!("the page number in the {text}, one more each page, from {first}"),
                    None,
                )
            }
            NextPage::Url { token } => (
                "Url".to_owned(),
                format!("the next page's URL, `{}` of each page", self.member_text(token)),
                Some(token),
            ),
            NextPage::Link => ("Link".to_owned(), "the `Link` header's `rel=\"next\"` URL".to_owned(), None),
        };
        let items = self.access(&pagination.items, "as_mut", "&mut ", "page");
        let token = match token {
            Some(token) => self.token_access(token),
            None => format!("|_| {}", self.printer.std(Std::None)),
        };
        let forwarded: Vec<&str> = arguments.iter().skip(1).filter_map(|argument| argument.split(':').next()).collect();
        let source = if pagination.declared { "declared by `x-pagination`" } else { "recognised by the generator" };
        let method = self.names.method.trim_start_matches("r#");
        methods.push('\n');
        trusted_comment(
            methods,
            "    ",
            &format!(
                "Every page of [`Client::{method}`](crate::runtime::Client::{method}), a stream that follows {how} \
                 ({source}).\n\n`.items()` streams the items one by one, `.limit(n)` caps them; an error ends the \
                 stream (see [`Pages`](crate::runtime::Pages))."
            ),
        );
        if op.deprecated {
            methods.push_str("    #[deprecated]\n");
            methods.push_str("    #[allow(deprecated)]\n");
        }
        line(
            methods,
            4,
            &format!(
                "pub fn {pages}({}) -> crate::runtime::Pages<'_, {page_type}, {}, {}> {{",
                arguments.join(", "),
                self.ty(pagination.item),
                self.names.error_type
            ),
        );
        line(
            methods,
            8,
            &format!(
                "crate::runtime::Pages::new(self.{}({}), crate::runtime::Next::{next}, {items}, {token})",
                self.names.method,
                forwarded.join(", ")
            ),
        );
        line(methods, 4, "}");
    }

    /// The member path as the document names it, for docs.
    fn member_text(&self, steps: &[Member]) -> String {
        let names: Vec<String> = steps
            .iter()
            .map(|step| match &self.printer.ir.get(step.owner).kind {
                TypeKind::Struct(s) => code_text(&s.fields[step.index].wire_name),
                _ => String::new(),
            })
            .collect();
        names.join(".")
    }

    /// The place at the end of `steps` from `root` (`page.pagination.next_cursor`), each `Option` on the way
    /// opened with `inner` (which ends in `?`) and the last one with `last`; and whether it ends in an `Option`.
    fn member_place(&self, steps: &[Member], root: &str, inner: &str, last: &str) -> (String, bool) {
        let mut place = root.to_owned();
        let mut wrapped = false;
        for (position, step) in steps.iter().enumerate() {
            place.push('.');
            place.push_str(self.printer.names.field(step.owner, step.index));
            let is_last = position + 1 == steps.len();
            for layer in 0..step.options {
                if is_last && layer + 1 == step.options {
                    place.push_str(last);
                    wrapped = true;
                } else {
                    place.push_str(inner);
                }
            }
        }
        (place, wrapped)
    }

    /// A closure from `page` to `Option<&mut T>` (or `&T` with `as_ref`) of the member at the end of `steps`,
    /// each `Option` on the way opened with `?`.
    fn access(&self, steps: &[Member], open: &str, borrow: &str, root: &str) -> String {
        let (place, wrapped) = self.member_place(steps, root, &format!(".{open}()?"), &format!(".{open}()"));
        if wrapped {
            format!("|{root}| {place}")
        } else if steps.is_empty() {
            format!("|{root}| {}({root})", self.some())
        } else {
            format!("|{root}| {}({borrow}{place})", self.some())
        }
    }

    /// A closure from `page` to the `Option<&str>` at the end of `steps`.
    fn token_access(&self, steps: &[Member]) -> String {
        let (place, wrapped) = self.member_place(steps, "page", ".as_ref()?", ".as_deref()");
        if wrapped { format!("|page| {place}") } else { format!("|page| {}({place}.as_str())", self.some()) }
    }

    /// The method's parameter arguments (`name: Type`): the required parameters positional, then the struct of the
    /// optional ones. `used` are the path parameters in the order the template names them.
    fn parameter_arguments(&self, used: &[usize]) -> Vec<String> {
        let op = self.operation;
        let positional = used.iter().copied().chain(
            op.parameters.iter().enumerate().filter(|(index, p)| p.required && !used.contains(index)).map(|(i, _)| i),
        );
        let mut arguments = Vec::new();
        for index in positional {
            let parameter = &op.parameters[index];
            arguments.push(format!("{}: {}", self.names.parameters[index], self.argument_type(parameter)));
        }
        if op.parameters.iter().any(|p| !p.required) {
            arguments.push(format!("params: &{}", self.names.params_type));
        }
        arguments
    }

    /// The statements that check parameter `index`, whose value is the expression `value`, against its
    /// constraints before it is added (none when it has nothing to check): `Request::check` for its schema's
    /// keywords, `Request::check_valid` for what its type validates (known enum values, union shapes).
    fn check_parameter(&self, body: &mut String, index: usize, value: &str, diagnostics: &mut Diagnostics) {
        let parameter = &self.operation.parameters[index];
        let wire = Literal::string(&parameter.wire_name);
        if self.checked.reaches(self.printer.ir, parameter.ty) {
            line(body, 8, &format!("request.check_valid({wire}, {value});"));
        }
        let at = format!("{}/schema", parameter.pointer);
        if let Some(rules) = rules_chain(self.printer, &parameter.rules, parameter.ty, &at, diagnostics) {
            line(body, 8, &format!("request.check({wire}, {value}, &crate::runtime::Rules::NONE.{rules});"));
        }
    }

    fn option(&self) -> &'static str {
        self.printer.std(Std::Option)
    }

    fn some(&self) -> &'static str {
        self.printer.std(Std::Some)
    }

    fn string(&self) -> &'static str {
        self.printer.std(Std::String)
    }

    fn vec(&self) -> &'static str {
        self.printer.std(Std::Vec)
    }

    fn ty(&self, id: TypeId) -> String {
        self.printer.text(id)
    }

    /// The intra-doc link to the operation's method, for the docs of its types.
    fn method_link(&self) -> String {
        let method = self.names.method.trim_start_matches("r#");
        format!("[`Client::{method}`](crate::runtime::Client::{method})")
    }

    /// The struct of the optional parameters.
    fn params_struct(&self) -> String {
        let mut out = String::new();
        trusted_comment(&mut out, "", &format!("Optional parameters of {}.", self.method_link()));
        out.push_str("#[derive(Debug, Clone, Default, PartialEq)]\n");
        line(&mut out, 0, &format!("pub struct {} {{", self.names.params_type));
        for (index, parameter) in self.operation.parameters.iter().enumerate() {
            if parameter.required {
                continue;
            }
            doc_comment_paragraphs(&mut out, "    ", std::slice::from_ref(&parameter.docs));
            if let Some(checked) = describe_rules(self.printer, &parameter.rules, parameter.ty) {
                if parameter.docs.as_deref().is_some_and(|docs| !docs.trim().is_empty()) {
                    out.push_str("    ///\n");
                }
                trusted_comment(&mut out, "    ", &checked);
            }
            let name = &self.names.parameters[index];
            line(&mut out, 4, &format!("pub {name}: {}<{}>,", self.option(), self.ty(parameter.ty)));
        }
        // Built as `Params { limit: Some(5), ..Default::default() }`: a parameter the API adds later is a minor
        // change (see `runtime::object::NonExhaustive`).
        out.push_str("    #[doc(hidden)]\n    pub __non_exhaustive: crate::runtime::NonExhaustive,\n");
        out.push_str("}\n");
        out
    }

    /// Required arguments: strings borrowed as `&str`, everything else by reference. An untyped path parameter
    /// is text in the URL, so it takes a `&str` too, not a `&serde_json::Value`.
    fn argument_type(&self, parameter: &Parameter) -> String {
        let id = parameter.ty;
        let resolved = self.printer.resolve(id);
        if parameter.location == ParamLocation::Path && matches!(self.printer.ir.get(resolved).kind, TypeKind::Any) {
            return "&str".to_owned();
        }
        if matches!(self.printer.ir.get(resolved).kind, TypeKind::String(StringKind::Plain | StringKind::Uuid))
            && resolved == id
        {
            return "&str".to_owned();
        }
        // A slice, not `&Vec<T>` (clippy's `ptr_arg`).
        if let TypeKind::Array(item) = self.printer.ir.get(id).kind {
            if !self.printer.ir.get(id).is_named() {
                return format!("&[{}]", self.ty(item));
            }
        }
        format!("&{}", self.ty(id))
    }

    /// The path template the request starts from, and the indices of the path parameters it names, in the
    /// order they first appear.
    ///
    /// The template is the spec's path with each colon-style segment that names a declared path parameter
    /// (`/profiles/:id`) written as a group (`/profiles/{id}`); nothing else changes, so literal text is sent as
    /// the spec writes it, as before. Groups are read by [`split_path_group`], the rule the runtime fills them
    /// by. A written group only ever follows `/`, `}` or the start of the template and is followed by `/` or the
    /// end, so it neither joins nor splits any other group.
    fn path_template(&self) -> (String, Vec<usize>) {
        let mut template = String::new();
        let mut used = Vec::new();
        let mut rest = self.operation.path.as_str();
        loop {
            let (text, group) = match split_path_group(rest) {
                Some((text, name, after)) => {
                    rest = after;
                    (text, Some(name))
                }
                None => (std::mem::take(&mut rest), None),
            };
            // Colon-style templates (`/profiles/:id`) name declared path parameters too.
            for segment in text.split_inclusive('/') {
                let bare = segment.trim_end_matches('/');
                let colon = bare.strip_prefix(':').filter(|name| !name.contains(['{', '}']));
                match colon.and_then(|name| Some((name, self.path_parameter(name)?))) {
                    Some((name, index)) => {
                        push_group(&mut template, &mut used, name, Some(index));
                        template.push_str(&segment[bare.len()..]);
                    }
                    None => template.push_str(segment),
                }
            }
            let Some(name) = group else { break };
            push_group(&mut template, &mut used, name, self.path_parameter(name));
        }
        (template, used)
    }

    /// The index of the path parameter named `name` in the template.
    fn path_parameter(&self, name: &str) -> Option<usize> {
        self.operation.parameters.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name)
    }

    /// Adds the body's argument (and its enum to `types` when it has several media types) and returns the
    /// statements that attach it to the request (indented by 8). `Request::json` and `Request::form` validate
    /// the body before they encode it.
    fn body(&self, arguments: &mut Vec<String>, types: &mut Vec<String>) -> Option<String> {
        let body = self.operation.body.as_ref()?;
        let name = &self.names.body;
        let some = self.some();
        let mut send = String::new();
        if let [option] = body.options.as_slice() {
            let (argument, statement) = self.body_option(option, name);
            if body.required && option.encoding == BodyEncoding::Bytes {
                // A `Vec<u8>`, a `String` or a stream ([`Upload`](crate::runtime::Upload)) as it is.
                arguments.push(format!("{name}: impl Into<{argument}>"));
                let media = Literal::string(&option.media_type);
                line(&mut send, 8, &format!("request.upload({media}, {name}.into());"));
                return Some(send);
            }
            if body.required {
                arguments.push(format!("{name}: {argument}"));
                line(&mut send, 8, &statement);
                return Some(send);
            }
            arguments.push(format!("{name}: {}<{argument}>", self.option()));
            line(&mut send, 8, &format!("if let {some}({name}) = {name} {{"));
            line(&mut send, 12, &statement);
            line(&mut send, 8, "}");
            return Some(send);
        }
        let enum_name = &self.names.body_type;
        let mut item = String::new();
        trusted_comment(&mut item, "", "The request body, in one of the media types the operation accepts.");
        item.push_str("#[derive(Debug)]\n#[non_exhaustive]\n");
        line(&mut item, 0, &format!("pub enum {enum_name} {{"));
        // Each arm: its pattern and its statement.
        let mut arms: Vec<(String, String)> = Vec::new();
        for option in &body.options {
            let variant = variant_for_encoding(option.encoding);
            let (argument, statement) = self.body_option(option, "value");
            let owned = match option.encoding {
                BodyEncoding::Json | BodyEncoding::Form => self.ty(option.ty),
                BodyEncoding::Text => self.string().to_owned(),
                BodyEncoding::Multipart => argument,
                BodyEncoding::Bytes => "crate::runtime::Upload".to_owned(),
            };
            trusted_comment(&mut item, "    ", &format!("Sent as `{}`.", option.media_type.replace('`', "'")));
            line(&mut item, 4, &format!("{variant}({owned}),"));
            let pattern = match option.encoding {
                BodyEncoding::Multipart | BodyEncoding::Bytes => format!("{enum_name}::{variant}(value)"),
                _ => format!("{enum_name}::{variant}(ref value)"),
            };
            let statement = match option.encoding {
                BodyEncoding::Text => format!("request.text({}, value.clone());", Literal::string(&option.media_type)),
                _ => statement,
            };
            arms.push((pattern, statement));
        }
        item.push_str("}\n");
        types.push(item);
        let indent = if body.required {
            arguments.push(format!("{name}: {enum_name}"));
            8
        } else {
            arguments.push(format!("{name}: {}<{enum_name}>", self.option()));
            line(&mut send, 8, &format!("if let {some}({name}) = {name} {{"));
            12
        };
        line(&mut send, indent, &format!("match {name} {{"));
        for (pattern, statement) in &arms {
            line(&mut send, indent + 4, &format!("{pattern} => {{"));
            line(&mut send, indent + 8, statement);
            line(&mut send, indent + 4, "}");
        }
        line(&mut send, indent, "}");
        if !body.required {
            line(&mut send, 8, "}");
        }
        Some(send)
    }

    /// The argument type for one body option and the statement that attaches `value` to the request.
    fn body_option(&self, option: &BodyOption, value: &str) -> (String, String) {
        let media = Literal::string(&option.media_type);
        match option.encoding {
            BodyEncoding::Json => (format!("&{}", self.ty(option.ty)), format!("request.json({value});")),
            BodyEncoding::Form => (format!("&{}", self.ty(option.ty)), format!("request.form({value});")),
            BodyEncoding::Multipart => {
                ("::reqwest::multipart::Form".to_owned(), format!("request.multipart({value});"))
            }
            BodyEncoding::Bytes => ("crate::runtime::Upload".to_owned(), format!("request.upload({media}, {value});")),
            BodyEncoding::Text => {
                ("&str".to_owned(), format!("request.text({media}, {}::from({value}));", self.string()))
            }
        }
    }

    /// The type of one item of a JSON or JSON Lines body.
    fn item(&self, ty: Option<TypeId>) -> String {
        match ty {
            Some(ty) => self.ty(ty),
            None => "::serde_json::Value".to_owned(),
        }
    }

    /// The `Accept` header the method sends: the media types its successes decode, when a success declares
    /// others a server could answer with instead.
    fn accept(&self) -> Option<String> {
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
    fn media_docs(&self, accept: Option<&str>) -> Option<String> {
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

    fn outcome_type(&self, response: &Response) -> String {
        match (response.encoding, response.ty) {
            (ResponseEncoding::Json, Some(ty)) => self.ty(ty),
            (ResponseEncoding::Json, None) => "::serde_json::Value".to_owned(),
            (ResponseEncoding::JsonLines, ty) if self.streamed.is_some() => {
                format!("crate::runtime::JsonLines<{}>", self.item(ty))
            }
            (ResponseEncoding::EventStream, Some(ty)) if self.streamed.is_some() => {
                format!("crate::runtime::EventStream<{}>", self.ty(ty))
            }
            (ResponseEncoding::EventStream, None) if self.streamed.is_some() => {
                format!("crate::runtime::EventStream<{}>", self.string())
            }
            (ResponseEncoding::JsonLines | ResponseEncoding::EventStream, _) => format!("{}<u8>", self.vec()),
            (ResponseEncoding::Text, _) => self.string().to_owned(),
            (ResponseEncoding::Bytes, _) => format!("{}<u8>", self.vec()),
            (ResponseEncoding::Empty, _) => "()".to_owned(),
        }
    }

    fn successes(&self) -> Vec<&Response> {
        let declared: Vec<&Response> = self.operation.responses.iter().filter(|r| r.status.is_success()).collect();
        if declared.is_empty() {
            return self.operation.responses.iter().filter(|r| r.status == StatusMatch::Default).collect();
        }
        declared
    }

    /// Whether the success statuses disagree on the body type, so that they need an enum.
    fn successes_differ(&self, successes: &[&Response]) -> bool {
        let mut types = successes.iter().map(|r| self.outcome_type(r));
        match types.next() {
            Some(first) => types.any(|ty| ty != first),
            None => false,
        }
    }

    /// The success body type; the enum that holds it when statuses disagree on the type goes to `types`.
    fn success_type(&self, types: &mut Vec<String>) -> String {
        let successes = self.successes();
        let Some(first) = successes.first() else { return "()".to_owned() };
        if !self.successes_differ(&successes) {
            return self.outcome_type(first);
        }
        let enum_name = &self.names.response_type;
        let mut item = String::new();
        trusted_comment(&mut item, "", "The success responses of the operation, by status.");
        item.push_str("#[derive(Debug, Clone, PartialEq)]\n#[non_exhaustive]\n");
        line(&mut item, 0, &format!("pub enum {enum_name} {{"));
        for response in &successes {
            let variant = status_variant(response.status);
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
    fn responses(&self) -> (String, Vec<String>, Vec<Outcome>) {
        let op = self.operation;
        let successes = self.successes();
        let success_is_enum = self.successes_differ(&successes);
        let success_enum = &self.names.response_type;
        let mut outcomes: Vec<Outcome> = Vec::new();
        for response in &successes {
            outcomes.push(Outcome {
                status: response.status,
                variant: success_is_enum.then(|| status_variant(response.status)),
                encoding: response.encoding,
                ty: self.outcome_type(response),
            });
        }
        let mut error_variants = String::new();
        let mut error_outcomes = Vec::new();
        for response in op.responses.iter().filter(|r| !r.status.is_success()) {
            let variant = status_variant(response.status);
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
                    variant: Some(variant),
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
                    arms.push(format!("200..=299 => {},", fallback(&outcomes, success_enum)));
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
    fn error_enum(
        &self,
        variants: &str,
        outcomes: &[Outcome],
        types: &mut Vec<String>,
        shared_emitted: &mut BTreeSet<usize>,
    ) {
        let mut arms = Vec::new();
        for outcome in outcomes {
            let variant = outcome.variant.as_deref().unwrap_or("Default");
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
        if let Some((index, shared)) = shared {
            if !shared_emitted.insert(index) {
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
            Some((_, shared)) => self.shared_error_doc(shared, variants.is_empty()),
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
    fn shared_error_doc(&self, shared: &SharedError, empty: bool) -> String {
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
        if empty {
            return format!(
                "No error status: {} declare none ({}), so the enum has no variants and an error status comes \
                 back as `Error::UnexpectedStatus`. Each operation's own error type (`…Error`) is an alias of this \
                 one.",
                whose,
                links.join(", ")
            );
        }
        format!(
            "The error statuses, with their bodies, that {} declare alike: {}. Each operation's own error type \
             (`…Error`) is an alias of this one.",
            whose,
            links.join(", ")
        )
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
        // A stream is read as a stream only when every success is one (`OperationEmitter::streamed`).
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
fn fallback(outcomes: &[Outcome], success_enum: &str) -> String {
    let mut chain = "response.fallback()".to_owned();
    let (bodiless, bodies): (Vec<&Outcome>, Vec<&Outcome>) =
        outcomes.iter().partition(|outcome| outcome.encoding == ResponseEncoding::Empty);
    for outcome in bodiless.into_iter().chain(bodies) {
        let variant = format!("{success_enum}::{}", outcome.variant.as_deref().unwrap_or("Default"));
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

/// When an operation's successes are all one kind of stream (JSON lines or server-sent events; bodiless ones
/// aside) of one item type, that kind: its method returns them as a stream read as it arrives. A stream next to
/// a success of another kind is read as bytes, with a warning.
fn streams(
    operation: &Operation,
    printer: &TypePrinter<'_>,
    diagnostics: &mut Diagnostics,
) -> Option<ResponseEncoding> {
    let declared: Vec<&Response> = operation.responses.iter().filter(|r| r.status.is_success()).collect();
    let successes = if declared.is_empty() {
        operation.responses.iter().filter(|r| r.status == StatusMatch::Default).collect()
    } else {
        declared
    };
    let with_body: Vec<&&Response> = successes.iter().filter(|r| r.encoding != ResponseEncoding::Empty).collect();
    let is_stream = |encoding| matches!(encoding, ResponseEncoding::JsonLines | ResponseEncoding::EventStream);
    let first = with_body.iter().find(|response| is_stream(response.encoding))?;
    let item = |response: &Response| response.ty.map(|ty| printer.text(ty));
    if with_body.iter().all(|response| response.encoding == first.encoding && item(response) == item(first)) {
        return Some(first.encoding);
    }
    let kind = if first.encoding == ResponseEncoding::EventStream { "server-sent events" } else { "JSON lines" };
    diagnostics.warn(
        crate::error::WarningKind::MediaType,
        &operation.pointer,
        format!(
            "a success streamed as {kind} is read as bytes: the operation's other successes are not streams of the \
             same items"
        ),
    );
    None
}

/// Spec text for a doc comment's code span: backticks and control characters would end or break it.
fn code_text(text: &str) -> String {
    text.chars().map(|c| if c == '`' || c.is_control() { '\'' } else { c }).collect()
}

/// Appends the group `{name}` to a path template, and the index of the path parameter it names (if one does)
/// to `used` unless it is there already.
fn push_group(template: &mut String, used: &mut Vec<usize>, name: &str, parameter: Option<usize>) {
    if let Some(index) = parameter.filter(|index| !used.contains(index)) {
        used.push(index);
    }
    template.push('{');
    template.push_str(name);
    template.push('}');
}

/// Appends `text` as one line indented by `indent` spaces.
fn line(out: &mut String, indent: usize, text: &str) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(text);
    out.push('\n');
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

fn variant_for_encoding(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::Json => "Json",
        BodyEncoding::Form => "Form",
        BodyEncoding::Multipart => "Multipart",
        BodyEncoding::Bytes => "Bytes",
        BodyEncoding::Text => "Text",
    }
}

fn status_doc(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => format!("Status {code}."),
        StatusMatch::Range(class) => format!("A {class}XX status."),
        StatusMatch::Default => "Any status the operation does not list.".to_owned(),
    }
}

/// A variant name for a status: its reason phrase where it has a common one.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Exact(code) => match code {
            200 => "Ok".to_owned(),
            201 => "Created".to_owned(),
            202 => "Accepted".to_owned(),
            203 => "NonAuthoritativeInformation".to_owned(),
            204 => "NoContent".to_owned(),
            206 => "PartialContent".to_owned(),
            207 => "MultiStatus".to_owned(),
            301 => "MovedPermanently".to_owned(),
            302 => "Found".to_owned(),
            303 => "SeeOther".to_owned(),
            304 => "NotModified".to_owned(),
            307 => "TemporaryRedirect".to_owned(),
            308 => "PermanentRedirect".to_owned(),
            400 => "BadRequest".to_owned(),
            401 => "Unauthorized".to_owned(),
            402 => "PaymentRequired".to_owned(),
            403 => "Forbidden".to_owned(),
            404 => "NotFound".to_owned(),
            405 => "MethodNotAllowed".to_owned(),
            406 => "NotAcceptable".to_owned(),
            408 => "RequestTimeout".to_owned(),
            409 => "Conflict".to_owned(),
            410 => "Gone".to_owned(),
            411 => "LengthRequired".to_owned(),
            412 => "PreconditionFailed".to_owned(),
            413 => "PayloadTooLarge".to_owned(),
            415 => "UnsupportedMediaType".to_owned(),
            416 => "RangeNotSatisfiable".to_owned(),
            418 => "ImATeapot".to_owned(),
            422 => "UnprocessableEntity".to_owned(),
            423 => "Locked".to_owned(),
            424 => "FailedDependency".to_owned(),
            428 => "PreconditionRequired".to_owned(),
            429 => "TooManyRequests".to_owned(),
            451 => "UnavailableForLegalReasons".to_owned(),
            500 => "InternalServerError".to_owned(),
            501 => "NotImplemented".to_owned(),
            502 => "BadGateway".to_owned(),
            503 => "ServiceUnavailable".to_owned(),
            504 => "GatewayTimeout".to_owned(),
            other => format!("Status{other}"),
        },
        StatusMatch::Range(class) => format!("Status{class}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostics;

    /// The operations text of a document.
    fn operations_text(text: &str) -> String {
        let mut document = crate::parse::parse_document("spec.yaml", text).unwrap();
        let mut diagnostics = Diagnostics::new("spec.yaml");
        crate::normalize::normalize(&mut document, &mut diagnostics).unwrap();
        let ir = crate::lower::lower(&document, &mut diagnostics);
        let names = crate::names::name(&ir, &mut diagnostics);
        let checked = Checked::new(&ir);
        items(&ir, &names, &checked, &mut diagnostics)
            .into_iter()
            .map(|chunk| match chunk {
                super::super::Chunk::Text(text) => text,
                super::super::Chunk::Tokens(tokens) => tokens.to_string(),
            })
            .collect()
    }

    #[test]
    fn path_templates_keep_their_text_and_name_colon_parameters_as_groups() {
        let text = operations_text(
            r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /profiles/:id/posts/{post}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: post, in: path, required: true, schema: {type: integer}}
      responses: {"204": {description: a}}
  /a{b/:id/:other/%7E/{c}d:
    put:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: a}}
  /plain/{x{y}/z:
    post: {responses: {"204": {description: a}}}
"#,
        );
        let expected = [
            r#"let mut request = self.request(::reqwest::Method::GET, "/profiles/{id}/posts/{post}");"#,
            r#"request.path_param("id", id);"#,
            r#"request.path_param("post", post);"#,
            // `:other` names no declared parameter and `{b` opens no group: both stay text.
            r#"let mut request = self.request(::reqwest::Method::PUT, "/a{b/{id}/:other/%7E/{c}d");"#,
            r#"request.path_param("c", c);"#,
            // `{x` is text, `{y}` the group.
            r#"let mut request = self.request(::reqwest::Method::POST, "/plain/{x{y}/z");"#,
            r#"request.path_param("y", y);"#,
        ];
        for line in expected {
            assert!(text.contains(line), "{line}\n{text}");
        }
        assert!(!text.contains(r#"path_param("x{y""#), "{text}");
        assert!(!text.contains('?') && !text.contains(".await"), "{text}");
    }

    #[test]
    fn a_method_with_nothing_to_add_binds_its_request_immutably() {
        let text = operations_text(
            r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /items/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: a, content: {application/json: {schema: {type: string}}}}}
  /items:
    get: {responses: {"200": {description: a, content: {application/json: {schema: {type: string}}}}}}
"#,
        );
        assert!(text.contains(r#"let mut request = self.request(::reqwest::Method::GET, "/items/{id}");"#), "{text}");
        assert!(text.contains(r#"let request = self.request(::reqwest::Method::GET, "/items");"#), "{text}");
        assert!(text.contains("self.call(request, |response| match response.status().as_u16() {"), "{text}");
    }
}

/// What one operation's method promises a caller, as the text the emitter writes: its arguments (after
/// `&self`), its success type, and one line per variant of its body, success and error enums (docs left out).
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    pub arguments: Vec<String>,
    pub success: String,
    pub body_variants: Vec<String>,
    pub success_variants: Vec<String>,
    pub error_variants: Vec<String>,
}

/// The signature of every operation's method, in IR order.
pub fn signatures(ir: &Ir, names: &Names, checked: &Checked) -> Vec<Signature> {
    let printer = TypePrinter::new(ir, names, Scope::Operations);
    // The emitter reports these warnings; the signatures only need the decisions.
    let mut diagnostics = Diagnostics::new("");
    let mut signatures = Vec::new();
    for (operation, operation_names) in ir.operations.iter().zip(&names.operations) {
        let streamed = streams(operation, &printer, &mut diagnostics);
        let emitter = OperationEmitter { printer: &printer, operation, names: operation_names, checked, streamed };
        let (_, used) = emitter.path_template();
        let mut arguments = emitter.parameter_arguments(&used);
        let mut body_types = Vec::new();
        emitter.body(&mut arguments, &mut body_types);
        let mut success_types = Vec::new();
        let success = emitter.success_type(&mut success_types);
        let (error_variants, _, _) = emitter.responses();
        signatures.push(Signature {
            arguments,
            success,
            body_variants: body_types.iter().flat_map(|item| variant_lines(item)).collect(),
            success_variants: success_types.iter().flat_map(|item| variant_lines(item)).collect(),
            error_variants: variant_lines(&error_variants),
        });
    }
    signatures
}

/// The variant lines of an enum's text (`Json(crate::models::Pet)`), without docs or braces.
fn variant_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with("    ") && !line.trim_start().starts_with("///"))
        .map(|line| line.trim().trim_end_matches(',').to_owned())
        .collect()
}
