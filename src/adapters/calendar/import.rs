//! Imports a counselor's busy time from ICS text (a file, or a polled URL): parse, expand over
//! the horizon, and replace the counselor's previously imported occurrences, so events gone from
//! the calendar free their time on the next import.
//!
//! A failed sync must never delete everything (docs/contract/adapters.md §7): a body that does not
//! parse, or that holds no busy event while blocks are stored, is refused with an error and the
//! stored blocks are kept. Only an explicit `allow_empty` (the CLI's `--allow-empty`) clears them.
//!
//! A busy event the reader cannot read (e.g. an RRULE the `rrule` crate refuses) is never
//! counted as one occurrence: it is listed in the result (`Imported::refused`, printed by the
//! CLI, and recorded as the polled import's last error for operators), and the blocks stored
//! for it by an earlier import are kept.

use chrono::{DateTime, Duration, Utc};

use super::ics_read::{self, Refused};
use crate::adapters::background::{Background, Stopping};
use crate::adapters::http::HttpClient;
use crate::domain::{CounselorId, Interval};
use crate::store::{ImportSummary, Store};

/// The source of imported events (connectors' events are kept apart by their identity).
pub const SOURCE: &str = "ics";

/// Occurrences are imported from a day ago to this far ahead.
pub const HORIZON_DAYS: i64 = 365;

/// The window imported as of `now`.
pub fn horizon(now: DateTime<Utc>) -> Result<Interval, String> {
    Interval::new(now - Duration::days(1), now + Duration::days(HORIZON_DAYS)).map_err(|e| e.to_string())
}

/// What an import changed, and the busy events it could not read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    /// Blocks created, moved, kept and removed.
    pub summary: ImportSummary,
    /// Busy events refused (blocking nothing new; their stored blocks kept).
    pub refused: Vec<Refused>,
}

impl Imported {
    /// One line naming the refused events, or `None` when every busy event was read.
    pub fn refused_line(&self) -> Option<String> {
        if self.refused.is_empty() {
            return None;
        }
        let named: Vec<String> = self
            .refused
            .iter()
            .take(10)
            .map(|r| format!("'{}': {}", r.uid.chars().take(80).collect::<String>(), r.reason))
            .collect();
        let more = self.refused.len().saturating_sub(named.len());
        let tail = if more > 0 { format!("; and {more} more") } else { String::new() };
        Some(format!(
            "{} busy event(s) could not be read and block nothing new (fix them in the calendar): {}{tail}",
            self.refused.len(),
            named.join("; ")
        ))
    }
}

/// Imports `text` as the counselor's busy time.
pub fn import_text(
    store: &Store,
    counselor: &CounselorId,
    text: &str,
    allow_empty: bool,
    now: DateTime<Utc>,
) -> Result<Imported, String> {
    let parsed =
        ics_read::parse(text, horizon(now)?).map_err(|e| format!("refused: {e}; imported blocks kept"))?;
    let refused = parsed.refused;
    let refused_line =
        (Imported { summary: ImportSummary::default(), refused: refused.clone() }).refused_line();
    if let Some(line) = &refused_line {
        log::warn!("calendar import counselor={}: {line}", counselor.as_str());
    }
    if parsed.busy.is_empty() && !allow_empty {
        let stored = store.imported_count(counselor, SOURCE).map_err(|e| e.to_string())?;
        if stored > 0 {
            let also = refused_line.map(|line| format!("; {line}")).unwrap_or_default();
            return Err(format!(
                "refused: the calendar holds no busy events it can read ({} VEVENTs) but {stored} imported blocks \
                 are stored; kept them (a failed export must not free every slot){also}",
                parsed.events
            ));
        }
    }
    let events: Vec<(String, Interval)> = parsed.busy.into_iter().map(|b| (b.key, b.interval)).collect();
    let keep: Vec<String> = refused.iter().map(|r| ics_read::key_prefix(&r.uid)).collect();
    let summary = store
        .replace_imported(counselor, SOURCE, &events, &keep, allow_empty, now)
        .map_err(|e| e.to_string())?;
    Ok(Imported { summary, refused })
}

/// One counselor's poll: what it changed, or why it was refused.
pub type PollOutcome = (CounselorId, Result<Imported, String>);

/// Polls every counselor's ICS URL once; returns each counselor's outcome. Failures are
/// logged and recorded on the import row; the stored blocks stay.
pub fn poll_all(store: &Store, client: &HttpClient, now: DateTime<Utc>) -> Result<Vec<PollOutcome>, String> {
    let imports = store.calendar_imports().map_err(|e| e.to_string())?;
    let mut outcomes = Vec::with_capacity(imports.len());
    for import in imports {
        let outcome = client
            .request("GET", &import.url, &[("Accept", "text/calendar")], b"")
            .map_err(String::from)
            .and_then(|response| {
                if response.status != 200 {
                    return Err(format!(
                        "refused: HTTP {} from the calendar URL; imported blocks kept",
                        response.status
                    ));
                }
                let text = String::from_utf8(response.body)
                    .map_err(|_| "refused: the body is not UTF-8".to_owned())?;
                import_text(store, &import.counselor, &text, false, now)
            });
        match &outcome {
            Ok(imported) => {
                log::info!("calendar poll counselor={} {:?}", import.counselor.as_str(), imported.summary)
            }
            Err(error) => log::warn!("calendar poll counselor={} failed: {error}", import.counselor.as_str()),
        }
        let error = match &outcome {
            Ok(imported) => imported.refused_line(),
            Err(error) => Some(error.clone()),
        };
        if let Err(e) = store.record_calendar_poll(&import.counselor, error.as_deref(), now) {
            log::error!("cannot record the calendar poll: {e}");
        }
        outcomes.push((import.counselor, outcome));
    }
    Ok(outcomes)
}

/// How often `planner serve` polls the ICS URLs.
pub const POLL_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Starts a background thread that polls every counselor's ICS URL every `every` (the first
/// time after one interval) until it is stopped or dropped; a poll that fails is logged and
/// retried at the next interval. Several instances polling the same URL are harmless: an import
/// replaces a set and is idempotent.
pub fn start_poller(store: Store, every: std::time::Duration) -> std::io::Result<Background> {
    let client = HttpClient::with_system_roots(std::time::Duration::from_secs(30));
    Background::start("calendar-poll", every, true, move |_: &Stopping<'_>| {
        if let Err(error) = poll_all(&store, &client, Utc::now()) {
            log::warn!("calendar poll failed: {error}");
        }
    })
}
