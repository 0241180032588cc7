//! Why a call to the Xpert Suite failed, as [`XpertError`]. Messages name what failed, never a
//! token, a secret or a body.

use std::fmt;

use crate::adapters::http::HttpError;

/// An Xpert Suite sync attempt that did not get through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XpertError {
    /// The configured account cannot log in as it stands (a TOTP secret that is not base32).
    Config(String),
    /// XS answered the login with an error status.
    Login {
        /// The status.
        status: u16,
    },
    /// XS's login answer lacks what it must hold (JSON with an `access_token`).
    LoginAnswer(&'static str),
    /// No answer: the request did not reach XS or the answer did not arrive.
    Transport(HttpError),
    /// The planner's own store failed while preparing or recording the call.
    Store(String),
    /// The event cannot be sent to XS at all (an unknown topic, an unreadable booking id).
    Unsendable(String),
}

impl XpertError {
    /// Whether the same attempt may succeed if made again soon: a login refused with a 5xx or
    /// 429, a retriable transport error, a store failure. A bad configuration, a malformed login
    /// answer and an unsendable event need a person first.
    pub fn retriable(&self) -> bool {
        match self {
            XpertError::Login { status } => *status >= 500 || *status == 429,
            XpertError::Transport(error) => error.retriable(),
            XpertError::Store(_) => true,
            XpertError::Config(_) | XpertError::LoginAnswer(_) | XpertError::Unsendable(_) => false,
        }
    }
}

impl fmt::Display for XpertError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XpertError::Config(what) | XpertError::Store(what) | XpertError::Unsendable(what) => {
                f.write_str(what)
            }
            XpertError::Login { status } => write!(f, "XS login answered {status}"),
            XpertError::LoginAnswer(what) => write!(f, "XS login answer {what}"),
            XpertError::Transport(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for XpertError {}

impl From<HttpError> for XpertError {
    fn from(error: HttpError) -> Self {
        XpertError::Transport(error)
    }
}

impl From<crate::store::Error> for XpertError {
    fn from(error: crate::store::Error) -> Self {
        XpertError::Store(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::http::HttpErrorKind;

    #[test]
    fn retries_are_judged_by_kind() {
        assert!(XpertError::Login { status: 503 }.retriable());
        assert!(!XpertError::Login { status: 401 }.retriable());
        assert!(XpertError::Transport(HttpError::new(HttpErrorKind::Connect, "x")).retriable());
        assert!(!XpertError::Transport(HttpError::new(HttpErrorKind::Tls, "x")).retriable());
        assert!(!XpertError::Config("the TOTP secret must be base32 (A-Z, 2-7)".into()).retriable());
        assert!(!XpertError::LoginAnswer("has no access_token").retriable());
    }
}
