//! The language switch: `POST /language` (fields `lang`, `back` and the form's `token`) keeps the
//! choice in the `__Host-lang` cookie for a year and sends the browser back to `back`.
//!
//! `back` comes from the page, so it is checked as any address a form names: only a path of
//! this site ([`return_path`]); anything else (another site, `//host`, a backslash, a control
//! character) leads to the start page instead, so the switch cannot send anybody elsewhere.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

use super::{t, Lang};
use crate::web::page::{self, stop};
use crate::web::{cookies, session};

/// The longest path the switch leads back to.
const LONGEST: usize = 2000;

/// The switch as posted.
#[derive(Debug, Deserialize)]
pub struct Choice {
    /// The anti-forgery token (the form cookie's; not called `csrf`, since it is not the
    /// session's token the page's other forms carry).
    pub token: String,
    /// The language chosen, `da` or `en`.
    pub lang: String,
    /// The path of the page the switch was on.
    #[serde(default)]
    pub back: String,
}

/// `back` when it is a path of this site (a `/` not followed by `/` or `\`, no backslash,
/// whitespace or control character, at most [`LONGEST`] bytes); the start page otherwise.
pub fn return_path(back: &str) -> String {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && back.len() <= LONGEST
        && !back.chars().any(|c| c == '\\' || c.is_whitespace() || c.is_control());
    if local {
        back.to_owned()
    } else {
        "/".to_owned()
    }
}

/// `POST /language`.
pub async fn choose(request: HttpRequest, form: web::Form<Choice>) -> actix_web::Result<HttpResponse> {
    session::check_forgery(&request, cookies::read(&request, cookies::FORM).as_deref(), &form.token)?;
    let Some(lang) = Lang::parse(&form.lang) else {
        let text = t("Vælg dansk eller engelsk.");
        let answer = page::message(
            StatusCode::BAD_REQUEST,
            t("Sproget findes ikke"),
            text,
            Some(("/", t("Til forsiden"))),
        );
        return Err(stop(answer));
    };
    let mut answer = page::see_other(&return_path(&form.back));
    // Only a cookie whose value is not a valid header fails here, and ours is `da` or `en`.
    let _ = answer.add_cookie(&cookies::language(lang.code()));
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::return_path;

    #[test]
    fn only_paths_of_this_site_lead_back() {
        let cases = [
            ("/", "/"),
            ("/calendar?week=2027-03-08", "/calendar?week=2027-03-08"),
            ("/follow-up/audit", "/follow-up/audit"),
            ("https://evil.example/", "/"),
            ("//evil.example/", "/"),
            ("/\\evil.example", "/"),
            ("/a b", "/"),
            ("/a\r\nSet-Cookie: x=y", "/"),
            ("", "/"),
            ("javascript:alert(1)", "/"),
            ("evil.example", "/"),
        ];
        for (back, expected) in cases {
            assert_eq!(return_path(back), expected, "{back:?}");
        }
        assert_eq!(return_path(&format!("/{}", "a".repeat(3000))), "/");
    }
}
