//! Reading client input at the JSON edges (admin API, adapters): bodies, query strings and path
//! segments become values, or a problem that names the field by its path (`citizens[3].cpr`) and
//! says what is wrong without quoting what was sent.
//!
//! Serde's messages quote the offending value (``invalid type: integer `101901234`, expected a
//! string``), and a value may be personal data (a CPR in the wrong field). So a message is
//! rebuilt from its category and the expected shape, which comes from our types, never from the
//! input: ``invalid type: expected a string, found integer``. Field names come from serde's path,
//! which may hold a key the client sent; that goes back to the client only (the request log
//! writes the problem type, never its detail).

use std::future::{ready, Ready};

use actix_web::{dev::Payload, FromRequest, HttpRequest};
use serde::de::DeserializeOwned;

use super::problem::Problem;

/// Parses a JSON body: malformed JSON is a 400 problem; well-formed JSON with a missing,
/// unknown or mistyped field a 422 naming the field's path.
pub fn json<T: DeserializeOwned>(body: &[u8]) -> Result<T, Problem> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        json_problem(&path, &error.into_inner())
    })?;
    deserializer.end().map_err(|error| json_problem(".", &error))?;
    Ok(value)
}

fn json_problem(path: &str, error: &serde_json::Error) -> Problem {
    let message = without_position(&error.to_string());
    match error.classify() {
        serde_json::error::Category::Data => field_problem(path, &message),
        _ => Problem::bad_request(format!(
            "the body is not valid JSON: {} at line {} column {}",
            value_free(&message),
            error.line(),
            error.column()
        )),
    }
}

/// Parses a query string: a missing, unknown or mistyped parameter is a 422 naming it.
pub fn query<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(text.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        field_problem(&path, &error.into_inner().to_string())
    })
}

/// A query string read into `T` by [`query`]; its problems are problem+json like the bodies'.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The parsed query.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(query(request.query_string()).map(Query).map_err(Into::into))
    }
}

/// The problem for an unreadable path segment (actix's `PathConfig` error handler): the
/// segment is not quoted, as it may be an identifier or a secret.
pub fn path_problem() -> Problem {
    Problem::bad_request("a path segment cannot be read")
}

/// The problem for actix's own extractors (`web::Query`, `web::Json`), should a route use
/// them: their errors quote the input, so only the kind of input is named.
pub fn extractor_problem(what: &str) -> Problem {
    Problem::bad_request(format!("the {what} cannot be read for this route"))
}

/// A 422 for serde's `message` about the value at `path` (`.` is the whole document).
fn field_problem(path: &str, message: &str) -> Problem {
    let (name, text) = describe(message);
    let field = match (path, name) {
        (".", Some(name)) => name.to_owned(),
        (".", None) => "body".to_owned(),
        // An unknown field's path already ends with its name.
        (path, Some(name)) if !path.ends_with(name) => format!("{path}.{name}"),
        (path, _) => path.to_owned(),
    };
    Problem::invalid(&field, text)
}

/// Serde's message as (the field it names, a value-free text). Serde's own phrasing
/// (`serde::de::Error`'s provided methods) is recognised; anything else loses its quoted parts.
fn describe(message: &str) -> (Option<&str>, String) {
    fn quoted(rest: &str) -> Option<&str> {
        rest.split('`').nth(1)
    }
    let expected = |rest: &str| rest.rfind(", expected ").map(|at| rest[at + 2..].to_owned());
    if let Some(rest) = message.strip_prefix("missing field ") {
        return (quoted(rest), "is required".to_owned());
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        return (quoted(rest), "appears more than once".to_owned());
    }
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let known = expected(rest).map(|e| format!(", {e}")).unwrap_or_default();
        return (quoted(rest), format!("is not a known field{known}"));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let known = expected(rest).unwrap_or_else(|| "no value is accepted".to_owned());
        return (None, format!("unknown value: {known}"));
    }
    for (prefix, what) in [("invalid type: ", "invalid type"), ("invalid value: ", "invalid value")] {
        if let Some(rest) = message.strip_prefix(prefix) {
            let found = kind(rest);
            return match expected(rest) {
                Some(expected) => (None, format!("{what}: {expected}, found {found}")),
                None => (None, format!("{what}: found {found}")),
            };
        }
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        return (
            None,
            expected(rest).map_or("invalid length".to_owned(), |e| format!("invalid length: {e}")),
        );
    }
    (None, value_free(message))
}

/// What kind of value serde found (`integer`, `string`, `map`), without the value.
fn kind(unexpected: &str) -> String {
    let end = unexpected.find(['`', '"', ',']).unwrap_or(unexpected.len());
    value_free(unexpected[..end].trim())
}

/// Cuts serde_json's ` at line L column C` (the position is given separately where useful).
fn without_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(" column ") => message[..at].to_owned(),
        _ => message.to_owned(),
    }
}

