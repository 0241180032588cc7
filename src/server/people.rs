//! The people listener (`web_listen`): the staff web app over TLS with the server certificate
//! and no client certificate. It mounts the `web` transport's routes and nothing else, so no
//! machine route (SOAP, admin API, adapters) answers here, and the web app's pages do not
//! answer on the mutual-TLS listener. The calendar feeds stay on their own listener
//! (`feed_listen`) and on the machines' listener: a feed's token is a credential of its own,
//! not a session.

use actix_web::{middleware::from_fn, web, App, HttpServer};
use anyhow::Context;

use super::{SideListener, KEEP_ALIVE, STOP_TIMEOUT, TLS_HANDSHAKE_TIMEOUT};
use crate::edge::{clock::Clock, drain, middleware, BODY_LIMIT};
use crate::store::Store;
use crate::web::WebSettings;

/// Form bodies of the web app are small; larger ones are refused before they are read.
const FORM_LIMIT: usize = 64 * 1024;

/// The people server on `side`, sharing the drain of the whole service.
pub(super) fn people_server(
    side: SideListener,
    store: Store,
    settings: WebSettings,
    clock: Clock,
    drain: &drain::Drain,
) -> anyhow::Result<actix_web::dev::Server> {
    let SideListener { listener, address, tls } = side;
    let store = web::Data::new(store);
    let settings = web::Data::new(settings);
    let clock = web::Data::new(clock);
    let shared_drain = web::Data::new(drain.clone());
    let connect_drain = drain.clone();
    let http = HttpServer::new(move || {
        App::new()
            .app_data(shared_drain.clone())
            .app_data(store.clone())
            .app_data(settings.clone())
            .app_data(clock.clone())
            .app_data(web::PayloadConfig::new(BODY_LIMIT))
            .app_data(
                web::FormConfig::default().limit(FORM_LIMIT).error_handler(crate::web::page::form_error),
            )
            .configure(crate::web::routes)
            .wrap(from_fn(crate::web::lang::scope::scope))
            .wrap(from_fn(crate::web::page::security_headers))
            .wrap(from_fn(middleware::body_limit))
            .wrap(from_fn(middleware::request_log))
            .wrap(from_fn(drain::close_when_draining))
    })
    .on_connect(move |_, data| connect_drain.track(data))
    .keep_alive(KEEP_ALIVE)
    .tls_handshake_timeout(TLS_HANDSHAKE_TIMEOUT)
    .disable_signals()
    .shutdown_timeout(STOP_TIMEOUT.as_secs());
    let scheme = if tls.is_some() { "https" } else { "http" };
    let http = match tls {
        Some(config) => http.listen_rustls_0_23(listener, config),
        None => http.listen(listener),
    };
    let server = http.with_context(|| format!("cannot serve the staff web app on {address}"))?.run();
    log::info!("serving the staff web app (people sign in; no client certificate) on {scheme}://{address}");
    Ok(server)
}
