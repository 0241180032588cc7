//! Idle keep-alive connections of one [`super::HttpClient`], per (scheme, host, port).
//!
//! A connection goes back only after its answer was read fully by Content-Length or chunked
//! and the server did not say `Connection: close`; the pool is bounded in size per key and in
//! idle time, so a connection the server has long since closed is dropped instead of reused.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Idle connections kept per (scheme, host, port).
pub const MAX_IDLE_PER_HOST: usize = 64;

/// How long an idle connection is kept (servers commonly close after 5 to 60 seconds).
pub const MAX_IDLE_TIME: Duration = Duration::from_secs(4);

/// A plain or TLS connection.
pub enum Conn {
    /// `http://`.
    Plain(TcpStream),
    /// `https://`.
    Tls(Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>),
}

impl Read for Conn {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.read(buf),
            Conn::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Conn {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Conn::Plain(s) => s.write(buf),
            Conn::Tls(s) => s.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Conn::Plain(s) => s.flush(),
            Conn::Tls(s) => s.flush(),
        }
    }
}

/// The key of a pooled connection.
pub type Key = (bool, String, u16);

/// The idle connections.
#[derive(Default)]
pub struct Pool {
    idle: Mutex<HashMap<Key, Vec<(Conn, Instant)>>>,
}

impl Pool {
    /// The most recently used idle connection to `key` that is not too old, if any.
    pub fn take(&self, key: &Key) -> Option<Conn> {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let list = idle.get_mut(key)?;
        while let Some((conn, since)) = list.pop() {
            if since.elapsed() < MAX_IDLE_TIME {
                return Some(conn);
            }
        }
        None
    }

    /// Keeps `conn` for reuse unless the pool for `key` is full.
    pub fn put(&self, key: Key, conn: Conn) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        let list = idle.entry(key).or_default();
        list.retain(|(_, since)| since.elapsed() < MAX_IDLE_TIME);
        if list.len() < MAX_IDLE_PER_HOST {
            list.push((conn, Instant::now()));
        }
    }
}
