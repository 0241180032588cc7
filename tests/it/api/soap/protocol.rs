//! The SOAP protocol as a client sees it: SOAP 1.1 and 1.2, SOAPAction, namespaces matched by
//! URI whatever the prefixes, hostile or broken XML, size limit, caller identification, and the
//! audit row every call leaves. The operation used is GetSelfbookCaseWorkers.

use crate::support::xml;
use chrono::Utc;
use planner::domain::{Caller, Role};

use super::support::{cpr, seed, Answer, Seeded, DFDG, NS, SOAP11, STRANGER};
use crate::support::app::{spawn_app, Response, TestApp};

const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const OPERATION: &str = "GetSelfbookCaseWorkers";
const TEXT_XML: &str = "text/xml; charset=utf-8";

fn action(operation: &str) -> String {
    format!("\"{NS}/{operation}\"")
}

/// The request fields of GetSelfbookCaseWorkers for citizen 1 and the seeded offer.
fn fields(seeded: &Seeded) -> String {
    format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier>",
        cpr(1),
        seeded.offer.id
    )
}

/// A plain envelope in `envelope_ns` around `request` (the whole request element).
fn envelope(envelope_ns: &str, header: &str, request: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="{envelope_ns}"><s:Header>{header}</s:Header><s:Body>{request}</s:Body></s:Envelope>"#
    )
}

