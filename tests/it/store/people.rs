//! People in the store (issue 17): an invitation becomes an account with its role, once; an
//! expired one is refused until an administrator extends it (the same link); a revoked one is
//! refused; an existing account gains a second role; clusters must exist; two tabs accepting
//! one link at once give one account; listings are scoped by jobcenter.

use chrono::Duration;
use planner::domain::people::{Cluster, Email, Grant, InvitationState, Role};
use planner::domain::team::Team;
use planner::domain::{self, JobCenterCode, TeamId};
use planner::store::{AcceptAs, Entity, Error, NewAccount};

use crate::support::both_backends;
use crate::support::store::{conflict, now, seed, TestDb};

both_backends!(
    an_invitation_becomes_an_account_with_its_role_once,
    an_expired_invitation_works_again_after_it_is_extended,
    a_revoked_invitation_is_refused,
    an_existing_account_gains_the_role_of_a_second_invitation,
    clusters_must_exist_and_teams_belong_to_their_jobcenter,
    two_accepts_of_one_link_at_once_give_one_account,
    invitations_and_accounts_are_listed_by_jobcenter,
);

fn email(text: &str) -> Email {
    Email::parse(text).unwrap()
}

fn jobcenter() -> JobCenterCode {
    JobCenterCode::parse("00101").unwrap()
}

fn summoner_here() -> Grant {
    Grant::new(Role::Summoner, vec![Cluster::Jobcenter(jobcenter())]).unwrap()
}

fn new_account(name: &str) -> AcceptAs {
    AcceptAs::New(NewAccount {
        name: name.into(),
        password_hash: Some("$argon2id$test".into()),
        ..Default::default()
    })
}

fn an_invitation_becomes_an_account_with_its_role_once(db: &TestDb) {
    seed(db, 1);
    let people = db.people();
    let (sent, secret) = people.invite(&email("Anne@kk.dk"), &summoner_here(), "admin@kk.dk", now()).unwrap();
    assert_eq!(sent.email.as_str(), "anne@kk.dk");
    assert_eq!(sent.state(now()), InvitationState::Sent);
    assert_eq!(sent.expires_at, now() + Duration::days(7));
    let stored = people.invitation(&sent.id).unwrap();
    assert_eq!((stored.invitation.clone(), stored.account.clone()), (sent.clone(), None));

    let account = people.accept(&secret, &new_account("Anne Jensen"), now() + Duration::hours(1)).unwrap();
    assert_eq!((account.email.as_str(), account.name.as_str()), ("anne@kk.dk", "Anne Jensen"));
    assert_eq!(account.grants, vec![summoner_here()]);
    assert_eq!(people.account_by_email(&email("anne@kk.dk")).unwrap(), account);

    let used = people.invitation(&sent.id).unwrap();
    assert_eq!(used.invitation.state(now() + Duration::days(30)), InvitationState::Accepted);
    assert_eq!(used.account.as_deref(), Some(account.id.as_str()));
    let again = people.accept(&secret, &new_account("Someone Else"), now() + Duration::hours(2));
    assert_eq!(conflict(again), domain::Error::InvitationUsed);
    assert!(matches!(people.extend(&sent.id, now()), Err(Error::Conflict(domain::Error::InvitationUsed))));
    assert!(matches!(
        people.accept("00".repeat(32).as_str(), &new_account("X"), now()),
        Err(Error::NotFound(Entity::Invitation))
    ));
    assert!(matches!(people.invitation_by_secret("not a secret"), Err(Error::NotFound(Entity::Invitation))));
}

fn an_expired_invitation_works_again_after_it_is_extended(db: &TestDb) {
    seed(db, 1);
    let people = db.people();
    let (sent, secret) = people.invite(&email("bo@kk.dk"), &summoner_here(), "admin@kk.dk", now()).unwrap();
    let day_eight = now() + Duration::days(8);
    assert_eq!(
        people.invitation_by_secret(&secret).unwrap().invitation.state(day_eight),
        InvitationState::Expired
    );
    assert_eq!(
        conflict(people.accept(&secret, &new_account("Bo"), day_eight)),
        domain::Error::InvitationExpired
    );
    assert!(matches!(people.account_by_email(&email("bo@kk.dk")), Err(Error::NotFound(Entity::Account))));

    let extended = people.extend(&sent.id, day_eight).unwrap();
    assert_eq!(extended.invitation.expires_at, day_eight + Duration::days(7));
    let account = people.accept(&secret, &new_account("Bo"), day_eight + Duration::hours(1)).unwrap();
    assert_eq!(account.grants, vec![summoner_here()]);
}

fn a_revoked_invitation_is_refused(db: &TestDb) {
    seed(db, 1);
    let people = db.people();
    let (sent, secret) = people.invite(&email("c@kk.dk"), &summoner_here(), "admin@kk.dk", now()).unwrap();
    let revoked = people.revoke(&sent.id, now()).unwrap();
    assert_eq!(revoked.invitation.state(now()), InvitationState::Revoked);
    assert_eq!(conflict(people.accept(&secret, &new_account("C"), now())), domain::Error::InvitationUsed);
    assert_eq!(conflict(people.extend(&sent.id, now())), domain::Error::InvitationUsed);
}

