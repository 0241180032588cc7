//! The real server with real mutual TLS on port 0, and a small blocking rustls client that keeps
//! its connection open (for keep-alive) and reports handshake refusals as errors.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use planner::config::Settings;
use planner::server::Server;
use planner::store::{DataKey, DatabaseUrl, Store};
use planner::tls::IdentityAttribute;
use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, RootCertStore, StreamOwned, SupportedProtocolVersion};

use crate::support::app::Running;
use crate::support::db::TEST_DATA_KEY;
use crate::support::db::{self, TestDb};
use crate::tls::pki::{ClientCert, Pki};

/// The service namespace.
pub const NS: &str = "urn:planner:dfdg:ExternalBookingService:3";

/// A running TLS server, its database and its PKI.
pub struct TlsApp {
    /// The server; declared first, so that it stops before the store and the database go.
    _running: Running,
    /// Where the server listens.
    pub address: SocketAddr,
    /// Where the calendar feed listener listens ([`Options::feed`]).
    pub feed_address: Option<SocketAddr>,
    /// A store on the server's database.
    pub store: Store,
    /// The PKI the server trusts.
    pub pki: Pki,
    _db: TestDb,
}

/// Options for [`spawn_with`].
#[derive(Default)]
pub struct Options {
    /// A CRL file to configure (written by the test).
    pub crl: Option<PathBuf>,
    /// How often the server looks at the CRL file (else the default).
    pub crl_check_interval: Option<Duration>,
    /// The identity attribute setting.
    pub attribute: IdentityAttribute,
    /// Also serve calendar feeds without client certificates (`feed_listen` on port 0).
    pub feed: bool,
}

/// Starts the server with mTLS on a fresh database and PKI.
pub fn spawn() -> TlsApp {
    spawn_with(Pki::new(), Options::default())
}

/// Starts the server with mTLS on a fresh database, trusting `pki`.
pub fn spawn_with(pki: Pki, options: Options) -> TlsApp {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = env_logger::builder().is_test(true).try_init();
    }
    let db = db::fresh_database();
    let mut settings = Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        feed_listen: options.feed.then(|| "127.0.0.1:0".parse().unwrap()),
        database_url: DatabaseUrl::parse(&db.url).unwrap(),
        data_key: Some(DataKey::from_hex(TEST_DATA_KEY).unwrap()),
        pool_size: 2,
        workers: Some(1),
        insecure_http: false,
        ..Settings::default()
    };
    settings.tls.cert = Some(pki.path("server.pem"));
    settings.tls.key = Some(pki.path("server-key.pem"));
    settings.tls.client_ca = Some(pki.path("ca.pem"));
    settings.tls.crl = options.crl;
    if let Some(interval) = options.crl_check_interval {
        settings.tls.crl_check_interval = interval;
    }
    settings.tls.identity_attribute = options.attribute;
    let store = Store::open(&settings.store_config().unwrap()).unwrap();
    store.migrate().unwrap();
    let server = Server::build(&settings, store.clone()).expect("build the TLS server");
    let address = server.address();
    let feed_address = server.feed_address();
    TlsApp { _running: Running::start(server), address, feed_address, store, pki, _db: db }
}

/// A client configuration trusting the test CA, presenting `cert` (if any), limited to
/// `version` (if given), offering `alpn`.
pub fn client_config(
    pki: &Pki,
    cert: Option<&ClientCert>,
    version: Option<&'static SupportedProtocolVersion>,
    alpn: &[&[u8]],
) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots.add(pki.ca_der.clone()).unwrap();
    let versions: Vec<&'static SupportedProtocolVersion> =
        version.map(|v| vec![v]).unwrap_or_else(|| vec![&rustls::version::TLS13, &rustls::version::TLS12]);
    let builder = ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_protocol_versions(&versions)
        .unwrap()
        .with_root_certificates(roots);
    let mut config = match cert {
        Some(cert) => builder.with_client_auth_cert(cert.chain.clone(), cert.key()).unwrap(),
        None => builder.with_no_client_auth(),
    };
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    Arc::new(config)
}

/// An HTTP/1.1 response.
#[derive(Debug)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Lowercase header names and values.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: String,
}

