//! The SMTP client: one connection per mail, secured by STARTTLS (required: a server that does
//! not offer it is refused, nothing is sent in plain text) or implicit TLS, the server's
//! certificate verified against the system's trust anchors and the configured `ca`, then
//! authentication with the configured account. The password never appears in errors or logs.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::settings::{MailSettings, MailTls};
use crate::store::OutgoingMail;

/// A client of the configured mail server.
#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").finish_non_exhaustive()
    }
}

impl Mailer {
    /// A client for `settings`, or why it cannot be made (no host, an unreadable `ca`, a user
    /// name without a password).
    pub fn new(settings: &MailSettings) -> Result<Self, String> {
        let host = settings.host.clone().ok_or("no mail server is configured (PLANNER_MAIL_HOST)")?;
        let mut tls = TlsParameters::builder(host.clone());
        if let Some(path) = &settings.ca {
            let pem = std::fs::read(path)
                .map_err(|e| format!("cannot read the mail server's CA file {}: {e}", path.display()))?;
            let certificate = Certificate::from_pem(&pem)
                .map_err(|e| format!("invalid mail server CA file {}: {e}", path.display()))?;
            tls = tls.add_root_certificate(certificate);
        }
        let parameters = tls.build_rustls().map_err(|e| format!("cannot set up TLS for mail: {e}"))?;
        let tls = match settings.tls {
            MailTls::StartTls => Tls::Required(parameters),
            MailTls::Implicit => Tls::Wrapper(parameters),
        };
        let mut builder = SmtpTransport::builder_dangerous(host)
            .port(settings.port())
            .tls(tls)
            .timeout(Some(settings.timeout.max(Duration::from_secs(1))));
        match (&settings.username, &settings.password) {
            (Some(user), Some(password)) => {
                builder = builder
                    .credentials(Credentials::new(user.clone(), password.clone()))
                    .authentication(vec![Mechanism::Plain, Mechanism::Login]);
            }
            (Some(_), None) => {
                return Err("the mail account has a user name but no password \
                            (PLANNER_MAIL_PASSWORD or PLANNER_MAIL_PASSWORD_FILE)"
                    .into())
            }
            (None, _) => {}
        }
        Ok(Self { transport: builder.build() })
    }

    /// Sends `mail` with `body`; the error says what failed without the body or the password.
    pub fn send(&self, mail: &OutgoingMail, body: &str) -> Result<(), String> {
        let from = Mailbox::new(
            Some(mail.from_name.clone()).filter(|name| !name.is_empty()),
            mail.from.as_str().parse().map_err(|e| format!("invalid sender address: {e}"))?,
        );
        let to: Mailbox = mail.to.as_str().parse().map_err(|e| format!("invalid recipient address: {e}"))?;
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|e| format!("cannot build the mail: {e}"))?;
        self.transport.send(&message).map(|_| ()).map_err(|e| format!("mail server: {e}"))
    }
}
