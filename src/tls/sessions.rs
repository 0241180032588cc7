//! Resumed TLS sessions for machine clients that open a new connection for each call.
//!
//! A resumed handshake skips both signatures and the certificates of a full one (about half of
//! its CPU, issue 19), but it also skips the client-certificate verifier: rustls gives the
//! connection the chain stored with the session. So the sessions are kept here, not in rustls'
//! own memory cache, under two rules that a kept-alive connection does not need:
//!
//! - a session belongs to the generation of CRLs in force when it was stored. Once the verifier
//!   has read a new CRL file (looking at it is part of every lookup here), no older session
//!   resumes, and a newly revoked certificate meets the verifier at its next full handshake;
//! - a session resumes for at most [`MAX_AGE`] after the full handshake that verified its chain,
//!   so a certificate that expires is refused within those minutes.
//!
//! Sessions are stateful (a random ticket names an entry here; no ticket key to rotate) and a
//! TLS 1.3 ticket is taken when used, so it resumes once. rustls' memory cache holds the
//! entries and bounds their number; this store prefixes each with its generation and time.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::server::{ServerSessionMemoryCache, StoresServerSessions};

use super::verifier::ClientVerifier;

/// The longest time a session resumes after the full handshake that verified its chain.
pub const MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// How many sessions are kept at most; rustls' cache then forgets one at random.
const CAPACITY: usize = 4096;

/// Bytes before each stored session: the CRL generation, then milliseconds since the store
/// began.
const HEADER: usize = 16;

/// The session store installed in the machine listener's configuration.
#[derive(Debug)]
pub struct Sessions {
    held: Arc<ServerSessionMemoryCache>,
    verifier: Arc<ClientVerifier>,
    began: Instant,
    max_age: Duration,
}

impl Sessions {
    /// An empty store whose sessions belong to `verifier`'s CRL generations.
    pub fn new(verifier: Arc<ClientVerifier>) -> Self {
        Self::with_max_age(verifier, MAX_AGE)
    }

    fn with_max_age(verifier: Arc<ClientVerifier>, max_age: Duration) -> Self {
        Self { held: ServerSessionMemoryCache::new(CAPACITY), verifier, began: Instant::now(), max_age }
    }

    fn put_at(&self, key: Vec<u8>, value: Vec<u8>, now: Instant) -> bool {
        let mut stored = Vec::with_capacity(HEADER + value.len());
        stored.extend_from_slice(&self.verifier.generation().to_be_bytes());
        stored.extend_from_slice(&self.millis(now).to_be_bytes());
        stored.extend_from_slice(&value);
        self.held.put(key, stored)
    }

    /// The session if it was stored under the CRL generation in force and is young enough.
    fn valid_at(&self, stored: Option<Vec<u8>>, now: Instant) -> Option<Vec<u8>> {
        let mut stored = stored?;
        let generation = u64::from_be_bytes(stored.get(..8)?.try_into().ok()?);
        let at = u64::from_be_bytes(stored.get(8..HEADER)?.try_into().ok()?);
        let age = Duration::from_millis(self.millis(now).saturating_sub(at));
        if generation != self.verifier.generation() || age > self.max_age {
            return None;
        }
        Some(stored.split_off(HEADER))
    }

    fn millis(&self, now: Instant) -> u64 {
        u64::try_from(now.saturating_duration_since(self.began).as_millis()).unwrap_or(u64::MAX)
    }
}

impl StoresServerSessions for Sessions {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        self.put_at(key, value, Instant::now())
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.valid_at(self.held.get(key), Instant::now())
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.valid_at(self.held.take(key), Instant::now())
    }

    fn can_cache(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tls::IdentityAttribute;

    fn verifier() -> Arc<ClientVerifier> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let pki = crate::tls::dev_pki::test_ca();
        let mut roots = rustls::RootCertStore::empty();
        roots.add(pki).expect("a CA certificate");
        let verifier =
            ClientVerifier::new(roots, provider, None, Duration::from_secs(2), IdentityAttribute::default());
        Arc::new(verifier.expect("a verifier"))
    }

    #[test]
    fn a_session_resumes_until_its_age_passes_the_limit_and_a_ticket_only_once() {
        let sessions = Sessions::with_max_age(verifier(), Duration::from_secs(60));
        let stored = sessions.began + Duration::from_secs(10);
        assert!(sessions.put_at(b"one".to_vec(), b"session one".to_vec(), stored));
        assert!(sessions.put_at(b"two".to_vec(), b"session two".to_vec(), stored));
        let at = |seconds: u64| stored + Duration::from_secs(seconds);
        assert_eq!(sessions.valid_at(sessions.held.get(b"one"), at(60)), Some(b"session one".to_vec()));
        assert_eq!(sessions.valid_at(sessions.held.get(b"one"), at(61)), None);
        assert_eq!(sessions.valid_at(sessions.held.take(b"two"), at(0)), Some(b"session two".to_vec()));
        assert_eq!(sessions.valid_at(sessions.held.take(b"two"), at(0)), None);
        assert_eq!(sessions.valid_at(sessions.held.get(b"three"), at(0)), None);
        assert_eq!(sessions.valid_at(Some(b"short".to_vec()), at(0)), None);
    }
}
