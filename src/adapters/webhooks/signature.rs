//! The WebSub signature (W3C WebSub §7.1): `X-Hub-Signature: sha256=<lower-case hex HMAC>` over
//! the exact body bytes, keyed with the recipient's secret, as Xpert Suite receivers expect.
//!
//! The HMAC is ring's (the crypto provider rustls already uses here), not OpenSSL's: OpenSSL 3
//! looks the digest up in its provider store on every new signer, under a process-wide lock
//! that the outbox's parallel senders (a batch signs up to 50 bodies at the same moment) queued
//! on (BENCHMARKS.md, webhook notes).

use ring::hmac;

/// The header carrying the signature.
pub const SIGNATURE_HEADER: &str = "X-Hub-Signature";

/// The header value for `body` signed with `secret`: `sha256=<hex>`.
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret);
    format!("sha256={}", hex::encode(hmac::sign(&key, body).as_ref()))
}

#[cfg(test)]
mod tests {
    use super::sign;

    #[test]
    fn rfc_4231_case_2() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            sign(b"Jefe", b"what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
