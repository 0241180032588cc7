//! The one outgoing HTTP(S) client every adapter uses: a thin wrapper over a [`ureq::Agent`]
//! (blocking, HTTP/1.1, rustls with mutual TLS when a client certificate is configured).
//!
//! ureq reads answers as RFC 9112 §6.3 says (no body after 1xx, 204 or 304; Content-Length,
//! chunked, or until close otherwise), skips interim 1xx answers, keeps connections alive in a
//! per-host pool and takes a proxy from `ALL_PROXY` / `HTTPS_PROXY` / `HTTP_PROXY` (honouring
//! `NO_PROXY`). This wrapper adds what the adapters rely on: the timeout is one deadline for the
//! whole request; every status is an answer (callers decide retries on it); redirects are not
//! followed; a request whose connection closes before any answer (a kept-alive connection the
//! server closed while idle) is sent once more; errors are an [`HttpError`] that names the host,
//! never a path, query, header or body. Names are resolved by `resolver.rs` (IP addresses at
//! once, hosts cached briefly), not by a thread per request as ureq's default resolver does, and a
//! request goes out in one write with one probe of a kept connection (`cork.rs`).
//!
//! Adapters run on the outbox worker's threads, never inside a request, so a blocking client is
//! all they need and keeps a second async runtime out of the crate.

use std::time::{Duration, Instant};

mod cork;
mod error;
mod resolver;
mod tls;

pub use error::{HttpError, HttpErrorKind};
pub use tls::TlsOptions;
use ureq::http::Request;
use ureq::unversioned::transport::Connector;

/// The largest answer body read (a DFDG fetch of 500 messages fits comfortably).
pub const MAX_BODY: usize = 32 * 1024 * 1024;

/// Idle keep-alive connections kept per (scheme, host, port): more than an outbox batch sends
/// at once (`webhooks.batch`, default 50), so a batch to one host reuses every connection the
/// one before it opened.
pub const MAX_IDLE_PER_HOST: usize = 64;

/// How long an idle connection is kept (servers commonly close after 5 to 60 seconds).
pub const MAX_IDLE_TIME: Duration = Duration::from_secs(4);

/// A checked `http(s)://host[:port][/path]` URL (adapters validate configured URLs with it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Whether TLS is used.
    pub https: bool,
    /// Host name or address.
    pub host: String,
    /// Port (80 or 443 unless given).
    pub port: u16,
    /// Path and query, at least `/`.
    pub path: String,
}

impl Target {
    /// Parses `http://` or `https://` URLs; refuses user info and other schemes.
    pub fn parse(url: &str) -> Result<Self, String> {
        let (https, rest) = if let Some(rest) = url.strip_prefix("https://") {
            (true, rest)
        } else if let Some(rest) = url.strip_prefix("http://") {
            (false, rest)
        } else {
            return Err(format!("'{url}' is not an http:// or https:// URL"));
        };
        let (authority, path) = match rest.find(['/', '?']) {
            Some(i) if rest.as_bytes()[i] == b'?' => (&rest[..i], format!("/{}", &rest[i..])),
            Some(i) => (&rest[..i], rest[i..].to_owned()),
            None => (rest, "/".to_owned()),
        };
        let default_port = if https { 443 } else { 80 };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !host.ends_with(']') || authority.starts_with('[') => {
                (host, port.parse::<u16>().map_err(|_| format!("'{url}' has an invalid port '{port}'"))?)
            }
            _ => (authority, default_port),
        };
        if host.is_empty() || authority.contains('@') || host.contains(char::is_whitespace) {
            return Err(format!("'{url}' has no plain host name"));
        }
        Ok(Self { https, host: host.to_owned(), port, path })
    }

    /// `scheme://host:port`, for messages (no path, no query).
    fn origin(&self) -> String {
        format!("{}://{}:{}", if self.https { "https" } else { "http" }, self.host, self.port)
    }
}

/// An answer: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked (empty for 1xx, 204 and 304).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// A blocking HTTP(S) client with pooled keep-alive connections; cheap to clone (clones share
/// the pool).
#[derive(Clone)]
pub struct HttpClient {
    timeout: Duration,
    agent: ureq::Agent,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client whose every request (connect, TLS, send, answer and body) must be done within
    /// `timeout`.
    pub fn new(timeout: Duration, tls: TlsOptions) -> Result<Self, String> {
        Ok(Self::with_tls_config(timeout, tls::config(&tls)?))
    }

