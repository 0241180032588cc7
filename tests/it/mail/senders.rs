//! A sender address is usable only after the code mailed to it is entered; a wrong code is
//! refused with a clear error, and codes expire.

use chrono::Duration;
use planner::domain::mail::{Culture, SenderState};
use planner::domain::people::Email;
use planner::domain::Error as Rule;
use planner::store::{Error, MailPurpose, NewMail};

use super::Rig;
use crate::support::backends::both_backends;
use crate::support::store::{now, TestDb};

fn mail_to(address: &str) -> NewMail {
    NewMail {
        purpose: MailPurpose::Invitation,
        to: Email::parse(address).unwrap(),
        culture: Culture::DaDk,
        text: planner::domain::mail::MailText { subject: "Test".into(), body: "Hej".into() },
        invitation_id: None,
    }
}

fn a_sender_is_usable_only_after_its_code(db: &TestDb) {
    let Some(rig) = Rig::start(Default::default()) else { return };
    let address = Email::parse("booking@jobcenter.dk").unwrap();
    let (sender, _) = db.mail().add_sender(&address, "Jobcenter", Culture::EnGb, now()).unwrap();
    assert_eq!(sender.state, SenderState::Pending);
    // Not usable, not chosen.
    let named = db.mail().queue(Some(&address), &mail_to("a@b.dk"), now());
    assert!(matches!(named, Err(Error::Conflict(Rule::SenderNotConfirmed))), "{named:?}");
    let any = db.mail().queue(None, &mail_to("a@b.dk"), now());
    assert!(matches!(any, Err(Error::Conflict(Rule::NoConfirmedSender))), "{any:?}");
    // The code goes to the address itself, in its language.
    assert_eq!(super::sent(&rig.drain(db, now())), 1);
    let mails = rig.inbox.mails();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].rcpt_tos, ["booking@jobcenter.dk"]);
    assert!(mails[0].tls, "sent over TLS");
    assert_eq!(mails[0].subject, "Confirm the sender address in Planner");
    let code = rig.code_for("booking@jobcenter.dk");
    // A wrong code is refused, with a message that says what to do.
    let wrong = db.mail().confirm_sender(sender.id, "00000000x", now());
    match wrong {
        Err(Error::Conflict(rule @ Rule::WrongSenderCode)) => {
            assert!(rule.to_string().contains("code is wrong"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(db.mail().sender(sender.id).unwrap().state, SenderState::Pending);
    let confirmed = db.mail().confirm_sender(sender.id, &code, now()).unwrap();
    assert_eq!(confirmed.state, SenderState::Confirmed);
    assert_eq!(confirmed.confirmed_at, Some(now()));
    db.mail().queue(Some(&address), &mail_to("a@b.dk"), now()).unwrap();
    db.mail().queue(None, &mail_to("a@b.dk"), now()).unwrap();
    // Adding a confirmed address again is refused.
    let again = db.mail().add_sender(&address, "Jobcenter", Culture::DaDk, now());
    assert!(matches!(again, Err(Error::Conflict(Rule::SenderConfirmed))), "{again:?}");
}

fn codes_expire(db: &TestDb) {
    let Some(rig) = Rig::start(Default::default()) else { return };
    let address = Email::parse("late@jobcenter.dk").unwrap();
    let (sender, _) = db.mail().add_sender(&address, "Late", Culture::DaDk, now()).unwrap();
    rig.drain(db, now());
    let code = rig.code_for("late@jobcenter.dk");
    assert!(rig.inbox.mails()[0].body.contains("Bekræftelseskode"), "Danish by default");
    let late = db.mail().confirm_sender(sender.id, &code, now() + Duration::hours(25));
    assert!(matches!(late, Err(Error::Conflict(Rule::SenderCodeExpired))), "{late:?}");
    // Adding it again mails a new code, which works.
    db.mail().add_sender(&address, "Late", Culture::DaDk, now() + Duration::hours(26)).unwrap();
    rig.drain(db, now() + Duration::hours(26));
    let fresh = rig.code_for_newest("late@jobcenter.dk", &code);
    let confirmed = db.mail().confirm_sender(sender.id, &fresh, now() + Duration::hours(26)).unwrap();
    assert_eq!(confirmed.state, SenderState::Confirmed);
}

both_backends!(a_sender_is_usable_only_after_its_code, codes_expire);
