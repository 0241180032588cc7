//! Never in plain text, never to an unverified server: a server without STARTTLS is refused,
//! and so is one whose certificate the planner does not trust. Nothing arrives either way, and
//! the mail stays queued for its retries.

use planner::adapters::mail::{send_next, MailOutcome, MailSending, Mailer};
use planner::domain::mail::{Culture, MailText, SendingLimits};
use planner::domain::people::Email;
use planner::store::{DeliveryStatus, MailPurpose, NewMail};

use crate::support::smtp::{self, Inbox, Offer, Pki, SmtpServer};
use crate::support::store::{now, TestDb};

/// Queues one mail from a sender confirmed straight in the database.
fn queued(db: &TestDb) -> String {
    let address = Email::parse("noreply@jobcenter.dk").unwrap();
    db.mail().add_sender(&address, "Jobcenter", Culture::DaDk, now()).unwrap();
    db.raw_execute("UPDATE mail_senders SET state = 'confirmed', confirmed_at = created_at").unwrap();
    // The code mail is not the point here: drop it from the queue.
    db.raw_execute("UPDATE webhook_deliveries SET status = 'delivered'").unwrap();
    let mail = NewMail {
        purpose: MailPurpose::Invitation,
        to: Email::parse("kim@jobcenter.dk").unwrap(),
        culture: Culture::DaDk,
        text: MailText { subject: "Test".into(), body: "secret link".into() },
        invitation_id: None,
    };
    db.mail().queue(None, &mail, now()).unwrap()
}

fn refused(offer: Offer, server_pki: &Pki, trusted: &Pki) -> Option<(String, Inbox)> {
    let python = smtp::python()?;
    let db: TestDb = crate::support::backends::OnDatabase::on(crate::support::db::fresh_sqlite());
    let inbox = Inbox::new();
    let server = SmtpServer::start(&python, 0, &inbox, server_pki, offer);
    let settings = smtp::settings(server.port, trusted, SendingLimits::default());
    let sending = MailSending::new(Mailer::new(&settings).unwrap(), SendingLimits::default());
    let mail_id = queued(&db);
    let outcome = send_next(&db, &sending, now()).unwrap();
    let MailOutcome::Failed { error, .. } = outcome else { panic!("not refused: {outcome:?}") };
    let entry = db.mail().entry(&mail_id).unwrap();
    assert_eq!(entry.status, DeliveryStatus::Failed, "kept for its retries");
    assert!(entry.sent_at.is_none());
    Some((error, inbox))
}

#[test]
fn a_server_without_starttls_is_refused() {
    let pki = Pki::new();
    let Some((error, inbox)) = refused(Offer::Plain, &pki, &pki) else { return };
    assert!(inbox.mails().is_empty(), "nothing sent in plain text");
    assert!(error.to_lowercase().contains("starttls") || error.to_lowercase().contains("tls"), "{error}");
}

#[test]
fn an_untrusted_certificate_is_refused() {
    let (server, trusted) = (Pki::new(), Pki::new());
    let Some((error, inbox)) = refused(Offer::StartTls, &server, &trusted) else { return };
    assert!(inbox.mails().is_empty());
    assert!(!error.is_empty());
}
