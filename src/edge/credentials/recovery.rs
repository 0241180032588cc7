//! Recovery codes: ten single-use codes shown once at enrolment, for a person who lost their
//! authenticator app.
//!
//! Each code is 12 characters drawn by ring's `SystemRandom` from an alphabet without look-alikes
//! (no 0/o, 1/l/i), about 59 bits, written `xxxx-xxxx-xxxx`. The planner keeps only the SHA-256
//! of a code (ring's `digest`), like an invitation's secret: at 59 random bits a fast hash is
//! enough, and a slow one would cost a sign-in ten argon2 runs. A code is compared by its
//! normalized form, so case, spaces and dashes typed by a person do not matter. The caller
//! deletes the hash that matched, which makes each code work once.

use ring::digest::{digest, SHA256};
use ring::rand::{SecureRandom, SystemRandom};

use super::CredentialError;

/// How many codes a person gets.
pub const RECOVERY_CODES: usize = 10;
/// Characters per code, without the dashes.
const CODE_LENGTH: usize = 12;
/// Characters per group between dashes.
const GROUP_LENGTH: usize = 4;
/// Lowercase letters and digits without 0, 1, i, l and o.
const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyz";

/// Ten fresh, distinct codes in the form `xxxx-xxxx-xxxx`, to show once and store hashed.
pub fn generate_recovery_codes() -> Result<Vec<String>, CredentialError> {
    let random = SystemRandom::new();
    let mut codes: Vec<String> = Vec::with_capacity(RECOVERY_CODES);
    while codes.len() < RECOVERY_CODES {
        let code = generate_code(&random)?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// One code, grouped with dashes.
fn generate_code(random: &SystemRandom) -> Result<String, CredentialError> {
    // Rejection sampling keeps every character equally likely: bytes at or above the largest
    // multiple of the alphabet's length are drawn again.
    let limit = 256 - 256 % ALPHABET.len();
    let mut characters: Vec<char> = Vec::with_capacity(CODE_LENGTH);
    let mut buffer = [0u8; 32];
    while characters.len() < CODE_LENGTH {
        random.fill(&mut buffer).map_err(|_| CredentialError::Random)?;
        for byte in buffer.iter().map(|byte| usize::from(*byte)).filter(|byte| *byte < limit) {
            if characters.len() < CODE_LENGTH {
                characters.push(char::from(ALPHABET[byte % ALPHABET.len()]));
            }
        }
    }
    let groups: Vec<String> = characters.chunks(GROUP_LENGTH).map(|group| group.iter().collect()).collect();
    Ok(groups.join("-"))
}

/// The stored form of a code: the lowercase hex SHA-256 of the code lowercased, without
/// spaces and dashes.
pub fn recovery_hash(code: &str) -> String {
    hex::encode(digest(&SHA256, normalize(code).as_bytes()))
}

/// The index in `hashes` (the person's unused codes) of the code `entered`, if any; the caller
/// removes that hash so the code works once.
pub fn find_recovery_code(hashes: &[String], entered: &str) -> Option<usize> {
    if normalize(entered).chars().count() != CODE_LENGTH {
        return None;
    }
    let entered = recovery_hash(entered);
    hashes.iter().position(|hash| hash.eq_ignore_ascii_case(&entered))
}

/// The code as compared: lowercase, without whitespace and dashes.
fn normalize(code: &str) -> String {
    code.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_distinct_codes_in_groups_of_four() {
        let codes = generate_recovery_codes().unwrap();
        assert_eq!(codes.len(), RECOVERY_CODES);
        for code in &codes {
            let groups: Vec<&str> = code.split('-').collect();
            assert_eq!(groups.len(), 3, "{code}");
            for group in groups {
                assert_eq!(group.len(), GROUP_LENGTH, "{code}");
                assert!(group.bytes().all(|byte| ALPHABET.contains(&byte)), "{code}");
            }
        }
        let mut distinct = codes.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), RECOVERY_CODES);
        assert_ne!(codes, generate_recovery_codes().unwrap());
    }

    #[test]
    fn the_alphabet_has_no_look_alikes() {
        assert_eq!(ALPHABET.len(), 31);
        for confusable in b"01ilo" {
            assert!(!ALPHABET.contains(confusable));
        }
    }

    #[test]
    fn a_code_matches_its_hash_once_the_caller_removes_it() {
        let codes = generate_recovery_codes().unwrap();
        let mut hashes: Vec<String> = codes.iter().map(|code| recovery_hash(code)).collect();
        let index = find_recovery_code(&hashes, &codes[3]).unwrap();
        assert_eq!(index, 3);
        hashes.remove(index);
        assert_eq!(find_recovery_code(&hashes, &codes[3]), None);
        assert_eq!(find_recovery_code(&hashes, &codes[4]), Some(3));
    }

    #[test]
    fn case_spaces_and_dashes_are_ignored() {
        let hashes = vec![recovery_hash("abcd-efgh-jkmn")];
        for entered in
            ["abcd-efgh-jkmn", "ABCD-EFGH-JKMN", "abcdefghjkmn", " abcd efgh jkmn ", "ab-cd-ef-gh-jk-mn"]
        {
            assert_eq!(find_recovery_code(&hashes, entered), Some(0), "{entered}");
        }
        for entered in ["", "abcd-efgh-jkm", "abcd-efgh-jkmp", "abcd-efgh-jkmnp"] {
            assert_eq!(find_recovery_code(&hashes, entered), None, "{entered}");
        }
    }

    #[test]
    fn the_hash_is_sha256_hex_of_the_normalized_code() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(recovery_hash("abc"), abc);
        assert_eq!(recovery_hash("A-B c"), abc);
    }
}
