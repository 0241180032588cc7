//! The one outgoing HTTP/1.1 client every adapter uses: blocking, keep-alive connections reused
//! from a small pool ([`pool`]), `http://` and `https://` (rustls; mutual TLS when a client
//! certificate is configured). A request on a reused connection that fails before any answer
//! byte is sent once more on a fresh connection (the server may have closed it while idle).
//!
//! Adapters run on the outbox worker's threads, never inside a request, so a blocking client with
//! a timeout on every step is all they need and keeps a second async runtime out of the crate.
//! Answers are read fully (Content-Length, chunked, or until close) up to [`MAX_BODY`].

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

mod pool;

use pool::{Conn, Pool};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName};

/// The largest answer body read (a DFDG fetch of 500 messages fits comfortably).
pub const MAX_BODY: usize = 32 * 1024 * 1024;

/// Where system trust anchors live on Debian and most Linux distributions.
const SYSTEM_ROOTS: &str = "/etc/ssl/certs/ca-certificates.crt";

/// TLS settings for `https://` URLs.
#[derive(Debug, Clone, Default)]
pub struct TlsOptions {
    /// Trust anchors (PEM); `None` uses the system's bundle.
    pub roots_pem: Option<PathBuf>,
    /// Our certificate chain (PEM) for mutual TLS.
    pub client_cert_pem: Option<PathBuf>,
    /// The key of `client_cert_pem` (PEM).
    pub client_key_pem: Option<PathBuf>,
}

/// A parsed `http(s)://host[:port][/path]` URL.
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

    fn host_header(&self) -> String {
        let default_port = if self.https { 443 } else { 80 };
        if self.port == default_port {
            self.host.clone()
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// An answer: status, headers and the whole body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Headers in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
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

/// A blocking HTTP/1.1 client; cheap to clone.
#[derive(Clone)]
pub struct HttpClient {
    timeout: Duration,
    tls: Arc<rustls::ClientConfig>,
    pool: Arc<Pool>,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").field("timeout", &self.timeout).finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client whose every step (connect, handshake, write, read) times out after `timeout`.
    pub fn new(timeout: Duration, tls: TlsOptions) -> Result<Self, String> {
        Ok(Self { timeout, tls: Arc::new(client_config(&tls)?), pool: Arc::default() })
    }

    /// A client trusting the system's certificate authorities (none when the system bundle is
    /// missing: `https://` then fails per request with a clear error), without a client
    /// certificate.
    pub fn with_system_roots(timeout: Duration) -> Self {
        let tls = client_config(&TlsOptions::default()).unwrap_or_else(|error| {
            log::warn!("no system trust anchors, https:// requests will fail: {error}");
            empty_roots_config()
        });
        Self { timeout, tls: Arc::new(tls), pool: Arc::default() }
    }

    /// Sends one request and reads the whole answer. `headers` should not include `Host`,
    /// `Content-Length` or `Connection`; the client sets them.
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<HttpResponse, String> {
        let target = Target::parse(url)?;
        let mut head = format!(
            "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: planner\r\nContent-Length: {}\r\nConnection: keep-alive\r\n",
            target.path,
            target.host_header(),
            body.len()
        );
        for (name, value) in headers {
            if name.contains(['\r', '\n', ':']) || value.contains(['\r', '\n']) {
                return Err(format!("header '{name}' has a line break or colon"));
            }
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let key = (target.https, target.host.clone(), target.port);
        if let Some(conn) = self.pool.take(&key) {
            match exchange(conn, head.as_bytes(), body) {
                Ok((response, reusable)) => {
                    if let Some(conn) = reusable {
                        self.pool.put(key, conn);
                    }
                    return Ok(response);
                }
                Err(Failed { answered: true, error }) => {
                    return Err(format!("{method} {}:{}: {error}", target.host, target.port))
                }
                Err(Failed { answered: false, .. }) => {} // stale: once more on a fresh connection
            }
        }
        let (conn, address) = self.connect(&target)?;
        match exchange(conn, head.as_bytes(), body) {
            Ok((response, reusable)) => {
                if let Some(conn) = reusable {
                    self.pool.put(key, conn);
                }
                Ok(response)
            }
            Err(Failed { error, .. }) => Err(format!("{method} {address}: {error}")),
        }
    }

    fn connect(&self, target: &Target) -> Result<(Conn, std::net::SocketAddr), String> {
        let address = (target.host.as_str(), target.port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve '{}': {e}", target.host))?
            .next()
            .ok_or_else(|| format!("'{}' has no address", target.host))?;
        let tcp = TcpStream::connect_timeout(&address, self.timeout)
            .map_err(|e| format!("cannot connect to {address}: {e}"))?;
        tcp.set_read_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
        tcp.set_write_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        if !target.https {
            return Ok((Conn::Plain(tcp), address));
        }
        let name = ServerName::try_from(target.host.clone())
            .map_err(|_| format!("'{}' is not a valid TLS server name", target.host))?;
        let connection = rustls::ClientConnection::new(self.tls.clone(), name)
            .map_err(|e| format!("cannot start TLS with {address}: {e}"))?;
        Ok((Conn::Tls(Box::new(rustls::StreamOwned::new(connection, tcp))), address))
    }
}

fn client_config(options: &TlsOptions) -> Result<rustls::ClientConfig, String> {
    let roots_path = options.roots_pem.clone().unwrap_or_else(|| PathBuf::from(SYSTEM_ROOTS));
    let mut roots = rustls::RootCertStore::empty();
    let certs = CertificateDer::pem_file_iter(&roots_path)
        .map_err(|e| format!("cannot read trust anchors '{}': {e}", roots_path.display()))?;
    for cert in certs {
        let cert = cert.map_err(|e| format!("bad certificate in '{}': {e}", roots_path.display()))?;
        // The system bundle may hold certificates rustls cannot use; skip those, keep the rest.
        let _ = roots.add(cert);
    }
    if roots.is_empty() && options.roots_pem.is_some() {
        return Err(format!("'{}' holds no usable trust anchor", roots_path.display()));
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots);
    match (&options.client_cert_pem, &options.client_key_pem) {
        (Some(cert_path), Some(key_path)) => {
            let chain = CertificateDer::pem_file_iter(cert_path)
                .and_then(|certs| certs.collect::<Result<Vec<_>, _>>())
                .map_err(|e| format!("cannot read client certificate '{}': {e}", cert_path.display()))?;
            let key = PrivateKeyDer::from_pem_file(key_path)
                .map_err(|e| format!("cannot read client key '{}': {e}", key_path.display()))?;
            builder.with_client_auth_cert(chain, key).map_err(|e| format!("client certificate: {e}"))
        }
        (None, None) => Ok(builder.with_no_client_auth()),
        _ => Err("a client certificate needs both its certificate and its key file".into()),
    }
}

fn empty_roots_config() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring supports the default protocol versions")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth()
}

/// A failed exchange; `answered` tells whether any answer byte arrived.
struct Failed {
    answered: bool,
    error: String,
}

fn before_answer(error: String) -> Failed {
    Failed { answered: false, error }
}

fn after_answer(error: String) -> Failed {
    Failed { answered: true, error }
}

/// Sends one request on `stream` and reads the answer; gives the connection back when it can
/// carry another request.
fn exchange(mut stream: Conn, head: &[u8], body: &[u8]) -> Result<(HttpResponse, Option<Conn>), Failed> {
    let mut sent = stream.write_all(&[head, body].concat()).and_then(|()| stream.flush());
    let mut reader = BufReader::new(stream);
    if sent.is_ok() && reader.fill_buf().map_or(true, |b| b.is_empty()) {
        sent = Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "connection closed"));
    }
    sent.map_err(|e| before_answer(format!("no answer: {e}")))?;
    let status_line = read_line(&mut reader).map_err(after_answer)?;
    let (version, status) = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| Some((rest.get(..1)?, rest.get(2..5)?.parse::<u16>().ok()?)))
        .ok_or_else(|| after_answer("malformed status line".to_owned()))?;
    let mut headers = Vec::new();
    loop {
        let line = read_line(&mut reader).map_err(after_answer)?;
        if line.is_empty() {
            break;
        }
        let (name, value) =
            line.split_once(':').ok_or_else(|| after_answer(format!("malformed header line '{line}'")))?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
        if headers.len() > 200 {
            return Err(after_answer("too many header lines".into()));
        }
    }
    let response = HttpResponse { status, headers, body: Vec::new() };
    let keep_alive = version == "1"
        && !response.header("connection").is_some_and(|v| v.to_ascii_lowercase().contains("close"));
    let (body, delimited) = if response
        .header("transfer-encoding")
        .is_some_and(|v| v.eq_ignore_ascii_case("chunked"))
    {
        (read_chunked(&mut reader).map_err(after_answer)?, true)
    } else if let Some(length) = response.header("content-length") {
        let length: usize =
            length.parse().map_err(|_| after_answer(format!("bad Content-Length '{length}'")))?;
        if length > MAX_BODY {
            return Err(after_answer(format!("answer of {length} bytes is over the {MAX_BODY}-byte limit")));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).map_err(|e| after_answer(format!("answer cut short: {e}")))?;
        (body, true)
    } else {
        (read_to_close(&mut reader).map_err(after_answer)?, false)
    };
    let reusable = (keep_alive && delimited && reader.buffer().is_empty()).then(|| reader.into_inner());
    Ok((HttpResponse { body, ..response }, reusable))
}

