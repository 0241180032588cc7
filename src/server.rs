//! The HTTP server: `Server::build(&Settings, Store)` binds the listener, `Server::run()` serves
//! until SIGINT or SIGTERM and then drains in-flight requests. `main.rs` and every integration
//! test start the service through this type, so tests exercise the real routes and middleware.
//!
//! Binding happens in `build`, not in `run`, so `127.0.0.1:0` works and [`Server::port`] reports
//! the port the operating system chose before any request is sent.
//! Signals are handled here rather than by actix, because actix stops at once on SIGINT while
//! contract §8 asks for draining on both SIGINT and SIGTERM.
//! This module holds no business logic: handlers call `store` use-case methods and map their
//! errors once.
//! The listener speaks mutual TLS (HTTP/1.1 and HTTP/2 by ALPN) with the configuration from
//! [`crate::tls`]; the client certificate is looked up once per connection (`on_connect`, which
//! must be set before the listener is added; each certificate is parsed only the first time) and its identity handed to every request by the
//! `tls::caller_identity` middleware. Plain HTTP exists only with `insecure_http` (tests).
//! With `feed_listen` set, a second listener serves only the calendar feeds over TLS without
//! client certificates (calendar apps cannot present one; the feed token is the credential).
//! With `web_listen` set (the default), the people listener serves the staff web app
//! (`people.rs`).

mod health;
mod oidc;
mod people;
mod web_rules;
pub mod workers;

use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use actix_web::{middleware::from_fn, web, App, HttpServer};
use anyhow::Context;

use crate::config::Settings;
use crate::edge::{caller, drain, metrics, middleware, BODY_LIMIT};
use crate::soap::service::SoapSettings;
use crate::store::Store;
use crate::tls::{self, IdentityAttribute};

/// How long shutdown waits for open connections to end before stopping the workers.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(30);

/// How long the workers' graceful stop then waits for requests still running.
const STOP_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a client may take for its TLS handshake; the drain waits at least this long, so a
/// connection accepted just before shutdown is counted before the stop (see `drain.rs`).
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(2);

/// The same wait for plain HTTP (tests), where a connection is counted as soon as a worker
/// takes it.
const PLAIN_ACCEPT_MARGIN: Duration = Duration::from_millis(250);

/// How long an idle keep-alive connection stays open (actix's default, stated here because the
/// drain waits for idle connections to end).
const KEEP_ALIVE: Duration = Duration::from_secs(5);

/// A bound, not yet running HTTP server.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    store: Store,
    workers: Option<usize>,
    soap: SoapSettings,
    /// `None` serves plain HTTP (`insecure_http`).
    tls: Option<rustls::ServerConfig>,
    identity_attribute: IdentityAttribute,
    adapters: crate::adapters::settings::AdapterSettings,
    feed: Option<SideListener>,
    people: Option<SideListener>,
    web: crate::web::WebSettings,
    clock: crate::edge::clock::Clock,
    web_url: crate::edge::WebUrl,
    mail_on: crate::adapters::mail::MailOn,
    /// False: shutdown does not wait for connections that may have been accepted just before
    /// it ([`Server::without_accept_grace`]).
    accept_grace: bool,
}

/// A listener for clients without a function certificate (`feed_listen`, `web_listen`): bound,
/// with its TLS configuration (`None`: plain HTTP, with `insecure_http` only).
#[derive(Debug)]
struct SideListener {
    listener: TcpListener,
    address: SocketAddr,
    tls: Option<rustls::ServerConfig>,
}

impl Server {
    /// Binds the configured listen address; the server starts with [`Server::run`].
    /// Unless `settings.insecure_http` is set, the TLS files are read here, so that a missing
    /// file fails the start with one line naming it.
    pub fn build(settings: &Settings, store: Store) -> anyhow::Result<Server> {
        let tls = if settings.insecure_http { None } else { Some(tls::server_config(&settings.tls)?) };
        Self::build_with_tls(settings, store, tls)
    }

