//! The analysis's tests: documents in, the facts and warnings they give.

use super::*;

/// The IR of a document, its analysis and the warnings the analysis gave (pointer and message).
fn analysed(text: &str) -> (Ir, Analysis, Vec<(String, String)>) {
    let mut document = crate::parse::parse_document("spec.yaml", text).unwrap();
    let mut diagnostics = Diagnostics::new("spec.yaml");
    crate::normalize::normalize(&mut document, &mut diagnostics).unwrap();
    let ir = crate::lower::lower(&document, &mut diagnostics);
    let mut diagnostics = Diagnostics::new("spec.yaml");
    let analysis = analyse(&ir, &mut diagnostics);
    let warnings = diagnostics
        .into_warnings()
        .into_iter()
        .map(|warning| match warning.location {
            crate::error::Location::Pointer { pointer, .. } => (pointer, warning.message),
            other => (other.to_string(), warning.message),
        })
        .collect();
    (ir, analysis, warnings)
}

#[test]
fn an_unsupported_pattern_is_reported_at_each_site_models_first_and_left_unchecked() {
    let (_, analysis, warnings) = analysed(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters: [{name: q, in: query, schema: {type: string, pattern: "(?=x)"}}]
      responses: {"204": {description: a}}
components:
  schemas:
    S: {type: object, properties: {name: {type: string, pattern: "(?=x)"}, code: {type: string, pattern: "^[a-z]+$"}}}
"#,
    );
    let pointers: Vec<&str> = warnings.iter().map(|(pointer, _)| pointer.as_str()).collect();
    assert_eq!(
        pointers,
        ["#/components/schemas/S/properties/name/pattern", "#/paths/~1a/get/parameters/0/schema/pattern"]
    );
    assert!(warnings[0].1.starts_with("pattern is not supported by the regex engine"), "{warnings:?}");
    assert!(!analysis.is_supported_pattern("(?=x)"));
    assert!(analysis.is_supported_pattern("^[a-z]+$"));
}

#[test]
fn successes_streamed_alike_are_one_stream_and_a_stream_beside_json_is_bytes_with_a_warning() {
    let (_, analysis, warnings) = analysed(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /alike:
    get:
      responses:
        "200": {description: a, content: {application/x-ndjson: {schema: {type: array, items: {type: string}}}}}
        "206": {description: b, content: {application/x-ndjson: {schema: {type: array, items: {type: string}}}}}
  /mixed:
    get:
      responses:
        "200": {description: a, content: {application/x-ndjson: {schema: {type: string}}}}
        "201": {description: b, content: {application/json: {schema: {type: string}}}}
"#,
    );
    assert_eq!(analysis.operation(0).streamed, Some(ResponseEncoding::JsonLines));
    assert_eq!(analysis.operation(1).streamed, None);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "#/paths/~1mixed/get");
    assert!(warnings[0].1.contains("streamed as JSON lines is read as bytes"), "{warnings:?}");
}

#[test]
fn path_templates_name_colon_parameters_in_the_order_they_appear() {
    let (_, analysis, _) = analysed(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /profiles/:id/posts/{post}:
    get:
      parameters:
        - {name: post, in: path, required: true, schema: {type: integer}}
        - {name: id, in: path, required: true, schema: {type: string}}
      responses: {"204": {description: a}}
"#,
    );
    let facts = analysis.operation(0);
    assert_eq!(facts.template, "/profiles/{id}/posts/{post}");
    assert_eq!(facts.path_parameters, [1, 0]);
}

#[test]
fn recursive_structs_validate_when_a_member_has_constraints_and_union_members_discriminate_by_shared_enums() {
    let (ir, analysis, _) = analysed(
        r##"
openapi: 3.1.0
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    Node: {type: object, properties: {children: {type: array, items: {$ref: "#/components/schemas/Node"}}, name: {type: string, minLength: 1}}}
    Plain: {type: object, properties: {name: {type: string}}}
    Cat: {type: object, properties: {kind: {type: string, enum: [cat]}, lives: {type: integer}}}
    Dog: {type: object, properties: {kind: {type: string, enum: [dog]}, barks: {type: boolean}}}
    Pet: {anyOf: [{$ref: "#/components/schemas/Cat"}, {$ref: "#/components/schemas/Dog"}]}
"##,
    );
    let id = |key: &str| ir.ids().find(|&id| ir.get(id).pointer == format!("#/components/schemas/{key}")).unwrap();
    assert!(analysis.validates(id("Node")));
    assert!(!analysis.validates(id("Plain")));
    assert!(analysis.is_union_member(id("Cat")) && analysis.is_union_member(id("Dog")));
    assert!(!analysis.is_union_member(id("Plain")));
    assert!(analysis.discriminates(id("Cat"), 0) && !analysis.discriminates(id("Cat"), 1));
}

#[test]
fn successes_need_an_enum_only_when_their_rust_types_differ() {
    let (_, analysis, _) = analysed(
        r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /alike:
    get:
      responses:
        "200": {description: a, content: {application/json: {schema: {type: string}}}}
        "201": {description: b, content: {text/plain: {schema: {type: string}}}}
  /differ:
    get:
      responses:
        "200": {description: a, content: {application/json: {schema: {type: integer}}}}
        "204": {description: b}
"#,
    );
    assert!(!analysis.operation(0).success_enum);
    assert!(analysis.operation(1).success_enum);
}
