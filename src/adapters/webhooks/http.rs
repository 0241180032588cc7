//! One HTTP/1.1 POST over a plain `TcpStream`, reading only the status line of the answer
//! (WebSub: a 2xx acknowledges receipt, the body is ignored).
//!
//! It refuses anything but `http://host[:port][/path]`; TLS recipients come with the next slice.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use super::signature::{sign, SIGNATURE_HEADER};

/// A parsed `http://` recipient URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpTarget {
    host: String,
    port: u16,
    path: String,
}

impl HttpTarget {
    /// Parses `http://host[:port][/path]`.
    pub fn parse(url: &str) -> Result<Self, String> {
        let rest = match url.strip_prefix("http://") {
            Some(rest) => rest,
            None if url.starts_with("https://") => {
                return Err(format!("'{url}': https recipients are not supported yet; use an http:// URL"))
            }
            None => return Err(format!("'{url}' is not an http:// URL")),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => {
                (host, port.parse::<u16>().map_err(|_| format!("'{url}' has an invalid port '{port}'"))?)
            }
            None => (authority, 80),
        };
        if host.is_empty() || authority.contains('@') {
            return Err(format!("'{url}' has no plain host name"));
        }
        Ok(Self { host: host.to_owned(), port, path: path.to_owned() })
    }
}

/// Sends signed webhook POSTs with a connect/read/write timeout.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    timeout: Duration,
}

impl Default for WebhookClient {
    fn default() -> Self {
        Self::new(Duration::from_secs(10))
    }
}

impl WebhookClient {
    /// A client whose every step (connect, write, read) times out after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        Self { timeout }
    }

    /// POSTs `body` to `url` signed with `secret`; returns the HTTP status code, or a message
    /// without the secret when no status came back.
    pub fn post(&self, url: &str, secret: &str, body: &str) -> Result<u16, String> {
        let target = HttpTarget::parse(url)?;
        let signature = sign(secret.as_bytes(), body.as_bytes()).map_err(|e| format!("cannot sign: {e}"))?;
        let address = (target.host.as_str(), target.port)
            .to_socket_addrs()
            .map_err(|e| format!("cannot resolve '{}': {e}", target.host))?
            .next()
            .ok_or_else(|| format!("'{}' has no address", target.host))?;
        let mut stream = TcpStream::connect_timeout(&address, self.timeout)
            .map_err(|e| format!("cannot connect to {address}: {e}"))?;
        stream.set_read_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
        stream.set_write_timeout(Some(self.timeout)).map_err(|e| e.to_string())?;
        let host_header =
            if target.port == 80 { target.host.clone() } else { format!("{}:{}", target.host, target.port) };
        let request = format!(
            "POST {} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: planner\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n{SIGNATURE_HEADER}: {signature}\r\n\
             Connection: close\r\n\r\n{body}",
            target.path,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(|e| format!("cannot send to {address}: {e}"))?;
        let mut status_line = String::new();
        BufReader::new(&stream)
            .read_line(&mut status_line)
            .map_err(|e| format!("no answer from {address}: {e}"))?;
        let code = status_line
            .strip_prefix("HTTP/1.")
            .and_then(|rest| rest.get(2..5))
            .and_then(|code| code.parse::<u16>().ok())
            .ok_or_else(|| format!("malformed status line from {address}"))?;
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::HttpTarget;

    #[test]
    fn urls() {
        let target = HttpTarget::parse("http://127.0.0.1:8080/hook?x=1").unwrap();
        assert_eq!(
            (target.host.as_str(), target.port, target.path.as_str()),
            ("127.0.0.1", 8080, "/hook?x=1")
        );
        assert_eq!(HttpTarget::parse("http://example.org").unwrap().path, "/");
        assert!(HttpTarget::parse("https://example.org/").unwrap_err().contains("https"));
        assert!(HttpTarget::parse("ftp://x").is_err());
        assert!(HttpTarget::parse("http://h:99999/").is_err());
    }
}