    /// Like [`Server::build`], with a TLS configuration the caller already loaded
    /// (`None`: plain HTTP, which also requires `settings.insecure_http`).
    pub fn build_with_tls(
        settings: &Settings,
        store: Store,
        tls: Option<rustls::ServerConfig>,
    ) -> anyhow::Result<Server> {
        anyhow::ensure!(
            tls.is_some() || settings.insecure_http,
            "no TLS configuration; plain HTTP needs --insecure-http"
        );
        let listener = TcpListener::bind(settings.listen).with_context(|| {
            format!(
                "cannot listen on {}; choose a free address with --listen or PLANNER_LISTEN",
                settings.listen
            )
        })?;
        let address = listener.local_addr().context("cannot read the bound listen address")?;
        let feed = match settings.feed_listen {
            Some(listen) => Some(bind_side(listen, settings, "calendar feeds", "PLANNER_FEED_LISTEN")?),
            None => None,
        };
        let people = match settings.web_listen {
            Some(listen) => Some(bind_side(listen, settings, "the staff web app", "PLANNER_WEB_LISTEN")?),
            None => None,
        };
        let scheme = if settings.insecure_http { "http" } else { "https" };
        // Invitation links name the people listener as bound, unless a URL is configured.
        let web_url = match (&settings.web_url, &people) {
            (None, Some(people)) => crate::edge::WebUrl(format!("{scheme}://{}", people.address)),
            _ => settings.web_url(),
        };
        let base = settings.public_url.clone().unwrap_or_else(|| format!("{scheme}://{address}"));
        let soap = SoapSettings {
            public_url: format!("{}/ExternalBookingService", base.trim_end_matches('/')),
            trust_caller_header: settings.insecure_http,
        };
        Ok(Server {
            listener,
            address,
            store,
            workers: settings.workers,
            soap,
            tls,
            identity_attribute: settings.tls.identity_attribute,
            adapters: settings.adapters.clone(),
            feed,
            people,
            web: crate::web::WebSettings {
                sessions: settings.sessions,
                password: settings.password,
                sso: oidc::provider(settings, &web_url.0)?,
                web_url: Some(web_url.clone()),
                mail: settings.mail.configured(),
                planlink: crate::adapters::planlink::keys(&settings.adapters.planlink),
                webhooks: Some(std::sync::Arc::new(web_rules::AdapterRules)),
                ..Default::default()
            },
            clock: settings.clock.clone(),
            web_url,
            mail_on: crate::adapters::mail::MailOn(settings.mail.configured()),
            accept_grace: true,
        })
    }

    /// Lets shutdown skip its wait for connections accepted just before it, whose TLS handshake
    /// may still be running (see `drain.rs`): for a caller that stops the server only once
    /// every request it sent has been answered (the in-process test servers). `planner serve`
    /// always waits.
    pub fn without_accept_grace(mut self) -> Self {
        self.accept_grace = false;
        self
    }

    /// The address of the people listener, when `web_listen` is set.
    pub fn web_address(&self) -> Option<SocketAddr> {
        self.people.as_ref().map(|people| people.address)
    }

    /// The address of the calendar feed listener, when `feed_listen` is set.
    pub fn feed_address(&self) -> Option<SocketAddr> {
        self.feed.as_ref().map(|feed| feed.address)
    }

    /// The port actually bound (useful with port 0).
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The address actually bound.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Serves until SIGINT or SIGTERM, then drains in-flight requests and returns.
    pub async fn run(self) -> anyhow::Result<()> {
        let shutdown = shutdown_signal().context("cannot install the SIGINT/SIGTERM handlers")?;
        self.run_until(shutdown).await
    }

