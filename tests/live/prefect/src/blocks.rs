//! Blocks: a block type, a schema for it with a secret field, and a document whose data is merged by a PATCH
//! (and whose secret is hidden unless asked for).

use prefect_client::models::*;
use prefect_client::operations::*;
use serde_json::json;

use crate::flows::{gone, json_of, without};
use crate::suite::{Suite, final_exchanges};

pub async fn blocks(s: &mut Suite) {
    let slug = format!("live-block-{}", s.run);
    let mut body = BlockTypeCreate::new(format!("Live Block ü {}", s.run), slug.clone());
    body.description = Some(Some("first".to_owned()));
    let (created, sent) = s.traced(s.client.create_block_type(&Default::default(), &body)).await;
    let Some(block_type) = s.ok("POST /block_types/", 201, created) else { return };
    s.sent_exactly(
        "POST /block_types/ sends only the members set",
        &sent,
        &json!({ "name": format!("Live Block ü {}", s.run), "slug": slug, "description": "first" }),
    );
    let read = s.client.read_block_type_by_id(&block_type.id, &Default::default()).await;
    let Some(before) = s.ok("GET /block_types/{id}", 200, read) else { return };
    let update = BlockTypeUpdate { description: Some(Some("second".to_owned())), ..Default::default() };
    let (updated, sent) = s.traced(s.client.update_block_type(&block_type.id, &Default::default(), &update)).await;
    s.ok("PATCH /block_types/{id}", 204, updated);
    s.sent_exactly("PATCH /block_types/{id} sends only the description", &sent, &json!({ "description": "second" }));
    let read = s.client.read_block_type_by_slug(&slug, &Default::default()).await;
    if let Some(after) = s.ok("GET /block_types/slug/{slug}", 200, read) {
        s.eq(
            "PATCH /block_types/{id} changed the description",
            Some(Some("second".to_owned())),
            after.description.clone(),
        );
        let ignored = ["description", "updated"];
        s.eq(
            "PATCH /block_types/{id} left every other member as it was",
            without(json_of(&before), &ignored),
            without(json_of(&after), &ignored),
        );
    }
    let filter = BlockTypeFilter {
        slug: Some(Some(BlockTypeFilterSlug { any: Some(Some(vec![slug.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body = BodyReadBlockTypesBlockTypesFilterPost { block_types: Some(Some(filter)), ..Default::default() };
    let types = s.client.read_block_types(&Default::default(), Some(&body)).await;
    let types = s.ok("POST /block_types/filter", 200, types);
    s.eq(
        "POST /block_types/filter by slug",
        Some(vec![block_type.id.clone()]),
        types.map(|t| t.into_iter().map(|t| t.id).collect()),
    );

    let fields = json!({
        "title": "LiveBlock",
        "type": "object",
        "properties": {
            "greeting": { "title": "Greeting", "type": "string" },
            "secret": { "title": "Secret", "type": "string", "format": "password", "writeOnly": true }
        },
        "required": ["greeting"],
        "secret_fields": ["secret"],
        "block_schema_references": {},
        "block_type_slug": slug
    });
    let mut body = BlockSchemaCreate::new(block_type.id.clone());
    body.fields = serde_json::from_value(fields.clone()).ok();
    body.capabilities = Some(vec!["live-capability".to_owned()]);
    let (created, sent) = s.traced(s.client.create_block_schema(&Default::default(), &body)).await;
    let Some(schema) = s.ok("POST /block_schemas/", 201, created) else { return };
    s.sent_exactly(
        "POST /block_schemas/ sends only the members set",
        &sent,
        &json!({ "fields": fields, "block_type_id": block_type.id, "capabilities": ["live-capability"] }),
    );
    let read = s.client.read_block_schema_by_id(&schema.id, &Default::default()).await;
    let read = s.ok("GET /block_schemas/{id}", 200, read);
    s.eq("GET /block_schemas/{id} reads the checksum", Some(schema.checksum.clone()), read.map(|r| r.checksum));
    let read = s.client.read_block_schema_by_checksum(&schema.checksum, &Default::default()).await;
    let read = s.ok("GET /block_schemas/checksum/{checksum}", 200, read);
    s.eq("GET /block_schemas/checksum/{checksum} finds it", Some(schema.id.clone()), read.map(|r| r.id));
    let filter = BlockSchemaFilter {
        block_type_id: Some(Some(BlockDocumentFilterBlockTypeId {
            any: Some(Some(vec![block_type.id.clone()])),
            ..Default::default()
        })),
        ..Default::default()
    };
    let body = BodyReadBlockSchemasBlockSchemasFilterPost { block_schemas: Some(Some(filter)), ..Default::default() };
    let schemas = s.client.read_block_schemas(&Default::default(), Some(&body)).await;
    let schemas = s.ok("POST /block_schemas/filter", 200, schemas);
    s.eq(
        "POST /block_schemas/filter by block type",
        Some(vec![schema.id.clone()]),
        schemas.map(|r| r.into_iter().map(|r| r.id).collect()),
    );
    let capabilities = s.client.read_available_block_capabilities(&Default::default()).await;
    let capabilities = s.ok("GET /block_capabilities/", 200, capabilities).unwrap_or_default();
    s.check(
        "GET /block_capabilities/ lists the new capability",
        capabilities.iter().any(|c| c == "live-capability"),
        "live-capability",
        format_args!("{capabilities:?}"),
    );

    let name = format!("live-doc-{}", s.run);
    let mut body = BlockDocumentCreate::new(schema.id.clone(), block_type.id.clone());
    body.name = Some(Some(name.clone()));
    body.data = serde_json::from_value(json!({ "greeting": "hello ü", "secret": "s3cret" })).ok();
    let (created, sent) = s.traced(s.client.create_block_document(&Default::default(), &body)).await;
    let Some(document) = s.ok("POST /block_documents/", 201, created) else { return };
    s.sent_exactly(
        "POST /block_documents/ sends only the members set",
        &sent,
        &json!({ "name": name, "data": { "greeting": "hello ü", "secret": "s3cret" }, "block_schema_id": schema.id, "block_type_id": block_type.id }),
    );
    let read = s.client.read_block_document_by_id(&document.id, &Default::default()).await;
    let read = s.ok("GET /block_documents/{id}", 200, read);
    s.eq(
        "GET /block_documents/{id} hides the secret",
        Some(json!({ "greeting": "hello ü", "secret": "********" })),
        read.map(|d| json_of(&d.data)),
    );
    let update = BlockDocumentUpdate {
        data: serde_json::from_value(json!({ "greeting": "changed" })).ok(),
        ..Default::default()
    };
    let (updated, sent) =
        s.traced(s.client.update_block_document_data(&document.id, &Default::default(), &update)).await;
    s.ok("PATCH /block_documents/{id}", 204, updated);
    s.sent_exactly(
        "PATCH /block_documents/{id} sends only the data",
        &sent,
        &json!({ "data": { "greeting": "changed" } }),
    );
    let secrets = ReadBlockDocumentByIdParams { include_secrets: Some(true), ..Default::default() };
    let (read, sent) = s.traced(s.client.read_block_document_by_id(&document.id, &secrets)).await;
    let read = s.ok("GET /block_documents/{id}?include_secrets=true", 200, read);
    s.eq(
        "include_secrets=true goes out as a query parameter",
        vec!["include_secrets=true".to_owned()],
        final_exchanges(&sent).iter().map(|e| e.query().to_owned()).collect(),
    );
    s.eq(
        "PATCH of the greeting merged into the data and kept the secret",
        Some(json!({ "greeting": "changed", "secret": "s3cret" })),
        read.map(|d| json_of(&d.data)),
    );

    let filter = BlockDocumentFilter {
        name: Some(Some(BlockDocumentFilterName { any: Some(Some(vec![name.clone()])), ..Default::default() })),
        ..Default::default()
    };
    let body = BodyReadBlockDocumentsBlockDocumentsFilterPost {
        block_documents: Some(Some(filter.clone())),
        ..Default::default()
    };
    let documents = s.client.read_block_documents(&Default::default(), Some(&body)).await;
    let documents = s.ok("POST /block_documents/filter", 200, documents);
    s.eq(
        "POST /block_documents/filter by name",
        Some(vec![document.id.clone()]),
        documents.map(|d| d.into_iter().map(|d| d.id).collect()),
    );
    let body =
        BodyCountBlockDocumentsBlockDocumentsCountPost { block_documents: Some(Some(filter)), ..Default::default() };
    let count = s.client.count_block_documents(&Default::default(), Some(&body)).await;
    let count = s.ok("POST /block_documents/count", 200, count);
    s.eq("POST /block_documents/count by name", Some(1), count);
    let documents = s.client.read_block_documents_for_block_type(&slug, &Default::default()).await;
    let documents = s.ok("GET /block_types/slug/{slug}/block_documents", 200, documents);
    s.eq(
        "GET /block_types/slug/{slug}/block_documents",
        Some(vec![document.id.clone()]),
        documents.map(|d| d.into_iter().map(|d| d.id).collect()),
    );
    let read = s.client.read_block_document_by_name_for_block_type(&slug, &name, &Default::default()).await;
    let read = s.ok("GET /block_types/slug/{slug}/block_documents/name/{block_document_name}", 200, read);
    s.eq("GET .../block_documents/name/{name} finds it", Some(document.id.clone()), read.map(|d| d.id));

    let deleted = s.client.delete_block_document(&document.id, &Default::default()).await;
    s.ok("DELETE /block_documents/{id}", 204, deleted);
    let read = s.client.read_block_document_by_id(&document.id, &Default::default()).await;
    gone(s, "GET /block_documents/{id} after DELETE", "Block document not found", read);
    let deleted = s.client.delete_block_schema(&schema.id, &Default::default()).await;
    s.ok("DELETE /block_schemas/{id}", 204, deleted);
    let read = s.client.read_block_schema_by_id(&schema.id, &Default::default()).await;
    gone(s, "GET /block_schemas/{id} after DELETE", "Block schema not found", read);
    let deleted = s.client.delete_block_type(&block_type.id, &Default::default()).await;
    s.ok("DELETE /block_types/{id}", 204, deleted);
    let read = s.client.read_block_type_by_id(&block_type.id, &Default::default()).await;
    gone(s, "GET /block_types/{id} after DELETE", "Block type not found", read);
}
