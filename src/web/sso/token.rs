//! Checking an ID token (OpenID Connect Core §3.1.3.7): the signature against the provider's
//! key (RS256/384/512, PS256/384/512, ES256/384; never `none` or a shared secret), `iss` equal
//! to the configured issuer, `aud` containing the client id (and `azp` naming it when there are
//! several audiences), `exp`, `nbf` and `iat` against the server's clock with a small skew, and
//! the `nonce` of this sign-on. The clock is a parameter: the caller passes the request's.

use chrono::{DateTime, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

/// How far the provider's clock may be from ours.
pub const SKEW_SECONDS: i64 = 60;

/// Why an ID token was refused; the name goes to the log and the audit row's detail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a JWT, or an algorithm the planner does not accept.
    Malformed,
    /// No key of the provider verifies it.
    Signature,
    /// Another issuer.
    Issuer,
    /// Not for this client.
    Audience,
    /// Expired.
    Expired,
    /// Not valid yet, or issued in the future.
    NotYetValid,
    /// Not the nonce of this sign-on.
    Nonce,
}

impl Refusal {
    /// The refusal's name in logs and audit details.
    pub fn name(self) -> &'static str {
        match self {
            Refusal::Malformed => "id_token_malformed",
            Refusal::Signature => "id_token_signature",
            Refusal::Issuer => "id_token_issuer",
            Refusal::Audience => "id_token_audience",
            Refusal::Expired => "id_token_expired",
            Refusal::NotYetValid => "id_token_not_yet_valid",
            Refusal::Nonce => "id_token_nonce",
        }
    }
}

/// What this sign-on expects of the token.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    /// The configured issuer.
    pub issuer: &'a str,
    /// The planner's client id.
    pub client_id: &'a str,
    /// The nonce sent with the authorization request.
    pub nonce: &'a str,
    /// Now, by the server's clock.
    pub now: DateTime<Utc>,
}

/// The person the token names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The issuer's subject.
    pub subject: String,
    /// The e-mail address, if the token has one.
    pub email: Option<String>,
    /// Whether the provider says the address is verified.
    pub email_verified: bool,
    /// The person's name, if the token has one.
    pub name: Option<String>,
}

/// One audience or several.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    aud: Audience,
    azp: Option<String>,
    exp: i64,
    iat: i64,
    nbf: Option<i64>,
    nonce: Option<String>,
    email: Option<String>,
    email_verified: Option<serde_json::Value>,
    name: Option<String>,
}

/// The kind of key an accepted algorithm needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyFamily {
    /// RSA (RS*, PS*).
    Rsa,
    /// Elliptic curve (ES*).
    Ec,
}

/// The algorithms accepted, and the key family each needs.
fn family(algorithm: Algorithm) -> Option<KeyFamily> {
    match algorithm {
        Algorithm::RS256 | Algorithm::RS384 | Algorithm::RS512 => Some(KeyFamily::Rsa),
        Algorithm::PS256 | Algorithm::PS384 | Algorithm::PS512 => Some(KeyFamily::Rsa),
        Algorithm::ES256 | Algorithm::ES384 => Some(KeyFamily::Ec),
        _ => None,
    }
}

/// Checks `token` as [`Expected`]; `key` finds the provider's key for a key id and family
/// (`Ok(None)`: no such key). A provider failure while finding the key is the outer error.
pub fn check<E>(
    token: &str,
    key: impl FnOnce(Option<&str>, KeyFamily) -> Result<Option<DecodingKey>, E>,
    expected: Expected<'_>,
) -> Result<Result<Identity, Refusal>, E> {
    let Ok(header) = jsonwebtoken::decode_header(token) else { return Ok(Err(Refusal::Malformed)) };
    let Some(family) = family(header.alg) else { return Ok(Err(Refusal::Malformed)) };
    let Some(key) = key(header.kid.as_deref(), family)? else { return Ok(Err(Refusal::Signature)) };
    let mut validation = Validation::new(header.alg);
    // Times, issuer and audience are checked below, against the server's clock.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = match jsonwebtoken::decode::<Claims>(token, &key, &validation) {
        Ok(data) => data.claims,
        Err(error) => {
            return Ok(Err(match error.kind() {
                jsonwebtoken::errors::ErrorKind::InvalidSignature => Refusal::Signature,
                _ => Refusal::Malformed,
            }))
        }
    };
    Ok(claims_pass(claims, &expected))
}

