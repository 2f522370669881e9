//! Operations: the IR's operations in, `operations.rs` out: one async `Client` method per operation,
//! plus its error enum and, where needed, its parameters struct, body enum and success enum.

use super::Chunk;
use super::docs::{doc_paragraphs, trusted_doc};
use super::types::{TypePrinter, ident};
use crate::ir::*;
use crate::names::{Names, OperationNames};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

pub fn items(ir: &Ir, names: &Names) -> Vec<Chunk> {
    let printer = TypePrinter { ir, names, models: quote!(crate::models::), runtime: quote!(crate::runtime::) };
    let mut support = Vec::new();
    let mut methods = Vec::new();
    let mut error_enums = BTreeMap::new();
    for (operation, operation_names) in ir.operations.iter().zip(&names.operations) {
        let emitter = OperationEmitter { printer: &printer, operation, names: operation_names };
        let (method, types) = emitter.emit(&mut error_enums);
        methods.push(method);
        support.extend(types);
    }
    let mut chunks = vec![Chunk::Tokens(quote! {
        impl crate::runtime::Client {
            #(#methods)*
        }
    })];
    chunks.extend(support.into_iter().map(Chunk::Tokens));
    chunks
}

struct OperationEmitter<'a> {
    printer: &'a TypePrinter<'a>,
    operation: &'a Operation,
    names: &'a OperationNames,
}

/// How a response body is read, and the Rust type it becomes.
struct Outcome {
    status: StatusMatch,
    variant: Option<proc_macro2::Ident>,
    encoding: ResponseEncoding,
    ty: TokenStream,
}

