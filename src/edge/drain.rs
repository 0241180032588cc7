//! Shutdown without dropping requests: the draining state, the count of open connections and the
//! middleware that closes each connection after its next answer once shutdown has begun.
//!
//! actix-web's graceful stop closes idle keep-alive connections at once and starts no request
//! it has not started yet, so a request racing with that close (written, not yet read) gets EOF
//! with no answer. So `Server::run_until` drains before it stops: it sets the draining flag
//! (every answer from then on carries `Connection: close`, so each keep-alive connection ends
//! after one more answer), pauses the acceptor (new connections wait in the backlog and are
//! refused when the listener closes; their clients never sent a request), and waits until no
//! connection is open. Only then does the graceful stop run, with nothing left to cut.
//!
//! HTTP/2 has no `Connection: close`, and actix-http sends no GOAWAY, so an HTTP/2 connection
//! cannot be told to end after its next answer. The wait therefore counts HTTP/2 by requests,
//! not connections: it waits until no HTTP/2 request is running, and an idle HTTP/2 connection
//! is left to the graceful stop, which serves any request still arriving on it for up to the
//! stop timeout and then closes it. So an idle HTTP/2 client holds shutdown for that timeout at
//! most, never for the whole drain deadline.
//!
//! A connection is counted from `on_connect` (after the TLS handshake) until actix drops its
//! connection data; it counts as HTTP/2 from its first HTTP/2 request. A connection accepted just before the pause may still be in its handshake,
//! uncounted; so the wait lasts at least the handshake timeout, after which every such connection
//! is either counted or gone. The wait is bounded by a deadline: an idle keep-alive connection
//! ends at the keep-alive timeout, a hung one does not hold shutdown forever.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, ServiceRequest, ServiceResponse};
use actix_web::http::{ConnectionType, Version};
use actix_web::middleware::Next;
use actix_web::web;

/// How often the wait looks at the count of open connections.
const POLL: Duration = Duration::from_millis(10);

/// The draining state shared by the listeners of one server and their workers.
#[derive(Debug, Clone, Default)]
pub struct Drain {
    inner: Arc<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    draining: AtomicBool,
    /// Connections past their handshake, of either protocol.
    open: AtomicUsize,
    /// Of those, the connections that carried an HTTP/2 request.
    http2: AtomicUsize,
    /// HTTP/2 requests running now.
    http2_requests: AtomicUsize,
}

/// Counts one connection while actix keeps its connection data.
struct ConnectionGuard {
    counts: Arc<Counts>,
    http2: AtomicBool,
}

