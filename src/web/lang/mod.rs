//! The web app's two languages: Danish, the default and the source text, and English as a
//! choice. Every text is written in Danish where it is used (templates and Rust alike) and goes
//! through [`t`], which answers it in the language of the request: Danish as it is, English from
//! [`catalog::en`]. A unit test ([`coverage`]) reads every template and every file of `web` for
//! the texts given to [`t`] and fails when one has no English, so the catalog cannot fall behind.
//!
//! The language of a request ([`scope`]) is the person's choice (the language switch on every
//! page, [`switch`], keeps it in a cookie), and before any choice the browser's
//! `Accept-Language`. It is kept for the request in a task-local value, so that templates and
//! handlers ask for it without every page's struct carrying it; work on the blocking pool sees
//! Danish, which is why pages pass dynamic messages through [`t`] again when they show them
//! (an English text is not a key, and stays as it is).

pub mod catalog;
#[cfg(test)]
mod coverage;
pub mod scope;
pub mod switch;

/// A language of the web app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Danish, the default and the source text.
    #[default]
    Danish,
    /// English, from the catalog.
    English,
}

impl Lang {
    /// The language's code in `<html lang>` and the cookie (`da`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::Danish => "da",
            Lang::English => "en",
        }
    }

    /// The language of `code` (`da` or `en`), if it is one of ours.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "da" => Some(Lang::Danish),
            "en" => Some(Lang::English),
            _ => None,
        }
    }

    /// The language an `Accept-Language` header prefers: English when the most preferred of
    /// Danish and English tags (by weight, then order) is English, Danish otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut tags: Vec<(u16, Lang)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.split(';');
                let tag = pieces.next()?.trim().to_ascii_lowercase();
                let primary = tag.split('-').next().unwrap_or_default();
                let lang = match primary {
                    "en" => Lang::English,
                    "da" => Lang::Danish,
                    _ => return None,
                };
                Some((weight(pieces.next()), lang)).filter(|(weight, _)| *weight > 0)
            })
            .collect();
        // A stable sort keeps the header's order among equal weights.
        tags.sort_by_key(|(weight, _)| std::cmp::Reverse(*weight));
        tags.first().map_or(Lang::Danish, |(_, lang)| *lang)
    }

    /// The other language (what the switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Danish => Lang::English,
            Lang::English => Lang::Danish,
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Danish => "Dansk",
            Lang::English => "English",
        }
    }
}

/// The weight of a `q=` parameter in thousandths (1000 when absent or unreadable).
fn weight(parameter: Option<&str>) -> u16 {
    let Some(value) = parameter.and_then(|p| p.trim().strip_prefix("q=")) else { return 1000 };
    value.trim().parse::<f32>().map_or(1000, |q| (q.clamp(0.0, 1.0) * 1000.0).round() as u16)
}

/// The language of the request being answered (Danish outside one).
pub fn current() -> Lang {
    scope::here().map_or(Lang::Danish, |here| here.lang)
}

/// `danish` in the language of the request: as it is in Danish, or its English from the
/// catalog (as it is when the catalog has none: a name, or a text already in English).
pub fn t(danish: &str) -> &str {
    match current() {
        Lang::Danish => danish,
        Lang::English => catalog::en(danish).unwrap_or(danish),
    }
}

/// `text` (from [`t`]) with each `{}` replaced by the next of `values`, for texts that name
/// something.
pub fn fill<S: AsRef<str>>(text: &str, values: impl IntoIterator<Item = S>) -> String {
    let mut filled = String::with_capacity(text.len());
    let mut values = values.into_iter();
    let mut rest = text;
    while let Some(at) = rest.find("{}") {
        filled.push_str(&rest[..at]);
        match values.next() {
            Some(value) => filled.push_str(value.as_ref()),
            None => filled.push_str("{}"),
        }
        rest = &rest[at + 2..];
    }
    filled.push_str(rest);
    filled
}

/// The language switch's form token (the anonymous forms' token; empty outside a request).
pub fn token() -> String {
    scope::here().map(|here| here.token).unwrap_or_default()
}

/// Where the language switch leads back to: this page's path (and query) when it was a GET,
/// the start page otherwise.
pub fn back() -> String {
    scope::here().map_or_else(|| "/".to_owned(), |here| here.back)
}

#[cfg(test)]
mod tests {
    use super::{fill, Lang};

    #[test]
    fn accept_language_prefers_english_only_when_english_comes_first() {
        let cases = [
            ("en", Lang::English),
            ("en-GB,en;q=0.9", Lang::English),
            ("da,en;q=0.8", Lang::Danish),
            ("de,en;q=0.5", Lang::English),
            ("da;q=0.4,en-US;q=0.6", Lang::English),
            ("en;q=0,da", Lang::Danish),
            ("fr", Lang::Danish),
            ("", Lang::Danish),
            ("EN-us", Lang::English),
        ];
        for (header, expected) in cases {
            assert_eq!(Lang::from_accept_language(header), expected, "{header}");
        }
    }

    #[test]
    fn codes_read_back() {
        for lang in [Lang::Danish, Lang::English] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn fill_names_in_order() {
        assert_eq!(fill("{} af {}", ["1", "2"]), "1 af 2");
        assert_eq!(fill("ingen", ["x"]), "ingen");
    }
}
