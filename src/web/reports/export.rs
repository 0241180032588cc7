//! `GET /reports/csv?report=&scope=&from=&to=`: a report's table as a CSV file for a Danish
//! spreadsheet: UTF-8 with a byte order mark (so Excel reads æøå), semicolons between fields
//! and decimal commas (Excel with Danish settings splits on semicolons and reads "37,5" as a
//! number), written by the `csv` crate. The cells are the page's table's, header and totals
//! included, so the file and the page show the same numbers. A query the page would refuse is
//! a 422 page here; one export writes one audit row `web.reports.export`.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};

use super::build::{build, Report};
use super::view::caption;
use super::{audit, load, read_query, reader, today, ReportQuery};
use crate::web::lang::t;
use crate::web::page;
use crate::web::session::Context;

/// The byte order mark a CSV file starts with.
const BOM: &str = "\u{feff}";

/// `report` as CSV text: the byte order mark, the header, the rows and the totals.
pub fn to_csv(report: &Report) -> String {
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(BOM.as_bytes().to_vec());
    let mut written = writer.write_record(&report.head);
    for row in report.rows.iter().chain(report.foot.iter()) {
        written = written.and_then(|()| writer.write_record(row));
    }
    // Writing into memory does not fail, and every cell is UTF-8.
    written
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default()
}

/// `GET /reports/csv`.
pub async fn csv(request: HttpRequest, query: web::Query<ReportQuery>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let (person, choices) = reader(&request, &context, "web.reports.export").await?;
    let (asked, chosen) = read_query(&query, &choices, today(&context))?;
    let refused = |text: &str| {
        page::message(
            StatusCode::UNPROCESSABLE_ENTITY,
            t("Rapporten kunne ikke hentes"),
            text,
            Some(("/reports", t("Til rapporterne"))),
        )
    };
    let Some(chosen) = chosen else {
        let text = asked
            .errors
            .first()
            .map_or(t("Vælg en rapport, et område og en periode."), |e| e.message.as_str());
        return Ok(refused(text));
    };
    let wanted = chosen.clone();
    let data = match context.blocking(move |store| load(store, &wanted)).await? {
        Ok(data) => data,
        Err(error) => return Ok(refused(&error.message)),
    };
    let body = to_csv(&build(chosen.kind, &data, caption(&chosen)));
    audit(&context, &request, &person, "web.reports.export", &chosen).await;
    let (from, to) = chosen.period;
    let name = format!("planner-{}-{from}-{to}.csv", chosen.kind.slug());
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name)],
    };
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, disposition))
        .body(body))
}
