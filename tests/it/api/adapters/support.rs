//! Verbs for adapter tests: a server with adapter settings, the seeded case system caller and
//! SIVI messages built from a template.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use planner::adapters::settings::{AdapterSettings, Secret};
use planner::domain::{Caller, Role};
use planner::store::EmployerSummons;

pub use crate::api::admin::support::{invalid, ok, problem};
pub use crate::api::soap::support::{seed, Seeded, ADMIN, DFDG};

use crate::support::app::{spawn_app_configured, Response, TestApp};

/// The registered case system (role case-system, jobcenter 00101).
pub const XS: &str = "CVR:30757517-FID:xpert-suite";
/// The employer with a summons rule.
pub const EMPLOYER: &str = "WG-0001";
/// The plan-link token of the test server.
pub const PLANLINK_TOKEN: &str = "planlink-test-token-0123456789";

/// A server with adapter settings, on the database of a seeded first server.
pub struct Adapted {
    /// The configured server.
    pub app: TestApp,
    /// What the seed created.
    pub seeded: Seeded,
    /// The seeded first server, which owns the database.
    _seeder: TestApp,
}

/// Seeds a database (through a first server), registers [`XS`], and starts a second server on
/// it whose adapters are set by `configure` (which needs the seeded ids).
pub fn spawn(configure: impl FnOnce(&Seeded, &mut AdapterSettings)) -> Adapted {
    let seeder = crate::support::app::spawn_app();
    let seeded = seed(&seeder);
    let case_system = Caller {
        identity: XS.into(),
        role: Role::CaseSystem,
        jobcenters: vec![seeded.jobcenter.clone()],
        enabled: true,
    };
    seeder.store.upsert_caller(&case_system, Utc::now()).unwrap();
    let mut adapters = AdapterSettings::default();
    configure(&seeded, &mut adapters);
    // The throw-away database is never used: the server connects to the seeded one.
    let app =
        spawn_app_configured(crate::support::db::fresh_database(), Some(&seeder.db.url), move |settings| {
            settings.adapters = adapters
        });
    Adapted { app, seeded, _seeder: seeder }
}

/// Adapter settings with the employer rule (summons into the seeded offer within 14 days) and
/// the plan-link token.
pub fn standard(seeded: &Seeded, adapters: &mut AdapterSettings) {
    let mut employers = BTreeMap::new();
    employers.insert(
        EMPLOYER.to_owned(),
        EmployerSummons { offer: seeded.offer.id.clone(), within: Duration::days(14) },
    );
    adapters.sivi_employers = employers;
    adapters.planlink.token = Some(Secret::new(PLANLINK_TOKEN));
}

/// One absence mutation of a message.
pub struct Mutation<'a> {
    /// VrzmgvlId.
    pub case_id: &'a str,
    /// VrzmgvlVnrMld.
    pub sequence: u32,
    /// PrcVrzm.
    pub percentage: &'a str,
    /// EndVrzmJN = J (with DatHrstld).
    pub ended: bool,
}

/// A Verzuimmeldingen message with one employee (SofiNr `person_number`) of `employer`.
pub fn message(reference: &str, employer: &str, person_number: &str, mutations: &[Mutation<'_>]) -> String {
    let today = Utc::now().date_naive();
    let mut absences = String::new();
    for m in mutations {
        let end = if m.ended {
            format!("<s:EndVrzmJN>J</s:EndVrzmJN><s:DatHrstld>{today}</s:DatHrstld>")
        } else {
            "<s:EndVrzmJN>N</s:EndVrzmJN>".to_owned()
        };
        absences.push_str(&format!(
            "<s:Vrzm><s:VrwrkCd>01</s:VrwrkCd><s:IngdatMutVrzm>{today}</s:IngdatMutVrzm>\
             <s:VrzmgvlId>{}</s:VrzmgvlId><s:VrzmgvlVnrMld>{}</s:VrzmgvlVnrMld>{end}\
             <s:DatEerstVrzmdg>{today}</s:DatEerstVrzmdg><s:PrcVrzm>{}</s:PrcVrzm>\
             <s:OorzkVrzmCd>10</s:OorzkVrzmCd><s:VngntJN>N</s:VngntJN></s:Vrzm>",
            m.case_id, m.sequence, m.percentage
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<s:Verzuimmeldingen xmlns:s="http://www.sivi.org/Verzuimmanagement/Verzuimmeldingen/2022">
  <s:BrAlg><s:BrCd>00100</s:BrCd><s:VnrBrCd>00010</s:VnrBrCd><s:AandatBr>{today}</s:AandatBr>
    <s:IdInzndr>XS-TEST</s:IdInzndr><s:GebrSwPakket>Xpert Suite</s:GebrSwPakket><s:Berrefnr>{reference}</s:Berrefnr></s:BrAlg>
  <s:Wrkgvr><s:HndlsnmOrg>Bageriet ApS</s:HndlsnmOrg><s:IdWrkgvrArbdnst>{employer}</s:IdWrkgvrArbdnst>
    <s:AansltnrGeguitwlngArbdnst>A-1</s:AansltnrGeguitwlngArbdnst>
    <s:Wrknmr><s:SofiNr>{person_number}</s:SofiNr><s:Gebdat>1985-01-01</s:Gebdat><s:SignNm>Jensen</s:SignNm>
      <s:Voorl>A</s:Voorl><s:NmvrkrCd>01</s:NmvrkrCd><s:GslchtCd>V</s:GslchtCd><s:IdWrknmr>E-42</s:IdWrknmr>
      <s:Dnstvbnd><s:IdDnstvbnd>D-1</s:IdDnstvbnd><s:Ingdat>2020-01-01</s:Ingdat><s:OrgeenhCd>OE</s:OrgeenhCd>{absences}</s:Dnstvbnd>
    </s:Wrknmr></s:Wrkgvr>
</s:Verzuimmeldingen>"#
    )
}

impl TestApp {
    /// Posts a SIVI message as `caller`.
    pub fn sivi(&self, caller: &str, body: &str) -> Response {
        let headers = [("Content-Type", "application/xml"), ("X-Planner-Caller", caller)];
        self.request("POST", "/adapters/sivi/verzuimmelding", &headers, body.as_bytes())
    }
}
