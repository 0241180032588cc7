//! The client side: ureq agents (HTTP/1.1 over rustls with ring, the client the planner itself
//! uses for outgoing calls) with the DFDG client certificate of the dev PKI.

use super::*;

/// One TLS configuration (trust anchor `ca.pem`, client chain `dfdg.pem` with its key), parsed
/// once; every agent built from it starts with an empty TLS session cache.
pub(super) struct Tls {
    config: TlsConfig,
}

impl Tls {
    pub(super) fn new(certs: &Path) -> anyhow::Result<Self> {
        let read = |name: &str| -> anyhow::Result<Vec<u8>> {
            let path = certs.join(name);
            std::fs::read(&path).with_context(|| format!("cannot read '{}'", path.display()))
        };
        let pem_certificates = |name: &str| -> anyhow::Result<Vec<Certificate<'static>>> {
            let mut certificates = Vec::new();
            for item in ureq::tls::parse_pem(&read(name)?) {
                if let PemItem::Certificate(cert) = item.with_context(|| format!("bad PEM in {name}"))? {
                    certificates.push(cert);
                }
            }
            ensure!(!certificates.is_empty(), "{name} holds no certificate");
            Ok(certificates)
        };
        let key = PrivateKey::from_pem(&read("dfdg-key.pem")?).context("dfdg-key.pem holds no key")?;
        let config = TlsConfig::builder()
            .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .root_certs(RootCerts::new_with_certs(&pem_certificates("ca.pem")?))
            .client_cert(Some(ClientCert::new_with_certs(&pem_certificates("dfdg.pem")?, key)))
            .build();
        Ok(Self { config })
    }
}

/// Where to send requests, and how.
#[derive(Clone)]
pub(super) struct Endpoint {
    /// `http://127.0.0.1:port` or `https://127.0.0.1:port` (the dev server certificate names
    /// the address).
    pub(super) base: String,
    pub(super) tls: Option<TlsConfig>,
    /// The `X-Planner-Caller` header (plain HTTP only; over TLS the certificate names the caller).
    pub(super) caller: Option<String>,
}

impl Endpoint {
    pub(super) fn plain(address: SocketAddr, caller: String) -> Self {
        Self { base: format!("http://{address}"), tls: None, caller: Some(caller) }
    }

    pub(super) fn mtls(address: SocketAddr, tls: &Tls) -> Self {
        Self { base: format!("https://{address}"), tls: Some(tls.config.clone()), caller: None }
    }

    /// A new agent: its own pool (one kept connection) and, over TLS, its own empty session
    /// cache, so its first request always makes a new connection with a full handshake.
    pub(super) fn agent(&self) -> Agent {
        // Deadlines per phase, none for name resolution: with a global deadline ureq's resolver
        // spawns a thread per request, which would be measured as the server's cost.
        let mut config = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_recv_response(Some(Duration::from_secs(30)))
            .timeout_recv_body(Some(Duration::from_secs(30)))
            .max_idle_connections(1)
            .max_idle_connections_per_host(1);
        if let Some(tls) = &self.tls {
            config = config.tls_config(tls.clone());
        }
        config.build().new_agent()
    }

    /// POSTs the SOAP `body`; returns the status and the answer's body.
    pub(super) fn soap(&self, agent: &Agent, body: &str) -> Result<(u16, Vec<u8>), ureq::Error> {
        let mut request = agent
            .post(format!("{}/ExternalBookingService", self.base))
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"urn:planner:dfdg:ExternalBookingService:3/GetSelfbookTimeslots\"");
        if let Some(caller) = &self.caller {
            request = request.header("X-Planner-Caller", caller);
        }
        read(request.send(body)?)
    }

    /// GETs `path`, optionally asking the server to close the connection after its answer.
    pub(super) fn get(&self, agent: &Agent, path: &str, close: bool) -> Result<(u16, Vec<u8>), ureq::Error> {
        let mut request = agent.get(format!("{}{path}", self.base));
        if close {
            request = request.header("Connection", "close");
        }
        read(request.call()?)
    }
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Result<(u16, Vec<u8>), ureq::Error> {
    let status = response.status().as_u16();
    let body = response.body_mut().with_config().limit(16 * 1024 * 1024).read_to_vec()?;
    Ok((status, body))
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// How often `needle` occurs in `haystack` (overlaps counted).
pub(super) fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    haystack.windows(needle.len()).filter(|w| *w == needle).count()
}
