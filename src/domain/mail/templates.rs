//! The texts of the planner's mails, per culture: the invitation (with its single-use link)
//! and the sender verification code. Plain text; times are shown in Europe/Copenhagen.

use chrono::{DateTime, Utc};

use super::Culture;
use crate::domain::ZONE;

/// A rendered mail: subject and plain-text body.
#[derive(Clone, PartialEq, Eq)]
pub struct MailText {
    /// The subject (never holds a secret).
    pub subject: String,
    /// The body (may hold a secret: a link or a code).
    pub body: String,
}

impl std::fmt::Debug for MailText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailText").field("subject", &self.subject).finish_non_exhaustive()
    }
}

fn local(at: DateTime<Utc>) -> String {
    at.with_timezone(&ZONE).format("%d-%m-%Y %H:%M").to_string()
}

/// The invitation mail: `link` opens the invitation until `expires_at`.
pub fn invitation_mail(culture: Culture, link: &str, role: &str, expires_at: DateTime<Utc>) -> MailText {
    let until = local(expires_at);
    match culture {
        Culture::DaDk => MailText {
            subject: "Invitation til Planner".into(),
            body: format!(
                "Du er inviteret til Planner med rollen {role}.\r\n\r\n\
                 Åbn linket for at oprette din konto eller tilføje rollen til den, du har:\r\n\
                 {link}\r\n\r\n\
                 Linket kan bruges én gang og gælder til {until}.\r\n\
                 Har du ikke ventet denne invitation, kan du se bort fra den.\r\n"
            ),
        },
        Culture::EnGb => MailText {
            subject: "Invitation to Planner".into(),
            body: format!(
                "You have been invited to Planner with the role {role}.\r\n\r\n\
                 Open the link to create your account or add the role to the one you have:\r\n\
                 {link}\r\n\r\n\
                 The link can be used once and is valid until {until}.\r\n\
                 If you did not expect this invitation, you can ignore it.\r\n"
            ),
        },
    }
}

/// The mail that carries a sender address's verification code, valid until `expires_at`.
pub fn sender_code_mail(culture: Culture, address: &str, code: &str, expires_at: DateTime<Utc>) -> MailText {
    let until = local(expires_at);
    match culture {
        Culture::DaDk => MailText {
            subject: "Bekræft afsenderadresse i Planner".into(),
            body: format!(
                "Adressen {address} er tilføjet som afsender i Planner.\r\n\r\n\
                 Bekræftelseskode: {code}\r\n\r\n\
                 Giv koden til administratoren, der tilføjede adressen. Den gælder til {until}.\r\n"
            ),
        },
        Culture::EnGb => MailText {
            subject: "Confirm the sender address in Planner".into(),
            body: format!(
                "The address {address} was added as a sender in Planner.\r\n\r\n\
                 Confirmation code: {code}\r\n\r\n\
                 Give the code to the administrator who added the address. It is valid until {until}.\r\n"
            ),
        },
    }
}
