//! The TOTP second factor (RFC 6238): HMAC-SHA1 over the 30-second step, six digits, as every
//! authenticator app computes it.
//!
//! Codes come from the `totp-rs` crate rather than our own HMAC and truncation, with its
//! default features off and only `otpauth` on, for the enrolment URI (no clock of its own, no
//! random generator, no QR code); the 20-byte secret comes from ring's `SystemRandom`. The crate checks one step at a time here, because
//! the window and the replay rule are ours: the current step or one either side (clock skew,
//! RFC 6238 §5.2), and never a step at or before the last one used, so a code works once.
//!
//! "Now" is a parameter: this file reads no clock. The secret never leaves [`TotpSecret`]
//! except as base32 for sealed storage and inside the enrolment URI.

use std::fmt;

use chrono::{DateTime, Utc};
use ring::rand::{SecureRandom, SystemRandom};
use totp_rs::{Algorithm, Builder, Secret, Totp};

use super::CredentialError;

/// Bytes of a secret: 160 bits, RFC 4226 §4's recommendation.
const SECRET_BYTES: usize = 20;
/// Seconds per step (RFC 6238 §5.2).
const STEP_SECONDS: u64 = 30;
/// Digits per code.
const DIGITS: u8 = 6;
/// Steps accepted either side of the current one.
const SKEW_STEPS: u64 = 1;

/// The secret an authenticator app shares with the planner for one account.
#[derive(Clone, PartialEq, Eq)]
pub struct TotpSecret([u8; SECRET_BYTES]);

impl fmt::Debug for TotpSecret {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("TotpSecret(..)")
    }
}

impl TotpSecret {
    /// A fresh random secret, for enrolment.
    pub fn generate() -> Result<Self, CredentialError> {
        let mut bytes = [0u8; SECRET_BYTES];
        SystemRandom::new().fill(&mut bytes).map_err(|_| CredentialError::Random)?;
        Ok(Self(bytes))
    }

    /// Reads the base32 text written by [`TotpSecret::to_base32`] (RFC 4648, no padding).
    pub fn from_base32(text: &str) -> Result<Self, CredentialError> {
        let secret = Secret::try_from_base32(text).map_err(|_| CredentialError::InvalidTotpSecret)?;
        let bytes = secret.as_bytes().try_into().map_err(|_| CredentialError::InvalidTotpSecret)?;
        Ok(Self(bytes))
    }

    /// The secret as base32 (RFC 4648, no padding), for sealed storage only.
    pub fn to_base32(&self) -> String {
        Secret::new_stack(self.0).to_base32()
    }

    /// The `otpauth://totp/...` URI an authenticator app reads from the enrolment QR code.
    ///
    /// The key URI format separates issuer and account with a colon, so a colon inside either
    /// becomes a space; an empty account is written as "account".
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = label_part(issuer);
        let account = match label_part(account) {
            account if account.is_empty() => "account".to_owned(),
            account => account,
        };
        let issuer = (!issuer.is_empty()).then_some(issuer);
        let totp = self.builder().with_issuer(issuer).with_account_name(account).build_noncompliant();
        // Only an empty account or a colon fails, and label_part rules out both.
        totp.to_url().unwrap_or_default()
    }

    /// The step (Unix seconds / 30) whose code `code` is, when it is the code of the step of
    /// `now` or of one step either side, and that step is later than `last_step` (the step of
    /// the last code accepted for this account); `None` otherwise. Spaces in `code` are
    /// ignored, as apps show "123 456".
    pub fn verify(&self, code: &str, now: DateTime<Utc>, last_step: Option<u64>) -> Option<u64> {
        let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        let current = u64::try_from(now.timestamp()).ok()? / STEP_SECONDS;
        let totp = self.totp();
        let first = current.saturating_sub(SKEW_STEPS);
        (first..=current.saturating_add(SKEW_STEPS))
            .filter(|step| last_step.is_none_or(|last| *step > last))
            .find(|step| totp.check(&code, step.saturating_mul(STEP_SECONDS)).is_some())
    }

    fn builder(&self) -> Builder {
        Builder::new()
            .with_algorithm(Algorithm::SHA1)
            .with_digits(DIGITS)
            .with_step_duration(STEP_SECONDS)
            .with_secret(Secret::new_stack(self.0))
    }

    /// A generator without skew: [`TotpSecret::verify`] walks the window itself.
    fn totp(&self) -> Totp {
        self.builder().with_skew(0).build_noncompliant()
    }
}

