//! Meeting rooms in the set-up pages: an administrator creates one and closes it for a day,
//! which the free times of an offer drawing on it show; a bad form names its fields and
//! changes nothing; a summoner and another jobcenter's administrator are refused.

use planner::domain::people::Role;
use planner::domain::JobCenterCode;

use super::{names_fields, outcomes, post, signed_in, submit, JOBCENTER, OTHER};
use crate::support::backends::both_backends;
use crate::support::store as seeds;
use crate::web::browser::WebApp;

fn rooms(app: &WebApp) -> Vec<planner::domain::room::Room> {
    app.store.rooms().of_jobcenter(&JobCenterCode::parse(JOBCENTER).unwrap()).unwrap()
}

fn an_administrator_creates_a_room_and_closes_it_for_a_day(app: &WebApp) {
    let seed = seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let fields =
        [("navn", "Mødelokale 1"), ("adresse", "Vesterbrogade 12, 1620 København V"), ("pladser", "4")];
    let page = submit(&mut admin, "/setup/00101/rooms", &fields);
    assert!(
        page.body.contains("Mødelokalet er oprettet.") && page.body.contains("Mødelokale 1"),
        "{}",
        page.body
    );
    let room = rooms(app).pop().expect("the room");
    assert_eq!((room.capacity, room.address.as_str()), (4, "Vesterbrogade 12, 1620 København V"));
    // The same name again is refused, naming the field.
    let again = post(&mut admin, "/setup/00101/rooms", &fields);
    names_fields(&again, &["navn"]);
    assert!(again.body.contains("allerede et lokale med det navn"), "{}", again.body);
    assert_eq!(rooms(app).len(), 1);

    app.store.rooms().set_offer_rooms(&seed.offer.id, std::slice::from_ref(&room.id)).unwrap();
    let times = format!("/setup/00101/offers/{}/times?week=2027-03-15", seed.offer.id.as_str());
    assert!(admin.get(&times).body.contains("Mandag 15.03.2027"), "times on Monday before");
    let close = format!("/setup/00101/rooms/{}/closures", room.id);
    let period = [("luk-fra", "2027-03-15T00:00"), ("luk-til", "2027-03-16T00:00"), ("luk-note", "Maling")];
    let page = submit(&mut admin, &close, &period);
    assert!(page.body.contains("Mødelokalet er lukket i perioden."), "{}", page.body);
    let preview = admin.get(&times).body;
    assert!(!preview.contains("Mandag 15.03.2027") && preview.contains("Tirsdag 16.03.2027"), "{preview}");
    assert_eq!(outcomes(app, "web.setup.room.create"), ["ok", "invalid"]);
    assert_eq!(outcomes(app, "web.setup.room.close"), ["ok"]);
}

fn bad_room_forms_name_their_fields_and_change_nothing(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    let page = post(&mut admin, "/setup/00101/rooms", &[("navn", " "), ("adresse", ""), ("pladser", "0")]);
    names_fields(&page, &["navn", "adresse", "pladser"]);
    assert!(rooms(app).is_empty());
    submit(&mut admin, "/setup/00101/rooms", &[("navn", "A"), ("adresse", "B"), ("pladser", "2")]);
    let room = rooms(app).pop().unwrap();
    let close = format!("/setup/00101/rooms/{}/closures", room.id);
    let page = post(&mut admin, &close, &[("luk-fra", "2027-03-16T10:00"), ("luk-til", "2027-03-16T09:00")]);
    names_fields(&page, &["luk-til"]);
    assert!(page.body.contains("value=\"2027-03-16T10:00\""), "what was typed is kept");
    let page = post(&mut admin, &close, &[("luk-fra", "i morgen"), ("luk-til", "")]);
    names_fields(&page, &["luk-fra", "luk-til"]);
    assert_eq!(outcomes(app, "web.setup.room.close"), ["invalid", "invalid"]);
}

fn only_the_jobcenters_administrators_change_rooms(app: &WebApp) {
    seeds::seed(&app.store, 1);
    let mut admin = signed_in(app, "adm@kk.dk", Role::Administrator, JOBCENTER);
    submit(&mut admin, "/setup/00101/rooms", &[("navn", "A"), ("adresse", "B"), ("pladser", "2")]);
    let close = format!("/setup/00101/rooms/{}/closures", rooms(app)[0].id);
    let period = [("luk-fra", "2027-03-15T00:00"), ("luk-til", "2027-03-16T00:00")];
    for (who, role, code) in
        [("ind@kk.dk", Role::Summoner, JOBCENTER), ("adm@andet.dk", Role::Administrator, OTHER)]
    {
        let mut browser = signed_in(app, who, role, code);
        assert_eq!(browser.get("/setup/00101/rooms").status, 403, "{who}");
        let made =
            post(&mut browser, "/setup/00101/rooms", &[("navn", "C"), ("adresse", "D"), ("pladser", "2")]);
        assert_eq!(made.status, 403, "{who}");
        assert_eq!(post(&mut browser, &close, &period).status, 403, "{who}");
    }
    assert_eq!(rooms(app).len(), 1, "nothing was made");
    assert_eq!(outcomes(app, "web.setup.room.create"), ["ok", "forbidden", "forbidden"]);
    assert_eq!(outcomes(app, "web.setup.room.close"), ["forbidden", "forbidden"]);
}

both_backends!(
    an_administrator_creates_a_room_and_closes_it_for_a_day,
    bad_room_forms_name_their_fields_and_change_nothing,
    only_the_jobcenters_administrators_change_rooms,
);
