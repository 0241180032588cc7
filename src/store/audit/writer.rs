//! Group commit for the audit log: concurrent requests hand their rows to one writer thread,
//! which inserts whatever has queued up in one transaction and then answers each request.
//!
//! A request still waits until its row is committed (nothing audited is lost when the process
//! crashes after the answer), but a hundred concurrent calls cost one write transaction, not a
//! hundred that queue on the database lock. On SQLite the writer's own connection commits with
//! `synchronous = NORMAL`: its rows are safe from a crash of the process, and are made durable
//! against a power cut by the next booking commit (FULL), which syncs the whole WAL. Bookings
//! never wait for that; audit rows of read-only calls are the only thing a power cut can take.

use std::sync::mpsc::{self, Receiver, Sender};

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use diesel::connection::SimpleConnection;

use crate::store::audit::AuditEntry;
use crate::store::db::conn::{on_backend, write_tx, AnyConnection, DatabaseUrl};
use crate::store::db::schema::audit_log;
use crate::store::db::to_db;
use crate::store::{take_turn, Error, WriterTurn};

/// Rows written in one transaction at most.
const MAX_BATCH: usize = 256;

/// Where the writer answers: a thread that waits ([`AuditWriter::append`]) or a task that is
/// woken ([`AuditWriter::append_later`]).
#[derive(Debug)]
enum Reply {
    Wait(Sender<Result<(), String>>),
    Wake(tokio::sync::oneshot::Sender<Result<(), String>>),
}

impl Reply {
    /// Answers; a requester that gave up waiting is not an error of the writer.
    fn send(self, outcome: Result<(), String>) {
        let _ = match self {
            Reply::Wait(reply) => reply.send(outcome).map_err(drop),
            Reply::Wake(reply) => reply.send(outcome).map_err(drop),
        };
    }
}

type Job = (AuditEntry, DateTime<Utc>, Reply);

/// The sending side; the writer thread ends when the last `AuditWriter` is dropped.
#[derive(Debug, Clone)]
pub(crate) struct AuditWriter {
    jobs: Sender<Job>,
}

impl AuditWriter {
    /// Starts the writer thread; it opens its own connection (outside the pool) on first use.
    pub(crate) fn start(url: DatabaseUrl, turn: Option<WriterTurn>) -> Result<Self, Error> {
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("planner-audit".into())
            .spawn(move || run(&url, turn.as_ref(), &queue))
            .map_err(|e| Error::Config(format!("cannot start the audit writer: {e}")))?;
        Ok(Self { jobs })
    }

    /// Appends one row and waits until it is committed.
    pub(crate) fn append(&self, entry: &AuditEntry, at: DateTime<Utc>) -> Result<(), Error> {
        let (reply, answer) = mpsc::channel();
        self.jobs.send((entry.clone(), at, Reply::Wait(reply))).map_err(|_| Error::Unavailable)?;
        committed(answer.recv().ok())
    }

    /// Hands one row to the writer now and returns what resolves once it is committed: an
    /// asynchronous caller awaits the commit without holding a thread.
    pub(crate) fn append_later(
        &self,
        entry: AuditEntry,
        at: DateTime<Utc>,
    ) -> impl std::future::Future<Output = Result<(), Error>> + Send + 'static {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let queued = self.jobs.send((entry, at, Reply::Wake(reply))).is_ok();
        async move {
            if !queued {
                return Err(Error::Unavailable);
            }
            committed(answer.await.ok())
        }
    }
}

/// The writer's answer (`None`: it is gone) as the result of an append.
fn committed(answer: Option<Result<(), String>>) -> Result<(), Error> {
    match answer {
        Some(Ok(())) => Ok(()),
        Some(Err(message)) => Err(Error::Corrupt(format!("audit write failed: {message}"))),
        None => Err(Error::Unavailable),
    }
}

fn run(url: &DatabaseUrl, turn: Option<&WriterTurn>, queue: &Receiver<Job>) {
    let mut conn: Option<AnyConnection> = None;
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        let outcome = {
            let _turn = take_turn(turn);
            write(url, &mut conn, &batch).map_err(|e| e.to_string())
        };
        if outcome.is_err() {
            // Start over with a fresh connection next time.
            conn = None;
        }
        for (_, _, reply) in batch {
            reply.send(outcome.clone());
        }
    }
}

/// The writer's own connection, opened on first use and never shared, so its relaxed
/// `synchronous` setting cannot reach a booking transaction.
fn connection<'a>(
    url: &DatabaseUrl,
    slot: &'a mut Option<AnyConnection>,
) -> Result<&'a mut AnyConnection, Error> {
    if slot.is_none() {
        let mut conn = url.establish().map_err(|_| Error::Unavailable)?;
        if let AnyConnection::Sqlite(lite) = &mut conn {
            lite.batch_execute("PRAGMA synchronous = NORMAL")?;
        }
        *slot = Some(conn);
    }
    slot.as_mut().ok_or(Error::Unavailable)
}

/// Inserts the batch in one transaction, each row on the backend's own connection
/// ([`on_backend`]: its prepared statement is found by the query's type).
fn write(url: &DatabaseUrl, slot: &mut Option<AnyConnection>, batch: &[Job]) -> Result<(), Error> {
    let conn = connection(url, slot)?;
    write_tx(conn, |conn| {
        on_backend!(conn, conn => for (entry, at, _) in batch {
            diesel::insert_into(audit_log::table)
                .values((
                    audit_log::at.eq(to_db(*at)),
                    audit_log::correlation_id.eq(&entry.correlation_id),
                    audit_log::caller.eq(&entry.caller),
                    audit_log::request_user.eq(&entry.request_user),
                    audit_log::operation.eq(&entry.operation),
                    audit_log::jobcenter_code.eq(&entry.jobcenter),
                    audit_log::outcome.eq(&entry.outcome),
                    audit_log::detail.eq(&entry.detail),
                ))
                .execute(conn)?;
        });
        Ok(())
    })
}
