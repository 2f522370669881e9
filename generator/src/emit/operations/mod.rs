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
//!
//! Here: the method, its parameters and its body; `responses.rs` the success type, the status `match` and the
//! error enum; `pages.rs` the pages method; `signatures.rs` what each method promises, for the change report.

mod pages;
mod responses;
mod signatures;
#[cfg(test)]
mod tests;

pub use signatures::{Signature, signatures};

use super::Chunk;
use super::checks::{describe_rules, rules_chain};
use super::docs::{doc_comment_paragraphs, trusted_comment};
use super::types::{Scope, Std, TypePrinter};
use crate::analysis::{Analysis, OperationFacts};
use crate::emit::literal::string_literal;
use crate::ir::*;
use crate::names::{Names, OperationNames};
use crate::side_by_side::{self, Threads};
use std::ops::Range;

/// Room for one method's text, reserved up front (a method is rarely over 2 KiB, and room never written takes no
/// memory), so that the text of thousands is not copied at every doubling.
const METHOD_ROOM: usize = 2048;

pub fn items(ir: &Ir, names: &Names, analysis: &Analysis, threads: Threads) -> Vec<Chunk> {
    let printer = TypePrinter::new(ir, names, Scope::Operations);
    let count = ir.operations.len();
    // The `impl` block: its head, then each method after a line break.
    let mut laid_out = LaidOut::with_room(count);
    laid_out.methods.push_str("impl crate::runtime::Client {");
    match threads {
        Threads::One => lay_out(&printer, analysis, 0..count, &mut laid_out),
        // Each operation's text depends on that operation alone: the second half is laid out on another thread
        // meanwhile, and appended.
        Threads::Two => {
            let half = count / 2;
            let mut second = LaidOut::with_room(0);
            side_by_side::join(
                threads,
                || lay_out(&printer, analysis, half..count, &mut second),
                || lay_out(&printer, analysis, 0..half, &mut laid_out),
            );
            laid_out.methods.push_str(&second.methods);
            laid_out.types.append(&mut second.types);
        }
    }
    laid_out.methods.push_str("}\n");
    let mut chunks = vec![Chunk::Text(laid_out.methods)];
    chunks.extend(laid_out.types.into_iter().map(Chunk::Text));
    chunks
}

/// The text of a run of operations: their methods, each after a line break, and their own types, in order.
struct LaidOut {
    methods: String,
    types: Vec<String>,
}

impl LaidOut {
    /// Nothing yet, with room for `operations` methods.
    fn with_room(operations: usize) -> Self {
        LaidOut { methods: String::with_capacity(operations * METHOD_ROOM), types: Vec::with_capacity(operations * 2) }
    }
}

/// Lays out the operations in `range` (indexes in `Ir::operations`) after what `into` holds.
fn lay_out(printer: &TypePrinter<'_>, analysis: &Analysis, range: Range<usize>, into: &mut LaidOut) {
    for index in range {
        let emitter = OperationEmitter {
            printer,
            index,
            operation: &printer.ir.operations[index],
            names: &printer.names.operations[index],
            analysis,
            facts: analysis.operation(index),
        };
        into.methods.push('\n');
        emitter.emit(&mut into.methods, &mut into.types);
    }
}

struct OperationEmitter<'a> {
    printer: &'a TypePrinter<'a>,
    /// The operation's index in `Ir::operations`.
    index: usize,
    operation: &'a Operation,
    names: &'a OperationNames,
    /// Which types have something to validate, which patterns are checked.
    analysis: &'a Analysis,
    /// The operation's path template and whether its successes are a stream.
    facts: &'a OperationFacts,
}

impl OperationEmitter<'_> {
    /// Appends the method to `methods` and the operation's own types to `types`.
    fn emit(&self, methods: &mut String, types: &mut Vec<String>) {
        let op = self.operation;
        let mut arguments = vec!["&self".to_owned()];
        // The method body, each line indented by 8 spaces.
        let mut body = String::new();

        // Path: the template, with colon-style groups written as `{name}`.
        let (template, used) = (&self.facts.template, &self.facts.path_parameters);

        // Parameters: required ones positional, optional ones in one struct. Path arguments come first, in the
        // order the template names them (sibling operations then agree, and a swap of two `&str` is less
        // likely), then the other required parameters in document order.
        arguments.extend(self.parameter_arguments(used));
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
            &format!("{binding} = self.request(::reqwest::Method::{method}, {});", string_literal(template)),
        );
        if let Some(security) = security {
            line(&mut body, 8, &format!("request.security({});", super::auth::requirement(security)));
        }
        if let Some(accept) = &accept {
            line(&mut body, 8, &format!("request.accept({});", string_literal(accept)));
        }
        // Path parameters in the order the template names them, so that the first refused value is the one
        // nearest the start of the path.
        for &index in used {
            let wire = string_literal(&op.parameters[index].wire_name);
            let name = &self.names.parameters[index];
            self.check_parameter(&mut body, index, name);
            line(&mut body, 8, &format!("request.path_param({wire}, {name});"));
        }
        for (index, parameter) in op.parameters.iter().enumerate() {
            let wire = string_literal(&parameter.wire_name);
            let name = &self.names.parameters[index];
            let value = if parameter.required { name.clone() } else { format!("&params.{name}") };
            if parameter.location != ParamLocation::Path {
                self.check_parameter(&mut body, index, &value);
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
        if let Some(stream) = self.facts.streamed {
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
        self.error_enum(&error_variants, &error_outcomes, types);

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
        if let (Some(pagination), Some(pages), None) = (&op.pagination, &self.names.pages, self.facts.streamed) {
            self.pages_method(methods, pagination, pages, &arguments, &success_type);
        }
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
    fn check_parameter(&self, body: &mut String, index: usize, value: &str) {
        let parameter = &self.operation.parameters[index];
        let wire = string_literal(&parameter.wire_name);
        if self.analysis.validates(parameter.ty) {
            line(body, 8, &format!("request.check_valid({wire}, {value});"));
        }
        if let Some(rules) = rules_chain(self.printer, self.analysis, &parameter.rules, parameter.ty) {
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
            if let Some(checked) = describe_rules(self.printer, self.analysis, &parameter.rules, parameter.ty) {
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
                let media = string_literal(&option.media_type);
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
        for (index, option) in body.options.iter().enumerate() {
            let variant = self.names.body_variant(index);
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
                BodyEncoding::Text => format!("request.text({}, value.clone());", string_literal(&option.media_type)),
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
        let media = string_literal(&option.media_type);
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
}

/// Spec text for a doc comment's code span: backticks and control characters would end or break it.
fn code_text(text: &str) -> String {
    text.chars().map(|c| if c == '`' || c.is_control() { '\'' } else { c }).collect()
}

/// Appends `text` as one line indented by `indent` spaces.
fn line(out: &mut String, indent: usize, text: &str) {
    out.extend(std::iter::repeat_n(' ', indent));
    out.push_str(text);
    out.push('\n');
}
