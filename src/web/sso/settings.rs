//! The single sign-on settings the web app works with. The server builds them from the
//! `[oidc]` configuration (`config/oidc.rs`) and the web app's base URL; the client secret is
//! never Debug-printed or logged.

/// Which claim of the ID token finds the person's account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SubjectClaim {
    /// `sub`, kept on the account when it is created or linked (the default).
    #[default]
    Subject,
    /// `email`, only when the provider says it is verified (`email_verified`); the subject is
    /// kept on the account the first time, and another subject with that address is refused.
    Email,
}

/// How the planner signs people on with the identity provider.
#[derive(Clone)]
pub struct SsoSettings {
    /// The provider's issuer URL, exactly as its ID tokens name it (no trailing slash added).
    pub issuer: String,
    /// The planner's client id at the provider.
    pub client_id: String,
    /// The planner's client secret; never printed.
    pub client_secret: String,
    /// Which claim maps a person to an account.
    pub claim: SubjectClaim,
    /// The text of the sign-in button.
    pub button: String,
    /// Where the provider sends the browser back: `{web_url}/login/sso/callback`.
    pub redirect_uri: String,
}

impl std::fmt::Debug for SsoSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"**redacted**")
            .field("claim", &self.claim)
            .field("button", &self.button)
            .field("redirect_uri", &self.redirect_uri)
            .finish()
    }
}

impl SsoSettings {
    /// Whether `url` may be called: https only (tests run the provider over TLS too).
    pub fn url_allowed(&self, url: &str) -> bool {
        url.starts_with("https://")
    }
}