/// A message without quoted parts (`` `...` ``, `"..."`) and without long digit runs, for
/// messages whose shape is not known.
fn value_free(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quote = None;
    let mut digits = String::new();
    for c in message.chars() {
        if quote.is_none() && c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush_digits(&mut out, &mut digits);
        match quote {
            Some(open) if c == open => {
                out.push_str("...");
                out.push(c);
                quote = None;
            }
            Some(_) => {}
            None if c == '`' || c == '"' => {
                out.push(c);
                quote = Some(c);
            }
            None => out.push(c),
        }
    }
    flush_digits(&mut out, &mut digits);
    out
}

/// Four digits in a row may be part of a CPR or a phone number: such a run becomes `#`.
fn flush_digits(out: &mut String, digits: &mut String) {
    if digits.len() > 3 {
        out.push('#');
    } else {
        out.push_str(digits);
    }
    digits.clear();
}

/// A list endpoint's `limit`: `default` when absent, else 1 to `max` (a 422 naming `limit`).
pub fn row_limit(limit: Option<i64>, default: i64, max: i64) -> Result<i64, Problem> {
    let limit = limit.unwrap_or(default);
    if (1..=max).contains(&limit) {
        Ok(limit)
    } else {
        Err(Problem::invalid("limit", format!("must be 1-{max}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Citizen {
        cpr: String,
        #[serde(default)]
        name: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Batch {
        count: u32,
        #[serde(default)]
        citizens: Vec<Citizen>,
        #[serde(default)]
        kind: Option<Kind>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    enum Kind {
        Earliest,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Listing {
        limit: Option<i64>,
        all: Option<bool>,
    }

    const VALUES: [&str; 5] = ["0101901234", "101901234", "010190-1234", "0101", "1234"];

    #[track_caller]
    fn check(problem: Problem, status: u16, field: Option<&str>) -> String {
        assert_eq!(problem.status, status, "{problem:?}");
        assert_eq!(problem.errors.first().map(|e| e.field.as_str()), field, "{problem:?}");
        let text = serde_json::to_string(&problem).unwrap();
        for value in VALUES {
            assert!(!text.contains(value), "{value} in {text}");
        }
        text
    }

    fn body(text: &str) -> Problem {
        json::<Batch>(text.as_bytes()).unwrap_err()
    }

    #[test]
    fn body_problems_name_the_field_path_and_never_echo_values() {
        check(body("{\"count\": "), 400, None);
        check(body("{\"count\": 1} 0101901234"), 400, None);
        check(body("{}"), 422, Some("count"));
        check(body("{\"count\": 1, \"cpr\": 101901234}"), 422, Some("cpr"));
        let text = check(body("{\"count\": \"0101901234\"}"), 422, Some("count"));
        assert!(text.contains("invalid type: expected u32, found string"), "{text}");
        check(body("{\"count\": 101901234101901234101901234}"), 422, Some("count"));
        check(body("{\"count\": -101901234}"), 422, Some("count"));
        let citizens = "{\"count\": 1, \"citizens\": [{\"cpr\": \"1\"}, {\"cpr\": 101901234}]}";
        let text = check(body(citizens), 422, Some("citizens[1].cpr"));
        assert!(text.contains("invalid type: expected a string, found integer"), "{text}");
        let citizens = "{\"count\": 1, \"citizens\": [{\"name\": \"010190-1234\"}]}";
        check(body(citizens), 422, Some("citizens[0].cpr"));
        let citizens = "{\"count\": 1, \"citizens\": [{\"cpr\": \"1\", \"phone\": \"010190-1234\"}]}";
        check(body(citizens), 422, Some("citizens[0].phone"));
        check(body("{\"count\": 1, \"kind\": \"010190-1234\"}"), 422, Some("kind"));
        check(body("{\"count\": 1, \"citizens\": {\"cpr\": \"0101901234\"}}"), 422, Some("citizens"));
        check(body("{\"count\": 1, \"citizens\": [0101901234]}"), 400, None);
        check(body("[101901234, \"010190-1234\"]"), 422, Some("[1]"));
        check(body("\"010190-1234\""), 422, Some("body"));
    }

    #[test]
    fn query_problems_name_the_parameter_and_never_echo_values() {
        let query = |text: &str| super::query::<Listing>(text).unwrap_err();
        check(query("limit=010190-1234"), 422, Some("limit"));
        check(query("limit=101901234101901234101901234"), 422, Some("limit"));
        check(query("all=0101901234"), 422, Some("all"));
        assert_eq!(super::query::<Listing>("limit=5&other=0101901234").unwrap().limit, Some(5));
    }

    #[test]
    fn unknown_messages_lose_quotes_and_digit_runs() {
        assert_eq!(value_free("bad \"0101901234\" and `x` 12 0101901234"), "bad \"...\" and `...` 12 #");
    }
}