fn request(inner: &str) -> String {
    format!(r#"<{OPERATION}Request xmlns="{NS}">{inner}</{OPERATION}Request>"#)
}

fn post_bytes(app: &TestApp, headers: &[(&str, &str)], body: &[u8]) -> Response {
    app.request("POST", "/ExternalBookingService", headers, body)
}

#[test]
fn soap_12_is_answered_in_12() {
    let app = spawn_app();
    let seeded = seed(&app);
    let content_type = format!("application/soap+xml; charset=utf-8; action={}", action(OPERATION));
    let answer = app.soap_raw(DFDG, &content_type, None, &envelope(SOAP12, "", &request(&fields(&seeded))));
    answer.ok(OPERATION);
    let answered = answer.response.header("content-type").unwrap_or_default();
    assert!(answered.starts_with("application/soap+xml"), "{answered}");
    let root = xml::parse(&answer.response.body).unwrap();
    assert!(root.is(SOAP12, "Envelope"), "{}", answer.response.body);
    let plain = app.soap(DFDG, OPERATION, &fields(&seeded));
    assert_eq!(answer.body, plain.body, "the same answer as over SOAP 1.1");

    // A 1.2 fault: Code/Value Sender and the PlannerFault detail.
    let bad = request(&format!(
        "<PersonCivilRegistrationIdentifier>3213851234</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier>",
        seeded.offer.id
    ));
    let fault = app.soap_raw(DFDG, &content_type, None, &envelope(SOAP12, "", &bad));
    fault.expect_fault(1001);
    assert_eq!(fault.response.status, 400, "a SOAP 1.2 Sender fault is a 400");
    assert!(fault.body.is(SOAP12, "Fault"), "{}", fault.response.body);
    let value = fault.body.child(SOAP12, "Code").and_then(|code| code.child(SOAP12, "Value")).unwrap();
    assert_eq!(value.text.rsplit(':').next(), Some("Sender"), "{}", fault.response.body);
    assert!(fault.response.header("content-type").unwrap_or_default().starts_with("application/soap+xml"));
    // The action parameter of a 1.2 content type must match the body too.
    let wrong = format!("application/soap+xml; charset=utf-8; action={}", action("GetSelfbookTimeslots"));
    app.soap_raw(DFDG, &wrong, None, &envelope(SOAP12, "", &request(&fields(&seeded)))).expect_fault(1014);
}

#[test]
fn soap_action_and_the_body_element() {
    let app = spawn_app();
    let seeded = seed(&app);
    let body = envelope(SOAP11, "", &request(&fields(&seeded)));
    let text = app.soap_raw(DFDG, TEXT_XML, Some(&action("GetSelfbookTimeslots")), &body).expect_fault(1014);
    assert!(text.contains("SOAPAction"), "{text}");
    app.soap_raw(DFDG, TEXT_XML, Some("\"\""), &body).ok(OPERATION);
    app.soap_raw(DFDG, TEXT_XML, Some(""), &body).ok(OPERATION);
    app.soap_raw(DFDG, TEXT_XML, None, &body).ok(OPERATION);
    let unknown = envelope(SOAP11, "", &format!(r#"<FrobnicateRequest xmlns="{NS}"/>"#));
    let text = app.soap_raw(DFDG, TEXT_XML, None, &unknown).expect_fault(1014);
    assert!(text.contains("FrobnicateRequest"), "{text}");
    let elsewhere =
        body.replace(&format!(r#"xmlns="{NS}""#), r#"xmlns="urn:planner:dfdg:ExternalBookingService:2""#);
    app.soap_raw(DFDG, TEXT_XML, None, &elsewhere).expect_fault(1014);
    let unqualified = body.replace(&format!(r#" xmlns="{NS}""#), "");
    app.soap_raw(DFDG, TEXT_XML, None, &unqualified).expect_fault(1014);
    let extra = request(&format!("{}<Unexpected>1</Unexpected>", fields(&seeded)));
    let text = app.soap_raw(DFDG, TEXT_XML, None, &envelope(SOAP11, "", &extra)).expect_fault(1014);
    assert!(text.contains("Unexpected"), "{text}");
}

#[test]
fn prefixes_default_namespaces_comments_and_whitespace_do_not_matter() {
    let app = spawn_app();
    let seeded = seed(&app);
    let plain = app.soap(DFDG, OPERATION, &fields(&seeded));
    plain.ok(OPERATION);
    let (cpr, offer) = (cpr(1), seeded.offer.id.to_string());
    let variants = [
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- before the envelope -->
<soapenv:Envelope xmlns:soapenv="{SOAP11}" xmlns:tns="{NS}">
  <!-- between -->
  <soapenv:Header/>
  <soapenv:Body>
    <tns:{OPERATION}Request>
      <!-- inside the request -->
      <tns:PersonCivilRegistrationIdentifier>{cpr}</tns:PersonCivilRegistrationIdentifier>
      <other:InterviewOptionIdentifier xmlns:other="{NS}">{offer}</other:InterviewOptionIdentifier>
    </tns:{OPERATION}Request>
  </soapenv:Body>
</soapenv:Envelope>
"#
        ),
        format!(
            r#"<Envelope xmlns="{SOAP11}"><Body><{OPERATION}Request xmlns="{NS}"><PersonCivilRegistrationIdentifier>{cpr}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier><![CDATA[{offer}]]></InterviewOptionIdentifier></{OPERATION}Request></Body></Envelope>"#
        ),
        format!(
            r#"<a:Envelope xmlns:a="{SOAP11}"><a:Body xmlns:a="{SOAP11}"><b:{OPERATION}Request xmlns:b="{NS}"><b:PersonCivilRegistrationIdentifier>{cpr}</b:PersonCivilRegistrationIdentifier><InterviewOptionIdentifier xmlns="{NS}">{offer}</InterviewOptionIdentifier></b:{OPERATION}Request></a:Body></a:Envelope>"#
        ),
    ];
    for variant in &variants {
        let answer = app.soap_raw(DFDG, TEXT_XML, Some(&action(OPERATION)), variant);
        answer.ok(OPERATION);
        assert_eq!(answer.body, plain.body, "{variant}");
    }
}

#[test]
fn hostile_or_broken_xml_is_refused() {
    let app = spawn_app();
    let seeded = seed(&app);
    let secret = std::env::temp_dir().join(format!("planner-xxe-{}.txt", uuid::Uuid::new_v4()));
    let marker = format!("XXE-MARKER-{}", uuid::Uuid::new_v4());
    std::fs::write(&secret, &marker).unwrap();
    let with_entity = |declaration: &str, reference: &str| {
        format!(
            r#"<?xml version="1.0"?><!DOCTYPE s:Envelope [{declaration}]><s:Envelope xmlns:s="{SOAP11}"><s:Body><{OPERATION}Request xmlns="{NS}"><PersonCivilRegistrationIdentifier>{reference}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier></{OPERATION}Request></s:Body></s:Envelope>"#,
            seeded.offer.id
        )
    };
    let external = with_entity(&format!(r#"<!ENTITY xxe SYSTEM "file://{}">"#, secret.display()), "&xxe;");
    let laughs = with_entity(r#"<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">"#, "&b;");
    let doctype_only = with_entity("", &cpr(1));
    for body in [&external, &laughs, &doctype_only] {
        let answer = app.soap_raw(DFDG, TEXT_XML, None, body);
        let text = answer.expect_fault(1014);
        assert!(text.contains("DOCTYPE"), "{text}");
        assert!(!answer.response.body.contains(&marker), "nothing was read from disk");
    }
    let undeclared = envelope(
        SOAP11,
        "",
        &request("<PersonCivilRegistrationIdentifier>&xxe;</PersonCivilRegistrationIdentifier>"),
    );
    app.soap_raw(DFDG, TEXT_XML, None, &undeclared).expect_fault(1014);
    std::fs::remove_file(&secret).unwrap();

    let good = envelope(SOAP11, "", &request(&fields(&seeded)));
    for broken in [
        good.replace("</s:Body>", ""),
        good.replace("<InterviewOptionIdentifier>", "<InterviewOptionIdentifier"),
        "not xml at all".to_owned(),
        String::new(),
        good.replace("<s:Body>", "<s:Body><unclosed>"),
    ] {
        app.soap_raw(DFDG, TEXT_XML, None, &broken).expect_fault(1014);
    }
    let mut latin1 = good.replace("utf-8", "ISO-8859-1").into_bytes();
    let at = latin1.len() - "</s:Envelope>".len();
    latin1.splice(at..at, b"<!-- K\xf8benhavn -->".iter().copied());
    let answer =
        Answer::read(post_bytes(&app, &[("Content-Type", TEXT_XML), ("X-Planner-Caller", DFDG)], &latin1));
    assert!(answer.expect_fault(1014).contains("UTF-8"));
}

#[test]
fn bodies_over_one_mebibyte_are_refused_with_413() {
    let app = spawn_app();
    let seeded = seed(&app);
    let padding = format!("<!-- {} -->", "x".repeat(1024 * 1024));
    let body = envelope(SOAP11, "", &request(&format!("{}{padding}", fields(&seeded))));
    let response =
        post_bytes(&app, &[("Content-Type", TEXT_XML), ("X-Planner-Caller", DFDG)], body.as_bytes());
    assert_eq!(response.status, 413, "{}", response.body);
    // Just under the limit is read (and answered normally).
    let padding = format!("<!-- {} -->", "x".repeat(1000 * 1000));
    let body = envelope(SOAP11, "", &request(&format!("{}{padding}", fields(&seeded))));
    app.soap_raw(DFDG, TEXT_XML, None, &body).ok(OPERATION);
}

#[test]
fn unknown_unidentified_and_disabled_callers_are_refused() {
    let app = spawn_app();
    let seeded = seed(&app);
    let body = envelope(SOAP11, "", &request(&fields(&seeded)));
    let anonymous = Answer::read(post_bytes(&app, &[("Content-Type", TEXT_XML)], body.as_bytes()));
    anonymous.expect_fault(4575);
    app.soap_raw(STRANGER, TEXT_XML, None, &body).expect_fault(4575);
    let disabled = Caller {
        identity: "CVR:55568510-FID:dfdg-disabled".into(),
        role: Role::Dfdg,
        jobcenters: vec![seeded.jobcenter.clone()],
        enabled: false,
    };
    app.store.upsert_caller(&disabled, Utc::now()).unwrap();
    app.soap_raw(&disabled.identity, TEXT_XML, None, &body).expect_fault(4575);
    // Disabling a caller that worked a moment ago takes effect at once.
    app.soap_raw(DFDG, TEXT_XML, None, &body).ok(OPERATION);
    let dfdg = Caller { identity: DFDG.into(), enabled: false, ..disabled };
    app.store.upsert_caller(&dfdg, Utc::now()).unwrap();
    app.soap_raw(DFDG, TEXT_XML, None, &body).expect_fault(4575);
}

#[test]
fn every_call_leaves_one_audit_row_without_a_cpr() {
    let app = spawn_app();
    let seeded = seed(&app);
    let metadata = REQUEST_USER;
    let good = request(&fields(&seeded));
    let unknown_offer = request(&format!(
        "<PersonCivilRegistrationIdentifier>{}</PersonCivilRegistrationIdentifier><InterviewOptionIdentifier>{}</InterviewOptionIdentifier>",
        cpr(1),
        uuid::Uuid::new_v4()
    ));
    let calls: Vec<(&str, String, Option<String>, &str, &str)> = vec![
        (DFDG, envelope(SOAP11, metadata, &good), Some(action(OPERATION)), OPERATION, "ok"),
        (DFDG, envelope(SOAP11, "", &unknown_offer), None, OPERATION, "4770"),
        (STRANGER, envelope(SOAP11, "", &good), None, OPERATION, "4575"),
        (DFDG, envelope(SOAP11, "", &good), Some(action("CancelBooking")), OPERATION, "1014"),
        (DFDG, envelope(SOAP11, "", &request("<Extra/>")), None, OPERATION, "1014"),
    ];
    for (n, (caller, body, soap_action, operation, outcome)) in calls.iter().enumerate() {
        let answer = app.soap_raw(caller, TEXT_XML, soap_action.as_deref(), body);
        let expected_code = outcome.parse::<u32>().ok();
        assert_eq!(answer.fault_code(), expected_code, "{}", answer.response.body);
        let audit = app.store.audit_tail(100).unwrap();
        assert_eq!(audit.len(), n + 1, "exactly one row per call: {audit:?}");
        let row = &audit.last().unwrap().entry;
        assert_eq!(
            (row.caller.as_str(), row.operation.as_str(), row.outcome.as_str()),
            (*caller, *operation, *outcome)
        );
        assert!(!row.correlation_id.is_empty());
    }
    let audit = app.store.audit_tail(100).unwrap();
    assert_eq!(audit[0].entry.request_user.as_deref(), Some("citizen"), "a CPR user is audited as citizen");
    assert_eq!(audit[0].entry.jobcenter.as_deref(), Some("00101"));
    assert_eq!(audit[0].entry.detail.as_deref(), Some(format!("offer={}", seeded.offer.id).as_str()));
    assert!(audit.iter().all(|r| !format!("{r:?}").contains(&cpr(1))), "no CPR in the audit log");
    assert!(audit.iter().all(|r| !format!("{r:?}").contains("0101851234")));

    // A message that is not even XML is a call too.
    app.soap_raw(DFDG, TEXT_XML, None, "<broken").expect_fault(1014);
    let audit = app.store.audit_tail(100).unwrap();
    assert_eq!(audit.len(), calls.len() + 1, "{audit:?}");
    let row = &audit.last().unwrap().entry;
    assert_eq!((row.caller.as_str(), row.operation.as_str(), row.outcome.as_str()), (DFDG, "-", "1014"));
}

/// RequestUserMetadata as DFDG sends it for a citizen (wsdl/samples/RequestUserMetadata.xml).
const REQUEST_USER: &str = r#"<rum:RequestUserMetadata xmlns:rum="http://service.bm.dk/RequestUserMetadata/2015/01/21/"
    xmlns:rus="http://service.bm.dk/pjaktass/2015/01/21/RequestUserStructure/"
    xmlns:rut="http://service.bm.dk/pjaktass/2015/01/21/RequestUserTypeIdentifierCodeList/"
    xmlns:clb="http://service.bm.dk/pjaktass/2013/06/07/CodeListBase/">
  <rus:RequestUserStructure>
    <rus:UserFullName>Jens Hansen</rus:UserFullName>
    <rut:RequestUserTypeIdentifier><clb:CodeListItemIdentifier>1</clb:CodeListItemIdentifier></rut:RequestUserTypeIdentifier>
    <rus:UserIdentifier>0101851234</rus:UserIdentifier>
  </rus:RequestUserStructure>
  <rum:RegistrationDateTime>2027-02-20T10:00:00+01:00</rum:RegistrationDateTime>
</rum:RequestUserMetadata>"#;
