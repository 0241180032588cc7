//! Reading a `multipart/form-data` body (RFC 7578): the bulk summons upload, one file and a
//! few text fields.
//!
//! Written by hand rather than with `actix-multipart`: the body is already buffered and
//! bounded (the people listener refuses bodies over 1 MiB before a handler runs), only the
//! parts' names, file names and bytes are needed, and the crate would add a streaming layer,
//! derive macros and several dependencies for that. Anything that does not parse cleanly is
//! refused whole; no part is guessed at.

/// Most parts a form may have.
const MAX_PARTS: usize = 32;

/// One part of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field's name.
    pub name: String,
    /// The file's name, for a file.
    pub filename: Option<String>,
    /// The part's bytes.
    pub body: Vec<u8>,
}

/// The parts of a form, by name.
#[derive(Debug, Clone, Default)]
pub struct Form {
    parts: Vec<Part>,
}

impl Form {
    /// The bytes of the first part named `name`.
    pub fn bytes(&self, name: &str) -> Option<&[u8]> {
        self.parts.iter().find(|part| part.name == name).map(|part| part.body.as_slice())
    }

    /// The text of the first part named `name` (empty when missing or not UTF-8).
    pub fn text(&self, name: &str) -> String {
        self.bytes(name).and_then(|bytes| std::str::from_utf8(bytes).ok()).unwrap_or_default().to_owned()
    }
}

/// The boundary a `Content-Type` header names, if it is `multipart/form-data`.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut pieces = content_type.split(';').map(str::trim);
    if !pieces.next()?.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    pieces
        .filter_map(|piece| piece.split_once('='))
        .find(|(key, _)| key.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|value| (1..=70).contains(&value.len()))
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The value of `key="..."` in a `Content-Disposition` header's parameters.
fn parameter(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').map(str::trim).find_map(|piece| {
        let (name, value) = piece.split_once('=')?;
        name.trim().eq_ignore_ascii_case(key).then(|| value.trim().trim_matches('"').to_owned())
    })
}

/// Reads one part's headers and body.
fn part(raw: &[u8]) -> Option<Part> {
    let end = find(raw, b"\r\n\r\n")?;
    let headers = std::str::from_utf8(raw.get(..end)?).ok()?;
    let disposition = headers.split("\r\n").find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim().eq_ignore_ascii_case("content-disposition").then_some(value.trim())
    })?;
    if !disposition.to_ascii_lowercase().starts_with("form-data") {
        return None;
    }
    Some(Part {
        name: parameter(disposition, "name")?,
        filename: parameter(disposition, "filename"),
        body: raw.get(end + 4..)?.to_vec(),
    })
}

/// The parts of `body` separated by `boundary`; `None` when it is not a well-formed form.
pub fn parse(boundary: &str, body: &[u8]) -> Option<Form> {
    let delimiter = format!("--{boundary}").into_bytes();
    let between = [b"\r\n".as_slice(), &delimiter].concat();
    let first = find(body, &delimiter)?;
    let mut rest = body.get(first + delimiter.len()..)?;
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Some(Form { parts });
        }
        rest = rest.strip_prefix(b"\r\n")?;
        let end = find(rest, &between)?;
        parts.push(part(rest.get(..end)?)?);
        if parts.len() > MAX_PARTS {
            return None;
        }
        rest = rest.get(end + between.len()..)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_files_are_read_and_broken_bodies_refused() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"borgere.csv\"\r\n\
            Content-Type: text/csv\r\n\r\n\xEF\xBB\xBFcpr;navn\r\n0101901234;A\r\n\r\n--XyZ--\r\n";
        let form = parse("XyZ", body).unwrap();
        assert_eq!(form.text("csrf"), "abc");
        assert_eq!(form.bytes("fil").unwrap(), b"\xEF\xBB\xBFcpr;navn\r\n0101901234;A\r\n");
        assert_eq!(form.text("missing"), "");
        assert!(parse("XyZ", b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end").is_none());
        assert!(parse("XyZ", b"--XyZ\r\nX-Other: 1\r\n\r\nx\r\n--XyZ--").is_none());
        assert_eq!(boundary("multipart/form-data; boundary=\"a b\"").as_deref(), Some("a b"));
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
    }
}
