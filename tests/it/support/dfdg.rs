//! For the DFDG tests (`dfdg::*`): a migrated store on a fresh database, the planner's DFDG client
//! with its own certificate from the development PKI, and KSS bookings in the seeded jobcenter.

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use planner::adapters::dfdg::DfdgClient;
use planner::adapters::http::{HttpClient, TlsOptions};
use planner::config::Settings;
use planner::domain::{Counselor, Interval};
use planner::store::{DataKey, DatabaseUrl, Store};
use planner::xml::format_datetime;

use crate::support::db::{self, TestDb, TEST_DATA_KEY};

/// A store on a fresh database with jobcenters 00101 and 00147 seeded.
pub struct Planner {
    /// The store.
    pub store: Store,
    /// The counselor of 00101.
    pub counselor: Counselor,
    /// The seed.
    pub seeded: crate::support::seed::Seeded,
    /// Kept alive with the store.
    pub db: TestDb,
}

/// Settings for a fresh test database.
pub fn settings(db: &TestDb) -> Settings {
    Settings {
        listen: "127.0.0.1:0".parse().unwrap(),
        database_url: DatabaseUrl::parse(&db.url).unwrap(),
        data_key: Some(DataKey::from_hex(TEST_DATA_KEY).unwrap()),
        pool_size: 2,
        workers: Some(1),
        ..Settings::default()
    }
}

/// A migrated, seeded store on a fresh database.
pub fn planner() -> Planner {
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = env_logger::builder().is_test(true).try_init();
    }
    let db = db::fresh_database();
    let store = Store::open(&settings(&db).store_config().unwrap()).unwrap();
    store.migrate().unwrap();
    let seeded = crate::support::seed::seed(&store);
    let counselor = store.counselors_of_offer(&seeded.offer.id).unwrap().remove(0);
    Planner { store, counselor, seeded, db }
}

/// The planner's DFDG client: its own function certificate (the development `admin` client
/// certificate stands in for it), the development CA for DFDG's server certificate.
pub fn client(pki: &Path, url: &str, timeout: Duration, attempts: u32) -> DfdgClient {
    let tls = TlsOptions {
        roots_pem: Some(pki.join("ca.pem")),
        client_cert_pem: Some(pki.join("admin.pem")),
        client_key_pem: Some(pki.join("admin-key.pem")),
    };
    DfdgClient::new(HttpClient::new(timeout, tls).unwrap(), url, attempts, Duration::from_millis(10))
}

/// The n-th KSS booking of the seeded counselor: 45 minutes, one per hour from two days ahead.
pub fn kss_booking(planner: &Planner, n: usize) -> KssBooking {
    let start = first_start() + chrono::Duration::hours(n as i64);
    KssBooking {
        id: uuid::Uuid::new_v4().to_string(),
        cpr: format!("{:02}0390{:04}", 1 + n % 28, n),
        jobcenter: "00101".into(),
        caseworker: planner.counselor.caseworker.as_str().to_owned(),
        start: format_datetime(start),
        end: format_datetime(start + chrono::Duration::minutes(45)),
    }
}

/// Two days from now, on the hour.
pub fn first_start() -> DateTime<Utc> {
    let later = (Utc::now() + chrono::Duration::days(2)).timestamp();
    DateTime::from_timestamp(later - later % 3600, 0).unwrap()
}

/// The counselor's bookings (status Booked) over the next 400 days.
pub fn booked(planner: &Planner) -> Vec<planner::domain::Booking> {
    let within = Interval::new(Utc::now(), Utc::now() + chrono::Duration::days(400)).unwrap();
    planner.store.counselor_bookings(&planner.counselor.id, within).unwrap()
}

/// A booking as a KSS registered it in DFDG.
#[derive(Debug, Clone)]
pub struct KssBooking {
    /// IndkaldelseId.
    pub id: String,
    /// The citizen.
    pub cpr: String,
    /// JobCenterCode.
    pub jobcenter: String,
    /// CaseWorkerIdentifier.
    pub caseworker: String,
    /// Starttidspunkt and Sluttidspunkt as xs:dateTime.
    pub start: String,
    /// Sluttidspunkt.
    pub end: String,
}

/// The `<Message>` of a KSS booking change (`change` 1 create, 2 update, 3 delete).
pub fn message_xml(message_id: &str, change: u8, booking: &KssBooking) -> String {
    format!(
        r#"<Message xmlns="urn:planner:dfdg:WsrmService:1"><WSRMMetadata><MessageIdentifier>{message_id}</MessageIdentifier><ClientSystemIdentifier>Momentum</ClientSystemIdentifier><RegisteringAuthority><OrganisationTypeIdentifier>2</OrganisationTypeIdentifier><OrganisationCode>101</OrganisationCode></RegisteringAuthority><QueuedDateTime>2027-03-01T08:00:00+01:00</QueuedDateTime></WSRMMetadata><Aendringstype>{change}</Aendringstype><Indkaldelse xmlns="urn:planner:dfdg:IndkaldelseService:1"><IndkaldelseId>{}</IndkaldelseId><PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><JobCenterCode>{}</JobCenterCode><CaseWorkerIdentifier>{}</CaseWorkerIdentifier><SamtaleType>7</SamtaleType><MoedeGruppeType>1</MoedeGruppeType><KontaktformType>1</KontaktformType><Starttidspunkt>{}</Starttidspunkt><Sluttidspunkt>{}</Sluttidspunkt><OmbookingMulig>false</OmbookingMulig><AflysningMulig>true</AflysningMulig></Indkaldelse></Message>"#,
        booking.id, booking.cpr, booking.jobcenter, booking.caseworker, booking.start, booking.end
    )
}
