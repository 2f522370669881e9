//! Naming: the IR in, every Rust identifier out. The only place that knows Rust keywords and casing;
//! required names (component keys) are claimed before suggested ones, ties are broken with numeric
//! suffixes in IR order, and every tie broken is reported.

use crate::error::Diagnostics;
use crate::ir::*;
use std::borrow::Cow;
use std::collections::BTreeMap;

mod casing;
mod claims;
mod identifiers;
pub(crate) mod operations;
mod responses;
pub(crate) mod security;

use casing::upper_camel;
use claims::{
    Claimed, Taken, claim, claim_member, claim_or_rename, claim_quiet, claim_variants, report_member_renamed,
};
pub use identifiers::{MAX_TYPE_NAME, field_ident, type_ident, variant_ident};
use identifiers::{shorten, union_variant_ident};
use operations::{method_names, shared_errors};
pub use security::SchemeNames;
use security::scheme_names;

#[derive(Debug, Default)]
pub struct OperationNames {
    pub method: String,
    /// The method that streams the pages of an operation that pages (`{method}_pages`).
    pub pages: Option<String>,
    pub parameters: Vec<String>,
    pub body: String,
    /// The operation's own types in `operations.rs`, each the stem and a suffix none of the others ends with
    /// (so that two operations' types never meet): its optional parameters (`{stem}Params`), a body in
    /// several media types (`{stem}Body`), successes of several types (`{stem}Response`) and its errors
    /// (`{stem}Error`).
    pub params_type: String,
    pub body_type: String,
    pub response_type: String,
    pub error_type: String,
    /// The index in [`Names::shared_errors`] of the error enum the operation shares with others (declaring the
    /// same error statuses with the same bodies): `error_type` is then an alias of it.
    pub shared_error: Option<usize>,
    /// The variant of each declared status in the success or error enum (see `names/responses.rs`), in the order
    /// of the operation's responses; a reason phrase is not copied.
    pub status_variants: Vec<(StatusMatch, Cow<'static, str>)>,
    /// The variant of each body option (by index) in the body enum.
    pub body_variants: Vec<String>,
}

/// An error enum that several operations share, named for what they have in common.
#[derive(Debug, Default)]
pub struct SharedError {
    pub name: String,
    /// The operations that share it (indexes in `Ir::operations`), in document order.
    pub operations: Vec<usize>,
    /// The tag every one of them has, when the name comes from it.
    pub tag: Option<String>,
}

impl OperationNames {
    /// Every type name the operation may declare in `operations.rs`.
    pub fn type_names(&self) -> [&str; 4] {
        [&self.params_type, &self.body_type, &self.response_type, &self.error_type]
    }
}

#[derive(Debug, Default)]
pub struct Names {
    pub types: BTreeMap<TypeId, String>,
    /// The names of each struct's members, by type (the index of its `TypeId`): its fields in order, then its
    /// map of additional members if it has one. Empty for every other type.
    pub fields: Vec<Vec<String>>,
    /// The names of each enum's, union's or tagged union's variants, by type (the index of its `TypeId`), in
    /// order. Empty for every other type.
    pub variants: Vec<Vec<String>>,
    /// The catch-all variant of each enum or union (`Unknown` / `Other` unless a value took it).
    pub catch_all: BTreeMap<TypeId, String>,
    pub operations: Vec<OperationNames>,
    /// Error enums shared by several operations, in the order of their first operation.
    pub shared_errors: Vec<SharedError>,
    /// The builder methods of each of `Ir::security_schemes`, by scheme id.
    pub schemes: Vec<SchemeNames>,
}

/// Lookups of what the naming pass decided. The emitter asks only for names the pass gives (every named type,
/// every member of a struct, every variant and catch-all of an enum or union): a missing one is a bug in the
/// generator, which these report loudly instead of printing an invented name.
impl Names {
    /// The name of a named type.
    pub fn ty(&self, id: TypeId) -> &str {
        decided(self.types.get(&id), "type", id, None)
    }

    /// The name of a struct's member `index` (`fields.len()` for its map of additional members).
    pub fn field(&self, id: TypeId, index: usize) -> &str {
        decided(member(&self.fields, id, index), "member", id, Some(index))
    }