fn claims_pass(claims: Claims, expected: &Expected<'_>) -> Result<Identity, Refusal> {
    if claims.iss != expected.issuer {
        return Err(Refusal::Issuer);
    }
    let audiences = match &claims.aud {
        Audience::One(one) => vec![one.as_str()],
        Audience::Many(many) => many.iter().map(String::as_str).collect(),
    };
    let azp_fits = match (&claims.azp, audiences.len()) {
        (Some(azp), _) => azp == expected.client_id,
        (None, count) => count == 1,
    };
    if !audiences.contains(&expected.client_id) || !azp_fits {
        return Err(Refusal::Audience);
    }
    let now = expected.now.timestamp();
    if claims.exp <= now - SKEW_SECONDS {
        return Err(Refusal::Expired);
    }
    if claims.iat > now + SKEW_SECONDS || claims.nbf.is_some_and(|nbf| nbf > now + SKEW_SECONDS) {
        return Err(Refusal::NotYetValid);
    }
    let nonce_fits = claims.nonce.as_deref().is_some_and(|nonce| {
        nonce.len() == expected.nonce.len()
            && openssl::memcmp::eq(nonce.as_bytes(), expected.nonce.as_bytes())
    });
    if !nonce_fits {
        return Err(Refusal::Nonce);
    }
    let email_verified = match &claims.email_verified {
        Some(serde_json::Value::Bool(verified)) => *verified,
        Some(serde_json::Value::String(text)) => text == "true",
        _ => false,
    };
    Ok(Identity { subject: claims.sub, email: claims.email, email_verified, name: claims.name })
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn claims(json: serde_json::Value) -> Claims {
        serde_json::from_value(json).unwrap()
    }

    fn expected(now: i64) -> Expected<'static> {
        Expected {
            issuer: "https://idp.kommune.dk",
            client_id: "planner",
            nonce: "n-1",
            now: Utc.timestamp_opt(now, 0).unwrap(),
        }
    }

    fn base() -> serde_json::Value {
        serde_json::json!({"iss": "https://idp.kommune.dk", "sub": "s", "aud": "planner", "exp": 1300, "iat": 1000, "nonce": "n-1"})
    }

    fn with(key: &str, value: serde_json::Value) -> Claims {
        let mut json = base();
        json[key] = value;
        claims(json)
    }

    #[test]
    fn a_fitting_token_names_its_person() {
        let identity = claims_pass(claims(base()), &expected(1000)).unwrap();
        assert_eq!(identity.subject, "s");
        assert!(!identity.email_verified);
        let verified = claims_pass(with("email_verified", "true".into()), &expected(1000)).unwrap();
        assert!(verified.email_verified);
    }

    #[test]
    fn issuer_audience_and_nonce_must_fit() {
        assert_eq!(claims_pass(with("iss", "https://other".into()), &expected(1000)), Err(Refusal::Issuer));
        assert_eq!(claims_pass(with("aud", "other".into()), &expected(1000)), Err(Refusal::Audience));
        let several = serde_json::json!(["planner", "other"]);
        assert_eq!(claims_pass(with("aud", several.clone()), &expected(1000)), Err(Refusal::Audience));
        let mut json = base();
        json["aud"] = several;
        json["azp"] = "planner".into();
        assert!(claims_pass(claims(json), &expected(1000)).is_ok());
        assert_eq!(claims_pass(with("nonce", "n-2".into()), &expected(1000)), Err(Refusal::Nonce));
        let mut json = base();
        json.as_object_mut().unwrap().remove("nonce");
        assert_eq!(claims_pass(claims(json), &expected(1000)), Err(Refusal::Nonce));
    }

    #[test]
    fn times_allow_a_small_skew_only() {
        assert!(claims_pass(claims(base()), &expected(1300 + SKEW_SECONDS - 1)).is_ok());
        assert_eq!(claims_pass(claims(base()), &expected(1300 + SKEW_SECONDS)), Err(Refusal::Expired));
        assert!(claims_pass(claims(base()), &expected(1000 - SKEW_SECONDS)).is_ok());
        assert_eq!(
            claims_pass(claims(base()), &expected(1000 - SKEW_SECONDS - 1)),
            Err(Refusal::NotYetValid)
        );
        assert_eq!(claims_pass(with("nbf", 1200.into()), &expected(1000)), Err(Refusal::NotYetValid));
    }

    /// An RSA key: its signing key and its public key as the provider's JWKS has it.
    fn rsa_key() -> (jsonwebtoken::EncodingKey, DecodingKey) {
        use base64::Engine as _;
        let rsa = openssl::rsa::Rsa::generate(2048).unwrap();
        let b64 = |bytes: Vec<u8>| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        let public =
            DecodingKey::from_rsa_components(&b64(rsa.n().to_vec()), &b64(rsa.e().to_vec())).unwrap();
        (jsonwebtoken::EncodingKey::from_rsa_der(&rsa.private_key_to_der().unwrap()), public)
    }

    #[test]
    fn the_signature_must_be_the_providers_key() {
        let (signing, public) = rsa_key();
        let (other, _) = rsa_key();
        let header = jsonwebtoken::Header::new(Algorithm::RS256);
        let token = jsonwebtoken::encode(&header, &base(), &signing).unwrap();
        let with = |key: DecodingKey| {
            move |_: Option<&str>, family| -> Result<Option<DecodingKey>, ()> {
                assert_eq!(family, KeyFamily::Rsa);
                Ok(Some(key))
            }
        };
        assert_eq!(check(&token, with(public.clone()), expected(1000)).unwrap().unwrap().subject, "s");
        let forged = jsonwebtoken::encode(&header, &base(), &other).unwrap();
        assert_eq!(check(&forged, with(public.clone()), expected(1000)), Ok(Err(Refusal::Signature)));
        // Another payload under the first signature.
        let mut changed = base();
        changed["sub"] = "someone else".into();
        let changed = jsonwebtoken::encode(&header, &changed, &other).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let spliced = format!("{}.{}.{}", parts[0], changed.split('.').nth(1).unwrap(), parts[2]);
        assert_eq!(check(&spliced, with(public), expected(1000)), Ok(Err(Refusal::Signature)));
        let none = |_: Option<&str>, _| -> Result<Option<DecodingKey>, ()> { Ok(None) };
        assert_eq!(check(&token, none, expected(1000)), Ok(Err(Refusal::Signature)));
    }

    #[test]
    fn es256_signatures_are_checked_too() {
        use base64::Engine as _;
        use openssl::{bn::BigNumContext, ec, nid::Nid, pkey::PKey};
        let group = ec::EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
        let key = ec::EcKey::generate(&group).unwrap();
        let (mut x, mut y) = (openssl::bn::BigNum::new().unwrap(), openssl::bn::BigNum::new().unwrap());
        let mut context = BigNumContext::new().unwrap();
        key.public_key().affine_coordinates(&group, &mut x, &mut y, &mut context).unwrap();
        let b64 = |n: &openssl::bn::BigNum| {
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(n.to_vec_padded(32).unwrap())
        };
        let public = DecodingKey::from_ec_components(&b64(&x), &b64(&y)).unwrap();
        let pkcs8 = PKey::from_ec_key(key).unwrap().private_key_to_pkcs8().unwrap();
        let signing = jsonwebtoken::EncodingKey::from_ec_der(&pkcs8);
        let token =
            jsonwebtoken::encode(&jsonwebtoken::Header::new(Algorithm::ES256), &base(), &signing).unwrap();
        let found = |_: Option<&str>, family| -> Result<Option<DecodingKey>, ()> {
            assert_eq!(family, KeyFamily::Ec);
            Ok(Some(public))
        };
        assert_eq!(check(&token, found, expected(1000)).unwrap().unwrap().subject, "s");
    }

    #[test]
    fn unsigned_and_shared_secret_tokens_are_refused_before_any_key_is_looked_up() {
        // {"alg":"none"} and {"alg":"HS256"} headers.
        for header in ["eyJhbGciOiJub25lIn0", "eyJhbGciOiJIUzI1NiJ9"] {
            let token = format!("{header}.e30.");
            let never = |_: Option<&str>, _| -> Result<Option<DecodingKey>, ()> { panic!("no key wanted") };
            assert_eq!(check(&token, never, expected(1000)), Ok(Err(Refusal::Malformed)));
        }
    }
}
