//! Why an outgoing request got no usable answer, as [`HttpError`]: a kind that callers judge
//! retries by ([`HttpError::retriable`]) and a message naming the method, scheme, host and port
//! only, never a path, a query string, a header or a body (these may hold tokens or secrets).

use std::fmt;
use std::io::ErrorKind as IoKind;

/// What went wrong, coarsely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpErrorKind {
    /// The request itself is unusable (URL, method or header): sending it again cannot help.
    Request,
    /// Name resolution or the TCP connection failed.
    Connect,
    /// The overall deadline passed.
    Timeout,
    /// TLS failed (certificate not trusted, handshake refused, bad client certificate).
    Tls,
    /// The connection was closed or reset before the whole answer arrived.
    Closed,
    /// The peer's answer broke HTTP, or was larger than the client reads.
    Answer,
}

/// An outgoing request that got no usable answer. Statuses are answers, never errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    kind: HttpErrorKind,
    message: String,
}

impl HttpError {
    /// An error of `kind`; `message` must hold no path, query, header or body.
    pub fn new(kind: HttpErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    /// The kind.
    pub fn kind(&self) -> HttpErrorKind {
        self.kind
    }

    /// Whether the same request may succeed if sent again soon: connection failures, timeouts
    /// and cut connections are; an unusable request, a TLS refusal or a broken answer are not.
    pub fn retriable(&self) -> bool {
        matches!(self.kind, HttpErrorKind::Connect | HttpErrorKind::Timeout | HttpErrorKind::Closed)
    }

    /// Whether the peer closed or reset the connection before any answer arrived (a kept-alive
    /// connection the server closed while idle).
    pub(super) fn closed_before_answer(error: &ureq::Error) -> bool {
        matches!(error, ureq::Error::Io(e) if is_closed(e.kind()))
    }

    /// Translates a ureq error for `what` ("POST https://host:443") without ureq's own text
    /// where that could name the URL.
    pub(super) fn from_ureq(what: &str, error: ureq::Error, max_body: usize) -> Self {
        use ureq::Error as E;
        let (kind, reason) = match error {
            E::Timeout(phase) => (HttpErrorKind::Timeout, format!("no answer in time ({phase})")),
            E::HostNotFound => (HttpErrorKind::Connect, "cannot resolve the host name".to_owned()),
            E::Io(e) => return Self::from_io(what, &e),
            E::Rustls(e) => (HttpErrorKind::Tls, format!("TLS: {e}")),
            E::Tls(e) => (HttpErrorKind::Tls, format!("TLS: {e}")),
            E::Pem(_) => (HttpErrorKind::Tls, "unreadable PEM data".to_owned()),
            E::BadUri(_) => (HttpErrorKind::Request, "not a usable URL".to_owned()),
            E::Http(e) => (HttpErrorKind::Request, format!("invalid request: {e}")),
            E::BodyExceedsLimit(_) => {
                (HttpErrorKind::Answer, format!("answer is over the {max_body}-byte limit"))
            }
            E::LargeResponseHeader(..) => (HttpErrorKind::Answer, "answer head is too large".to_owned()),
            E::Protocol(e) => (HttpErrorKind::Answer, format!("malformed answer: {e}")),
            E::ConnectionFailed => (HttpErrorKind::Connect, "cannot connect".to_owned()),
            E::InvalidProxyUrl | E::ConnectProxyFailed(_) => {
                (HttpErrorKind::Connect, "the proxy from the environment failed".to_owned())
            }
            other => (HttpErrorKind::Answer, format!("failed: {}", kind_name(&other))),
        };
        Self::new(kind, format!("{what}: {reason}"))
    }

    fn from_io(what: &str, error: &std::io::Error) -> Self {
        if let Some(tls) = error.get_ref().and_then(|inner| inner.downcast_ref::<rustls::Error>()) {
            return Self::new(HttpErrorKind::Tls, format!("{what}: TLS: {tls}"));
        }
        let kind = error.kind();
        let (kind, reason) = if is_closed(kind) {
            (HttpErrorKind::Closed, format!("connection closed before the whole answer arrived ({kind})"))
        } else if matches!(kind, IoKind::TimedOut | IoKind::WouldBlock) {
            (HttpErrorKind::Timeout, "no answer in time".to_owned())
        } else if matches!(
            kind,
            IoKind::ConnectionRefused
                | IoKind::HostUnreachable
                | IoKind::NetworkUnreachable
                | IoKind::AddrNotAvailable
                | IoKind::NotConnected
        ) {
            (HttpErrorKind::Connect, format!("cannot connect: {error}"))
        } else {
            (HttpErrorKind::Closed, format!("connection failed: {error}"))
        };
        Self::new(kind, format!("{what}: {reason}"))
    }
}

fn is_closed(kind: IoKind) -> bool {
    matches!(
        kind,
        IoKind::UnexpectedEof | IoKind::ConnectionReset | IoKind::ConnectionAborted | IoKind::BrokenPipe
    )
}

/// A name for the rarer ureq errors; their own texts are not used (some quote the URL).
fn kind_name(error: &ureq::Error) -> &'static str {
    match error {
        ureq::Error::RedirectFailed | ureq::Error::TooManyRedirects => "redirect",
        ureq::Error::RequireHttpsOnly(_) => "https required",
        ureq::Error::TlsRequired => "TLS required",
        _ => "transport error",
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for HttpError {}

impl From<HttpError> for String {
    fn from(error: HttpError) -> Self {
        error.message
    }
}
