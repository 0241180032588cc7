//! `GET /admin/v1/openapi.json`: the OpenAPI 3.1 document of the admin API, generated from the
//! same route table actix serves ([`super::routes_table`]), so every served route is documented
//! and every documented route is served. Request and answer bodies are JSON Schemas derived
//! (schemars) from the wire structs beside each handler, under `components/schemas`; [`IO`] names
//! them per operation, and a unit test fails when a route lacks its entry. Errors are the shared
//! problem schema.

use actix_web::HttpResponse;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::call::AdminCall;
use super::{
    accounts, attributes, audit, bookings, calendar, callers, closing_days, counselors, dfdg_fejlmeldinger,
    dfdg_messages, hours, invitations, jobcenters, mail, offers, reports, reschedule, rooms, summons,
    summons_batches, teams, templates, type_rules, webhook_log, webhooks,
};
use super::{routes_table, Problem, PREFIX};

/// Where the document keeps its schemas.
const SCHEMAS: &str = "#/components/schemas/";

/// A body's schema (usually a `$ref`), adding what it refers to into the generator.
type SchemaOf = fn(&mut SchemaGenerator) -> Value;

fn of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<T>().to_value()
}

/// What an operation answers on success.
#[derive(Clone, Copy)]
enum Answer {
    /// This status with a JSON body.
    Json(u16, SchemaOf),
    /// 200 with a JSON body, or CSV when asked for (`Accept: text/csv`, `format=csv`).
    JsonOrCsv(SchemaOf),
    /// 204, no body.
    Empty,
}

/// One operation's bodies: what it reads (if anything) and what it answers.
struct Io {
    operation: &'static str,
    request: Option<SchemaOf>,
    answer: Answer,
}

const fn io(operation: &'static str, request: Option<SchemaOf>, answer: Answer) -> Io {
    Io { operation, request, answer }
}

const fn body<T: JsonSchema>() -> Option<SchemaOf> {
    Some(of::<T>)
}

const fn ok<T: JsonSchema>() -> Answer {
    Answer::Json(200, of::<T>)
}

const fn created<T: JsonSchema>() -> Answer {
    Answer::Json(201, of::<T>)
}

const NONE: Option<SchemaOf> = None;
const EMPTY: Answer = Answer::Empty;