impl OperationEmitter<'_> {
    /// The method and the operation's own types. `error_enums` maps an error enum's variants and status arms
    /// (as text) to the first operation's enum and method with exactly those: later ones alias it.
    fn emit(
        &self,
        error_enums: &mut BTreeMap<String, (proc_macro2::Ident, String)>,
    ) -> (TokenStream, Vec<TokenStream>) {
        let op = self.operation;
        let stem = &self.names.type_stem;
        let method = ident(&self.names.method);
        let mut types = Vec::new();
        let mut arguments = Vec::new();
        let mut statements = Vec::new();

        // Parameters: required ones positional, optional ones in one struct.
        let optional: Vec<(usize, &Parameter)> =
            op.parameters.iter().enumerate().filter(|(_, p)| !p.required).collect();
        let params_struct = format_ident!("{}Params", stem);
        for (index, parameter) in op.parameters.iter().enumerate() {
            if parameter.required {
                let name = ident(&self.names.parameters[index]);
                let ty = self.argument_type(parameter.ty);
                arguments.push(quote!(#name: #ty));
            }
        }
        if !optional.is_empty() {
            let fields = optional.iter().map(|(index, parameter)| {
                let name = ident(&self.names.parameters[*index]);
                let ty = self.printer.ty(parameter.ty);
                let docs = doc_paragraphs(std::slice::from_ref(&parameter.docs));
                quote!(#docs pub #name: ::std::option::Option<#ty>,)
            });
            let doc = trusted_doc(&format!(
                "Optional parameters of [`Client::{}`](crate::runtime::Client::{}).",
                self.names.method.trim_start_matches("r#"),
                self.names.method.trim_start_matches("r#")
            ));
            types.push(quote! {
                #doc
                #[derive(Debug, Clone, Default, PartialEq)]
                pub struct #params_struct {
                    #(#fields)*
                }
            });
            arguments.push(quote!(params: &#params_struct));
        }

        // Body.
        let body_statement = self.body(&mut arguments, &mut types, &mut statements);

        // Path.
        let (path, used) = self.path_expression();
        // A declared path parameter the template does not name is still an argument; it is bound so that
        // the method compiles without an unused-variable warning.
        for (index, parameter) in op.parameters.iter().enumerate() {
            if parameter.location == ParamLocation::Path && parameter.required && !used.contains(&index) {
                let name = ident(&self.names.parameters[index]);
                statements.push(quote!(let _ = #name;));
            }
        }
        let method_const = format_ident!("{}", op.method.to_ascii_uppercase());
        statements.push(quote!(let path = #path;));
        let mutates = op.body.is_some() || op.parameters.iter().any(|p| p.location != ParamLocation::Path);
        let binding = if mutates { quote!(let mut request) } else { quote!(let request) };
        statements.push(quote!(#binding = self.request(::reqwest::Method::#method_const, &path);));
        for (index, parameter) in op.parameters.iter().enumerate() {
            let wire = &parameter.wire_name;
            let name = ident(&self.names.parameters[index]);
            let value = if parameter.required { quote!(#name) } else { quote!(&params.#name) };
            let call = match (parameter.location, parameter.style) {
                (ParamLocation::Path, _) => continue,
                (ParamLocation::Query, QueryStyle::DeepObject) => quote!(request.query_deep_object(#wire, #value)?;),
                (ParamLocation::Query, QueryStyle::Form) => quote!(request.query(#wire, #value)?;),
                (ParamLocation::Header, _) => quote!(request.header(#wire, #value)?;),
                (ParamLocation::Cookie, _) => quote!(request.cookie(#wire, #value)?;),
            };
            statements.push(call);
        }
        if let Some(body_statement) = body_statement {
            statements.push(body_statement);
        }
        statements.push(quote!(let response = self.send(request).await?;));

        // Responses.
        let (success_type, success_types) = self.success_type(stem);
        types.extend(success_types);
        let error_type = format_ident!("{}Error", stem);
        let (error_variants, arms, error_outcomes) = self.responses();
        types.extend(self.error_enum(&error_type, error_variants, &error_outcomes, error_enums));
        statements.push(quote! {
            match response.status().as_u16() {
                #(#arms)*
            }
        });

        let summary = op.summary.clone();
        let route = format!("`{} {}`", op.method.to_ascii_uppercase(), op.path.replace('`', "'"));
        let docs = doc_paragraphs(&[summary, op.docs.clone()]);
        let route_doc = trusted_doc(&route);
        let separator = if docs.is_empty() { TokenStream::new() } else { quote!(#[doc = ""]) };
        let deprecated = if op.deprecated { quote!(#[deprecated]) } else { TokenStream::new() };
        let method_tokens = quote! {
            #docs
            #separator
            #route_doc
            #deprecated
            pub async fn #method(&self, #(#arguments),*) -> crate::runtime::ApiResult<#success_type, #error_type> {
                #(#statements)*
            }
        };
        (method_tokens, types)
    }

    /// Required arguments: strings borrowed as `&str`, everything else by reference.
    fn argument_type(&self, id: TypeId) -> TokenStream {
        let resolved = self.printer.resolve(id);
        if matches!(self.printer.ir.get(resolved).kind, TypeKind::String(StringKind::Plain | StringKind::Uuid))
            && resolved == id
        {
            return quote!(&str);
        }
        // A slice, not `&Vec<T>` (clippy's `ptr_arg`).
        if let TypeKind::Array(item) = self.printer.ir.get(id).kind {
            if !self.printer.ir.get(id).is_named() {
                let item = self.printer.ty(item);
                return quote!(&[#item]);
            }
        }
        let ty = self.printer.ty(id);
        quote!(&#ty)
    }

    /// The request path: literal pieces and encoded parameter values, concatenated; and the indices of
    /// the parameters it uses.
    fn path_expression(&self) -> (TokenStream, Vec<usize>) {
        let op = self.operation;
        let mut used = Vec::new();
        let mut pieces: Vec<TokenStream> = Vec::new();
        let mut literal = String::new();
        let flush = |literal: &mut String, pieces: &mut Vec<TokenStream>| {
            if !literal.is_empty() {
                let text = Literal::string(literal);
                pieces.push(quote!(#text));
                literal.clear();
            }
        };
        // The path as text between `{name}` groups, each part with the group's name when it is one.
        let mut parts: Vec<(&str, Option<&str>)> = Vec::new();
        let mut rest = op.path.as_str();
        while let Some(start) = rest.find('{') {
            let Some(length) = rest[start..].find('}') else { break };
            parts.push((&rest[..start], None));
            parts.push((&rest[start..start + length + 1], Some(&rest[start + 1..start + length])));
            rest = &rest[start + length + 1..];
        }
        parts.push((rest, None));
        for (text, group) in parts {
            if let Some(name) = group {
                match self.path_parameter(name) {
                    Some((index, value)) => {
                        used.push(index);
                        flush(&mut literal, &mut pieces);
                        pieces.push(quote!(&#value));
                    }
                    None => literal.push_str(text),
                }
                continue;
            }
            // Colon-style templates (`/profiles/:id`) name declared path parameters too.
            for segment in text.split_inclusive('/') {
                let bare = segment.trim_end_matches('/');
                match bare.strip_prefix(':').and_then(|name| self.path_parameter(name)) {
                    Some((index, value)) => {
                        used.push(index);
                        flush(&mut literal, &mut pieces);
                        pieces.push(quote!(&#value));
                        if segment.ends_with('/') {
                            literal.push('/');
                        }
                    }
                    None => literal.push_str(segment),
                }
            }
        }
        if pieces.is_empty() {
            let text = Literal::string(&literal);
            return (quote!(::std::string::String::from(#text)), used);
        }
        flush(&mut literal, &mut pieces);
        (quote!([#(#pieces),*].concat()), used)
    }

    fn path_parameter(&self, name: &str) -> Option<(usize, TokenStream)> {
        let index =
            self.operation.parameters.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name)?;
        let ident = ident(&self.names.parameters[index]);
        Some((index, quote!(crate::runtime::path_param_named(#name, #ident)?)))
    }

    fn body(
        &self,
        arguments: &mut Vec<TokenStream>,
        types: &mut Vec<TokenStream>,
        statements: &mut Vec<TokenStream>,
    ) -> Option<TokenStream> {
        let body = self.operation.body.as_ref()?;
        let name = ident(&self.names.body);
        if body.options.len() == 1 {
            let option = &body.options[0];
            let (argument, send) = self.body_option(option, quote!(#name));
            if body.required {
                arguments.push(quote!(#name: #argument));
                if matches!(option.encoding, BodyEncoding::Json | BodyEncoding::Form) {
                    statements.push(quote!(crate::runtime::Validate::validate(#name)?;));
                }
                return Some(send);
            }
            arguments.push(quote!(#name: ::std::option::Option<#argument>));
            if matches!(option.encoding, BodyEncoding::Json | BodyEncoding::Form) {
                statements.push(quote!(if let ::std::option::Option::Some(#name) = #name { crate::runtime::Validate::validate(#name)?; }));
            }
            return Some(quote!(if let ::std::option::Option::Some(#name) = #name { #send }));
        }
        let enum_name = format_ident!("{}Body", self.names.type_stem);
        let mut variants = Vec::new();
        let mut arms = Vec::new();
        for option in &body.options {
            let variant = format_ident!("{}", variant_for_encoding(option.encoding));
            let (argument, send) = self.body_option(option, quote!(value));
            let owned = match option.encoding {
                BodyEncoding::Json | BodyEncoding::Form => {
                    let ty = self.printer.ty(option.ty);
                    quote!(#ty)
                }
                _ => argument.clone(),
            };
            let owned = match option.encoding {
                BodyEncoding::Text => quote!(::std::string::String),
                _ => owned,
            };
            let media = &option.media_type;
            let doc = trusted_doc(&format!("Sent as `{}`.", media.replace('`', "'")));
            variants.push(quote!(#doc #variant(#owned),));
            let validate = if matches!(option.encoding, BodyEncoding::Json | BodyEncoding::Form) {
                quote!(crate::runtime::Validate::validate(value)?;)
            } else {
                TokenStream::new()
            };
            let bind = match option.encoding {
                BodyEncoding::Multipart | BodyEncoding::Bytes => quote!(#enum_name::#variant(value)),
                _ => quote!(#enum_name::#variant(ref value)),
            };
            let send = match option.encoding {
                BodyEncoding::Text => {
                    let media = Literal::string(media);
                    quote!(request.text(#media, value.clone());)
                }
                _ => send,
            };
            arms.push(quote!(#bind => { #validate #send }));
        }
        let doc = trusted_doc("The request body, in one of the media types the operation accepts.");
        types.push(quote! {
            #doc
            #[derive(Debug)]
            pub enum #enum_name {
                #(#variants)*
            }
        });
        if body.required {
            arguments.push(quote!(#name: #enum_name));
            Some(quote!(match #name { #(#arms)* }))
        } else {
            arguments.push(quote!(#name: ::std::option::Option<#enum_name>));
            Some(quote!(if let ::std::option::Option::Some(#name) = #name { match #name { #(#arms)* } }))
        }
    }

    /// The argument type for one body option and the statement that attaches `value` to the request.
    fn body_option(&self, option: &BodyOption, value: TokenStream) -> (TokenStream, TokenStream) {
        let media = Literal::string(&option.media_type);
        match option.encoding {
            BodyEncoding::Json => {
                let ty = self.printer.ty(option.ty);
                (quote!(&#ty), quote!(request.json(#value)?;))
            }
            BodyEncoding::Form => {
                let ty = self.printer.ty(option.ty);
                (quote!(&#ty), quote!(request.form(#value)?;))
            }
            BodyEncoding::Multipart => (quote!(::reqwest::multipart::Form), quote!(request.multipart(#value);)),
            BodyEncoding::Bytes => (quote!(::std::vec::Vec<u8>), quote!(request.bytes(#media, #value);)),
            BodyEncoding::Text => (quote!(&str), quote!(request.text(#media, ::std::string::String::from(#value));)),
        }
    }

    fn outcome_type(&self, response: &Response) -> TokenStream {
        match (response.encoding, response.ty) {
            (ResponseEncoding::Json, Some(ty)) => self.printer.ty(ty),
            (ResponseEncoding::Json, None) => quote!(::serde_json::Value),
            (ResponseEncoding::Text, _) => quote!(::std::string::String),
            (ResponseEncoding::Bytes, _) => quote!(::std::vec::Vec<u8>),
            (ResponseEncoding::Empty, _) => quote!(()),
        }
    }

    fn successes(&self) -> Vec<&Response> {
        let declared: Vec<&Response> = self.operation.responses.iter().filter(|r| r.status.is_success()).collect();
        if declared.is_empty() {
            return self.operation.responses.iter().filter(|r| r.status == StatusMatch::Default).collect();
        }
        declared
    }

    /// The success body type, and the enum that holds it when statuses disagree on the type.
    fn success_type(&self, stem: &str) -> (TokenStream, Vec<TokenStream>) {
        let successes = self.successes();
        let mut distinct: Vec<String> = successes.iter().map(|r| self.outcome_type(r).to_string()).collect();
        distinct.dedup();
        if successes.is_empty() {
            return (quote!(()), Vec::new());
        }
        if distinct.iter().all(|t| *t == distinct[0]) {
            return (self.outcome_type(successes[0]), Vec::new());
        }
        let enum_name = format_ident!("{}Response", stem);
        let variants = successes.iter().map(|r| {
            let variant = status_variant(r.status);
            let ty = self.outcome_type(r);
            let doc = trusted_doc(&status_doc(r.status));
            if ty.to_string() == "()" { quote!(#doc #variant,) } else { quote!(#doc #variant(#ty),) }
        });
        let doc = trusted_doc("The success responses of the operation, by status.");
        (
            quote!(#enum_name),
            vec![quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                pub enum #enum_name {
                    #(#variants)*
                }
            }],
        )
    }

    /// The error enum's variants, the method's `match` arms (its success statuses, then every other status
    /// handed to the error enum) and the error statuses the enum decodes (exact statuses, then ranges, then
    /// the default).
    ///
    /// Success statuses are all 2xx and error statuses never are, so taking the success arms first keeps
    /// every status on the arm it had in one combined `match`; the only catch-all among error arms, the
    /// default, came after every success arm there too.
    fn responses(&self) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<Outcome>) {
        let op = self.operation;
        let successes = self.successes();
        let success_is_enum = {
            let mut distinct: Vec<String> = successes.iter().map(|r| self.outcome_type(r).to_string()).collect();
            distinct.dedup();
            !distinct.iter().all(|t| *t == distinct[0])
        };
        let success_enum = format_ident!("{}Response", self.names.type_stem);
        let mut outcomes: Vec<Outcome> = Vec::new();
        for response in &successes {
            let variant = success_is_enum.then(|| status_variant(response.status));
            outcomes.push(Outcome {
                status: response.status,
                variant,
                encoding: response.encoding,
                ty: self.outcome_type(response),
            });
        }
        let mut error_variants = Vec::new();
        let mut error_outcomes = Vec::new();
        for response in op.responses.iter().filter(|r| !r.status.is_success()) {
            let variant = status_variant(response.status);
            let ty = self.outcome_type(response);
            let summary = match response.docs.as_deref().map(str::trim).filter(|d| !d.is_empty() && !d.contains('\n')) {
                Some(line) => {
                    format!("{}: {}", status_doc(response.status).trim_end_matches('.'), super::docs::sanitize(line))
                }
                None => status_doc(response.status),
            };
            let doc = trusted_doc(&summary);
            if response.encoding == ResponseEncoding::Json {
                error_variants.push(quote!(#doc #variant(#ty),));
            } else {
                error_variants.push(quote!(#doc #variant,));
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

        let mut arms = Vec::new();
        for outcome in &outcomes {
            let pattern = status_pattern(outcome.status, quote!(200..=299));
            let ty = &outcome.ty;
            let read = match outcome.encoding {
                ResponseEncoding::Json if outcome.variant.is_some() => quote!(response.json::<#ty, _>(self)),
                ResponseEncoding::Json => quote!(response.json(self)),
                ResponseEncoding::Text => quote!(response.text()),
                ResponseEncoding::Bytes => quote!(response.bytes()),
                ResponseEncoding::Empty => quote!(response.empty()),
            };
            let body = match &outcome.variant {
                Some(variant) if outcome.ty.to_string() == "()" => {
                    quote!(#read.map(|r| r.map(|()| #success_enum::#variant)))
                }
                Some(variant) => quote!(#read.map(|r| r.map(#success_enum::#variant))),
                None => read,
            };
            arms.push(quote!(#pattern => #body,));
        }
        if successes.is_empty() {
            arms.push(quote!(200..=299 => response.empty(),));
        }
        arms.push(quote!(_ => response.error(self),));

        (error_variants, arms, error_outcomes)
    }

    /// The operation's error enum and its `ErrorStatuses` impl (which decodes `outcomes`, and gives
    /// `Error::UnexpectedStatus` for any other status), or an alias of an earlier operation's identical ones.
    fn error_enum(
        &self,
        error_type: &proc_macro2::Ident,
        variants: Vec<TokenStream>,
        outcomes: &[Outcome],
        error_enums: &mut BTreeMap<String, (proc_macro2::Ident, String)>,
    ) -> Vec<TokenStream> {
        let mut arms = Vec::new();
        for outcome in outcomes {
            let variant = outcome.variant.clone().unwrap_or_else(|| format_ident!("Default"));
            let body = match outcome.encoding {
                ResponseEncoding::Json => quote!(response.json_error(client, Self::#variant)),
                _ => quote!(response.empty_error(Self::#variant)),
            };
            arms.push((status_pattern(outcome.status, quote!(_)), body));
        }
        if outcomes.iter().all(|o| o.status != StatusMatch::Default) {
            arms.push((quote!(_), quote!(response.unexpected())));
        }
        // A lone catch-all needs no `match` (clippy's `match_single_binding`).
        let decode = match arms.as_slice() {
            [(_, body)] => body.clone(),
            _ => {
                let arms = arms.iter().map(|(pattern, body)| quote!(#pattern => #body,));
                quote!(match response.status().as_u16() { #(#arms)* })
            }
        };
        // Only a JSON body's decoding reads the client.
        let client =
            if outcomes.iter().any(|o| o.encoding == ResponseEncoding::Json) { quote!(client) } else { quote!(_) };
        let method = self.names.method.trim_start_matches("r#");
        let key = quote!(#(#variants)* #decode).to_string();
        if let Some((shared, first_method)) = error_enums.get(&key) {
            let doc = trusted_doc(&format!(
                "The error statuses [`Client::{method}`](crate::runtime::Client::{method}) declares: the same as \
                 [`Client::{first_method}`](crate::runtime::Client::{first_method})'s."
            ));
            return vec![quote! {
                #doc
                pub type #error_type = #shared;
            }];
        }
        error_enums.insert(key, (error_type.clone(), method.to_owned()));
        let doc = trusted_doc(&format!(
            "The error statuses [`Client::{method}`](crate::runtime::Client::{method}) declares, with their bodies."
        ));
        vec![
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                pub enum #error_type {
                    #(#variants)*
                }
            },
            quote! {
                impl crate::runtime::ErrorStatuses for #error_type {
                    fn decode<S>(
                        response: crate::runtime::RawResponse,
                        #client: &crate::runtime::Client,
                    ) -> ::std::result::Result<S, crate::runtime::Error<Self>> {
                        #decode
                    }
                }
            },
        ]
    }
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
fn status_pattern(status: StatusMatch, default: TokenStream) -> TokenStream {
    match status {
        StatusMatch::Exact(code) => {
            let code = Literal::u16_unsuffixed(code);
            quote!(#code)
        }
        StatusMatch::Range(class) => {
            let low = Literal::u16_unsuffixed(class * 100);
            let high = Literal::u16_unsuffixed(class * 100 + 99);
            quote!(#low..=#high)
        }
        StatusMatch::Default => default,
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
fn status_variant(status: StatusMatch) -> proc_macro2::Ident {
    let name = match status {
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
    };
    format_ident!("{}", name)
}