impl Response {
    /// The fault's ErrorCode, if the body is a planner fault.
    pub fn fault_code(&self) -> Option<u32> {
        let start = self.body.find("ErrorCode>")? + "ErrorCode>".len();
        let end = self.body[start..].find('<')? + start;
        self.body[start..end].trim().parse().ok()
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// One TLS connection to the server.
pub struct Connection {
    stream: StreamOwned<ClientConnection, TcpStream>,
    buffer: Vec<u8>,
}

impl TlsApp {
    /// Connects and completes the handshake (from the client's point of view: in TLS 1.3 a
    /// refused client certificate shows on the first read).
    pub fn connect(&self, config: Arc<ClientConfig>) -> io::Result<Connection> {
        connect_to(self.address, config)
    }

    /// Opens a connection with `cert` and sends one request on it.
    pub fn request_as(
        &self,
        cert: Option<&ClientCert>,
        method: &str,
        path: &str,
        body: &str,
    ) -> io::Result<Response> {
        let mut connection = self.connect(client_config(&self.pki, cert, None, &[b"http/1.1"]))?;
        connection.request(method, path, &[], body)
    }

    /// Calls a SOAP operation with `cert` on a new connection.
    pub fn soap_as(&self, cert: Option<&ClientCert>, operation: &str, fields: &str) -> io::Result<Response> {
        let mut connection = self.connect(client_config(&self.pki, cert, None, &[b"http/1.1"]))?;
        connection.soap(operation, fields, &[])
    }
}

/// Connects to `address` and completes the handshake (from the client's point of view: in TLS
/// 1.3 a refused client certificate shows on the first read).
pub fn connect_to(address: SocketAddr, config: Arc<ClientConfig>) -> io::Result<Connection> {
    let mut tcp = TcpStream::connect(address)?;
    tcp.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut connection = ClientConnection::new(config, ServerName::try_from("localhost").unwrap())
        .map_err(io::Error::other)?;
    while connection.is_handshaking() {
        connection.complete_io(&mut tcp)?;
    }
    Ok(Connection { stream: StreamOwned::new(connection, tcp), buffer: Vec::new() })
}

/// The SOAP 1.1 envelope of `<operation>Request` with `fields` inside.
pub fn envelope(operation: &str, fields: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><p:{operation}Request xmlns:p="{NS}" xmlns="{NS}">{fields}</p:{operation}Request></s:Body></s:Envelope>"#
    )
}

impl Connection {
    /// The negotiated TLS version.
    pub fn protocol_version(&self) -> Option<rustls::ProtocolVersion> {
        self.stream.conn.protocol_version()
    }

    /// Whether the handshake was full or resumed a session.
    pub fn handshake_kind(&self) -> Option<rustls::HandshakeKind> {
        self.stream.conn.handshake_kind()
    }

    /// The negotiated cipher suite.
    pub fn cipher_suite(&self) -> Option<rustls::CipherSuite> {
        self.stream.conn.negotiated_cipher_suite().map(|suite| suite.suite())
    }

    /// Sends one request and reads its response, keeping the connection open.
    pub fn request(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> io::Result<Response> {
        self.send(method, path, headers, body)?;
        self.read_response()
    }

    /// Writes one request (all of it, flushed) without reading the answer.
    pub fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> io::Result<()> {
        let mut head =
            format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Length: {}\r\n", body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        self.stream.write_all(head.as_bytes())?;
        self.stream.write_all(body.as_bytes())?;
        self.stream.flush()
    }

    /// Calls a SOAP operation on this connection.
    pub fn soap(&mut self, operation: &str, fields: &str, headers: &[(&str, &str)]) -> io::Result<Response> {
        let action = format!("\"{NS}/{operation}\"");
        let mut all = vec![("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", action.as_str())];
        all.extend_from_slice(headers);
        self.request("POST", "/ExternalBookingService", &all, &envelope(operation, fields))
    }

    fn fill(&mut self) -> io::Result<()> {
        let mut chunk = [0u8; 8192];
        let read = self.stream.read(&mut chunk)?;
        if read == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed"));
        }
        self.buffer.extend_from_slice(&chunk[..read]);
        Ok(())
    }

    /// Reads the next response (by its Content-Length).
    pub fn read_response(&mut self) -> io::Result<Response> {
        let head_end = loop {
            if let Some(at) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            self.fill()?;
        };
        let head = String::from_utf8_lossy(&self.buffer[..head_end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next().and_then(|line| line.split(' ').nth(1)).and_then(|code| code.parse().ok());
        let status = status.ok_or_else(|| io::Error::other(format!("bad response head: {head}")))?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        let length: usize = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| value.parse().ok())
            .ok_or_else(|| io::Error::other(format!("no content-length: {head}")))?;
        while self.buffer.len() < head_end + 4 + length {
            self.fill()?;
        }
        let body = String::from_utf8_lossy(&self.buffer[head_end + 4..head_end + 4 + length]).into_owned();
        self.buffer.drain(..head_end + 4 + length);
        Ok(Response { status, headers, body })
    }
}
