//! `POST /calendar/{counselor}/bookings/{booking}/cpr`: one booking's CPR, shown to a role that
//! needs it (summoners, and the counselor the meeting is with). The CPR is hidden on every
//! other page; showing it takes a POST with the page's token and writes an audit row
//! `web.cpr.reveal` naming the booking.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;

use super::{audit_booking, shown, visible_booking, Visible};
use crate::domain::ZONE;
use crate::web::lang::{fill, t};
use crate::web::page;
use crate::web::session::{self, Context};
use crate::web::sign_in::TokenForm;

/// The CPR page.
#[derive(Template)]
#[template(path = "web/cpr.html")]
struct CprPage<'a> {
    csrf: &'a str,
    counselor_id: &'a str,
    when: String,
    cpr: String,
}

/// `POST /calendar/{counselor}/bookings/{booking}/cpr`.
pub async fn reveal_cpr(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<TokenForm>,
) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let person = session::posted_by(&request, &context, &form.csrf).await?;
    let now = context.clock.now();
    let (counselor_id, booking_id) = path.into_inner();
    let (checked, wanted) = (person.clone(), counselor_id.clone());
    let found = context
        .blocking(move |store| {
            let Visible { access, booking, .. } =
                match visible_booking(store, &checked, (&wanted, &booking_id), now)? {
                    Ok(visible) => visible,
                    Err(unseen) => return Ok(Err(unseen)),
                };
            if !access.reveal_cpr {
                return Ok(Ok((booking, None)));
            }
            let cpr = store.booking_cpr_for_admin(&booking.id)?;
            Ok(Ok((booking, Some(cpr.expose_for_admin().to_owned()))))
        })
        .await?;
    let (booking, cpr) =
        shown(found, (&context, &request), &person, "web.cpr.reveal", ("counselor", &counselor_id)).await?;
    let Some(cpr) = cpr else {
        audit_booking(&context, &request, &person, ("web.cpr.reveal", "forbidden"), &booking).await;
        return Ok(page::message(
            StatusCode::FORBIDDEN,
            t("CPR-nummeret kan ikke vises"),
            t("Din rolle giver ikke adgang til at se borgeres CPR-numre."),
            Some(("/calendar", t("Til kalenderne"))),
        ));
    };
    audit_booking(&context, &request, &person, ("web.cpr.reveal", "ok"), &booking).await;
    let start = booking.interval.start().with_timezone(&ZONE);
    let when =
        fill(t("{} kl. {}"), [start.format("%d.%m.%Y").to_string(), start.format("%H:%M").to_string()]);
    Ok(page::html(StatusCode::OK, &CprPage { csrf: &person.csrf, counselor_id: &counselor_id, when, cpr }))
}
