//! Serves the calendar WSDL (`GET /ExternalCalendarService?wsdl`) and its schema
//! (`?xsd=ExternalCalendarService.xsd`) from `wsdl/calendar/`, with the placeholder address and
//! the bare schema location rewritten to the configured public URL, like the booking WSDL. The
//! SOAP header schemas it imports from `../` are the booking service's: their locations become
//! `.../ExternalBookingService?xsd=NAME`, which serves them.

use actix_web::{web, HttpRequest, HttpResponse};

use crate::soap::service::SoapSettings;

/// The placeholder address in the WSDL file.
const PLACEHOLDER: &str = "https://planner.invalid/ExternalCalendarService";

/// The WSDL.
const WSDL: &str = include_str!("../../../wsdl/calendar/ExternalCalendarService.wsdl");

/// The schema, by the name used in `?xsd=NAME`.
const SCHEMA: (&str, &str) =
    ("ExternalCalendarService.xsd", include_str!("../../../wsdl/calendar/ExternalCalendarService.xsd"));

/// The calendar service's URL under the configured public URL (which names the booking service
/// when it ends in `/ExternalBookingService`).
pub fn service_url(public_url: &str) -> String {
    let base = public_url.trim_end_matches('/');
    let base = base.strip_suffix("/ExternalBookingService").unwrap_or(base);
    format!("{base}/ExternalCalendarService")
}

/// A document as served: address and schema locations pointing at the public URL.
pub fn served(document: &str, public_url: &str) -> String {
    let url = service_url(public_url);
    let booking =
        format!("{}/ExternalBookingService", url.strip_suffix("/ExternalCalendarService").unwrap_or(&url));
    document
        .replace(PLACEHOLDER, &url)
        .replace(
            &format!("schemaLocation=\"{}\"", SCHEMA.0),
            &format!("schemaLocation=\"{url}?xsd={}\"", SCHEMA.0),
        )
        .replace("schemaLocation=\"../", &format!("schemaLocation=\"{booking}?xsd="))
}

/// `GET /ExternalCalendarService?wsdl` or `?xsd=ExternalCalendarService.xsd`; else 404.
pub async fn get(request: HttpRequest, settings: web::Data<SoapSettings>) -> HttpResponse {
    let query = request.query_string();
    let document = if query.eq_ignore_ascii_case("wsdl") || query.eq_ignore_ascii_case("singlewsdl") {
        Some(WSDL)
    } else {
        (query.strip_prefix("xsd=") == Some(SCHEMA.0)).then_some(SCHEMA.1)
    };
    match document {
        Some(document) => HttpResponse::Ok()
            .content_type("text/xml; charset=utf-8")
            .body(served(document, &settings.public_url)),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("use ?wsdl for the WSDL or ?xsd=ExternalCalendarService.xsd for its schema\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn served_documents_point_at_the_public_url() {
        for public in ["https://planner.kk.dk", "https://planner.kk.dk/ExternalBookingService"] {
            let wsdl = served(WSDL, public);
            assert!(!wsdl.contains(PLACEHOLDER));
            assert_eq!(
                wsdl.matches(r#"location="https://planner.kk.dk/ExternalCalendarService""#).count(),
                2
            );
            assert!(wsdl.contains(
                r#"schemaLocation="https://planner.kk.dk/ExternalCalendarService?xsd=ExternalCalendarService.xsd""#
            ));
            assert!(wsdl.contains(
                r#"schemaLocation="https://planner.kk.dk/ExternalBookingService?xsd=ActiveOrganisationHeader.xsd""#
            ));
            assert!(!wsdl.contains("schemaLocation=\"../"));
        }
        assert!(crate::xml::parse(SCHEMA.1.as_bytes()).is_ok());
        assert!(crate::xml::parse(WSDL.as_bytes()).is_ok());
    }
}