    /// Serves until `shutdown` completes, then drains in-flight requests and returns.
    /// Tests use this to stop one server without signalling the whole process.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + 'static) -> anyhow::Result<()> {
        let Server {
            listener,
            address,
            store,
            workers,
            soap,
            tls,
            identity_attribute,
            adapters,
            feed,
            people,
            web,
            clock,
            web_url,
            mail_on,
            accept_grace,
        } = self;
        let drain = drain::Drain::default();
        let mut sides = Vec::new();
        if let Some(feed) = feed {
            sides.push(feed_server(feed, store.clone(), &drain)?);
        }
        if let Some(people) = people {
            sides.push(people::people_server(people, store.clone(), web, clock.clone(), &drain)?);
        }
        let adapters = web::Data::new(adapters);
        let store = web::Data::new(store);
        let caller_source =
            web::Data::new(caller::CallerSource { trust_caller_header: soap.trust_caller_header });
        let soap = web::Data::new(soap);
        let metrics = web::Data::new(metrics::Metrics::default());
        let clock = web::Data::new(clock);
        let web_url = web::Data::new(web_url);
        let mail_on = web::Data::new(mail_on);
        let shared_drain = web::Data::new(drain.clone());
        let connect_drain = drain.clone();
        let on_connect = tls::on_connect(identity_attribute);
        let mut http = HttpServer::new(move || {
            App::new()
                .app_data(shared_drain.clone())
                .app_data(store.clone())
                .app_data(soap.clone())
                .app_data(metrics.clone())
                .app_data(caller_source.clone())
                .app_data(clock.clone())
                .app_data(adapters.clone())
                .app_data(web_url.clone())
                .app_data(mail_on.clone())
                // Bodies that arrive without a Content-Length are capped by the extractors.
                .app_data(web::PayloadConfig::new(BODY_LIMIT))
                .app_data(web::JsonConfig::default().limit(BODY_LIMIT).error_handler(json_error))
                // Extractor errors quote the input; these answers (and so the log) do not.
                .app_data(
                    web::QueryConfig::default()
                        .error_handler(|_, _| crate::edge::input::extractor_problem("query string").into()),
                )
                .app_data(
                    web::PathConfig::default()
                        .error_handler(|_, _| crate::edge::input::path_problem().into()),
                )
                .configure(health::routes)
                .configure(metrics::routes)
                .configure(crate::soap::service::routes)
                .configure(crate::admin::routes)
                .configure(crate::adapters::routes)
                .configure(crate::soap::calendar::routes)
                .configure(crate::adapters::inbound::calendar_feed::routes)
                .wrap(from_fn(middleware::body_limit))
                // Runs before the handlers: the certificate identity is in place when they look.
                .wrap(from_fn(tls::caller_identity))
                .wrap(from_fn(middleware::request_log))
                .wrap(from_fn(drain::close_when_draining))
        })
        // Must come before the listener is added, or that listener never calls it.
        .on_connect(move |io, data| {
            connect_drain.track(data);
            on_connect(io, data);
        })
        .keep_alive(KEEP_ALIVE)
        .tls_handshake_timeout(TLS_HANDSHAKE_TIMEOUT)
        .disable_signals()
        .shutdown_timeout(STOP_TIMEOUT.as_secs());
        if let Some(workers) = workers {
            http = http.workers(workers);
        }
        let scheme = if tls.is_some() { "https" } else { "http" };
        // The feed listener speaks TLS whenever the main one does.
        let floor = match (accept_grace, tls.is_some()) {
            (false, _) => Duration::ZERO,
            (true, true) => TLS_HANDSHAKE_TIMEOUT,
            (true, false) => PLAIN_ACCEPT_MARGIN,
        };
        let http = match tls {
            Some(config) => http.listen_rustls_0_23(listener, config),
            None => http.listen(listener),
        };
        let server = http.with_context(|| format!("cannot serve on {address}"))?.run();
        let mut handles = vec![server.handle()];
        handles.extend(sides.iter().map(actix_web::dev::Server::handle));
        actix_web::rt::spawn(async move {
            shutdown.await;
            drain_then_stop(&drain, &handles, floor).await;
        });
        let stop_sides: Vec<_> = sides.iter().map(actix_web::dev::Server::handle).collect();
        let sides: Vec<_> = sides.into_iter().map(actix_web::rt::spawn).collect();
        log::info!("serving on {scheme}://{address}");
        let served = server.await;
        if served.is_err() {
            // The main listener failed: the other listeners stop with it rather than outlive it.
            for side in stop_sides {
                side.stop(false).await;
            }
        }
        served.with_context(|| format!("server on {address} failed"))?;
        for side in sides {
            side.await.context("a listener panicked")?.context("a listener failed")?;
        }
        log::info!("server stopped");
        Ok(())
    }
}

