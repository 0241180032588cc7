//! The skiftespor end to end: Jobnet -> the DFDG simulator -> the planner of the citizen's
//! jobcenter, with two planner instances (own databases, own mTLS listeners) for two jobcenters.

use std::time::Duration;

use chrono::{NaiveTime, Utc, Weekday};
use planner::adapters::http::{HttpClient, TlsOptions};
use planner::domain::{Cpr, LocalPeriod, Offer, Role, WeeklyHours};
use planner::server::Server;
use planner::xml::format_datetime;

use crate::support::app::Running;
use crate::support::dfdg::{planner, settings, Planner};
use crate::support::dfdg_sim::{dev_pki, element_text, DfdgSim};

const NS: &str = "urn:planner:dfdg:ExternalBookingService:3";

/// A planner serving mutual TLS on port 0 with the development PKI.
struct Instance {
    /// The server; declared first, so that it stops before the store and the database go.
    _running: Running,
    planner: Planner,
    url: String,
}

fn serve(pki: &std::path::Path, dfdg_identity: &str, jobcenter: &str) -> Instance {
    let planner = planner();
    let mut settings = settings(&planner.db);
    settings.tls.cert = Some(pki.join("server.pem"));
    settings.tls.key = Some(pki.join("server-key.pem"));
    settings.tls.client_ca = Some(pki.join("ca.pem"));
    let code = planner::domain::JobCenterCode::parse(jobcenter).unwrap();
    crate::support::seed::register(&planner.store, dfdg_identity, Role::Dfdg, &[&code], true);
    let time = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
    let days =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    let week = WeeklyHours::new(days.map(|d| (d, LocalPeriod::new(time(6), time(22)).unwrap()))).unwrap();
    for offer in [&planner.seeded.offer, &planner.seeded.other_offer] {
        for counselor in planner.store.counselors_of_offer(&offer.id).unwrap() {
            planner.store.set_working_hours(&counselor.id, &week).unwrap();
        }
    }
    let server = Server::build(&settings, planner.store.clone()).unwrap();
    let url = format!("https://127.0.0.1:{}", server.address().port());
    Instance { _running: Running::start(server), planner, url }
}

/// Jobnet's side: SOAP calls to DFDG (the simulator), naming the citizen's jobcenter.
struct Jobnet {
    http: HttpClient,
    url: String,
}

impl Jobnet {
    fn call(&self, jobcenter: u32, operation: &str, fields: &str) -> String {
        let body = format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><ActiveOrganisationHeader xmlns="http://rep.oio.dk/ams.dk/xml/schemas/2005/09/01/"><OrganisationTypeIdentifier>2</OrganisationTypeIdentifier><OrganisationCode>{jobcenter}</OrganisationCode></ActiveOrganisationHeader></s:Header><s:Body><{operation}Request xmlns="{NS}">{fields}</{operation}Request></s:Body></s:Envelope>"#
        );
        let action = format!("{NS}/{operation}");
        let response = self
            .http
            .request(
                "POST",
                &format!("{}/Jobnet/ExternalBookingService", self.url),
                &[("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", &action)],
                body.as_bytes(),
            )
            .unwrap();
        let text = String::from_utf8(response.body).unwrap();
        assert_eq!(response.status, 200, "{operation}: {text}");
        text
    }

    /// Books the first free time of `offer` for `cpr`; returns the BookingIdentifier.
    fn book(&self, jobcenter: u32, offer: &Offer, cpr: &str) -> String {
        let from = format_datetime(Utc::now() + chrono::Duration::days(1));
        let to = format_datetime(Utc::now() + chrono::Duration::days(8));
        let person = format!("<PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier>");
        let option = format!("<InterviewOptionIdentifier>{}</InterviewOptionIdentifier>", offer.id);
        let times = self.call(jobcenter, "GetSelfbookTimeslots", &format!(
            "{person}{option}<BookingOptionIntervalStartTime>{from}</BookingOptionIntervalStartTime><BookingOptionIntervalEndTime>{to}</BookingOptionIntervalEndTime>"
        ));
        let start = element_text(&times, "StartTime").expect("a free time");
        let caseworker = element_text(&times, "CaseWorkerIdentifier").expect("a caseworker");
        let details = self.call(jobcenter, "GetBookingDetails", &format!(
            "{person}{option}<StartTime>{start}</StartTime><CaseWorkerIdentifier>{caseworker}</CaseWorkerIdentifier>"
        ));
        let reservation = element_text(&details, "ReservationIdentifier").expect("a reservation");
        let booked = self.call(
            jobcenter,
            "CreateBooking",
            &format!("{person}<ReservationIdentifier>{reservation}</ReservationIdentifier>"),
        );
        element_text(&booked, "BookingIdentifier").expect("a booking")
    }
}

#[test]
fn jobnet_bookings_reach_the_planner_of_each_citizens_jobcenter() {
    let (_dir, pki) = dev_pki();
    let dfdg = planner::tls::create_dev_pki(&pki, false).unwrap();
    let identity = &dfdg.callers.iter().find(|c| c.name == "dfdg").unwrap().identity;
    let copenhagen = serve(&pki, identity, "00101");
    let frederiksberg = serve(&pki, identity, "00147");
    let sim = DfdgSim::start(&pki);
    sim.route("00101", &copenhagen.url);
    sim.route("00147", &frederiksberg.url);
    let tls = TlsOptions {
        roots_pem: Some(pki.join("ca.pem")),
        client_cert_pem: Some(pki.join("caseworker.pem")),
        client_key_pem: Some(pki.join("caseworker-key.pem")),
    };
    let jobnet =
        Jobnet { http: HttpClient::new(Duration::from_secs(20), tls).unwrap(), url: sim.url.clone() };

    let (anna, bo) = ("0101801234", "0202801234");
    let anna_booking = jobnet.book(101, &copenhagen.planner.seeded.offer, anna);
    let bo_booking = jobnet.book(147, &frederiksberg.planner.seeded.other_offer, bo);

    let bookings = |running: &Instance, cpr: &str| {
        running.planner.store.bookings_of(&Cpr::parse(cpr).unwrap(), None, None).unwrap()
    };
    let in_copenhagen = bookings(&copenhagen, anna);
    assert_eq!(in_copenhagen.len(), 1);
    assert_eq!(in_copenhagen[0].id.as_str(), anna_booking);
    assert_eq!(in_copenhagen[0].jobcenter.as_str(), "00101");
    let in_frederiksberg = bookings(&frederiksberg, bo);
    assert_eq!(in_frederiksberg.len(), 1);
    assert_eq!(in_frederiksberg[0].id.as_str(), bo_booking);
    assert!(bookings(&copenhagen, bo).is_empty(), "Bo's booking is not in Copenhagen's planner");
    assert!(bookings(&frederiksberg, anna).is_empty(), "Anna's booking is not in Frederiksberg's planner");
    assert_eq!(sim.count("Jobnet:CreateBooking"), 2);
}
