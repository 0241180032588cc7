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
//! A connection is counted from `on_connect` (after the TLS handshake) until actix drops its
//! connection data. A connection accepted just before the pause may still be in its handshake,
//! uncounted; so the wait lasts at least the handshake timeout, after which every such connection
//! is either counted or gone. The wait is bounded by a deadline: an idle keep-alive connection
//! ends at the keep-alive timeout, a hung one does not hold shutdown forever.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Extensions, ServiceRequest, ServiceResponse};
use actix_web::http::ConnectionType;
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
    open: AtomicUsize,
}

/// Counts one connection while actix keeps its connection data.
struct ConnectionGuard(Arc<Counts>);

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::SeqCst);
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

    /// Counts a new connection until `data` (its actix connection data) is dropped; call from
    /// `on_connect`.
    pub fn track(&self, data: &mut Extensions) {
        self.inner.open.fetch_add(1, Ordering::SeqCst);
        data.insert(ConnectionGuard(self.inner.clone()));
    }

    /// Waits until no connection is open and at least `floor` has passed, or until `deadline`;
    /// returns how many connections were still open.
    pub async fn settle(&self, floor: Duration, deadline: Duration) -> usize {
        let started = Instant::now();
        loop {
            let open = self.open_connections();
            let elapsed = started.elapsed();
            if (open == 0 && elapsed >= floor) || elapsed >= deadline {
                return open;
            }
            actix_web::rt::time::sleep(POLL).await;
        }
    }
}

/// Middleware: once the server drains, every answer says `Connection: close` and actix closes
/// the connection after writing it (HTTP/1.1; an HTTP/2 connection ends when its client leaves
/// or at the deadline). Handlers' errors arrive here as answers; an error raised by a middleware
/// itself is answered by actix outside, and its connection ends at the keep-alive timeout.
pub async fn close_when_draining(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    // Only the `Data` handle is kept: a clone of the request would stop actix from routing it.
    let drain = request.app_data::<web::Data<Drain>>().cloned();
    let mut response = next.call(request).await?;
    if drain.is_some_and(|drain| drain.is_draining()) {
        response.response_mut().head_mut().set_connection_type(ConnectionType::Close);
    }
    Ok(response)
}