    /// A client trusting the system's certificate authorities (none when the system bundle is
    /// missing: `https://` then fails per request with a clear error), without a client
    /// certificate.
    pub fn with_system_roots(timeout: Duration) -> Self {
        let tls = tls::config(&TlsOptions::default()).unwrap_or_else(|error| {
            log::warn!("no system trust anchors, https:// requests will fail: {error}");
            tls::trusting_nothing()
        });
        Self::with_tls_config(timeout, tls)
    }

    fn with_tls_config(timeout: Duration, tls: ureq::tls::TlsConfig) -> Self {
        let config = ureq::Agent::config_builder()
            .tls_config(tls)
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(timeout))
            .proxy(ureq::Proxy::try_from_env())
            .user_agent("planner")
            .max_idle_connections(4 * MAX_IDLE_PER_HOST)
            .max_idle_connections_per_host(MAX_IDLE_PER_HOST)
            .max_idle_age(MAX_IDLE_TIME)
            .build();
        // ureq's own connectors (proxies, TCP, rustls), each connection corked (`cork.rs`), with
        // a resolver that spawns no thread per request.
        let connector = ureq::unversioned::transport::DefaultConnector::default().chain(cork::CorkConnector);
        let agent = ureq::Agent::with_parts(config, connector, resolver::CachingResolver::default());
        Self { timeout, agent }
    }

    /// Sends one request and reads the whole answer, whatever its status. `Host`,
    /// `Content-Length` and `User-Agent` are set by the client.
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpResponse, HttpError> {
        let target = Target::parse(url).map_err(|_| {
            let message =
                format!("{method} request refused: not an http:// or https:// URL with a plain host");
            HttpError::new(HttpErrorKind::Request, message)
        })?;
        let what = format!("{method} {}", target.origin());
        let deadline = Instant::now() + self.timeout;
        let mut retried = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            // GET and HEAD go without a body (and without `Content-Length: 0`).
            let sent = if body.is_empty() && matches!(method, "GET" | "HEAD") {
                self.send(build(method, url, headers, ())?, left)
            } else {
                self.send(build(method, url, headers, body)?, left)
            };
            match sent {
                Err(error) if !retried && HttpError::closed_before_answer(&error) => retried = true,
                Err(error) => return Err(HttpError::from_ureq(&what, error, MAX_BODY)),
                Ok(response) => return read(response).map_err(|e| HttpError::from_ureq(&what, e, MAX_BODY)),
            }
        }
    }

    fn send(
        &self,
        request: Request<impl ureq::AsSendBody>,
        left: Duration,
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let request = self.agent.configure_request(request).timeout_global(Some(left)).build();
        self.agent.run(request)
    }
}

/// An `http` request; a bad method or header name or value is refused without echoing it.
fn build<B>(method: &str, url: &str, headers: &[(&str, &str)], body: B) -> Result<Request<B>, HttpError> {
    let mut builder = Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body).map_err(|_| {
        let names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
        HttpError::new(
            HttpErrorKind::Request,
            format!("{method} request refused: invalid URL, method or header (headers: {names:?})"),
        )
    })
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Result<HttpResponse, ureq::Error> {
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned())
        })
        .collect();
    let body = response.body_mut().with_config().limit(MAX_BODY as u64).read_to_vec()?;
    Ok(HttpResponse { status, headers, body })
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn urls() {
        let t = Target::parse("http://127.0.0.1:8080/hook?x=1").unwrap();
        assert_eq!(
            (t.https, t.host.as_str(), t.port, t.path.as_str()),
            (false, "127.0.0.1", 8080, "/hook?x=1")
        );
        let t = Target::parse("https://example.org").unwrap();
        assert_eq!((t.https, t.port, t.path.as_str()), (true, 443, "/"));
        assert_eq!(Target::parse("https://example.org?a=b").unwrap().path, "/?a=b");
        assert_eq!(
            Target::parse("https://example.org:8443/x?token=t").unwrap().origin(),
            "https://example.org:8443"
        );
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("http://h:99999/").is_err());
        assert!(Target::parse("http://user@h/").is_err());
        assert!(Target::parse("http:///x").is_err());
    }
}
