//! `/admin/v1/rooms`: a jobcenter's meeting rooms (name, address, capacity) and the periods a
//! room is closed. Offers draw their rooms from a pool (`"rooms"` in the offer body); a free
//! time of such an offer needs a free room of the right capacity, and a booking holds its room.

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall, Ctx};
use super::hours::period;
use crate::domain::room::Room;
use crate::domain::JobCenterCode;
use crate::edge::input::Query;
use crate::edge::Problem;

/// Body of `POST /rooms`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoom {
    /// The jobcenter, 5 digits.
    pub jobcenter: String,
    /// The name, unique in the jobcenter (1-100 characters).
    pub name: String,
    /// The address (1-200 characters).
    pub address: String,
    /// Citizens' seats, at least one.
    pub capacity: u32,
}

/// Body of `POST /rooms/{id}/closures`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClosureBody {
    /// Start, RFC 3339.
    pub from: String,
    /// End, RFC 3339, after the start.
    pub to: String,
    /// Why (works, ...), at most 200 characters.
    #[serde(default)]
    pub note: Option<String>,
}

/// A room on the wire.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RoomResponse {
    /// Its id.
    pub id: String,
    /// Its jobcenter.
    pub jobcenter: String,
    /// Its name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Citizens' seats.
    pub capacity: u32,
    /// Inactive rooms are held by nothing new.
    pub active: bool,
}

/// Answer of a closure.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClosureResponse {
    /// The closure's id.
    pub id: String,
}

/// Query naming the jobcenter.
#[derive(Debug, Deserialize, JsonSchema)]
pub struct RoomsQuery {
    /// The jobcenter, 5 digits.
    pub jobcenter: Option<String>,
}

fn response(room: &Room) -> RoomResponse {
    RoomResponse {
        id: room.id.clone(),
        jobcenter: room.jobcenter.as_str().to_owned(),
        name: room.name.clone(),
        address: room.address.clone(),
        capacity: room.capacity,
        active: room.active,
    }
}

fn owned_room(ctx: &mut Ctx<'_>, id: &str) -> Result<Room, Problem> {
    if uuid::Uuid::parse_str(id).is_err() {
        return Err(Problem::not_found("room"));
    }
    ctx.note("room.id", id);
    let room = ctx.store.rooms().get(id)?;
    ctx.jobcenter(&room.jobcenter)?;
    Ok(room)
}

/// `GET /rooms?jobcenter=`.
pub async fn list(call: AdminCall, query: Query<RoomsQuery>) -> Result<HttpResponse, Problem> {
    let query = query.into_inner();
    let answer = call
        .run("admin.rooms.list", move |ctx| {
            let code = ctx.required_jobcenter(query.jobcenter.as_deref())?;
            Ok(ctx.store.rooms().of_jobcenter(&code)?.iter().map(response).collect::<Vec<_>>())
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /rooms`: 201 with the new room.
pub async fn create(call: AdminCall, body: web::Bytes) -> Result<HttpResponse, Problem> {
    let answer = call
        .run("admin.rooms.create", move |ctx| {
            let body: CreateRoom = json(&body)?;
            let jobcenter =
                JobCenterCode::parse(&body.jobcenter).map_err(|e| Problem::field("jobcenter", &e))?;
            ctx.jobcenter(&jobcenter)?;
            let room = Room {
                id: uuid::Uuid::new_v4().to_string(),
                jobcenter,
                name: body.name,
                address: body.address,
                capacity: body.capacity,
                active: true,
            };
            room.validate().map_err(|e| match e {
                crate::domain::Error::InvalidText { field, .. }
                | crate::domain::Error::NotPositive(field) => Problem::invalid(field, e.to_string()),
                other => Problem::from(other),
            })?;
            ctx.store.rooms().create(&room, ctx.now)?;
            ctx.note("room.id", &room.id);
            Ok(response(&room))
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}

/// `GET /rooms/{id}`.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call.run("admin.rooms.get", move |ctx| Ok(response(&owned_room(ctx, &id)?))).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `POST /rooms/{id}/closures`: the room is closed for a period; holds made before stay.
pub async fn close(
    call: AdminCall,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.rooms.closures.create", move |ctx| {
            let room = owned_room(ctx, &id)?;
            let body: ClosureBody = json(&body)?;
            let within = period(Some(&body.from), Some(&body.to))?
                .ok_or_else(|| Problem::invalid("from", "give both 'from' and 'to'"))?;
            if body
                .note
                .as_deref()
                .is_some_and(|n| n.chars().count() > 200 || n.chars().any(char::is_control))
            {
                return Err(Problem::invalid(
                    "note",
                    "must be at most 200 characters without control characters",
                ));
            }
            let id = ctx.store.rooms().close(&room.id, within, body.note.as_deref())?;
            Ok(ClosureResponse { id })
        })
        .await?;
    Ok(HttpResponse::Created().json(answer))
}