/// One half of the `issuer:account` label, without colons and outer spaces.
fn label_part(text: &str) -> String {
    text.replace(':', " ").trim().to_owned()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    /// RFC 6238 Appendix B: the ASCII secret "12345678901234567890".
    fn rfc_secret() -> TotpSecret {
        TotpSecret(*b"12345678901234567890")
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(seconds, 0).unwrap()
    }

    #[test]
    fn the_rfc_6238_sha1_vectors() {
        // Appendix B gives eight digits; the six-digit code is the last six of them.
        let cases = [
            (59, "287082"),             // 94287082
            (1_111_111_109, "081804"),  // 07081804
            (1_111_111_111, "050471"),  // 14050471
            (1_234_567_890, "005924"),  // 89005924
            (2_000_000_000, "279037"),  // 69279037
            (20_000_000_000, "353130"), // 65353130
        ];
        for (seconds, code) in cases {
            let expected = u64::try_from(seconds).unwrap() / 30;
            assert_eq!(rfc_secret().verify(code, at(seconds), None), Some(expected), "T={seconds}");
        }
    }

    #[test]
    fn one_step_of_skew_is_accepted_and_two_are_not() {
        let secret = rfc_secret();
        // 287082 is the code of step 1 (T=30..59).
        for (seconds, expected) in [(0, Some(1)), (30, Some(1)), (89, Some(1)), (90, None), (119, None)] {
            assert_eq!(secret.verify("287082", at(seconds), None), expected, "T={seconds}");
        }
        let late = 1_111_111_109 + 30;
        let two_late = 1_111_111_109 + 60;
        assert_eq!(secret.verify("081804", at(late), None), Some(37_037_036));
        assert_eq!(secret.verify("081804", at(two_late), None), None);
    }

    #[test]
    fn a_used_step_is_never_accepted_again() {
        let secret = rfc_secret();
        let now = at(1_234_567_890);
        let step = secret.verify("005924", now, None).unwrap();
        assert_eq!(secret.verify("005924", now, Some(step)), None);
        assert_eq!(secret.verify("005924", now, Some(step + 1)), None);
        assert_eq!(secret.verify("005924", now, Some(step - 1)), Some(step));
    }

    #[test]
    fn wrong_or_malformed_codes_are_refused() {
        let secret = rfc_secret();
        for code in ["", "287083", "28708", "2870820", "28708x", "+87082", "２８７０８２"] {
            assert_eq!(secret.verify(code, at(59), None), None, "{code}");
        }
        assert_eq!(secret.verify(" 287 082 ", at(59), None), Some(1));
        assert_eq!(secret.verify("287082", at(-1), None), None);
    }

    #[test]
    fn generated_secrets_differ_and_round_trip_through_base32() {
        let first = TotpSecret::generate().unwrap();
        let second = TotpSecret::generate().unwrap();
        assert_ne!(first, second);
        let text = first.to_base32();
        assert_eq!(text.len(), 32);
        assert_eq!(TotpSecret::from_base32(&text).unwrap(), first);
        assert_eq!(rfc_secret().to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    #[test]
    fn only_base32_of_twenty_bytes_is_a_secret() {
        for text in ["", "GEZDGNBVGY3TQOJQ", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGE", "not base32 at all!!!"] {
            assert_eq!(TotpSecret::from_base32(text), Err(CredentialError::InvalidTotpSecret), "{text}");
        }
    }

    #[test]
    fn debug_hides_the_secret() {
        assert_eq!(format!("{:?}", rfc_secret()), "TotpSecret(..)");
    }

    #[test]
    fn the_enrolment_uri() {
        let uri = rfc_secret().otpauth_uri("Planner Aarhus", "mette@aarhus.dk");
        assert_eq!(
            uri,
            "otpauth://totp/Planner%20Aarhus:mette%40aarhus.dk?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=Planner%20Aarhus"
        );
        let odd = rfc_secret().otpauth_uri("a:b", ":");
        assert!(odd.starts_with("otpauth://totp/a%20b:account?"), "{odd}");
        let no_issuer = rfc_secret().otpauth_uri("", "mette");
        assert!(no_issuer.starts_with("otpauth://totp/mette?secret="), "{no_issuer}");
    }
}
