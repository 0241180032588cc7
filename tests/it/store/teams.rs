//! Teams (issue 16): members over time, an offer that names a team follows its membership, and
//! a team's name is unique in its jobcenter. On both backends.

use chrono::NaiveDate;
use planner::domain::team::Team;
use planner::domain::{self, TeamId};
use planner::store::{Entity, Error};

use crate::support::both_backends;
use crate::support::store::{conflict, free_starts, local, now, seed, window, TestDb};

both_backends!(an_offer_naming_a_team_follows_its_members, team_names_are_unique_per_jobcenter);

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn team(db: &TestDb, seed: &crate::support::store::Seed, name: &str) -> Team {
    let team = Team {
        id: TeamId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        jobcenter: seed.jobcenter.clone(),
        name: name.into(),
    };
    db.teams().create(&team, now()).unwrap();
    team
}

fn an_offer_naming_a_team_follows_its_members(db: &TestDb) {
    let seed = seed(db, 3);
    let nord = team(db, &seed, "Team Nord");
    let [a, b, c] = [&seed.counselors[0], &seed.counselors[1], &seed.counselors[2]];
    db.teams().add_member(&nord.id, &a.id, date("2027-01-01")).unwrap();
    db.teams().add_member(&nord.id, &b.id, date("2027-01-01")).unwrap();
    db.teams().link_offer(&seed.offer.id, Some(&nord.id)).unwrap();
    let serving = |db: &TestDb| {
        let mut ids: Vec<_> =
            db.counselors_of_offer(&seed.offer.id).unwrap().into_iter().map(|c| c.id).collect();
        ids.sort();
        ids
    };
    let mut expected = vec![a.id.clone(), b.id.clone()];
    expected.sort();
    assert_eq!(serving(db), expected, "the team's members serve the offer");
    let tuesday = window(local(2, 0, 0), local(3, 0, 0));
    assert_eq!(free_starts(db, &seed.offer, tuesday, now()).len(), 16, "two counselors, eight times each");

    db.teams().add_member(&nord.id, &c.id, date("2027-02-01")).unwrap();
    db.teams().end_member(&nord.id, &a.id, date("2027-02-28")).unwrap();
    let mut expected = vec![b.id.clone(), c.id.clone()];
    expected.sort();
    assert_eq!(serving(db), expected, "joined and left");
    let (_, history) = db.teams().get(&nord.id).unwrap();
    let of_a: Vec<_> = history.iter().filter(|m| m.counselor == a.id).collect();
    assert_eq!(of_a.len(), 1);
    assert_eq!((of_a[0].from, of_a[0].until), (date("2027-01-01"), Some(date("2027-02-28"))), "kept");
    // Back again: a new period after the old one; ending a non-member is NotFound.
    db.teams().add_member(&nord.id, &a.id, date("2027-02-15")).unwrap();
    let (_, history) = db.teams().get(&nord.id).unwrap();
    let again = history.iter().find(|m| m.counselor == a.id && m.until.is_none()).unwrap();
    assert_eq!(again.from, date("2027-03-01"), "starts after the last period ended");
    assert!(matches!(
        db.teams().end_member(&nord.id, &seed.group_counselor.id, date("2027-03-01")),
        Err(Error::NotFound(Entity::Counselor))
    ));
    // Listing counselors again: they stay as they are, and the team no longer rewrites them.
    db.teams().link_offer(&seed.offer.id, None).unwrap();
    db.teams().end_member(&nord.id, &b.id, date("2027-03-01")).unwrap();
    assert_eq!(serving(db).len(), 3);
    assert_eq!(db.teams().team_of_offer(&seed.offer.id).unwrap(), None);
}

fn team_names_are_unique_per_jobcenter(db: &TestDb) {
    let seed = seed(db, 1);
    team(db, &seed, "Team Syd");
    let again = Team { id: TeamId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(), ..team_like(&seed) };
    assert_eq!(conflict(db.teams().create(&again, now())), domain::Error::NameTaken("team"));
    let teams = db.teams().of_jobcenter(&seed.jobcenter).unwrap();
    assert_eq!(teams.iter().map(|(t, _)| t.name.as_str()).collect::<Vec<_>>(), ["Team Syd"]);
}

fn team_like(seed: &crate::support::store::Seed) -> Team {
    Team {
        id: TeamId::parse(&uuid::Uuid::new_v4().to_string()).unwrap(),
        jobcenter: seed.jobcenter.clone(),
        name: "Team Syd".into(),
    }
}
