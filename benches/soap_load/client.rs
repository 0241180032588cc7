//! The client side: rustls client configuration, plain or TLS streams, and HTTP/1.1 written by
//! hand with keep-alive and `Content-Length` framing.

use super::*;

/// The client TLS configurations: one for keep-alive connections, one without session
/// resumption so that every connection is a full handshake.
pub(super) struct Tls {
    pub(super) keep_alive: Arc<ClientConfig>,
    pub(super) fresh: Arc<ClientConfig>,
}

impl Tls {
    pub(super) fn new(certs: &Path) -> anyhow::Result<Self> {
        let read = |name: &str| -> anyhow::Result<Vec<CertificateDer<'static>>> {
            let path = certs.join(name);
            CertificateDer::pem_file_iter(&path)
                .and_then(|iter| iter.collect::<Result<Vec<_>, _>>())
                .with_context(|| format!("cannot read certificates from '{}'", path.display()))
        };
        let mut roots = RootCertStore::empty();
        for cert in read("ca.pem")? {
            roots.add(cert).context("invalid CA certificate in ca.pem")?;
        }
        let chain = read("dfdg.pem")?;
        let key_path = certs.join("dfdg-key.pem");
        let key = PrivateKeyDer::from_pem_file(&key_path)
            .with_context(|| format!("cannot read the key '{}'", key_path.display()))?;
        let mut config =
            ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .context("TLS versions")?
                .with_root_certificates(roots)
                .with_client_auth_cert(chain, key)
                .context("the DFDG client certificate and key do not fit")?;
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        let mut fresh = config.clone();
        fresh.resumption = Resumption::disabled();
        Ok(Self { keep_alive: Arc::new(config), fresh: Arc::new(fresh) })
    }
}

#[derive(Clone)]
pub(super) struct Endpoint {
    pub(super) address: SocketAddr,
    pub(super) tls: Option<Arc<ClientConfig>>,
    /// The `X-Planner-Caller` header (plain HTTP only; over TLS the certificate names the caller).
    pub(super) caller: Option<String>,
}

/// A plain or TLS stream.
pub(super) enum Stream {
    Plain(TcpStream),
    Tls(Box<StreamOwned<ClientConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stream) => stream.read(buf),
            Stream::Tls(stream) => stream.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Stream::Plain(stream) => stream.write(buf),
            Stream::Tls(stream) => stream.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Stream::Plain(stream) => stream.flush(),
            Stream::Tls(stream) => stream.flush(),
        }
    }
}

impl Endpoint {
    /// Connects and, over TLS, completes the handshake.
    pub(super) fn connect(&self) -> io::Result<Http> {
        let socket = TcpStream::connect(self.address)?;
        socket.set_nodelay(true)?;
        socket.set_read_timeout(Some(Duration::from_secs(30)))?;
        let stream = match &self.tls {
            None => Stream::Plain(socket),
            Some(config) => {
                let name = ServerName::try_from("localhost").map_err(io::Error::other)?;
                let connection = ClientConnection::new(config.clone(), name).map_err(io::Error::other)?;
                let mut stream = StreamOwned::new(connection, socket);
                while stream.conn.is_handshaking() {
                    stream.conn.complete_io(&mut stream.sock)?;
                }
                Stream::Tls(Box::new(stream))
            }
        };
        Ok(Http { stream, buf: vec![0; 64 * 1024], start: 0, end: 0 })
    }

    pub(super) fn host(&self) -> String {
        self.address.to_string()
    }

    pub(super) fn soap_request(&self, body: &str) -> Vec<u8> {
        let caller = self.caller.as_ref().map(|c| format!("X-Planner-Caller: {c}\r\n")).unwrap_or_default();
        format!(
            "POST /ExternalBookingService HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml; charset=utf-8\r\n\
             SOAPAction: \"urn:planner:dfdg:ExternalBookingService:3/GetSelfbookTimeslots\"\r\n{caller}\
             Content-Length: {}\r\n\r\n{body}",
            self.host(),
            body.len()
        )
        .into_bytes()
    }

    pub(super) fn get(&self, path: &str, close: bool) -> Vec<u8> {
        let connection = if close { "Connection: close\r\n" } else { "" };
        format!("GET {path} HTTP/1.1\r\nHost: {}\r\n{connection}\r\n", self.host()).into_bytes()
    }

    /// One request on a new connection: (status, body).
    pub(super) fn once(&self, request: &[u8]) -> io::Result<(u16, Vec<u8>)> {
        let mut http = self.connect()?;
        http.stream.write_all(request)?;
        let (status, body) = http.read_response()?;
        Ok((status, http.buf[body].to_vec()))
    }

    pub(super) fn negotiated(&self) -> anyhow::Result<(String, String)> {
        let http = self.connect()?;
        match &http.stream {
            Stream::Tls(stream) => Ok((
                format!("{:?}", stream.conn.protocol_version().context("no TLS version")?),
                format!("{:?}", stream.conn.negotiated_cipher_suite().context("no cipher suite")?.suite()),
            )),
            Stream::Plain(_) => bail!("not a TLS endpoint"),
        }
    }
}

/// An HTTP/1.1 connection with its read buffer.
pub(super) struct Http {
    pub(super) stream: Stream,
    pub(super) buf: Vec<u8>,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Http {
    /// Reads more bytes into the buffer; EOF is an error (a response is incomplete).
    pub(super) fn fill(&mut self) -> io::Result<()> {
        if self.end == self.buf.len() {
            if self.start > 0 {
                self.buf.copy_within(self.start..self.end, 0);
                self.end -= self.start;
                self.start = 0;
            } else {
                self.buf.resize(self.buf.len() * 2, 0);
            }
        }
        let n = self.stream.read(&mut self.buf[self.end..])?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-response"));
        }
        self.end += n;
        Ok(())
    }

    /// Reads one response; returns its status and the body's range in `buf` (valid until the next
    /// read). Needs `Content-Length` (the planner sends it).
    pub(super) fn read_response(&mut self) -> io::Result<(u16, std::ops::Range<usize>)> {
        let head_len = loop {
            if let Some(at) = self.buf[self.start..self.end].windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            self.fill()?;
        };
        let head = std::str::from_utf8(&self.buf[self.start..self.start + head_len])
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "response head is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .and_then(|line| line.split(' ').nth(1))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad status line"))?;
        let length = lines
            .filter_map(|line| line.split_once(':'))
            .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
            .and_then(|(_, value)| value.trim().parse::<usize>().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "response without Content-Length"))?;
        while self.end - self.start < head_len + length {
            self.fill()?;
        }
        let body = self.start + head_len..self.start + head_len + length;
        self.start = body.end;
        if self.start == self.end {
            // Nothing buffered: the next read starts at 0 (the body stays readable until then).
            self.start = 0;
            self.end = 0;
        }
        Ok((status, body))
    }
}

pub(super) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
