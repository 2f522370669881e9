//! The operation emitter's tests: documents in, the operations text they give.

use super::*;
use crate::error::Diagnostics;

/// The operations text of a document, the same whether its two halves are laid out apart or in turn.
fn operations_text(text: &str) -> String {
    let mut document = crate::parse::parse_document("spec.yaml", text).unwrap();
    let mut diagnostics = Diagnostics::new("spec.yaml");
    crate::normalize::normalize(&mut document, &mut diagnostics).unwrap();
    let ir = crate::lower::lower(&document, &mut diagnostics);
    let names = crate::names::name(&ir, &mut diagnostics);
    let analysis = crate::analysis::analyse(&ir, &mut diagnostics);
    let [one, two] = [Threads::One, Threads::Two].map(|threads| -> String {
        items(&ir, &names, &analysis, threads)
            .into_iter()
            .map(|chunk| match chunk {
                super::super::Chunk::Text(text) => text,
                super::super::Chunk::Tokens(tokens) => tokens.to_string(),
            })
            .collect()
    });
    assert_eq!(one, two, "laid out in two halves side by side, the operations read as laid out on one thread");
    one
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

#[test]
fn a_shared_error_enum_is_written_once_by_its_first_operation_whichever_half_it_is_in() {
    let error = r#"responses: {"200": {description: ok}, "404": {description: gone}}"#;
    let text = operations_text(&format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a: {{get: {{operationId: a, {error}}}}}\n  \
         /b: {{get: {{operationId: b, responses: {{'200': {{description: ok}}}}}}}}\n  /c: {{get: {{operationId: c, \
         {error}}}}}\n  /d: {{get: {{operationId: d, {error}}}}}\n"
    ));
    assert_eq!(text.matches("pub enum NotFoundError {").count(), 1, "{text}");
    let definition = text.find("pub enum NotFoundError {").unwrap();
    for alias in
        ["pub type AError = NotFoundError;", "pub type CError = NotFoundError;", "pub type DError = NotFoundError;"]
    {
        assert!(text.find(alias).is_some_and(|at| at > definition), "{alias} after the enum: {text}");
    }
}
