//! Single sign-on with the municipality's identity provider by OpenID Connect: the
//! authorization code flow with PKCE (S256), as Entra ID, AD FS and Keycloak speak it.
//!
//! - [`settings`]: what the web app is configured with (issuer, client, the claim mapped);
//! - [`provider`]: the provider as the planner sees it: discovery, its keys (JWKS, cached and
//!   fetched again for an unknown key id), the code exchange; over an [`IdpTransport`] that the
//!   server assembles from the product's HTTP client (`web` imports no adapter);
//! - [`token`]: checking the ID token (signature, issuer, audience, times, nonce);
//! - [`flow`]: starting a sign-on: `GET /login/sso`, `POST /invitation/sso`,
//!   `GET/POST /login/sso/link`;
//! - [`callback`]: its end, `GET /login/sso/callback`;
//! - [`mapping`]: from the provider's person to an invited account.
//!
//! Single sign-on never creates rights by itself: the provider's person is mapped to an account
//! that an invitation created (by the stored subject, or by a verified e-mail address when so
//! configured); a person without one gets a page saying so and no session.
//!
//! Why `jsonwebtoken` (9, without default features) and hand-written discovery and token
//! exchange rather than the `openidconnect` crate: `jsonwebtoken` verifies RS/PS/ES signatures
//! with `ring`, which the build has already, and adds one crate; `openidconnect` brings `oauth2`,
//! `rsa`, `p256`/`p384`, `ed25519-dalek`, `serde_with` and an HTTP client layer, several times
//! the compile for the same checks. Discovery and the token request are two small JSON calls.

pub mod callback;
pub mod flow;
mod mapping;
pub mod provider;
pub mod settings;
pub mod token;

pub use flow::routes;
pub use provider::{IdpTransport, Provider};
pub use settings::{SsoSettings, SubjectClaim};
