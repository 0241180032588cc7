//! Serves the WSDL (`GET /ExternalBookingService?wsdl`) and each schema it imports
//! (`?xsd=NAME`) from the files in `wsdl/`, compiled into the binary.
//!
//! The files reference each other by bare file name and carry a placeholder address, so that
//! they validate as they are on disk; when served, the `soap:address` becomes the configured
//! public URL and every `schemaLocation="NAME"` becomes `PUBLIC_URL?xsd=NAME`.

use actix_web::{web, HttpRequest, HttpResponse};

use super::service::SoapSettings;

/// The placeholder address in `wsdl/ExternalBookingService.wsdl`.
const PLACEHOLDER: &str = "https://planner.invalid/ExternalBookingService";

/// The WSDL.
const WSDL: &str = include_str!("../../wsdl/ExternalBookingService.wsdl");

/// The schemas, by the name used in `?xsd=NAME`.
const SCHEMAS: [(&str, &str); 7] = [
    ("ExternalBookingService.xsd", include_str!("../../wsdl/ExternalBookingService.xsd")),
    ("ActiveOrganisationHeader.xsd", include_str!("../../wsdl/ActiveOrganisationHeader.xsd")),
    ("RequestUserMetadata.xsd", include_str!("../../wsdl/RequestUserMetadata.xsd")),
    ("RequestUserStructure.xsd", include_str!("../../wsdl/RequestUserStructure.xsd")),
    (
        "RequestUserTypeIdentifierCodeList.xsd",
        include_str!("../../wsdl/RequestUserTypeIdentifierCodeList.xsd"),
    ),
    ("CodeListBase.xsd", include_str!("../../wsdl/CodeListBase.xsd")),
    ("RequestOrganisationStructure.xsd", include_str!("../../wsdl/RequestOrganisationStructure.xsd")),
];

/// A document as served: placeholder address and schema locations pointing at `public_url`.
pub fn served(document: &str, public_url: &str) -> String {
    let mut text = document.replace(PLACEHOLDER, public_url);
    for (name, _) in SCHEMAS {
        text = text.replace(
            &format!("schemaLocation=\"{name}\""),
            &format!("schemaLocation=\"{public_url}?xsd={name}\""),
        );
    }
    text
}

/// `GET /ExternalBookingService?wsdl` or `?xsd=NAME`; anything else is 404.
pub async fn get(request: HttpRequest, settings: web::Data<SoapSettings>) -> HttpResponse {
    let query = request.query_string();
    let document = if query.eq_ignore_ascii_case("wsdl") || query.eq_ignore_ascii_case("singlewsdl") {
        Some(WSDL)
    } else {
        query
            .strip_prefix("xsd=")
            .and_then(|name| SCHEMAS.iter().find(|(known, _)| *known == name))
            .map(|(_, text)| *text)
    };
    match document {
        Some(document) => HttpResponse::Ok()
            .content_type("text/xml; charset=utf-8")
            .body(served(document, &settings.public_url)),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("use ?wsdl for the WSDL or ?xsd=NAME for a schema it imports\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_documents_point_at_the_public_url() {
        let wsdl = served(WSDL, "https://planner.kk.dk/ExternalBookingService");
        assert!(!wsdl.contains(PLACEHOLDER));
        assert_eq!(wsdl.matches(r#"location="https://planner.kk.dk/ExternalBookingService""#).count(), 2);
        assert!(wsdl.contains(
            r#"schemaLocation="https://planner.kk.dk/ExternalBookingService?xsd=ExternalBookingService.xsd""#
        ));
        for (_, schema) in SCHEMAS {
            let schema = served(schema, "https://x/ExternalBookingService");
            assert!(!schema.contains(r#"schemaLocation="R"#) && !schema.contains(r#"schemaLocation="C"#));
            assert!(crate::xml::parse(schema.as_bytes()).is_ok());
        }
    }
}
