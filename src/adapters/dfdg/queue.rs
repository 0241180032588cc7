//! The WSRM queue consumer (docs/contract/adapters.md §9): CreateSequence, fetch every message
//! service of the inventory, apply each message to the store, then TerminateSequence to confirm;
//! repeat until the inventory is empty.
//!
//! A message is confirmed only after its change is committed: TerminateSequence is sent after
//! every message of the sequence was applied (each with its MessageIdentifier, in one
//! transaction, by `Store::apply_dfdg_message`). Any failure (DFDG unreachable, an unreadable
//! answer, the database) sends CloseSequence, so DFDG redelivers the whole sequence, and the
//! messages already applied are then recognised by their id and change nothing.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::client::DfdgClient;
use super::wire;
use crate::adapters::background::{Background, Stopping};
use crate::store::{ApplyOutcome, Store};

/// At most this many messages per sequence (DFDG's limit); more is a protocol error.
pub const MAX_MESSAGES_PER_SEQUENCE: u64 = 500;
/// A pull stops after this many sequences even if DFDG still has messages (the next pull goes on).
const MAX_SEQUENCES_PER_PULL: usize = 10_000;

/// What one pull did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PullReport {
    /// Sequences confirmed with TerminateSequence.
    pub sequences: usize,
    /// Messages received.
    pub fetched: usize,
    /// Messages whose change was committed.
    pub applied: usize,
    /// Messages recorded before (redelivered): nothing changed.
    pub already_seen: usize,
    /// Messages refused by a business rule or unreadable, recorded in the WSRM log.
    pub rejected: usize,
}

/// A pull that stopped; the report says what was committed before.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}")]
pub struct PullError {
    /// What was committed before the failure.
    pub report: PullReport,
    /// What went wrong.
    pub error: String,
}

/// Pulls the queue until it is empty. `now` stamps each applied message.
pub fn pull(
    store: &Store,
    client: &DfdgClient,
    sub_queue: &str,
    now: &dyn Fn() -> DateTime<Utc>,
) -> Result<PullReport, PullError> {
    let mut report = PullReport::default();
    for _ in 0..MAX_SEQUENCES_PER_PULL {
        let fail = |report: PullReport, error: String| PullError { report, error };
        let inventory = client
            .call(&wire::create_sequence(sub_queue))
            .map_err(String::from)
            .and_then(|body| wire::sequence_response(&body))
            .map_err(|error| fail(report, error))?;
        let empty = inventory.total() == 0;
        let applied =
            if empty { Ok(()) } else { apply_sequence(store, client, &inventory, now, &mut report) };
        if let Err(error) = applied {
            // Abort: DFDG redelivers the sequence; what was committed is recognised by its id.
            if let Err(close) = client.call(&wire::close_sequence(&inventory.sequence)) {
                log::warn!(target: "planner::dfdg", "CloseSequence failed dfdg.sequence={}: {close}", inventory.sequence);
            }
            return Err(fail(report, error));
        }
        client
            .call(&wire::terminate_sequence(&inventory.sequence))
            .map_err(|error| fail(report, error.into()))?;
        if empty {
            return Ok(report);
        }
        report.sequences += 1;
        log::info!(target: "planner::dfdg", "wsrm sequence confirmed dfdg.sequence={} messages={}", inventory.sequence, inventory.total());
    }
    Ok(report)
}

fn apply_sequence(
    store: &Store,
    client: &DfdgClient,
    inventory: &wire::Inventory,
    now: &dyn Fn() -> DateTime<Utc>,
    report: &mut PullReport,
) -> Result<(), String> {
    if inventory.total() > MAX_MESSAGES_PER_SEQUENCE {
        return Err(format!("DFDG offered {} messages in one sequence (at most 500)", inventory.total()));
    }
    for service in &inventory.services {
        if service.count == 0 {
            continue;
        }
        let body = client.call(&wire::get_messages(service, &inventory.sequence))?;
        let messages = wire::messages_response(&body, &service.name)?;
        if messages.len() as u64 > MAX_MESSAGES_PER_SEQUENCE {
            return Err(format!("DFDG sent {} messages in one fetch (at most 500)", messages.len()));
        }
        for message in &messages {
            report.fetched += 1;
            match store.apply_dfdg_message(message, now()).map_err(|e| e.to_string())? {
                ApplyOutcome::Applied(_) => report.applied += 1,
                ApplyOutcome::AlreadySeen => report.already_seen += 1,
                ApplyOutcome::Rejected(reason) => {
                    report.rejected += 1;
                    // The id is DFDG's free string: masked like any operator output.
                    let id = crate::domain::mask_message_id(&message.id);
                    log::warn!(target: "planner::dfdg", "wsrm message rejected dfdg.message={id}: {reason}");
                }
            }
        }
    }
    Ok(())
}

/// The background thread of `serve`: pulls at start and then every `interval`, until stopped
/// or dropped.
#[derive(Debug)]
pub struct QueueWorker(Background);

impl QueueWorker {
    /// Starts pulling with `client` every `interval`.
    pub fn start(
        store: Store,
        client: DfdgClient,
        sub_queue: String,
        interval: Duration,
    ) -> std::io::Result<QueueWorker> {
        let round = move |_: &Stopping<'_>| match pull(&store, &client, &sub_queue, &Utc::now) {
            Ok(report) if report.fetched > 0 => {
                log::info!(target: "planner::dfdg", "wsrm pull done {report:?}")
            }
            Ok(_) => {}
            Err(error) => {
                log::error!(target: "planner::dfdg", "wsrm pull failed {:?}: {}", error.report, error.error)
            }
        };
        Ok(QueueWorker(Background::start("dfdg-queue", interval, false, round)?))
    }

    /// Stops after the current pull and waits for it.
    pub fn stop(self) {
        self.0.stop();
    }
}
