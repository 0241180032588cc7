//! The credentials people sign in with to a local account (issue 17): a password kept only as
//! an argon2id hash, a TOTP second factor enrolled with a QR code, and single-use recovery
//! codes kept only as SHA-256 hashes.
//!
//! - [`password`]: hashing, verification and the strength check of a new password;
//! - [`totp`]: the authenticator app's secret and its six-digit codes;
//! - [`qr`]: the enrolment QR code, drawn by the server as SVG;
//! - [`recovery`]: recovery codes for a lost authenticator.
//!
//! Every primitive comes from a well-kept crate (`argon2`, `zxcvbn`, `totp-rs`, `qrcode`,
//! `ring`); this module only chooses parameters and keeps secrets out of `Debug` output and
//! error texts. It stores nothing, reads no clock ("now" is a parameter) and logs nothing: a
//! password, a TOTP secret or a recovery code must never reach a log line.

pub mod password;
pub mod qr;
pub mod recovery;
pub mod totp;

pub use password::{check_strength, hash_password, verify_password, PasswordParams, Weakness};
pub use qr::qr_svg;
pub use recovery::{find_recovery_code, generate_recovery_codes, recovery_hash};
pub use totp::TotpSecret;

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
    /// Occurs when a stored TOTP secret is not base32 for exactly 20 bytes.
    #[error("invalid totp secret; expected the base32 text of 20 bytes (32 characters)")]
    InvalidTotpSecret,
    /// Occurs when the text of a QR code is too long to encode.
    #[error("cannot draw the qr code ({0}); shorten the text")]
    QrCode(String),
}