/// Every operation of the route table with its bodies; a route missing here fails a test.
const IO: &[Io] = &[
    io("admin.openapi", NONE, Answer::Json(200, document_schema)),
    io("admin.jobcenters.list", NONE, ok::<Vec<jobcenters::JobCenterResponse>>()),
    io(
        "admin.jobcenters.upsert",
        body::<jobcenters::UpsertJobCenterRequest>(),
        ok::<jobcenters::JobCenterResponse>(),
    ),
    io("admin.counselors.list", NONE, ok::<Vec<counselors::CounselorResponse>>()),
    io(
        "admin.counselors.create",
        body::<counselors::CreateCounselorRequest>(),
        created::<counselors::CounselorResponse>(),
    ),
    io("admin.counselors.get", NONE, ok::<counselors::CounselorResponse>()),
    io("admin.counselors.deactivate", NONE, ok::<counselors::CounselorResponse>()),
    io("admin.counselors.attributes.get", NONE, ok::<attributes::AttributesBody>()),
    io(
        "admin.counselors.attributes.set",
        body::<attributes::AttributesBody>(),
        ok::<attributes::AttributesBody>(),
    ),
    io("admin.hours.get", NONE, ok::<hours::WeekBody>()),
    io("admin.hours.set", body::<hours::WeekBody>(), ok::<hours::WeekBody>()),
    io("admin.exceptions.set", body::<hours::ExceptionBody>(), ok::<hours::ExceptionBody>()),
    io("admin.blocks.list", NONE, ok::<Vec<hours::BlockResponse>>()),
    io("admin.blocks.create", body::<hours::BlockRequest>(), created::<hours::BlockResponse>()),
    io("admin.blocks.delete", NONE, EMPTY),
    io("admin.offers.list", NONE, ok::<Vec<offers::OfferResponse>>()),
    io("admin.offers.create", body::<offers::OfferBody>(), created::<offers::OfferResponse>()),
    io("admin.offers.get", NONE, ok::<offers::OfferResponse>()),
    io("admin.offers.update", body::<offers::OfferBody>(), ok::<offers::OfferResponse>()),
    io("admin.offers.deactivate", NONE, ok::<offers::OfferResponse>()),
    io("admin.closing_days.list", NONE, ok::<closing_days::CalendarResponse>()),
    io(
        "admin.closing_days.create",
        body::<closing_days::CreateClosingDay>(),
        created::<closing_days::ChangeResponse<closing_days::ClosingDayResponse>>(),
    ),
    io("admin.closing_days.bookings_to_move", NONE, ok::<closing_days::BookingsToMove>()),
    io(
        "admin.closing_days.customary",
        body::<closing_days::CustomaryBody>(),
        ok::<closing_days::ChangeResponse<closing_days::CustomaryResponse>>(),
    ),
    io("admin.closing_days.delete", NONE, EMPTY),
    io("admin.bookings.search", NONE, ok::<Vec<bookings::BookingResponse>>()),
    io(
        "admin.bookings.search_by_body",
        body::<bookings::SearchQuery>(),
        ok::<Vec<bookings::BookingResponse>>(),
    ),
    io("admin.bookings.get", NONE, ok::<bookings::BookingResponse>()),
    io("admin.bookings.complete", NONE, ok::<bookings::BookingResponse>()),
    io("admin.bookings.no_show", NONE, ok::<bookings::BookingResponse>()),
    io("admin.bookings.correct_no_show", NONE, ok::<bookings::BookingResponse>()),
    io("admin.bookings.lapse", body::<bookings::LapseRequest>(), ok::<bookings::BookingResponse>()),
    io("admin.bookings.cancel", NONE, ok::<bookings::BookingResponse>()),
    io("admin.callers.list", NONE, ok::<Vec<callers::CallerResponse>>()),
    io("admin.callers.add", body::<callers::AddCallerRequest>(), ok::<callers::CallerResponse>()),
    io("admin.callers.disable", NONE, ok::<callers::CallerResponse>()),
    io("admin.audit.tail", NONE, ok::<Vec<audit::AuditRow>>()),
    io("admin.audit.search", body::<audit::SearchBody>(), ok::<Vec<audit::AuditRow>>()),
    io("admin.summons.create", body::<summons::SummonBody>(), created::<summons::SummonedResponse>()),
    io(
        "admin.summons.batches.run",
        body::<summons_batches::BatchBody>(),
        ok::<summons_batches::BatchResponse>(),
    ),
    io("admin.summons.batches.get", NONE, ok::<summons_batches::BatchResponse>()),
    io("admin.reports.bookings", NONE, Answer::JsonOrCsv(of::<reports::ReportResponse>)),
    io("admin.webhooks.list", NONE, ok::<Vec<webhooks::RecipientResponse>>()),
    io(
        "admin.webhooks.create",
        body::<webhooks::CreateRecipientRequest>(),
        created::<webhooks::RecipientResponse>(),
    ),
    io("admin.webhooks.get", NONE, ok::<webhooks::RecipientResponse>()),
    io("admin.webhooks.remove", NONE, ok::<webhooks::RecipientResponse>()),
    io("admin.webhooks.disable", NONE, ok::<webhooks::RecipientResponse>()),
    io("admin.webhooks.enable", NONE, ok::<webhooks::RecipientResponse>()),
    io("admin.webhooks.deliveries", NONE, ok::<Vec<webhook_log::DeliveryResponse>>()),
    io("admin.webhooks.redeliver", NONE, ok::<webhook_log::DeliveryResponse>()),
    io("admin.dfdg.messages", NONE, ok::<Vec<dfdg_messages::MessageResponse>>()),
    io("admin.dfdg.fejlmeldinger", NONE, ok::<Vec<dfdg_fejlmeldinger::FejlmeldingResponse>>()),
    io(
        "admin.bookings.reschedule",
        body::<reschedule::RescheduleRequest>(),
        ok::<bookings::BookingResponse>(),
    ),
    io("admin.calendar.conflicts", NONE, ok::<Vec<calendar::ConflictResponse>>()),
    io("admin.calendar.conflicts.resolve", body::<calendar::ResolveRequest>(), EMPTY),
    io("admin.calendar.feeds.create", NONE, created::<calendar::NewFeedResponse>()),
    io("admin.calendar.feeds.list", NONE, ok::<Vec<calendar::FeedResponse>>()),
    io("admin.calendar.feeds.revoke", NONE, EMPTY),
    io("admin.calendar.import.set", body::<calendar::ImportRequest>(), EMPTY),
    io("admin.calendar.import.clear", NONE, EMPTY),
    io("admin.teams.list", NONE, ok::<Vec<teams::TeamResponse>>()),
    io("admin.teams.create", body::<teams::CreateTeam>(), created::<teams::TeamResponse>()),
    io("admin.teams.get", NONE, ok::<teams::TeamResponse>()),
    io("admin.teams.members.add", body::<teams::MemberFrom>(), ok::<teams::TeamResponse>()),
    io("admin.teams.members.end", body::<teams::MemberUntil>(), ok::<teams::TeamResponse>()),
    io("admin.rooms.list", NONE, ok::<Vec<rooms::RoomResponse>>()),
    io("admin.rooms.create", body::<rooms::CreateRoom>(), created::<rooms::RoomResponse>()),
    io("admin.rooms.get", NONE, ok::<rooms::RoomResponse>()),
    io("admin.rooms.closures.create", body::<rooms::ClosureBody>(), created::<rooms::ClosureResponse>()),
    io("admin.templates.list", NONE, ok::<Vec<templates::TemplateResponse>>()),
    io("admin.templates.create", body::<templates::TemplateBody>(), created::<templates::TemplateResponse>()),
    io("admin.templates.get", NONE, ok::<templates::TemplateResponse>()),
    io("admin.templates.update", body::<templates::TemplateBody>(), ok::<templates::TemplateResponse>()),
    io("admin.templates.delete", NONE, EMPTY),
    io("admin.interview_types.list", NONE, ok::<Vec<type_rules::RuleResponse>>()),
    io("admin.interview_types.set", body::<type_rules::RuleBody>(), ok::<type_rules::RuleResponse>()),
    io("admin.invitations.list", NONE, ok::<Vec<invitations::InvitationResponse>>()),
    io(
        "admin.invitations.create",
        body::<invitations::CreateInvitation>(),
        created::<invitations::InvitationResponse>(),
    ),
    io("admin.invitations.extend", NONE, ok::<invitations::InvitationResponse>()),
    io("admin.invitations.revoke", NONE, ok::<invitations::InvitationResponse>()),
    io("admin.accounts.list", NONE, ok::<Vec<accounts::AccountResponse>>()),
    io("admin.accounts.disable", NONE, ok::<accounts::AccountResponse>()),
    io("admin.accounts.enable", NONE, ok::<accounts::AccountResponse>()),
    io("admin.mail.senders.list", NONE, ok::<Vec<mail::SenderResponse>>()),
    io("admin.mail.senders.add", body::<mail::AddSender>(), created::<mail::SenderResponse>()),
    io("admin.mail.senders.confirm", body::<mail::ConfirmSender>(), ok::<mail::SenderResponse>()),
    io("admin.mail.log", NONE, ok::<Vec<mail::MailResponse>>()),
    io("admin.mail.redeliver", NONE, ok::<mail::MailResponse>()),
];

