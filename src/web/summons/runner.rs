//! Bulk summons placed in the background of this instance: the request writes the batch
//! (`Store::create_summons_batch`), then a thread per batch calls
//! `Store::resume_summons_batch` and notes its progress here, so the request answers at once
//! and the progress page reads how far it got.
//!
//! What is noted here lives only as long as the process: the store is the record. A batch the
//! store holds as not completed and that no thread of this instance runs was interrupted (by a
//! restart, or by a failure noted here), and can be resumed; the store places each citizen once
//! however often that happens. With several instances on one database, a batch another instance
//! runs looks interrupted here; resuming it as well waits for the other's chunk and places
//! nobody twice.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::{DateTime, Utc};

use crate::store::{Store, Summoner};

/// How far a batch run by this instance got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Citizens placed or not placed so far.
    pub done: usize,
    /// Citizens in the batch.
    pub total: usize,
    /// True when the run stopped on a failure (the store's failure is logged).
    pub failed: bool,
}

/// The batches this instance runs, by key.
fn running() -> MutexGuard<'static, HashMap<String, Progress>> {
    static RUNNING: OnceLock<Mutex<HashMap<String, Progress>>> = OnceLock::new();
    let lock = RUNNING.get_or_init(Mutex::default);
    // A panic while the lock was held left at worst one stale entry; the map stays usable.
    lock.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How far the batch `key` got, when this instance runs it (or its run failed).
pub fn progress(key: &str) -> Option<Progress> {
    running().get(key).copied()
}

/// How far every batch this instance runs got (read before the store, see `batch::state`).
pub fn snapshot() -> HashMap<String, Progress> {
    running().clone()
}

/// Notes `key` as running from `done` of `total`; false when it runs already.
fn claim(key: &str, done: usize, total: usize) -> bool {
    let mut running = running();
    match running.get(key) {
        Some(progress) if !progress.failed => false,
        _ => {
            running.insert(key.to_owned(), Progress { done, total, failed: false });
            true
        }
    }
}

fn note(key: &str, done: usize, total: usize) {
    if let Some(progress) = running().get_mut(key) {
        (progress.done, progress.total) = (done, total);
    }
}

/// Ends the run of `key`: forgotten when it finished (the store holds the outcome), kept as
/// failed otherwise.
fn finish(key: &str, outcome: Result<(), crate::store::Error>) {
    match outcome {
        Ok(()) => {
            running().remove(key);
        }
        Err(error) => {
            log::error!("summons batch run failed: {error}");
            if let Some(progress) = running().get_mut(key) {
                progress.failed = true;
            }
        }
    }
}

/// Places the citizens of the stored batch `key` (`done` of `total` so far) in the
/// background from `now`: a batch just written, or one a restart interrupted. False when this
/// instance runs it already.
pub fn run(
    store: Store,
    key: String,
    (done, total): (usize, usize),
    summoner: Option<Summoner>,
    now: DateTime<Utc>,
) -> bool {
    if !claim(&key, done, total) {
        return false;
    }
    std::thread::spawn(move || {
        let run =
            store.resume_summons_batch(&key, summoner.as_ref(), now, |done, total| note(&key, done, total));
        finish(&key, run.map(drop));
    });
    true
}