impl ConnectionGuard {
    /// Marks the connection as HTTP/2 (once).
    fn mark_http2(&self) {
        if !self.http2.swap(true, Ordering::SeqCst) {
            self.counts.http2.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        if self.http2.load(Ordering::SeqCst) {
            self.counts.http2.fetch_sub(1, Ordering::SeqCst);
        }
        self.counts.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Counts one running HTTP/2 request until it is answered (or dropped).
struct RequestGuard(Arc<Counts>);

impl Drop for RequestGuard {
    fn drop(&mut self) {
        self.0.http2_requests.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Drain {
    /// Enters the draining state: every answer from now on closes its connection.
    pub fn begin(&self) {
        self.inner.draining.store(true, Ordering::SeqCst);
    }

    /// Whether shutdown has begun.
    pub fn is_draining(&self) -> bool {
        self.inner.draining.load(Ordering::SeqCst)
    }

    /// Connections open now (past their TLS handshake).
    pub fn open_connections(&self) -> usize {
        self.inner.open.load(Ordering::SeqCst)
    }

    /// Of the open connections, those that carried an HTTP/2 request.
    pub fn open_http2_connections(&self) -> usize {
        self.inner.http2.load(Ordering::SeqCst)
    }

    /// What the drain still waits for: open HTTP/1.1 connections plus running HTTP/2 requests.
    pub fn unsettled(&self) -> usize {
        let counts = &self.inner;
        // `http2` is read first: a connection leaving in between is then not counted as HTTP/1.1.
        let http2 = counts.http2.load(Ordering::SeqCst);
        let open = counts.open.load(Ordering::SeqCst);
        open.saturating_sub(http2) + counts.http2_requests.load(Ordering::SeqCst)
    }

    /// Counts a new connection until `data` (its actix connection data) is dropped; call from
    /// `on_connect`.
    pub fn track(&self, data: &mut Extensions) {
        self.inner.open.fetch_add(1, Ordering::SeqCst);
        data.insert(ConnectionGuard { counts: self.inner.clone(), http2: AtomicBool::new(false) });
    }

    /// Counts an HTTP/2 request on the connection whose data holds `guard` until the returned
    /// guard drops.
    fn http2_request(&self, connection: Option<&ConnectionGuard>) -> RequestGuard {
        self.inner.http2_requests.fetch_add(1, Ordering::SeqCst);
        if let Some(connection) = connection {
            connection.mark_http2();
        }
        RequestGuard(self.inner.clone())
    }

    /// Waits until nothing is [`unsettled`](Self::unsettled) and at least `floor` has passed, or
    /// until `deadline`; returns what was still unsettled.
    pub async fn settle(&self, floor: Duration, deadline: Duration) -> usize {
        let started = Instant::now();
        loop {
            let left = self.unsettled();
            let elapsed = started.elapsed();
            if (left == 0 && elapsed >= floor) || elapsed >= deadline {
                return left;
            }
            actix_web::rt::time::sleep(POLL).await;
        }
    }
}

/// Middleware: once the server drains, every answer says `Connection: close` and actix closes
/// the connection after writing it (HTTP/1.1); an HTTP/2 request is counted while it runs. Handlers' errors arrive here as answers; an error raised by a middleware
/// itself is answered by actix outside, and its connection ends at the keep-alive timeout.
pub async fn close_when_draining(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Only the `Data` handle is kept: a clone of the request would stop actix from routing it.
    let drain = request.app_data::<web::Data<Drain>>().cloned();
    let _running = match &drain {
        Some(drain) if request.version() == Version::HTTP_2 => {
            Some(drain.http2_request(request.request().conn_data::<ConnectionGuard>()))
        }
        _ => None,
    };
    let mut response = next.call(request).await?;
    if drain.is_some_and(|drain| drain.is_draining()) {
        response.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(drain: &Drain) -> Extensions {
        let mut data = Extensions::new();
        drain.track(&mut data);
        data
    }

    #[test]
    fn an_idle_http2_connection_does_not_hold_the_drain_but_its_running_request_does() {
        let drain = Drain::default();
        let http1 = connection(&drain);
        let http2 = connection(&drain);
        assert_eq!(drain.unsettled(), 2, "both wait until they speak");
        let request = drain.http2_request(http2.get::<ConnectionGuard>());
        assert_eq!(drain.unsettled(), 2, "the HTTP/1.1 connection and the running HTTP/2 request");
        drop(http1);
        assert_eq!(drain.unsettled(), 1, "the running HTTP/2 request");
        drop(request);
        assert_eq!(drain.unsettled(), 0, "an idle HTTP/2 connection is left to the graceful stop");
        assert_eq!(drain.open_connections(), 1);
        drop(http2);
        assert_eq!((drain.unsettled(), drain.open_connections()), (0, 0));
    }

    #[test]
    fn settle_returns_once_the_last_http2_request_is_answered() {
        let drain = Drain::default();
        let data = connection(&drain);
        let request = drain.http2_request(data.get::<ConnectionGuard>());
        let answered = Arc::new(AtomicBool::new(false));
        let answering = {
            let answered = answered.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                answered.store(true, Ordering::SeqCst);
                drop(request);
            })
        };
        let left =
            actix_web::rt::System::new().block_on(drain.settle(Duration::ZERO, Duration::from_secs(60)));
        answering.join().unwrap();
        assert_eq!(left, 0);
        assert!(answered.load(Ordering::SeqCst), "settled before the request was answered");
        drop(data);
    }
}
