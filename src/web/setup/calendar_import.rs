//! A counselor's ICS import on the calendar page: `POST /setup/{jobcenter}/calendars/{counselor}/import`
//! sets the `http://` or `https://` address polled for their busy time (at most 2000 characters,
//! no spaces, as the admin API's `PUT /counselors/{id}/calendar-import` checks) with
//! `Store::set_calendar_import`, and `POST .../import/clear` stops polling (busy time imported
//! so far stays until replaced). The address is never shown again in full, logged or audited.
//! Audit rows `web.setup.calendar.import.set` and `web.setup.calendar.import.clear`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::calendars::{changing, render};
use super::fields::Fields;
use crate::web::lang::t;
use crate::web::page::FieldError;

/// `POST /setup/{jobcenter}/calendars/{counselor}/import`.
pub async fn set(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.calendar.import.set";
    let (visit, counselor, detail) = changing(&request, (&jobcenter, &id), operation, &form).await?;
    let url = form.one("ics-url").trim().to_owned();
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    if !scheme_ok || url.len() > 2000 || url.contains(char::is_whitespace) {
        visit.audit(&request, (operation, "invalid"), detail).await;
        let text =
            t("Angiv en adresse, der begynder med https:// eller http://, højst 2000 tegn uden mellemrum.");
        let errors = vec![FieldError::new("ics-url", text)];
        let status = (StatusCode::UNPROCESSABLE_ENTITY, None);
        return render(&visit, status, &counselor, (None, url), errors).await;
    }
    let counselor_id = counselor.id.clone();
    visit.context.blocking(move |store| store.set_calendar_import(&counselor_id, Some(&url))).await?;
    Ok(visit
        .done(&request, operation, detail, &format!("/calendars/{}?done=import", counselor.id.as_str()))
        .await)
}

/// `POST /setup/{jobcenter}/calendars/{counselor}/import/clear`.
pub async fn clear(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.calendar.import.clear";
    let (visit, counselor, detail) = changing(&request, (&jobcenter, &id), operation, &form).await?;
    let counselor_id = counselor.id.clone();
    visit.context.blocking(move |store| store.set_calendar_import(&counselor_id, None)).await?;
    Ok(visit
        .done(&request, operation, detail, &format!("/calendars/{}?done=cleared", counselor.id.as_str()))
        .await)
}
