//! Name resolution for [`super::HttpClient`], written here because ureq's default resolver
//! spawns a thread for every request that has a deadline (so that a slow DNS lookup can be
//! abandoned), also when the request goes out on a kept connection or names an IP address: at
//! webhook rates that is thousands of threads a second, and it halved delivery throughput
//! (BENCHMARKS.md). This resolver answers IP addresses at once and keeps a host's addresses for
//! [`TTL`], asking ureq's own resolver (with its deadline) only when they are older.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a host's addresses are reused.
pub const TTL: Duration = Duration::from_secs(30);

/// Hosts remembered at most; the memory is cleared when it is full.
const MAX_HOSTS: usize = 1024;

/// A resolver that answers IP addresses directly and caches host lookups for [`TTL`].
#[derive(Debug, Default)]
pub struct CachingResolver {
    inner: DefaultResolver,
    hosts: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl CachingResolver {
    fn remembered(&self, key: &str) -> Option<ResolvedSocketAddrs> {
        let hosts = self.hosts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        hosts.get(key).filter(|(at, _)| at.elapsed() < TTL).map(|(_, addrs)| addrs.clone())
    }

    fn remember(&self, key: String, addrs: &ResolvedSocketAddrs) {
        let mut hosts = self.hosts.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if hosts.len() >= MAX_HOSTS {
            hosts.clear();
        }
        hosts.insert(key, (Instant::now(), addrs.clone()));
    }
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let port = uri.port_u16().or_else(|| match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        });
        let (Some(host), Some(port)) = (uri.host(), port) else {
            return self.inner.resolve(uri, config, timeout);
        };
        if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            let mut addrs = self.empty();
            addrs.push(SocketAddr::new(ip, port));
            return Ok(addrs);
        }
        let key = format!("{host}:{port}");
        if let Some(addrs) = self.remembered(&key) {
            return Ok(addrs);
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        self.remember(key, &addrs);
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(resolver: &CachingResolver, url: &str) -> Vec<SocketAddr> {
        let uri: Uri = url.parse().unwrap();
        let addrs = resolver.resolve(&uri, &Config::default(), NextTimeout::default()).unwrap();
        addrs.iter().copied().collect()
    }

    #[test]
    fn addresses_are_answered_directly_and_hosts_remembered() {
        let resolver = CachingResolver::default();
        assert_eq!(resolve(&resolver, "http://127.0.0.1:8080/x"), ["127.0.0.1:8080".parse().unwrap()]);
        assert_eq!(resolve(&resolver, "https://[::1]/x"), ["[::1]:443".parse().unwrap()]);
        assert!(resolver.hosts.lock().unwrap().is_empty(), "addresses are not cached");
        let local = resolve(&resolver, "http://localhost:9/");
        assert!(
            !local.is_empty() && local.iter().all(|a| a.port() == 9 && a.ip().is_loopback()),
            "{local:?}"
        );
        assert!(resolver.hosts.lock().unwrap().contains_key("localhost:9"));
        assert_eq!(resolve(&resolver, "http://localhost:9/other"), local);
    }
}