    /// The name of an enum's or union's variant `index`.
    pub fn variant(&self, id: TypeId, index: usize) -> &str {
        decided(member(&self.variants, id, index), "variant", id, Some(index))
    }

    /// The builder methods of security scheme `id` (its index in `Ir::security_schemes`).
    #[track_caller]
    pub fn scheme(&self, id: usize) -> &SchemeNames {
        match self.schemes.get(id) {
            Some(names) => names,
            None => panic!("internal error: the naming pass gave no builder methods to security scheme {id}"),
        }
    }

    /// The name of an enum's or union's catch-all variant.
    pub fn catch_all(&self, id: TypeId) -> &str {
        decided(self.catch_all.get(&id), "catch-all variant", id, None)
    }
}

/// Member `index` of type `id` in `by_type`.
fn member(by_type: &[Vec<String>], id: TypeId, index: usize) -> Option<&String> {
    by_type.get(id.0 as usize)?.get(index)
}

/// A name the naming pass decided; its absence is a generator bug.
#[track_caller]
fn decided<'a>(name: Option<&'a String>, what: &str, id: TypeId, index: Option<usize>) -> &'a str {
    match name {
        Some(name) => name,
        None => panic!("internal error: the naming pass gave no name to the {what} {index:?} of type {id:?}"),
    }
}

/// The generated method body's own locals, which its parameters must not take.
const METHOD_LOCALS: &[&str] = &["body", "params", "path", "request", "response", "value", "r"];

/// Assigns every identifier the emitter will print.
pub fn name(ir: &Ir, diagnostics: &mut Diagnostics) -> Names {
    let mut names = Names::default();
    names.fields.resize_with(ir.types.len(), Vec::new);
    names.variants.resize_with(ir.types.len(), Vec::new);
    let mut taken = Taken::default();
    for id in ir.ids() {
        if let Some(NameHint::Required(key)) = &ir.get(id).name {
            let name = claim(&mut taken, type_ident(key), diagnostics, &ir.get(id).pointer, key);
            names.types.insert(id, name);
        }
    }
    for id in ir.ids() {
        if let Some(NameHint::Suggested(parts)) = &ir.get(id).name {
            let mut words: Vec<String> = parts.iter().map(|p| type_ident(p)).collect();
            // A union's constant branch (`{type: string, const: now}`, suggested as `…String`) is named by its value.
            if let (TypeKind::Enum(e), Some(last)) = (&ir.get(id).kind, words.last_mut()) {
                if e.values.len() == 1 && parts.last().is_some_and(|part| part == "string") {
                    *last = type_ident(&e.values[0].wire);
                }
            }
            let joined = shorten(words.concat());
            // Suggested names are expected to need suffixes sometimes; they are not reported.
            let name = claim_quiet(&mut taken, joined);
            names.types.insert(id, name);
        }
    }
    for id in ir.ids() {
        let ty = ir.get(id);
        match &ty.kind {
            TypeKind::Struct(s) => {
                let members = s.fields.len() + usize::from(s.additional.is_some());
                let mut fields = Taken::with_capacity(members);
                let mut claimed = Vec::with_capacity(members);
                for field in &s.fields {
                    claimed.push(claim_member(&mut fields, field_ident(&field.wire_name), diagnostics, &field.pointer));
                }
                if s.additional.is_some() {
                    let wanted = "additional_properties".to_owned();
                    claimed.push(claim_member(&mut fields, wanted, diagnostics, &ty.pointer));
                }
                names.fields[id.0 as usize] = claimed;
            }
            TypeKind::Enum(e) => {
                let wanted = e.values.iter().map(|value| variant_ident(&value.wire));
                let report = |wanted: &str, name: &str| report_member_renamed(diagnostics, &ty.pointer, wanted, name);
                let (variants, catch_all) = claim_variants(wanted, "Unknown", report);
                names.variants[id.0 as usize] = variants;
                names.catch_all.insert(id, catch_all);
            }
            TypeKind::Union(u) => {
                let wanted = u.variants.iter().map(|variant| union_variant_ident(ir, variant));
                let (variants, catch_all) = claim_variants(wanted, "Other", |_, _| {});
                names.variants[id.0 as usize] = variants;
                names.catch_all.insert(id, catch_all);
            }
            TypeKind::Tagged(t) => {
                let wanted = t.variants.iter().map(|variant| variant_ident(&variant.hint));
                let (variants, catch_all) = claim_variants(wanted, "Other", |_, _| {});
                names.variants[id.0 as usize] = variants;
                names.catch_all.insert(id, catch_all);
            }
            _ => {}
        }
    }
    let (method_names, pages_names) = method_names(ir, diagnostics);
    let mut stems = Taken::with_capacity(ir.operations.len());
    names.operations.reserve_exact(ir.operations.len());
    for ((operation, method), pages) in ir.operations.iter().zip(method_names).zip(pages_names) {
        let type_stem = claim_quiet(&mut stems, shorten(upper_camel(method.trim_start_matches("r#"))));
        // The generated method body's own locals are taken first.
        let mut parameter_names = Taken::reserving(METHOD_LOCALS);
        let parameters = operation
            .parameters
            .iter()
            .map(|p| claim_member(&mut parameter_names, field_ident(&p.wire_name), diagnostics, &p.pointer))
            .collect();
        names.operations.push(OperationNames {
            params_type: [&type_stem, "Params"].concat(),
            body_type: [&type_stem, "Body"].concat(),
            response_type: [&type_stem, "Response"].concat(),
            error_type: [&type_stem, "Error"].concat(),
            method,
            pages,
            parameters,
            body: "body".to_owned(),
            shared_error: None,
            status_variants: responses::status_variants(operation),
            body_variants: responses::body_variants(operation),
        });
    }
    names.shared_errors = shared_errors(ir, &mut stems);
    for (index, shared) in names.shared_errors.iter().enumerate() {
        for &operation in &shared.operations {
            names.operations[operation].shared_error = Some(index);
        }
    }
    names.schemes = scheme_names(ir, diagnostics);
    names
}

