//! `GET /admin/v1/openapi.json`: the OpenAPI 3.1 document of the admin API, generated from the
//! same route table actix serves ([`super::routes_table`]), so every served route is documented
//! and every documented route is served. Bodies are described in prose (summary) and by the
//! shared problem schema; the wire structs beside each handler are the reference.

use actix_web::HttpResponse;
use serde_json::{json, Map, Value};

use super::call::AdminCall;
use super::{routes_table, Problem, PREFIX};

/// The document as JSON.
pub fn document() -> Value {
    let mut paths = Map::new();
    for route in routes_table() {
        let mut parameters: Vec<Value> = route
            .path
            .split('/')
            .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
            .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
            .collect();
        parameters.extend(route.query.iter().map(|(name, required)| {
            json!({"name": name, "in": "query", "required": required, "schema": {"type": "string"}})
        }));
        let success = if route.operation.ends_with(".create") {
            "201"
        } else if route.operation.ends_with(".delete") {
            "204"
        } else {
            "200"
        };
        let operation = json!({
            "operationId": route.operation,
            "summary": route.summary,
            "parameters": parameters,
            "responses": {
                success: {"description": "success"},
                "default": {
                    "description": "RFC 9457 problem",
                    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
                }
            }
        });
        let item = paths.entry(format!("{PREFIX}{}", route.path)).or_insert_with(|| json!({}));
        item[route.method.as_str().to_ascii_lowercase()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "planner admin API",
            "version": "1",
            "description": "Operators' JSON API (contract §7): role admin, limited to the caller's jobcenters."
        },
        "paths": paths,
        "components": {"schemas": {"Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail"],
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
                "errors": {"type": "array", "items": {
                    "type": "object",
                    "properties": {"field": {"type": "string"}, "message": {"type": "string"}}
                }}
            }
        }}}
    })
}

/// `GET /openapi.json`.
pub async fn get(call: AdminCall) -> Result<HttpResponse, Problem> {
    let document = call.run("admin.openapi", |_| Ok(document())).await?;
    Ok(HttpResponse::Ok().json(document))
}