fn an_existing_account_gains_the_role_of_a_second_invitation(db: &TestDb) {
    let seed = seed(db, 1);
    let team = Team {
        id: TeamId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        jobcenter: seed.jobcenter.clone(),
        name: "Team Nord".into(),
    };
    db.teams().create(&team, now()).unwrap();
    let people = db.people();
    let (_, first) = people.invite(&email("d@kk.dk"), &summoner_here(), "admin@kk.dk", now()).unwrap();
    let account = people.accept(&first, &new_account("D"), now()).unwrap();

    let reader_of_team = Grant::new(Role::Reader, vec![Cluster::Team(jobcenter(), team.id.clone())]).unwrap();
    let (_, second) = people.invite(&email("d@kk.dk"), &reader_of_team, "admin@kk.dk", now()).unwrap();
    // A second account for the same address is refused; the invitee signs in and accepts instead.
    assert_eq!(
        conflict(people.accept(&second, &new_account("D again"), now())),
        domain::Error::AccountExists
    );
    let both = people.accept(&second, &AcceptAs::Existing(account.id.clone()), now()).unwrap();
    assert_eq!(both.id, account.id);
    assert_eq!(both.grants, vec![summoner_here(), reader_of_team]);

    // A disabled account accepts nothing, and shows as disabled.
    let (_, third) = people.invite(&email("d@kk.dk"), &summoner_here(), "admin@kk.dk", now()).unwrap();
    assert!(people.set_disabled(&account.id, true).unwrap().disabled);
    assert!(matches!(
        people.accept(&third, &AcceptAs::Existing(account.id.clone()), now()),
        Err(Error::NotFound(Entity::Account))
    ));
    let after = people.remove_role(&account.id, Role::Summoner, &jobcenter()).unwrap();
    assert_eq!(after.grants.iter().map(|g| g.role).collect::<Vec<_>>(), vec![Role::Reader]);
}

fn clusters_must_exist_and_teams_belong_to_their_jobcenter(db: &TestDb) {
    let seed = seed(db, 1);
    db.upsert_jobcenter(&JobCenterCode::parse("00147").unwrap(), "Jobcenter Anden").unwrap();
    let team = Team {
        id: TeamId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        jobcenter: seed.jobcenter.clone(),
        name: "Team Syd".into(),
    };
    db.teams().create(&team, now()).unwrap();
    let people = db.people();
    let unknown =
        Grant::new(Role::Reader, vec![Cluster::Jobcenter(JobCenterCode::parse("00999").unwrap())]).unwrap();
    assert!(matches!(
        people.invite(&email("e@kk.dk"), &unknown, "a", now()),
        Err(Error::NotFound(Entity::JobCenter))
    ));
    let elsewhere =
        Grant::new(Role::Reader, vec![Cluster::Team(JobCenterCode::parse("00147").unwrap(), team.id)])
            .unwrap();
    assert!(matches!(
        people.invite(&email("e@kk.dk"), &elsewhere, "a", now()),
        Err(Error::NotFound(Entity::Team))
    ));
    assert!(people.invitations(None).unwrap().is_empty(), "nothing was written");
}

fn two_accepts_of_one_link_at_once_give_one_account(db: &TestDb) {
    seed(db, 1);
    let (_, secret) = db.people().invite(&email("f@kk.dk"), &summoner_here(), "admin@kk.dk", now()).unwrap();
    let second = db.second_instance();
    let results: Vec<_> = std::thread::scope(|scope| {
        let tabs: Vec<_> = (0..8)
            .map(|n| {
                let store = if n % 2 == 0 { &db.store } else { &second };
                let secret = secret.clone();
                scope.spawn(move || store.people().accept(&secret, &new_account(&format!("F {n}")), now()))
            })
            .collect();
        tabs.into_iter().map(|tab| tab.join().unwrap()).collect()
    });
    let accepted = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(accepted, 1, "{results:?}");
    assert!(results.iter().all(|r| r.is_ok()
        || matches!(
            r,
            Err(Error::Conflict(domain::Error::InvitationUsed | domain::Error::AccountExists))
                | Err(Error::Unavailable)
        )));
    assert_eq!(db.people().accounts(None).unwrap().len(), 1);
}

fn invitations_and_accounts_are_listed_by_jobcenter(db: &TestDb) {
    seed(db, 1);
    let other = JobCenterCode::parse("00147").unwrap();
    db.upsert_jobcenter(&other, "Jobcenter Anden").unwrap();
    let people = db.people();
    let there = Grant::new(Role::Reader, vec![Cluster::Jobcenter(other.clone())]).unwrap();
    let (here_sent, here) = people.invite(&email("g@kk.dk"), &summoner_here(), "a", now()).unwrap();
    let (there_sent, _) =
        people.invite(&email("h@kk.dk"), &there, "a", now() + Duration::minutes(1)).unwrap();
    let ids = |code: Option<&JobCenterCode>| -> Vec<String> {
        people.invitations(code).unwrap().into_iter().map(|r| r.invitation.id).collect()
    };
    assert_eq!(ids(Some(&jobcenter())), vec![here_sent.id.clone()]);
    assert_eq!(ids(Some(&other)), vec![there_sent.id.clone()]);
    assert_eq!(ids(None), vec![there_sent.id, here_sent.id], "newest first");
    people.accept(&here, &new_account("G"), now()).unwrap();
    assert_eq!(people.accounts(Some(&jobcenter())).unwrap().len(), 1);
    assert!(people.accounts(Some(&other)).unwrap().is_empty());
}
