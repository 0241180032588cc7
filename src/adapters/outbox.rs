//! The outbox worker: fans committed outbox events out to webhook recipients, claims one due
//! delivery at a time and sends it.
//!
//! [`try_deliver_next`] is the single step; the worker loop started by `planner serve` and the
//! tests both call it, so tests drive time through `now` and never sleep. Delivery is at least
//! once (a claim is a lease, and a crash between sending and recording means a resend), so
//! receivers dedupe on the event id in the body. Order per booking comes from the store's claim.

mod threads;

use std::collections::BTreeMap;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use threads::SendThreads;

use super::background::{Background, Stopping};
use super::webhooks::WebhookClient;
use crate::store::{self, AttemptOutcome, ClaimedDelivery, RetryFrom, Store};

/// The Xpert Suite retry table: after 1 h, 2 h, 6 h and 24 h, then give up.
pub fn default_retry_schedule() -> Vec<Duration> {
    [1, 2, 6, 24].into_iter().map(|hours| Duration::from_secs(hours * 3600)).collect()
}

/// Delivers one claimed delivery to its recipient. One sender per recipient kind; senders of
/// adapters load what they need (the booking, the citizen through the vault) from `store` by
/// `delivery.aggregate_id`, because outbox payloads never hold personal data.
pub trait Sender: Send + Sync {
    /// Makes one attempt; a failure is retried by the schedule.
    fn send(&self, store: &Store, delivery: &ClaimedDelivery) -> AttemptOutcome;
}

/// The kind of plain webhook recipients (`X-Hub-Signature` over the body).
pub const WEBSUB: &str = "websub";

/// Sends WebSub-signed webhooks.
#[derive(Debug, Clone, Default)]
pub struct WebSubSender {
    /// The HTTP sender.
    pub client: WebhookClient,
}

impl Sender for WebSubSender {
    fn send(&self, _store: &Store, delivery: &ClaimedDelivery) -> AttemptOutcome {
        match self.client.post(&delivery.url, &delivery.secret, &delivery.body) {
            Ok(status) => http_outcome(status),
            Err(error) => AttemptOutcome::Failure { http_status: None, error },
        }
    }
}

/// The outcome of an answer with `status`: success for any 2xx.
pub fn http_outcome(status: u16) -> AttemptOutcome {
    if (200..300).contains(&status) {
        AttemptOutcome::Success { http_status: i32::from(status) }
    } else {
        AttemptOutcome::Failure {
            http_status: Some(i32::from(status)),
            error: format!("recipient answered {status}"),
        }
    }
}

/// How deliveries are sent and retried.
#[derive(Clone)]
pub struct Dispatcher {
    /// The sender of each recipient kind.
    pub senders: BTreeMap<String, Arc<dyn Sender>>,
    /// Delay before each retry.
    pub retry_schedule: Vec<Duration>,
    /// Whether delays count from the previous attempt (default) or the first one.
    pub retry_from: RetryFrom,
    /// How long a claim keeps other workers off a delivery (longer than a send can take).
    pub lease: Duration,
    /// Deliveries a worker claims, sends (in parallel) and records at once.
    pub batch: usize,
    /// The threads sending in parallel, shared by the clones (the workers).
    pub threads: Arc<SendThreads>,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("kinds", &self.senders.keys().collect::<Vec<_>>())
            .field("retry_schedule", &self.retry_schedule)
            .field("retry_from", &self.retry_from)
            .field("lease", &self.lease)
            .field("batch", &self.batch)
            .finish()
    }
}

impl Default for Dispatcher {
    fn default() -> Self {
        Self::new(WebhookClient::default(), default_retry_schedule(), Duration::from_secs(60))
    }
}

impl Dispatcher {
    /// A dispatcher sending WebSub webhooks with `client`.
    pub fn new(client: WebhookClient, retry_schedule: Vec<Duration>, lease: Duration) -> Self {
        let websub: Arc<dyn Sender> = Arc::new(WebSubSender { client });
        Self {
            senders: BTreeMap::from([(WEBSUB.to_owned(), websub)]),
            retry_schedule,
            retry_from: RetryFrom::default(),
            lease,
            batch: 1,
            threads: Arc::default(),
        }
    }

    /// Adds (or replaces) the sender of recipients of `kind`.
    pub fn with_sender(mut self, kind: &str, sender: Arc<dyn Sender>) -> Self {
        self.senders.insert(kind.to_owned(), sender);
        self
    }

    fn send(&self, store: &Store, delivery: &ClaimedDelivery) -> AttemptOutcome {
        match self.senders.get(delivery.kind.as_str()) {
            Some(sender) => sender.send(store, delivery),
            None => AttemptOutcome::Failure {
                http_status: None,
                error: format!("no sender for recipient kind '{}' is configured", delivery.kind),
            },
        }
    }
}

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A delivery was acknowledged with a 2xx.
    Delivered {
        /// The delivery row.
        delivery_id: i64,
    },
    /// An attempt failed; it is retried later or given up per the schedule.
    Failed {
        /// The delivery row.
        delivery_id: i64,
    },
    /// Nothing is due.
    Nothing,
}

/// Fans out pending outbox events, then sends the next due delivery, if any, and records the
/// attempt.
pub fn try_deliver_next(
    store: &Store,
    dispatcher: &Dispatcher,
    now: DateTime<Utc>,
) -> Result<Outcome, store::Error> {
    Ok(deliver_batch(store, dispatcher, now, 1)?.into_iter().next().unwrap_or(Outcome::Nothing))
}

