//! A thin layer over ureq's own connections (TCP, proxies, rustls) that removes two costs ureq
//! adds to every request on a kept connection, measured with the webhooks bench (BENCHMARKS.md):
//!
//! - ureq writes the request head and the body with two writes. On loopback and LANs each write
//!   is its own TCP segment, so the receiver wakes up twice per request (it reads the head, then
//!   waits for the body): 50 % more `sendto` calls for us and an extra `recvfrom` and wakeup on
//!   the receiver. [`Corked`] holds what ureq transmits until ureq waits for the answer (or the
//!   held bytes fill ureq's output buffer), then sends it in one write, like `TCP_CORK` but
//!   without its system calls. Nothing is held across a read, so `Expect: 100-continue` and
//!   answers the server sends early behave as before.
//! - ureq probes a connection (non-blocking read, with two `set_nonblocking` calls) both when it
//!   returns to the pool and when it is taken out again, the latter under the pool's lock that
//!   every sending thread shares. The probe on return comes straight after a complete answer was
//!   read, and the probe on checkout looks at the same socket again before any byte is sent, so
//!   [`Corked::is_open`] skips the first and keeps the second: a connection the server closed
//!   or wrote stray bytes to is still never reused.
//!
//! The bytes on the wire are the same as without this layer; only their grouping into writes
//! changes.

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// Wraps every connection the previous connectors in the chain made in [`Corked`].
#[derive(Debug, Default)]
pub struct CorkConnector;

impl Connector<Box<dyn Transport>> for CorkConnector {
    type Out = Corked;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<Corked>, ureq::Error> {
        Ok(chained.map(|inner| Corked { inner, held: Vec::new(), answered: false }))
    }
}

/// A connection whose writes are held until ureq waits for input.
#[derive(Debug)]
pub struct Corked {
    inner: Box<dyn Transport>,
    /// Bytes ureq transmitted that are not yet written.
    held: Vec<u8>,
    /// Whether input was awaited since the last [`Transport::is_open`]: the next probe is the one
    /// ureq makes when it returns the connection to its pool after the answer.
    answered: bool,
}

impl Corked {
    /// Writes the held bytes through the inner transport, in pieces of its output buffer.
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.held.is_empty() {
            return Ok(());
        }
        let held = std::mem::take(&mut self.held);
        for piece in held.chunks(self.inner.buffers().output().len().max(1)) {
            self.inner.buffers().output()[..piece.len()].copy_from_slice(piece);
            self.inner.transmit_output(piece.len(), timeout)?;
        }
        self.held = held;
        self.held.clear();
        Ok(())
    }
}

impl Transport for Corked {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let capacity = self.inner.buffers().output().len();
        self.held.extend_from_slice(&self.inner.buffers().output()[..amount]);
        if self.held.len() >= capacity {
            self.flush(timeout)?;
        }
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.answered = true;
        self.inner.maybe_await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.answered = true;
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        if std::mem::take(&mut self.answered) {
            return self.held.is_empty();
        }
        self.held.is_empty() && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}
