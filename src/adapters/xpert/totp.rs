//! TOTP (RFC 6238) codes for the Xpert Suite login: HMAC-SHA1 over the 30-second step counter,
//! dynamically truncated to 6 digits (RFC 4226 §5.3). Built on the `openssl` crate the planner
//! already links rather than a TOTP crate; tested against the RFC 6238 appendix B vectors.

use openssl::hash::MessageDigest;
use openssl::pkey::PKey;
use openssl::sign::Signer;

/// The time step (RFC 6238 default X = 30 s).
pub const STEP_SECONDS: i64 = 30;

/// The code for `unix_seconds` with `digits` digits (6 for XS), HMAC-SHA1.
pub fn code_at(secret: &[u8], unix_seconds: i64, digits: u32) -> Result<String, String> {
    let counter = unix_seconds.div_euclid(STEP_SECONDS) as u64;
    let key = PKey::hmac(secret).map_err(|e| format!("TOTP key: {e}"))?;
    let mut signer = Signer::new(MessageDigest::sha1(), &key).map_err(|e| format!("TOTP: {e}"))?;
    signer.update(&counter.to_be_bytes()).map_err(|e| format!("TOTP: {e}"))?;
    let mac = signer.sign_to_vec().map_err(|e| format!("TOTP: {e}"))?;
    let offset = usize::from(mac[mac.len() - 1] & 0x0f);
    let binary = (u32::from(mac[offset]) & 0x7f) << 24
        | u32::from(mac[offset + 1]) << 16
        | u32::from(mac[offset + 2]) << 8
        | u32::from(mac[offset + 3]);
    let modulus = 10u64.pow(digits);
    Ok(format!("{:0width$}", u64::from(binary) % modulus, width = digits as usize))
}

/// Decodes an RFC 4648 base32 secret (as authenticator apps show it; case, spaces and `=`
/// padding ignored).
pub fn decode_base32(text: &str) -> Result<Vec<u8>, String> {
    let mut bits: u64 = 0;
    let mut n_bits = 0;
    let mut out = Vec::new();
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let value = match c.to_ascii_uppercase() {
            upper @ 'A'..='Z' => upper as u64 - 'A' as u64,
            digit @ '2'..='7' => digit as u64 - '2' as u64 + 26,
            _ => return Err("the TOTP secret must be base32 (A-Z, 2-7)".to_owned()),
        };
        bits = (bits << 5) | value;
        n_bits += 5;
        if n_bits >= 8 {
            n_bits -= 8;
            out.push((bits >> n_bits) as u8);
            bits &= (1 << n_bits) - 1;
        }
    }
    if out.len() < 10 {
        return Err("the TOTP secret must hold at least 80 bits (16 base32 characters)".to_owned());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 rows (8 digits, secret "12345678901234567890").
    #[test]
    fn rfc6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, expected) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(secret, time, 8).unwrap(), expected, "T = {time}");
        }
        assert_eq!(code_at(secret, 59, 6).unwrap(), "287082");
    }

    #[test]
    fn base32_round_trip() {
        // "12345678901234567890" in base32.
        let decoded = decode_base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ").unwrap();
        assert_eq!(decoded, b"12345678901234567890");
        assert_eq!(decode_base32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq").unwrap(), decoded);
        assert!(decode_base32("GEZDGNBV1").is_err());
        assert!(decode_base32("GEZD").is_err());
    }
}
