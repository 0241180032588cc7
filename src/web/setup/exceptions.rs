//! A dated exception to a counselor's week: `POST /setup/{jobcenter}/hours/{counselor}/exceptions`
//! with a date and either a day off or other hours that day (from, to), saved with
//! `Store::set_exception` as the admin API's `PUT /counselors/{id}/exceptions` does (it replaces
//! what the date had). Audit row `web.setup.exception.set` with the counselor's id.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::closing::date;
use super::fields::Fields;
use super::hours::{counselor_change, render, ExceptionValues};
use super::hours_form::time;
use crate::domain::{DayException, LocalPeriod};
use crate::web::lang::t;
use crate::web::page::FieldError;

/// The exception the form describes, or the errors naming each bad field.
fn read(values: &ExceptionValues) -> Result<DayException, Vec<FieldError>> {
    let mut errors = Vec::new();
    let day = date(&values.date);
    if day.is_none() {
        errors.push(FieldError::new("undtagelse-dato", t("Angiv datoen som åååå-mm-dd, fx 2027-03-19.")));
    }
    let mut periods = Vec::new();
    if !values.off {
        let when = t("Angiv klokkeslættet som tt:mm, eller sæt kryds ved fri hele dagen.");
        let (start, end) = (time(&values.start), time(&values.end));
        if start.is_none() {
            errors.push(FieldError::new("undtagelse-fra", when));
        }
        if end.is_none() {
            errors.push(FieldError::new("undtagelse-til", when));
        }
        if let (Some(start), Some(end)) = (start, end) {
            match LocalPeriod::new(start, end) {
                Ok(period) => periods.push(period),
                Err(_) => errors.push(FieldError::new("undtagelse-til", t("Slut skal ligge efter start."))),
            }
        }
    }
    match day {
        Some(day) if errors.is_empty() => DayException::new(day, periods)
            .map_err(|_| vec![FieldError::new("undtagelse-fra", t("Tiderne overlapper."))]),
        _ => Err(errors),
    }
}

/// `POST /setup/{jobcenter}/hours/{counselor}/exceptions`.
pub async fn set(
    request: HttpRequest,
    path: web::Path<(String, String)>,
    form: web::Form<Fields>,
) -> actix_web::Result<HttpResponse> {
    let (jobcenter, id) = path.into_inner();
    let operation = "web.setup.exception.set";
    let (visit, counselor, detail) =
        counselor_change(&request, (&jobcenter, &id), (operation, &form), "/hours").await?;
    let values = ExceptionValues {
        date: form.one("undtagelse-dato").to_owned(),
        off: form.ticked("undtagelse-fri"),
        start: form.one("undtagelse-fra").to_owned(),
        end: form.one("undtagelse-til").to_owned(),
    };
    let exception = match read(&values) {
        Ok(exception) => exception,
        Err(errors) => {
            visit.audit(&request, (operation, "invalid"), detail).await;
            let status = (StatusCode::UNPROCESSABLE_ENTITY, None);
            return render(&visit, status, &counselor, (None, values), errors).await;
        }
    };
    let counselor_id = counselor.id.clone();
    visit.context.blocking(move |store| store.set_exception(&counselor_id, &exception)).await?;
    Ok(visit
        .done(&request, operation, detail, &format!("/hours/{}?done=exception", counselor.id.as_str()))
        .await)
}
