//! The per-citizen report of a completed bulk summons: on the batch page
//! (`GET /summons/batches/{key}?page=N`) [`LINES`] citizens a page, and whole as CSV
//! (`GET /summons/batches/{key}/report.csv`) for Danish Excel (UTF-8 with a BOM, `;`).
//!
//! The page shows a part because a batch may hold 10,000 citizens: all 5,000 lines of one
//! batch made a page of 507 KB, over the 250 KB every page must stay under (issue 18,
//! `benches/web_pages.rs`); the CSV holds every line. Citizens are named by their line in the
//! uploaded file, never by CPR, like the admin API's batch report.

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::batch::{load, local, reason_text};
use crate::store::{ItemStatus, SummonsItem, SummonsReport};
use crate::web::lang::t;
use crate::web::page;
use crate::web::session::Context;

/// Citizens a page of the report shows (about 20 KB).
pub const LINES: usize = 200;

/// The query of the batch page.
#[derive(Debug, Deserialize)]
pub struct PageQuery {
    /// The report's page, from 1 (text, so that a bad value shows page 1 rather than 400).
    pub page: Option<String>,
}

impl PageQuery {
    /// The page asked for: 1 when absent or not a positive number.
    pub fn page(&self) -> usize {
        self.page.as_deref().and_then(|text| text.trim().parse().ok()).filter(|page| *page >= 1).unwrap_or(1)
    }
}

/// One citizen's line of the report.
pub struct Line {
    /// The line in the uploaded file.
    pub line: u32,
    /// Placed or not, in Danish.
    pub status: &'static str,
    /// The meeting's local time, when placed.
    pub time: String,
    /// The counselor's name, when placed.
    pub counselor: String,
    /// Why not, when not placed.
    pub reason: &'static str,
}

/// The page of the report the batch page shows.
pub struct Shown {
    /// Its lines.
    pub lines: Vec<Line>,
    /// Its number, from 1.
    pub page: usize,
    /// How many pages the report has.
    pub pages: usize,
    /// The first citizen shown (from 1) and the last.
    pub first: usize,
    /// The last citizen shown.
    pub last: usize,
    /// The citizens of the batch.
    pub total: usize,
}

fn line(item: &SummonsItem, names: &HashMap<String, String>) -> Line {
    Line {
        line: item.line,
        status: match item.status {
            ItemStatus::Placed => "Indkaldt",
            ItemStatus::NotPlaced => t("Ikke indkaldt"),
            ItemStatus::Pending => "Venter",
        },
        time: item.start.map(local).unwrap_or_default(),
        counselor: item
            .caseworker
            .as_ref()
            .map(|c| names.get(c.as_str()).cloned().unwrap_or_else(|| c.as_str().to_owned()))
            .unwrap_or_default(),
        reason: item.reason.map(reason_text).unwrap_or_default(),
    }
}

/// Page `page` of `report` (the last one when it asks beyond), with the counselors' `names`.
pub fn shown(report: &SummonsReport, names: &HashMap<String, String>, page: usize) -> Shown {
    let total = report.items.len();
    let pages = total.div_ceil(LINES).max(1);
    let page = page.clamp(1, pages);
    let skip = (page - 1) * LINES;
    let lines: Vec<Line> = report.items.iter().skip(skip).take(LINES).map(|item| line(item, names)).collect();
    Shown { first: skip + 1, last: skip + lines.len(), lines, page, pages, total }
}

/// `GET /summons/batches/{key}/report.csv`: every line.
pub async fn csv(request: HttpRequest, path: web::Path<String>) -> actix_web::Result<HttpResponse> {
    let context = Context::of(&request)?;
    let key = path.into_inner();
    let (_, report, _, names) = load(&request, &context, key.clone()).await?;
    let mut writer = csv::WriterBuilder::new().delimiter(b';').from_writer(b"\xEF\xBB\xBF".to_vec());
    let mut write = |row: [&str; 5]| writer.write_record(row);
    let mut written = write(["linje", "status", "tidspunkt", "vejleder", "årsag"]);
    for line in report.items.iter().map(|item| line(item, &names)) {
        written = written.and_then(|()| {
            write([&line.line.to_string(), line.status, &line.time, &line.counselor, line.reason])
        });
    }
    let body = written
        .ok()
        .and_then(|()| writer.into_inner().ok())
        .ok_or_else(|| page::stop(page::unavailable()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"indkaldelse-{key}.csv\""),
        ))
        .body(body))
}