/// Fans out pending outbox events, claims up to `limit` due deliveries in one transaction,
/// sends them at the same time (one sender thread each; they are of different bookings or
/// recipients, so order per booking holds) and records every outcome in one transaction.
/// Returns one outcome per delivery, none when nothing was due.
pub fn deliver_batch(
    store: &Store,
    dispatcher: &Dispatcher,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Outcome>, store::Error> {
    while store.fan_out_pending(now)? > 0 {}
    let deliveries = store.claim_due_deliveries(now, dispatcher.lease, limit)?;
    let outcomes: Vec<AttemptOutcome> = match deliveries.as_slice() {
        [] => return Ok(Vec::new()),
        [delivery] => vec![dispatcher.send(store, delivery)],
        _ => send_all(store, dispatcher, &deliveries),
    };
    let recorded: Vec<(i64, AttemptOutcome)> =
        deliveries.iter().map(|delivery| delivery.id).zip(outcomes.iter().cloned()).collect();
    store.record_attempts(&recorded, now, &dispatcher.retry_schedule, dispatcher.retry_from)?;
    Ok(deliveries
        .iter()
        .zip(outcomes)
        .map(|(delivery, outcome)| match outcome {
            AttemptOutcome::Success { .. } => {
                log::info!(target: "planner::webhooks", "delivered webhook.delivery={} recipient={} event.id={} event.topic={}", delivery.id, delivery.recipient, delivery.event_id, delivery.topic);
                Outcome::Delivered { delivery_id: delivery.id }
            }
            AttemptOutcome::Failure { error, .. } => {
                log::warn!(target: "planner::webhooks", "webhook attempt failed webhook.delivery={} recipient={} event.id={} attempt={}: {error}", delivery.id, delivery.recipient, delivery.event_id, delivery.attempts + 1);
                Outcome::Failed { delivery_id: delivery.id }
            }
        })
        .collect())
}

/// Sends every delivery at the same time (one sender thread each, the last on this thread) and
/// waits for the last outcome; the waiting thread is woken once, when all are in.
fn send_all(store: &Store, dispatcher: &Dispatcher, deliveries: &[ClaimedDelivery]) -> Vec<AttemptOutcome> {
    let results = Arc::new(Results::new(deliveries.len()));
    for (index, delivery) in deliveries.iter().enumerate() {
        let (store, dispatcher, delivery, results) =
            (store.clone(), dispatcher.clone(), delivery.clone(), results.clone());
        let report = Report { results: Some(results), index };
        let threads = dispatcher.threads.clone();
        let job = move || {
            let outcome =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| dispatcher.send(&store, &delivery)));
            report.put(outcome.ok());
        };
        // The last one goes out on this thread, which would otherwise only wait.
        if index + 1 == deliveries.len() {
            job();
        } else {
            threads.run(Box::new(job));
        }
    }
    results
        .wait()
        .into_iter()
        .map(|outcome| {
            outcome.unwrap_or_else(|| AttemptOutcome::Failure {
                http_status: None,
                error: "the sender panicked".to_owned(),
            })
        })
        .collect()
}

/// A delivery's place in [`Results`]; one dropped before it reported counts as panicked, so
/// the batch never waits for a job that will not run.
struct Report {
    results: Option<Arc<Results>>,
    index: usize,
}

impl Report {
    fn put(mut self, outcome: Option<AttemptOutcome>) {
        if let Some(results) = self.results.take() {
            results.put(self.index, outcome);
        }
    }
}

impl Drop for Report {
    fn drop(&mut self) {
        if let Some(results) = self.results.take() {
            results.put(self.index, None);
        }
    }
}

/// The outcomes of one batch as the sender threads report them (`None`: the sender panicked).
struct Results {
    slots: Mutex<(Vec<Option<AttemptOutcome>>, usize)>,
    all_in: Condvar,
}

impl Results {
    fn new(count: usize) -> Self {
        Self { slots: Mutex::new((vec![None; count], count)), all_in: Condvar::new() }
    }

    fn put(&self, index: usize, outcome: Option<AttemptOutcome>) {
        let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        slots.0[index] = outcome;
        slots.1 -= 1;
        if slots.1 == 0 {
            self.all_in.notify_one();
        }
    }

    fn wait(&self) -> Vec<Option<AttemptOutcome>> {
        let slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
        let mut slots =
            self.all_in.wait_while(slots, |slots| slots.1 > 0).unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut slots.0)
    }
}

/// An outbox worker thread; stops when [`Worker::stop`] is called or it is dropped.
#[derive(Debug)]
pub struct Worker(Background);

impl Worker {
    /// Starts a thread that delivers while there is work, then waits `idle` before looking again.
    pub fn start(store: Store, dispatcher: Dispatcher, idle: Duration) -> std::io::Result<Worker> {
        let round = move |stopping: &Stopping<'_>| loop {
            match deliver_batch(&store, &dispatcher, Utc::now(), dispatcher.batch) {
                Ok(outcomes) if outcomes.is_empty() => return,
                Ok(_) if stopping.requested() => return,
                Ok(_) => {}
                Err(error) => {
                    log::error!(target: "planner::webhooks", "outbox worker: {error}");
                    return;
                }
            }
        };
        Ok(Worker(Background::start("outbox", idle, false, round)?))
    }

    /// Stops the loop after its current batch and waits for it.
    pub fn stop(self) {
        self.0.stop();
    }
}

/// Starts `count` (at least one) outbox worker threads sharing `dispatcher`. Claims are safe
/// across threads and order per booking holds with any number.
pub fn start_workers(
    store: &Store,
    dispatcher: &Dispatcher,
    count: usize,
    idle: Duration,
) -> std::io::Result<Vec<Worker>> {
    (0..count.max(1)).map(|_| Worker::start(store.clone(), dispatcher.clone(), idle)).collect()
}
