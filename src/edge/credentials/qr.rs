//! The enrolment QR code: the server draws the `otpauth://` URI as SVG, so the secret never
//! goes to a third-party QR service or into a script in the browser.
//!
//! Drawn with the `qrcode` crate (only its `svg` feature: no image crate). The crate writes no
//! accessibility attributes, so `role="img"` and an `aria-label` go into the root element
//! here. The label is a fixed description, never the text: the text holds the secret.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::CredentialError;

/// What a screen reader says for the QR code.
pub const QR_LABEL: &str = "QR code for adding this account to an authenticator app";
/// The smallest size drawn, in SVG user units (pixels when the page does not scale it).
const MIN_SIZE: u32 = 240;

/// A standalone SVG document of `text` as a QR code (error correction level M), with
/// `role="img"` and `aria-label` [`QR_LABEL`] on the root element.
pub fn qr_svg(text: &str) -> Result<String, CredentialError> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|error| CredentialError::QrCode(error.to_string()))?;
    let drawing = code.render::<svg::Color>().min_dimensions(MIN_SIZE, MIN_SIZE).quiet_zone(true).build();
    let Some(at) = drawing.find("<svg ") else {
        return Err(CredentialError::QrCode("the svg has no root element".to_owned()));
    };
    let attributes = format!(r#"role="img" aria-label="{QR_LABEL}" "#);
    let root = at + "<svg ".len();
    Ok(format!("{}{attributes}{}", &drawing[..root], &drawing[root..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI: &str = "otpauth://totp/Planner:mette%40aarhus.dk?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    #[test]
    fn the_svg_parses_and_is_labelled_for_screen_readers() {
        let drawing = qr_svg(URI).unwrap();
        let document = roxmltree::Document::parse(&drawing).unwrap();
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.tag_name().namespace(), Some("http://www.w3.org/2000/svg"));
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-label"), Some(QR_LABEL));
        let width: u32 = root.attribute("width").unwrap().parse().unwrap();
        assert!(width >= MIN_SIZE, "{width}");
        assert!(root.descendants().any(|node| node.has_tag_name("path")));
    }

    #[test]
    fn the_secret_is_not_in_the_svg_text() {
        assert!(!qr_svg(URI).unwrap().contains("GEZDGNBV"));
    }

    #[test]
    fn different_texts_draw_different_codes() {
        assert_ne!(
            qr_svg("otpauth://totp/a?secret=AAAA").unwrap(),
            qr_svg("otpauth://totp/b?secret=AAAA").unwrap()
        );
    }

    #[test]
    fn text_too_long_for_a_qr_code_is_an_error() {
        let text = "x".repeat(5_000);
        assert!(matches!(qr_svg(&text), Err(CredentialError::QrCode(_))));
    }
}