/// The schema of this document's own answer: an OpenAPI 3.1 document.
fn document_schema(_: &mut SchemaGenerator) -> Value {
    json!({
        "type": "object",
        "required": ["openapi", "info", "paths", "components"],
        "properties": {"openapi": {"type": "string"}, "paths": {"type": "object"}}
    })
}

/// A query parameter's schema: numbers and flags where the handler reads them, else a string.
fn query_schema(name: &str) -> Value {
    match name {
        "limit" | "before" | "year" => json!({"type": "integer", "format": "int64"}),
        "all" | "include_removed" => json!({"type": "boolean"}),
        "group_by" => json!({"type": "string", "enum": ["day", "offer", "counselor", "channel"]}),
        "format" => json!({"type": "string", "enum": ["json", "csv"]}),
        "outcome" => json!({"type": "string", "enum": ["applied", "rejected"]}),
        _ => json!({"type": "string"}),
    }
}

fn generator(settings: SchemaSettings) -> SchemaGenerator {
    settings.with(|s| s.definitions_path = SCHEMAS.trim_end_matches('/').into()).into_generator()
}

/// Schemas of both directions: answers as serialized, requests as deserialized (defaults
/// optional). A type whose two schemas differ gets its request one named `...Input`.
struct Schemas {
    answers: SchemaGenerator,
    requests: SchemaGenerator,
}

