//! The DFDG shapes in `wsdl/dfdg/` and the wire module agree: `xmllint --schema` validates the
//! body of every request the planner sends and a KSS queue message. Optional on a developer
//! machine (prints skipped); `PLANNER_REQUIRE_INTEROP=1` (CI) makes a missing xmllint fail.

use std::io::Write;
use std::path::Path;
use std::process::Command;

use planner::adapters::dfdg::wire::{self, IndkaldelseCall, ServiceEntry, SummonerMetadata};
use planner::domain::Cpr;

use crate::support::dfdg::{kss_booking, message_xml, planner};

fn xmllint_available() -> bool {
    Command::new("xmllint").arg("--version").output().is_ok_and(|o| o.status.success())
}

/// The element inside `<s:Body>`; it declares its own namespaces, so it stands alone.
fn body_of(envelope: &str) -> String {
    let start = envelope.find("<s:Body>").unwrap() + "<s:Body>".len();
    let end = envelope.rfind("</s:Body>").unwrap();
    envelope[start..end].to_owned()
}

fn validate(schema: &Path, dir: &Path, name: &str, xml: &str) {
    let file = dir.join(format!("{name}.xml"));
    std::fs::write(&file, xml).unwrap();
    let output =
        Command::new("xmllint").arg("--noout").arg("--schema").arg(schema).arg(&file).output().unwrap();
    assert!(output.status.success(), "{name}: {}\n{xml}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn requests_and_queue_messages_match_the_dfdg_schemas() {
    if !xmllint_available() {
        if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
            panic!("xmllint is required (PLANNER_REQUIRE_INTEROP is set)");
        }
        let _ = writeln!(std::io::stderr(), "skipped: xmllint (Debian libxml2-utils) not available");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl/dfdg");
    let schema = dir.path().join("all.xsd");
    let import = |ns: &str, file: &str| {
        format!(r#"<xs:import namespace="{ns}" schemaLocation="{}"/>"#, wsdl.join(file).display())
    };
    std::fs::write(
        &schema,
        format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:test:all">{}{}{}</xs:schema>"#,
            import(wire::WSRM_NS, "WsrmSequence.xsd"),
            import(wire::WSRM_DFDG_NS, "WsrmService.xsd"),
            import(wire::INDKALDELSE_NS, "IndkaldelseService.xsd"),
        ),
    )
    .unwrap();

    let planner = planner();
    let service =
        ServiceEntry { name: "IndkaldelseMessageService".into(), endpoint: "https://x/y".into(), count: 1 };
    let requests = [
        ("CreateSequence", wire::create_sequence("Planner")),
        ("GetMessages", wire::get_messages(&service, "urn:uuid:1")),
        ("TerminateSequence", wire::terminate_sequence("urn:uuid:1")),
        ("CloseSequence", wire::close_sequence("urn:uuid:1")),
    ];
    for (name, request) in &requests {
        validate(&schema, dir.path(), name, &body_of(&request.body));
    }
    let (booking, cpr, summoner) = registered_summons(&planner);
    for call in [IndkaldelseCall::Create, IndkaldelseCall::Update] {
        let request = wire::upsert_request(call, &booking, &cpr, &summoner);
        assert!(!body_of(&request.body).contains("0101901234"), "the CPR travels in the header only");
        validate(&schema, dir.path(), call.operation(), &body_of(&request.body));
    }
    let delete = wire::delete_request(booking.id.as_str(), &cpr, &summoner);
    validate(&schema, dir.path(), "DeleteIndkaldelse", &body_of(&delete.body));
    let message = message_xml(&uuid::Uuid::new_v4().to_string(), 1, &kss_booking(&planner, 0));
    // A MessageIdentifier is an xs:string; Varighed (minutes or xs:duration) may stand for Sluttidspunkt.
    let booking = kss_booking(&planner, 1);
    let end = format!("<Sluttidspunkt>{}</Sluttidspunkt>", booking.end);
    let by_duration = message_xml("KSS-000017", 1, &booking).replace(&end, "<Varighed>PT45M</Varighed>");
    let by_minutes = message_xml("KSS-000018", 2, &booking).replace(&end, "<Varighed>45</Varighed>");
    let response = format!(
        r#"<GetMessagesResponse xmlns="{}">{message}{by_duration}{by_minutes}</GetMessagesResponse>"#,
        wire::WSRM_DFDG_NS
    );
    validate(&schema, dir.path(), "GetMessagesResponse", &response);
    for (name, refused) in [
        ("no-end", message_xml("KSS-000019", 1, &booking).replace(&end, "")),
        ("years", message_xml("KSS-000020", 1, &booking).replace(&end, "<Varighed>P1Y</Varighed>")),
        ("zero", message_xml("KSS-000021", 1, &booking).replace(&end, "<Varighed>0</Varighed>")),
    ] {
        let response =
            format!(r#"<GetMessagesResponse xmlns="{}">{refused}</GetMessagesResponse>"#, wire::WSRM_DFDG_NS);
        let file = dir.path().join(format!("{name}.xml"));
        std::fs::write(&file, response).unwrap();
        let output =
            Command::new("xmllint").arg("--noout").arg("--schema").arg(&schema).arg(&file).output().unwrap();
        assert!(!output.status.success(), "{name} must not validate");
    }
}

/// The header elements of a request envelope the planner sends, as `{namespace}local`.
fn sent_headers(envelope: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(envelope).unwrap();
    let header = document.root_element().children().find(|n| n.tag_name().name() == "Header");
    header
        .into_iter()
        .flat_map(|h| h.children().filter(|n| n.is_element()))
        .map(|n| format!("{{{}}}{}", n.tag_name().namespace().unwrap_or_default(), n.tag_name().name()))
        .collect()
}

/// `wsdl/dfdg/`: every IndkaldelseService operation declares the three headers the registration
/// sends (ActiveOrganisationHeader, RequestUserMetadata, the CPR), each an element of a schema the
/// WSDL imports; WsrmService declares none, as the consumer sends none.
#[test]
fn the_dfdg_wsdls_declare_the_headers_the_planner_sends() {
    use crate::support::wsdl_headers::{
        assert_every_operation_declares, declared_elements, input_headers, ACTIVE_ORGANISATION, CPR_HEADER,
        REQUEST_USER,
    };
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl");
    let read = |name: &str| std::fs::read_to_string(wsdl.join(name)).unwrap();
    let indkaldelse = read("dfdg/IndkaldelseService.wsdl");
    let expected = [ACTIVE_ORGANISATION, REQUEST_USER, CPR_HEADER];
    assert_every_operation_declares(&indkaldelse, 1, 3, &expected);
    let declared: Vec<String> =
        ["ActiveOrganisationHeader.xsd", "RequestUserMetadata.xsd", "dfdg/IndkaldelseService.xsd"]
            .iter()
            .flat_map(|name| declared_elements(&read(name)))
            .collect();
    assert!(expected.iter().all(|e| declared.contains(&e.to_string())), "{declared:?}");
    assert_every_operation_declares(&read("dfdg/WsrmService.wsdl"), 1, 4, &[]);

    let planner = planner();
    let (booking, cpr, summoner) = registered_summons(&planner);
    let declared = input_headers(&indkaldelse);
    let sent = [
        wire::upsert_request(IndkaldelseCall::Create, &booking, &cpr, &summoner),
        wire::upsert_request(IndkaldelseCall::Update, &booking, &cpr, &summoner),
        wire::delete_request(booking.id.as_str(), &cpr, &summoner),
    ];
    for request in &sent {
        let operation = request.action.rsplit('/').next().unwrap();
        let declared = declared.iter().find(|o| o.operation == operation).unwrap();
        assert_eq!(sent_headers(&request.body), declared.headers, "{operation}");
    }
    assert!(sent_headers(&wire::create_sequence("Planner").body).is_empty());
}

/// zeep, reading `wsdl/dfdg/` from disk, offers the same headers.
#[test]
fn zeep_sees_the_dfdg_headers() {
    let wsdl = Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl/dfdg");
    let Some(lines) =
        crate::support::wsdl_headers::zeep_headers(wsdl.join("IndkaldelseService.wsdl").to_str().unwrap())
    else {
        if std::env::var_os("PLANNER_REQUIRE_INTEROP").is_some() {
            panic!("zeep is required (PLANNER_REQUIRE_INTEROP is set)");
        }
        let _ = writeln!(std::io::stderr(), "skipped: zeep (set PLANNER_ZEEP_PYTHON)");
        return;
    };
    assert_eq!(lines.len(), 3, "{lines:?}");
    for line in &lines {
        assert!(line.ends_with(" ActiveOrganisationHeader(OrganisationTypeIdentifier,OrganisationCode),RequestUserMetadata(RequestUserStructure,RequestOrganisationStructure,RegistrationDateTime),PersonCivilRegistrationIdentifier"), "{line}");
    }
    let wsrm =
        crate::support::wsdl_headers::zeep_headers(wsdl.join("WsrmService.wsdl").to_str().unwrap()).unwrap();
    assert!(wsrm.len() == 4 && wsrm.iter().all(|line| line.ends_with(" -")), "{wsrm:?}");
}

/// A Summons booking registered in `planner`, its citizen and the summoner sent with it.
fn registered_summons(
    planner: &crate::support::dfdg::Planner,
) -> (planner::domain::Booking, Cpr, SummonerMetadata) {
    let registration = crate::dfdg::registration::summons(planner, planner::domain::Channel::Summons);
    let booking = planner.store.register_booking(&registration, chrono::Utc::now()).unwrap();
    let summoner = SummonerMetadata {
        organisation_code: 101,
        organisation_type: 2,
        user_identifier: "planner".into(),
        user_name: "Planner".into(),
        user_type: 3,
        registered_at: "2027-03-01T09:00:00+01:00".into(),
    };
    (booking, Cpr::parse("0101901234").unwrap(), summoner)
}
