//! Why a call to DFDG failed, as [`DfdgError`]: the client decides its retries by
//! [`DfdgError::retriable`], never by reading a message. Messages hold no body and no CPR (a
//! fault text is masked before it gets here).

use std::fmt;

use crate::adapters::http::HttpError;

/// A DFDG call that got no usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DfdgError {
    /// DFDG answered a SOAP fault (its faultstring, numbers masked): DFDG's answer, which asking
    /// again would only repeat.
    Fault(String),
    /// DFDG answered an HTTP error status without a readable SOAP fault.
    Status {
        /// The operation called.
        operation: String,
        /// The status.
        status: u16,
    },
    /// The answer is not the SOAP envelope the operation expects.
    Unreadable(String),
    /// No answer: the request did not reach DFDG or the answer did not arrive.
    Transport {
        /// The operation called.
        operation: String,
        /// The client's error.
        error: HttpError,
    },
    /// Every attempt failed with a retriable error; the last one.
    Exhausted {
        /// The operation called.
        operation: String,
        /// How many attempts were made.
        attempts: u32,
        /// The last attempt's error.
        last: Box<DfdgError>,
    },
}

impl DfdgError {
    /// Whether the same call may succeed if made again soon: an HTTP 5xx without a fault and the
    /// transport errors the HTTP client calls retriable. A fault, a 4xx, an unreadable answer
    /// and an exhausted call are not.
    pub fn retriable(&self) -> bool {
        match self {
            DfdgError::Status { status, .. } => *status >= 500,
            DfdgError::Transport { error, .. } => error.retriable(),
            DfdgError::Fault(_) | DfdgError::Unreadable(_) | DfdgError::Exhausted { .. } => false,
        }
    }
}

impl fmt::Display for DfdgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DfdgError::Fault(text) => write!(f, "DFDG answered a SOAP fault: {text}"),
            DfdgError::Status { operation, status } => {
                write!(f, "DFDG answered HTTP {status} to {operation}")
            }
            DfdgError::Unreadable(what) => write!(f, "DFDG answered {what}"),
            DfdgError::Transport { operation, error } => write!(f, "{operation}: {error}"),
            DfdgError::Exhausted { operation, attempts, last } => {
                write!(f, "{operation} failed after {attempts} attempts: {last}")
            }
        }
    }
}

impl std::error::Error for DfdgError {}

impl From<DfdgError> for String {
    fn from(error: DfdgError) -> String {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adapters::http::HttpErrorKind;

    #[test]
    fn retries_are_judged_by_kind() {
        let status = |status| DfdgError::Status { operation: "Op".into(), status };
        let transport =
            |kind| DfdgError::Transport { operation: "Op".into(), error: HttpError::new(kind, "x") };
        assert!(status(503).retriable());
        assert!(!status(404).retriable());
        assert!(transport(HttpErrorKind::Timeout).retriable());
        assert!(!transport(HttpErrorKind::Tls).retriable());
        assert!(!DfdgError::Fault("nej".into()).retriable());
        assert!(!DfdgError::Unreadable("no envelope".into()).retriable());
    }
}