impl Schemas {
    fn new() -> Self {
        Self {
            answers: generator(SchemaSettings::draft2020_12().for_serialize()),
            requests: generator(SchemaSettings::draft2020_12().for_deserialize()),
        }
    }

    /// Every schema for `components/schemas`, and the request schemas' new names.
    fn finish(mut self) -> (Map<String, Value>, Vec<(String, String)>) {
        let mut all = self.answers.take_definitions(true);
        let requests = self.requests.take_definitions(true);
        let renamed: Vec<(String, String)> = requests
            .iter()
            .filter(|(name, schema)| all.get(*name).is_some_and(|other| other != *schema))
            .map(|(name, _)| (name.clone(), format!("{name}Input")))
            .collect();
        for (name, mut schema) in requests {
            rename_refs(&mut schema, &renamed);
            let name = renamed.iter().find(|(old, _)| *old == name).map_or(name, |(_, new)| new.clone());
            all.insert(name, schema);
        }
        (all, renamed)
    }
}

/// Points `$ref`s at renamed schemas.
fn rename_refs(value: &mut Value, renamed: &[(String, String)]) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match child {
                    Value::String(target) if key == "$ref" => {
                        let name = target.strip_prefix(SCHEMAS).unwrap_or_default();
                        if let Some((_, new)) = renamed.iter().find(|(old, _)| old == name) {
                            *target = format!("{SCHEMAS}{new}");
                        }
                    }
                    other => rename_refs(other, renamed),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, renamed)),
        _ => {}
    }
}

fn json_content(schema: Value) -> Value {
    json!({"application/json": {"schema": schema}})
}

/// The success answer of `answer` as an OpenAPI responses entry.
fn success(answer: Answer, schemas: &mut Schemas) -> (u16, Value) {
    match answer {
        Answer::Json(status, schema) => {
            (status, json!({"description": "success", "content": json_content(schema(&mut schemas.answers))}))
        }
        Answer::JsonOrCsv(schema) => {
            let mut content = json_content(schema(&mut schemas.answers));
            content["text/csv"] = json!({"schema": {"type": "string"}});
            (200, json!({"description": "success (CSV when asked for)", "content": content}))
        }
        Answer::Empty => (204, json!({"description": "success, no body"})),
    }
}

/// The entry of `operation` in [`IO`].
fn io_of(operation: &str) -> Option<&'static Io> {
    IO.iter().find(|io| io.operation == operation)
}

