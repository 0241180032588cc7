//! `/admin/v1/counselors/{id}/attributes`: whether a counselor holds self-booking times and may
//! be given summons, and their competencies (kompetencer). Offers that require competencies
//! (`"competencies"` in the offer body) follow the counselors who hold them.

use std::collections::BTreeSet;

use actix_web::{web, HttpResponse};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::call::{json, AdminCall};
use super::counselors::owned_counselor;
use crate::edge::Problem;
use crate::store::CounselorAttributes;

/// Body and answer of the attributes endpoints.
#[derive(Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AttributesBody {
    /// Holds self-booking times (citizens see and book them); default true.
    #[serde(default = "yes")]
    pub self_booking: bool,
    /// May be given summons, of one citizen or in bulk; default true.
    #[serde(default = "yes")]
    pub summons: bool,
    /// Competencies, each 1-50 characters (at most 50).
    #[serde(default)]
    pub competencies: BTreeSet<String>,
}

fn yes() -> bool {
    true
}

fn body(attributes: CounselorAttributes) -> AttributesBody {
    AttributesBody {
        self_booking: attributes.self_booking,
        summons: attributes.summons,
        competencies: attributes.competencies,
    }
}

/// `GET /counselors/{id}/attributes`.
pub async fn get(call: AdminCall, path: web::Path<String>) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.counselors.attributes.get", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            Ok(body(ctx.store.attributes().of(&counselor.id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// `PUT /counselors/{id}/attributes`: replaces them; offers requiring competencies follow.
pub async fn put(
    call: AdminCall,
    path: web::Path<String>,
    bytes: web::Bytes,
) -> Result<HttpResponse, Problem> {
    let id = path.into_inner();
    let answer = call
        .run("admin.counselors.attributes.set", move |ctx| {
            let counselor = owned_counselor(ctx, &id)?;
            let wire: AttributesBody = json(&bytes)?;
            let attributes = CounselorAttributes {
                self_booking: wire.self_booking,
                summons: wire.summons,
                competencies: wire.competencies.iter().map(|c| c.trim().to_owned()).collect(),
            };
            crate::store::attributes_check(&attributes.competencies)
                .map_err(|_| Problem::invalid("competencies", "each must be 1-50 characters, at most 50"))?;
            ctx.store.attributes().set(&counselor.id, &attributes)?;
            Ok(body(ctx.store.attributes().of(&counselor.id)?))
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