/// `web::Json`'s errors: a too large body keeps its 413; any other is answered without the
/// input that serde would quote.
fn json_error(error: actix_web::error::JsonPayloadError, _: &actix_web::HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    match error {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => error.into(),
        _ => crate::edge::input::extractor_problem("JSON body").into(),
    }
}

/// Shutdown: the draining state, no new connections, a wait until every connection has ended
/// (bounded), then the graceful stop of every listener.
async fn drain_then_stop(drain: &drain::Drain, handles: &[actix_web::dev::ServerHandle], floor: Duration) {
    drain.begin();
    for handle in handles {
        handle.pause().await;
    }
    log::info!(
        "shutdown requested; no new connections, draining {} open connection(s)",
        drain.open_connections()
    );
    let left = drain.settle(floor, DRAIN_TIMEOUT).await;
    if left > 0 {
        log::warn!(
            "{left} connection(s) or HTTP/2 request(s) still open after {} s; stopping anyway",
            DRAIN_TIMEOUT.as_secs()
        );
    }
    for handle in handles {
        handle.stop(true).await;
    }
}

/// Binds a listener for clients without a function certificate (serving `what`, configured by
/// variable `env`) and loads its TLS configuration.
fn bind_side(listen: SocketAddr, settings: &Settings, what: &str, env: &str) -> anyhow::Result<SideListener> {
    let listener = TcpListener::bind(listen).with_context(|| {
        format!("cannot listen on {listen} for {what}; choose a free address in {env} (or 'off')")
    })?;
    let address =
        listener.local_addr().with_context(|| format!("cannot read the bound address for {what}"))?;
    let tls = if settings.insecure_http { None } else { Some(tls::server_only_config(&settings.tls)?) };
    Ok(SideListener { listener, address, tls })
}

/// The calendar feed server: the feed route alone, on its own listener, one worker.
fn feed_server(
    feed: SideListener,
    store: Store,
    drain: &drain::Drain,
) -> anyhow::Result<actix_web::dev::Server> {
    let SideListener { listener, address, tls } = feed;
    let store = web::Data::new(store);
    let shared_drain = web::Data::new(drain.clone());
    let connect_drain = drain.clone();
    let http = HttpServer::new(move || {
        App::new()
            .app_data(shared_drain.clone())
            .app_data(store.clone())
            .configure(crate::adapters::inbound::calendar_feed::routes)
            .wrap(from_fn(middleware::body_limit))
            .wrap(from_fn(middleware::request_log))
            .wrap(from_fn(drain::close_when_draining))
    })
    .on_connect(move |_, data| connect_drain.track(data))
    .keep_alive(KEEP_ALIVE)
    .tls_handshake_timeout(TLS_HANDSHAKE_TIMEOUT)
    .workers(1)
    .disable_signals()
    .shutdown_timeout(STOP_TIMEOUT.as_secs());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let http = match tls {
        Some(config) => http.listen_rustls_0_23(listener, config),
        None => http.listen(listener),
    };
    let server = http.with_context(|| format!("cannot serve calendar feeds on {address}"))?.run();
    log::info!("serving calendar feeds (no client certificate) on {scheme}://{address}");
    Ok(server)
}

/// Completes on the first SIGINT or SIGTERM. The handlers are installed before this returns,
/// so a signal that arrives while the server starts is not lost.
#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    use actix_web::rt::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        let mut interrupt = pin!(interrupt.recv());
        let mut terminate = pin!(terminate.recv());
        std::future::poll_fn(|cx| {
            if interrupt.as_mut().poll(cx).is_ready() || terminate.as_mut().poll(cx).is_ready() {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        })
        .await;
    })
}

/// Completes on Ctrl-C (the only portable signal).
#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    Ok(async {
        let _ = actix_web::rt::signal::ctrl_c().await;
    })
}
