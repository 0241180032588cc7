//! The credentials people sign in with to a local account (issue 17): a password kept only as
//! an argon2id hash.
//!
//! - [`password`]: hashing, verification and the strength check of a new password.
//!
//! Every primitive comes from a well-kept crate (`argon2`, `zxcvbn`, `ring`); this module only
//! chooses parameters and keeps secrets out of error texts. It stores nothing and logs nothing:
//! a password must never reach a log line.

pub mod password;

pub use password::{check_strength, hash_password, verify_password, PasswordParams, Weakness};

/// Why a credential could not be made; no variant carries a password, code or secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    /// Occurs when the operating system's random number generator fails.
    #[error("the system random number generator failed; check the operating system's entropy source")]
    Random,
    /// Occurs when the argon2 parameters are out of range or hashing fails; names the crate's
    /// reason.
    #[error("password hashing failed ({0}); check the argon2 parameters")]
    Hashing(String),
}