#[cfg(test)]
mod tests {
    use super::operations::strip_fastapi_slug;
    use super::*;

    #[test]
    fn fastapi_slug_is_stripped() {
        assert_eq!(
            strip_fastapi_slug(
                "update_webhook_v1_organizations_webhooks__identifier__put",
                "/v1/organizations/webhooks/{identifier}",
                "put"
            ),
            Some("update_webhook")
        );
        assert_eq!(
            strip_fastapi_slug("list_webhooks_v1_organizations_webhooks__get", "/v1/organizations/webhooks/", "get"),
            Some("list_webhooks")
        );
        assert_eq!(strip_fastapi_slug("getPet", "/pets/{id}", "get"), None);
        // Any character but a letter, a digit or `_` is one `_` in the slug, however many bytes it takes.
        assert_eq!(strip_fastapi_slug("list_café_v1_café_a_b_get", "/v1/café/a→b", "get"), Some("list_café"));
        assert_eq!(strip_fastapi_slug("list__v1_get", "/v1", "get"), None);
    }

    fn named(text: &str) -> (Ir, Names) {
        let mut document = crate::parse::parse_document("spec.yaml", text).unwrap();
        let mut diagnostics = Diagnostics::new("spec.yaml");
        crate::normalize::normalize(&mut document, &mut diagnostics).unwrap();
        let ir = crate::lower::lower(&document, &mut diagnostics);
        let names = name(&ir, &mut diagnostics);
        (ir, names)
    }

    #[test]
    fn union_variants_are_named_by_format_or_constant() {
        let (ir, names) = named(
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    When:\n      anyOf: [{type: string, format: date-time}, {type: string, const: now}, {type: integer}, {type: string, format: date}]\n",
        );
        let id = ir.ids().find(|&id| names.ty(id) == "When").unwrap();
        let variants: Vec<&str> = (0..4).map(|index| names.variant(id, index)).collect();
        assert_eq!(variants, ["DateTime", "Now", "Integer", "Date"]);
        let constant = ir.get(id).kind.clone();
        let TypeKind::Union(u) = constant else { panic!("a union") };
        assert_eq!(names.ty(u.variants[1].ty), "WhenNow");
    }

