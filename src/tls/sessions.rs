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

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use rustls::server::StoresServerSessions;

use super::verifier::ClientVerifier;

/// The longest time a session resumes after the full handshake that verified its chain.
pub const MAX_AGE: Duration = Duration::from_secs(5 * 60);

/// How many sessions are kept at most; when full, the oldest is forgotten.
const CAPACITY: usize = 4096;

/// The session store installed in the machine listener's configuration.
#[derive(Debug)]
pub struct Sessions {
    held: Mutex<Held>,
    verifier: Arc<ClientVerifier>,
    max_age: Duration,
}

/// The sessions of one CRL generation, and their keys in the order stored (a key may stay in
/// `order` after its session was taken; it is skipped when its turn comes).
#[derive(Debug, Default)]
struct Held {
    generation: u64,
    sessions: HashMap<Vec<u8>, (Vec<u8>, Instant)>,
    order: VecDeque<Vec<u8>>,
}

impl Sessions {
    /// An empty store whose sessions belong to `verifier`'s CRL generations.
    pub fn new(verifier: Arc<ClientVerifier>) -> Self {
        Self::with_max_age(verifier, MAX_AGE)
    }

    fn with_max_age(verifier: Arc<ClientVerifier>, max_age: Duration) -> Self {
        Self { held: Mutex::default(), verifier, max_age }
    }

    /// The sessions of the CRL generation in force: all are forgotten when it changed.
    fn held(&self) -> std::sync::MutexGuard<'_, Held> {
        let generation = self.verifier.generation();
        // Entries are inserted or removed whole: a panic elsewhere cannot leave one half-written.
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        if held.generation != generation {
            *held = Held { generation, ..Held::default() };
        }
        held
    }

    fn put_at(&self, key: Vec<u8>, value: Vec<u8>, now: Instant) -> bool {
        let mut held = self.held();
        while held.sessions.len() >= CAPACITY {
            let Some(oldest) = held.order.pop_front() else { break };
            held.sessions.remove(&oldest);
        }
        if held.order.len() >= 2 * CAPACITY {
            let Held { sessions, order, .. } = &mut *held;
            order.retain(|key| sessions.contains_key(key));
        }
        held.order.push_back(key.clone());
        held.sessions.insert(key, (value, now));
        true
    }

    /// The session under `key` if it is young enough; `take` removes it.
    fn find_at(&self, key: &[u8], take: bool, now: Instant) -> Option<Vec<u8>> {
        let mut held = self.held();
        let (value, at) = if take { held.sessions.remove(key)? } else { held.sessions.get(key)?.clone() };
        (now.saturating_duration_since(at) <= self.max_age).then_some(value)
    }
}

impl StoresServerSessions for Sessions {
    fn put(&self, key: Vec<u8>, value: Vec<u8>) -> bool {
        self.put_at(key, value, Instant::now())
    }

    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.find_at(key, false, Instant::now())
    }

    fn take(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.find_at(key, true, Instant::now())
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
        let mut roots = rustls::RootCertStore::empty();
        roots.add(crate::tls::dev_pki::test_ca()).expect("a CA certificate");
        let verifier =
            ClientVerifier::new(roots, provider, None, Duration::from_secs(2), IdentityAttribute::default());
        Arc::new(verifier.expect("a verifier"))
    }

    #[test]
    fn a_session_resumes_until_its_age_passes_the_limit_and_a_ticket_only_once() {
        let sessions = Sessions::with_max_age(verifier(), Duration::from_secs(60));
        let stored = Instant::now();
        assert!(sessions.put_at(b"one".to_vec(), b"session one".to_vec(), stored));
        assert!(sessions.put_at(b"two".to_vec(), b"session two".to_vec(), stored));
        let at = |seconds: u64| stored + Duration::from_secs(seconds);
        assert_eq!(sessions.find_at(b"one", false, at(60)), Some(b"session one".to_vec()));
        assert_eq!(sessions.find_at(b"one", false, at(61)), None);
        assert_eq!(sessions.find_at(b"two", true, at(0)), Some(b"session two".to_vec()));
        assert_eq!(sessions.find_at(b"two", true, at(0)), None);
        assert_eq!(sessions.find_at(b"three", false, at(0)), None);
    }

    #[test]
    fn when_full_the_oldest_session_is_forgotten_first() {
        let sessions = Sessions::with_max_age(verifier(), Duration::from_secs(60));
        let now = Instant::now();
        for n in 0..CAPACITY + 10 {
            // Every other session is used at once, as a client's single ticket is.
            sessions.put_at(n.to_be_bytes().to_vec(), vec![1], now);
            if n % 2 == 1 && n < 10 {
                assert!(sessions.find_at(&n.to_be_bytes(), true, now).is_some());
            }
        }
        let held = sessions.held();
        assert!(held.sessions.len() <= CAPACITY && held.order.len() <= 2 * CAPACITY + 1);
        assert!(!held.sessions.contains_key(0usize.to_be_bytes().as_slice()), "the oldest went");
        assert!(held.sessions.contains_key((CAPACITY + 9).to_be_bytes().as_slice()), "the newest stays");
    }
}