fn read_line(reader: &mut impl BufRead) -> Result<String, String> {
    let mut line = Vec::new();
    reader.take(16 * 1024).read_until(b'\n', &mut line).map_err(|e| format!("no answer: {e}"))?;
    if !line.ends_with(b"\n") {
        return Err("answer cut short or line too long".into());
    }
    let line = String::from_utf8(line).map_err(|_| "answer head is not UTF-8".to_owned())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn read_chunked(reader: &mut impl BufRead) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let size_line = read_line(reader)?;
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).map_err(|_| format!("bad chunk size '{size_hex}'"))?;
        if size == 0 {
            while !read_line(reader)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > MAX_BODY {
            return Err(format!("answer is over the {MAX_BODY}-byte limit"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).map_err(|e| format!("answer cut short: {e}"))?;
        read_line(reader)?;
    }
}

fn read_to_close(reader: &mut impl Read) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    reader.take(MAX_BODY as u64 + 1).read_to_end(&mut body).map_err(|e| format!("answer cut short: {e}"))?;
    if body.len() > MAX_BODY {
        return Err(format!("answer is over the {MAX_BODY}-byte limit"));
    }
    Ok(body)
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
        assert_eq!(Target::parse("https://example.org:8443/x").unwrap().host_header(), "example.org:8443");
        assert!(Target::parse("ftp://x").is_err());
        assert!(Target::parse("http://h:99999/").is_err());
        assert!(Target::parse("http://user@h/").is_err());
        assert!(Target::parse("http:///x").is_err());
    }
}