    #[test]
    fn shared_error_enums_are_named_for_what_their_operations_share() {
        let error = "responses: {'200': {description: ok}, '404': {description: gone}}";
        let text = format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a: {{get: {{operationId: a, tags: [Pets], {error}}}, put: {{operationId: webhooks, tags: [Pets, Webhooks], {error}}}}}\n  /b: {{get: {{operationId: b, tags: [Webhooks], {error}}}, put: {{operationId: c, tags: [Webhooks], {error}}}}}\n"
        ) + "  /c: {get: {operationId: d, responses: {'200': {description: ok}}}, put: {operationId: e, responses: {'200': {description: ok}}}}\n";
        let (_, names) = named(&text);
        let shared: Vec<(&str, &[usize])> =
            names.shared_errors.iter().map(|s| (s.name.as_str(), s.operations.as_slice())).collect();
        // The four operations with the `404` share no tag, so the enum is named by its status; the two without error
        // statuses share nothing else.
        assert_eq!(shared, [("NotFoundError", &[0, 1, 2, 3][..]), ("UndeclaredError", &[4, 5][..])]);
        assert_eq!(names.operations[1].shared_error, Some(0));
        assert_eq!(names.operations[1].error_type, "WebhooksError");
    }

    #[test]
    fn a_shared_error_enum_without_a_common_tag_is_named_by_its_statuses() {
        let pair = |path: &str, ids: [&str; 2], statuses: &str| {
            let responses = format!("responses: {{'200': {{description: ok}}, {statuses}}}");
            format!(
                "  {path}: {{get: {{operationId: {}, {responses}}}, put: {{operationId: {}, {responses}}}}}\n",
                ids[0], ids[1]
            )
        };
        let text = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n")
            + &pair("/a", ["a1", "a2"], "'400': {description: bad}, '404': {description: gone}")
            + &pair(
                "/b",
                ["b1", "b2"],
                "'400': {description: bad}, '401': {description: who}, '404': {description: gone}",
            )
            + &pair(
                "/c",
                ["c1", "c2"],
                "'400': {description: bad}, '401': {description: who}, '403': {description: no}, '404': {description: gone}",
            )
            + &pair("/d", ["d1", "d2"], "'500': {description: broke}")
            + &pair("/e", ["e1", "e2"], "'404': {description: missing}")
            + &pair("/f", ["f1", "f2"], "'404': {description: absent}");
        let (_, names) = named(&text);
        let shared: Vec<&str> = names.shared_errors.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            shared,
            [
                "BadRequestOrNotFoundError",
                "BadRequestOrUnauthorizedOrNotFoundError",
                "BadRequestAnd3MoreError",
                "InternalServerError",
                "NotFoundError",
                "NotFound2Error",
            ]
        );
    }

    #[test]
    fn a_shared_error_enum_takes_a_common_tag_but_never_an_operations_name() {
        let error = "responses: {'200': {description: ok}, '404': {description: gone}}";
        let (_, names) = named(&format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a: {{get: {{operationId: webhooks, tags: [Webhooks], {error}}}, put: {{operationId: b, tags: [Webhooks], {error}}}}}\n"
        ));
        assert_eq!(names.shared_errors[0].name, "Webhooks2Error");
        assert_eq!(names.operations[0].error_type, "WebhooksError");
    }

    #[test]
    fn identifiers_are_valid() {
        assert_eq!(type_ident("Webhook-Input"), "WebhookInput");
        assert_eq!(type_ident("io.k8s.api.apps.v1.Deployment"), "IoK8sApiAppsV1Deployment");
        assert_eq!(type_ident("201"), "T201");
        assert_eq!(type_ident("Self"), "SelfType");
        assert_eq!(type_ident("Spæcial"), "Spcial");
        assert_eq!(variant_ident("object.created"), "ObjectCreated");
        assert_eq!(variant_ident("*"), "Star");
        assert_eq!(variant_ident(""), "Empty");
        assert_eq!(variant_ident("é"), "Symbol");
        assert_eq!(type_ident(""), "Type");
        assert_eq!(field_ident(""), "value");
        assert_eq!(field_ident("type"), "r#type");
        assert_eq!(field_ident("self"), "self_");
        assert_eq!(field_ident("StartTime<"), "start_time");
        assert_eq!(field_ident("1-10"), "n1_10");
    }
}
