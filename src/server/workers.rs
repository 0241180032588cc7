//! The background work `planner serve` runs beside its listeners, assembled from the settings:
//! the outbox workers with one dispatcher (the configured webhooks, the Xpert Suite sync and the
//! DFDG summons registration), the DFDG queue schedule and the ICS import poller. They start
//! after the listener is bound and stop after the server has drained.

use std::sync::Arc;

use anyhow::Context;

use crate::adapters::background::Background;
use crate::adapters::calendar::import;
use crate::adapters::dfdg::queue::QueueWorker;
use crate::adapters::dfdg::register::{self, DfdgSender};
use crate::adapters::dfdg::DfdgClient;
use crate::adapters::outbox::{self, Dispatcher, Worker};
use crate::config::Settings;
use crate::store::Store;

/// How long an outbox worker waits when it found nothing to send.
const OUTBOX_IDLE: std::time::Duration = std::time::Duration::from_secs(1);

/// The running background work of one `serve`.
#[derive(Debug)]
pub struct Workers {
    outbox: Vec<Worker>,
    queue: Option<QueueWorker>,
    poller: Background,
    mail: Option<crate::adapters::mail::MailWorker>,
}

impl Workers {
    /// Starts every background loop the settings ask for.
    pub fn start(settings: &Settings, store: &Store) -> anyhow::Result<Self> {
        let poller = import::start_poller(store.clone(), import::POLL_EVERY)
            .context("cannot start the calendar poller")?;
        let dispatcher = dispatcher(settings, store)?;
        let outbox = outbox::start_workers(store, &dispatcher, settings.webhooks.workers, OUTBOX_IDLE)
            .context("cannot start the outbox worker")?;
        let queue = dfdg_schedule(settings, store)?;
        let mail = mail_worker(settings, store)?;
        Ok(Self { outbox, queue, poller, mail })
    }

    /// Ends every loop after its current round.
    pub fn stop(self) {
        self.outbox.into_iter().for_each(Worker::stop);
        drop(self.queue);
        self.poller.stop();
        if let Some(mail) = self.mail {
            mail.stop();
        }
    }
}

/// The mail worker, or nothing when no mail server is configured.
fn mail_worker(
    settings: &Settings,
    store: &Store,
) -> anyhow::Result<Option<crate::adapters::mail::MailWorker>> {
    use crate::adapters::mail::{MailSending, MailWorker, Mailer};
    if !settings.mail.configured() {
        log::info!("no mail server configured: invitations answer their link instead of mailing it");
        return Ok(None);
    }
    let mailer = Mailer::new(&settings.mail).map_err(anyhow::Error::msg).context("cannot set up mail")?;
    let sending = MailSending::new(mailer, settings.mail.limits);
    let worker =
        MailWorker::start(store.clone(), sending, OUTBOX_IDLE).context("cannot start the mail worker")?;
    Ok(Some(worker))
}

/// One dispatcher: the configured webhooks, the Xpert Suite sync and the DFDG registration when
/// they are configured.
fn dispatcher(settings: &Settings, store: &Store) -> anyhow::Result<Dispatcher> {
    let dispatcher = crate::adapters::webhooks::dispatcher(&settings.webhooks)
        .map_err(anyhow::Error::msg)
        .context("cannot set up webhook sending")?;
    let dispatcher = crate::adapters::xpert::configure(
        store,
        settings.adapters.xpert.as_ref(),
        dispatcher,
        chrono::Utc::now(),
    )
    .context("cannot set up the Xpert Suite sync")?;
    with_dfdg_registration(settings, store, dispatcher)
}

/// The DFDG client of the settings, or `None` when no DFDG URL is configured.
pub fn dfdg_client(settings: &Settings) -> anyhow::Result<Option<DfdgClient>> {
    DfdgClient::from_settings(&settings.dfdg)
        .map_err(|error| anyhow::anyhow!("{error}"))
        .context("cannot set up the DFDG client (check PLANNER_DFDG_CERT, PLANNER_DFDG_KEY, PLANNER_DFDG_CA)")
}

/// Adds the DFDG registration sender to `dispatcher` (and the `dfdg` outbox recipient to the
/// store) when a DFDG URL is configured; otherwise returns `dispatcher` as it is.
fn with_dfdg_registration(
    settings: &Settings,
    store: &Store,
    dispatcher: Dispatcher,
) -> anyhow::Result<Dispatcher> {
    let Some(client) = dfdg_client(settings)? else {
        return Ok(dispatcher);
    };
    let url = settings.dfdg.url.as_deref().unwrap_or_default();
    register::ensure_recipient(store, url, chrono::Utc::now())
        .context("cannot add the dfdg outbox recipient")?;
    let sender = DfdgSender { client, user_identifier: settings.dfdg.user_identifier.clone() };
    Ok(dispatcher.with_sender(register::KIND, Arc::new(sender)))
}

/// The queue schedule, or nothing when no DFDG URL is configured.
fn dfdg_schedule(settings: &Settings, store: &Store) -> anyhow::Result<Option<QueueWorker>> {
    let Some(client) = dfdg_client(settings)? else {
        log::info!("no DFDG URL configured: the WSRM queue is not pulled and summons are not registered");
        return Ok(None);
    };
    let worker = QueueWorker::start(
        store.clone(),
        client,
        settings.dfdg.sub_queue.clone(),
        settings.dfdg.pull_interval,
    )
    .context("cannot start the DFDG queue worker")?;
    Ok(Some(worker))
}
