//! Invitations mailed through the outbox: the link arrives and opens the invitation; the
//! sending limits hold mail back without losing any; a mail server down for a while loses
//! nothing.

use chrono::Duration;
use planner::adapters::mail::MailOutcome;
use planner::domain::mail::{invitation_mail, Culture, SendingLimits};
use planner::domain::people::{Cluster, Email, Grant, Role};
use planner::domain::JobCenterCode;
use planner::store::{DeliveryStatus, MailPurpose, NewMail, Store};

use super::{sent, Rig};
use crate::support::backends::both_backends;
use crate::support::store::{now, TestDb};

const WEB_URL: &str = "https://planner.kommune.dk";

/// Invites `address` by mail at `at`; returns the invitation's id and the mail's id.
fn invite(
    store: &Store,
    address: &str,
    culture: Culture,
    at: chrono::DateTime<chrono::Utc>,
) -> (String, String) {
    let code = JobCenterCode::parse("00101").unwrap();
    let grant = Grant::new(Role::Summoner, vec![Cluster::Jobcenter(code)]).unwrap();
    let email = Email::parse(address).unwrap();
    let (invitation, mail_id) = store
        .people()
        .invite_by_mail(
            &email,
            &grant,
            "test",
            None,
            |invitation, secret| NewMail {
                purpose: MailPurpose::Invitation,
                to: invitation.email.clone(),
                culture,
                text: invitation_mail(
                    culture,
                    &format!("{WEB_URL}/invitation/{secret}"),
                    invitation.grant.role.as_str(),
                    invitation.expires_at,
                ),
                invitation_id: Some(invitation.id.clone()),
            },
            at,
        )
        .unwrap();
    (invitation.id, mail_id)
}

fn jobcenter(store: &Store) {
    store.upsert_jobcenter(&JobCenterCode::parse("00101").unwrap(), "Jobcenter Test").unwrap();
}

fn an_invitation_arrives_with_a_working_link(db: &TestDb) {
    let Some(rig) = Rig::start(SendingLimits::default()) else { return };
    jobcenter(db);
    rig.confirmed_sender(db, "noreply@jobcenter.dk", now());
    let (invitation_id, mail_id) = invite(db, "kim@jobcenter.dk", Culture::DaDk, now());
    let outcomes = rig.drain(db, now());
    assert_eq!(outcomes[0], MailOutcome::Sent { mail_id: mail_id.clone() });
    let mail = rig.inbox.mails().into_iter().find(|m| m.rcpt_tos == ["kim@jobcenter.dk"]).unwrap();
    assert_eq!(mail.mail_from, "noreply@jobcenter.dk");
    assert!(mail.from.contains("Jobcenter Test"), "{}", mail.from);
    assert_eq!(mail.subject, "Invitation til Planner");
    assert!(mail.tls);
    let link = mail.body.split_whitespace().find(|word| word.starts_with(WEB_URL)).expect("a link");
    let secret = link.rsplit('/').next().unwrap();
    let found = db.people().invitation_by_secret(secret).unwrap();
    assert_eq!(found.invitation.id, invitation_id);
    // Delivered, logged, and its body (the link) no longer kept.
    let entry = db.mail().entry(&mail_id).unwrap();
    assert_eq!(entry.status, DeliveryStatus::Delivered);
    assert_eq!(entry.invitation_id.as_deref(), Some(invitation_id.as_str()));
    assert_eq!(entry.sent_at, Some(now()));
    assert_eq!(db.mail().outgoing(&mail_id).unwrap().body, None);
}

fn the_limits_hold_mail_back_and_lose_none(db: &TestDb) {
    let limits = SendingLimits { per_hour: 10, per_day: 1000 };
    let Some(rig) = Rig::start(limits) else { return };
    jobcenter(db);
    // The sender's own code mail goes out well before the hour measured.
    rig.confirmed_sender(db, "noreply@jobcenter.dk", now() - Duration::hours(3));
    for n in 0..25 {
        invite(db, &format!("person{n}@jobcenter.dk"), Culture::EnGb, now());
    }
    let first = rig.drain(db, now());
    assert_eq!(sent(&first), 10, "the first hour");
    assert_eq!(first.last(), Some(&MailOutcome::Limited));
    // Within the same hour nothing more goes.
    assert_eq!(sent(&rig.drain(db, now() + Duration::minutes(59))), 0);
    // Held back, not failed: no attempt made, no retry used.
    let waiting: Vec<_> =
        db.mail().log(100).unwrap().into_iter().filter(|e| e.status == DeliveryStatus::Pending).collect();
    assert_eq!(waiting.len(), 15);
    assert!(waiting.iter().all(|e| e.attempts == 0 && e.last_error.is_none()));
    assert_eq!(sent(&rig.drain(db, now() + Duration::hours(1))), 10, "the second hour");
    let last = rig.drain(db, now() + Duration::hours(2));
    assert_eq!(sent(&last), 5, "the third hour");
    assert_eq!(last.last(), Some(&MailOutcome::Nothing));
    let invited: std::collections::BTreeSet<String> = rig
        .inbox
        .mails()
        .into_iter()
        .filter(|m| m.subject == "Invitation to Planner")
        .flat_map(|m| m.rcpt_tos)
        .collect();
    assert_eq!(invited.len(), 25, "every invitation arrived once");
    let log = db.mail().log(100).unwrap();
    let invitations: Vec<_> = log.iter().filter(|e| e.purpose == MailPurpose::Invitation).collect();
    assert_eq!(invitations.len(), 25);
    assert!(invitations.iter().all(|e| e.status == DeliveryStatus::Delivered && e.attempts == 1));
}

fn a_mail_server_down_loses_nothing(db: &TestDb) {
    let Some(mut rig) = Rig::start(SendingLimits::default()) else { return };
    jobcenter(db);
    rig.confirmed_sender(db, "noreply@jobcenter.dk", now() - Duration::hours(1));
    rig.server = None; // down
    let (_, mail_id) = invite(db, "kim@jobcenter.dk", Culture::DaDk, now());
    assert!(matches!(&rig.drain(db, now())[0], MailOutcome::Failed { mail_id: id, .. } if *id == mail_id));
    // Retried by the table (5 minutes, then 30), not before.
    assert_eq!(rig.drain(db, now() + Duration::minutes(4)), [MailOutcome::Nothing]);
    assert!(matches!(rig.drain(db, now() + Duration::minutes(5))[0], MailOutcome::Failed { .. }));
    let entry = db.mail().entry(&mail_id).unwrap();
    assert_eq!((entry.status, entry.attempts), (DeliveryStatus::Failed, 2));
    assert!(entry.last_error.is_some());
    rig.up();
    assert_eq!(rig.drain(db, now() + Duration::minutes(20)), [MailOutcome::Nothing]);
    let back = rig.drain(db, now() + Duration::minutes(35));
    assert_eq!(back[0], MailOutcome::Sent { mail_id: mail_id.clone() });
    let arrived: Vec<_> =
        rig.inbox.mails().into_iter().filter(|m| m.rcpt_tos == ["kim@jobcenter.dk"]).collect();
    assert_eq!(arrived.len(), 1, "arrived once");
    let entry = db.mail().entry(&mail_id).unwrap();
    assert_eq!((entry.status, entry.attempts), (DeliveryStatus::Delivered, 3));
}

both_backends!(
    an_invitation_arrives_with_a_working_link,
    the_limits_hold_mail_back_and_lose_none,
    a_mail_server_down_loses_nothing
);