fn parameters(route: &super::AdminRoute) -> Vec<Value> {
    let mut parameters: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|part| part.strip_prefix('{').and_then(|p| p.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect();
    parameters.extend(route.query.iter().map(|(name, required)| {
        json!({"name": name, "in": "query", "required": required, "schema": query_schema(name)})
    }));
    parameters
}

/// The document as JSON.
pub fn document() -> Value {
    let mut schemas = Schemas::new();
    let mut paths = Map::new();
    let mut requests = Vec::new();
    for route in routes_table() {
        let io = io_of(route.operation);
        let (status, answer) = match io {
            Some(io) => success(io.answer, &mut schemas),
            None => (200, json!({"description": "success"})),
        };
        let mut operation = json!({
            "operationId": route.operation,
            "summary": route.summary,
            "parameters": parameters(&route),
            "responses": {
                status.to_string(): answer,
                "default": {
                    "description": "RFC 9457 problem",
                    "content": {"application/problem+json": {"schema": {"$ref": format!("{SCHEMAS}Problem")}}}
                }
            }
        });
        if let Some(request) = io.and_then(|io| io.request) {
            requests.push((format!("{PREFIX}{}", route.path), route.method.as_str().to_ascii_lowercase()));
            operation["requestBody"] =
                json!({"required": true, "content": json_content(request(&mut schemas.requests))});
        }
        let item = paths.entry(format!("{PREFIX}{}", route.path)).or_insert_with(|| json!({}));
        item[route.method.as_str().to_ascii_lowercase()] = operation;
    }
    let (mut components, renamed) = schemas.finish();
    for (path, method) in requests {
        if let Some(body) = paths.get_mut(&path).and_then(|item| item.get_mut(&method)) {
            rename_refs(&mut body["requestBody"], &renamed);
        }
    }
    components.insert("Problem".to_owned(), problem_schema());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "planner admin API",
            "version": "1",
            "description": "Operators' JSON API (contract §7): role admin, limited to the caller's jobcenters."
        },
        "paths": paths,
        "components": {"schemas": components}
    })
}

fn problem_schema() -> Value {
    json!({
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "errors": {"type": "array", "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}}
            }}
        }
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
    fn every_route_names_its_bodies_and_every_entry_belongs_to_a_route() {
        let table = routes_table();
        for io in IO {
            assert!(
                table.iter().any(|r| r.operation == io.operation),
                "'{}' is not in the route table",
                io.operation
            );
        }
        for route in &table {
            assert!(
                io_of(route.operation).is_some(),
                "'{}' has no entry in openapi::IO: name its request and answer types",
                route.operation
            );
        }
        let mut operations: Vec<&str> = table.iter().map(|r| r.operation).collect();
        operations.sort_unstable();
        let n = operations.len();
        operations.dedup();
        assert_eq!(operations.len(), n, "operation ids are unique");
        let mut listed: Vec<&str> = IO.iter().map(|io| io.operation).collect();
        listed.sort_unstable();
        listed.dedup();
        assert_eq!(listed.len(), IO.len(), "one IO entry per operation");
    }

    /// Every `$ref` points at a schema of the document, and none is a bare `{"type":"object"}`.
    #[test]
    fn every_reference_resolves_and_no_body_is_an_empty_object() {
        let document = document();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        let mut refs = Vec::new();
        collect_refs(&document, &mut refs);
        assert!(!refs.is_empty());
        for target in refs {
            let name = target.strip_prefix(SCHEMAS).unwrap_or_else(|| panic!("{target}"));
            assert!(schemas.contains_key(name), "{target} does not resolve");
        }
        for (name, schema) in schemas {
            assert_ne!(schema, &json!({"type": "object"}), "{name} says nothing");
        }
    }

    fn collect_refs(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(key, child)| match child {
                Value::String(target) if key == "$ref" => out.push(target.clone()),
                other => collect_refs(other, out),
            }),
            Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
            _ => {}
        }
    }
}
