//! `GET /admin/v1/openapi.json`: the OpenAPI 3.1 document of the admin API, generated from the
//! same route table actix serves ([`super::routes_table`]), so every served route is documented
//! and every documented route is served. Bodies are described in prose (summary) and by the
//! shared problem schema; the wire structs beside each handler are the reference.

use actix_web::HttpResponse;
use serde_json::{json, Map, Value};

use super::call::AdminCall;
use super::{routes_table, Problem, PREFIX};

/// Operations that take a JSON body, and the wire struct that describes it.
const BODIES: &[(&str, &str)] = &[
    ("admin.jobcenters.upsert", "jobcenters::UpsertJobCenterRequest"),
    ("admin.counselors.create", "counselors::CreateCounselorRequest"),
    ("admin.hours.set", "hours::WeekBody"),
    ("admin.exceptions.set", "hours::ExceptionBody"),
    ("admin.blocks.create", "hours::BlockRequest"),
    ("admin.offers.create", "offers::OfferBody"),
    ("admin.offers.update", "offers::OfferBody"),
    ("admin.bookings.lapse", "bookings::LapseRequest"),
    ("admin.callers.add", "callers::AddCallerRequest"),
    ("admin.summons.create", "summons::SummonBody"),
    ("admin.summons.batches.run", "summons_batches::BatchBody"),
    ("admin.webhooks.create", "webhooks::CreateRecipientRequest"),
    ("admin.bookings.reschedule", "reschedule::RescheduleRequest"),
    ("admin.closing_days.create", "closing_days::CreateClosingDay"),
    ("admin.closing_days.customary", "closing_days::CustomaryBody"),
    ("admin.teams.create", "teams::CreateTeam"),
    ("admin.interview_types.set", "type_rules::RuleBody"),
];

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
        let mut operation = operation;
        if let Some((_, wire)) = BODIES.iter().find(|(name, _)| *name == route.operation) {
            operation["requestBody"] = json!({
                "required": true,
                "description": format!("see `planner::admin::{wire}`"),
                "content": {"application/json": {"schema": {"type": "object"}}}
            });
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_body_belongs_to_a_route() {
        let table = routes_table();
        for (operation, _) in BODIES {
            assert!(
                table.iter().any(|r| r.operation == *operation),
                "'{operation}' is not in the route table"
            );
        }
        let mut operations: Vec<&str> = table.iter().map(|r| r.operation).collect();
        operations.sort_unstable();
        let n = operations.len();
        operations.dedup();
        assert_eq!(operations.len(), n, "operation ids are unique");
    }
}
