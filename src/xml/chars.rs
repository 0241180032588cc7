//! The characters XML 1.0 allows (the `Char`, `NameStartChar` and `NameChar` productions), the
//! writer's replacement of the ones it forbids, and short escaped excerpts of input for faults.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Most characters of input a fault or log line quotes.
pub const EXCERPT_CHARS: usize = 64;

/// What the writer puts in place of a character XML 1.0 forbids.
pub const REPLACEMENT: char = '\u{FFFD}';

/// XML 1.0 `Char`: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
/// (Rust's `char` holds no surrogates, so [#xD800-#xDFFF] needs no test.)
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `text` that XML 1.0 forbids, if any.
pub fn forbidden_char(text: &str) -> Option<char> {
    if !might_hold_forbidden(text) {
        return None;
    }
    text.chars().find(|c| !is_xml_char(*c))
}

/// A fast byte scan: false when `text` certainly holds no forbidden character. In UTF-8 those
/// are the C0 controls but tab, LF and CR, and U+FFFE/U+FFFF (`EF BF BE`, `EF BF BF`).
///
/// The scan goes by blocks of 64 bytes without stopping early inside a block, so the compiler
/// can test a block with vector instructions: every answer passes here whole, and a byte at a
/// time was a sixth of the XML writer's cost. Only a block with a candidate byte (any control,
/// `EF`) is looked at byte by byte.
fn might_hold_forbidden(text: &str) -> bool {
    let suspect = |b: u8| b < 0x20 || b == 0xEF;
    text.as_bytes().chunks(64).any(|block| {
        block.iter().fold(false, |seen, &b| seen | suspect(b))
            && block.iter().any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF)
    })
}

/// `text` with every character XML 1.0 forbids replaced by U+FFFD; borrowed when clean.
pub fn clean(text: &str) -> Cow<'_, str> {
    match forbidden_char(text) {
        None => Cow::Borrowed(text),
        Some(_) => Cow::Owned(text.chars().map(|c| if is_xml_char(c) { c } else { REPLACEMENT }).collect()),
    }
}

/// XML 1.0 `NameStartChar`, without the colon (namespaces make names NCNames).
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z' | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 `NameChar`, without the colon.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

/// True for an `NCName` (a name without a colon).
pub fn is_ncname(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(is_name_start_char) && chars.all(is_name_char)
}

/// True for a `QName`: an NCName, or two joined by one colon.
pub fn is_qname(name: &str) -> bool {
    match name.split_once(':') {
        Some((prefix, local)) => is_ncname(prefix) && is_ncname(local),
        None => is_ncname(name),
    }
}

/// At most [`EXCERPT_CHARS`] characters of `input`, safe to quote in a fault or a log line:
/// control and forbidden characters, quotes and backslashes are written as escapes (`\u{1b}`),
/// and a longer input ends with `...` and its length.
pub fn excerpt(input: &str) -> String {
    excerpt_within(input, EXCERPT_CHARS)
}

/// [`excerpt`] with room for `max` characters.
pub fn excerpt_within(input: &str, max: usize) -> String {
    let mut out = String::new();
    for c in input.chars().take(max) {
        if c.is_control() || !is_xml_char(c) || matches!(c, '\\' | '\'' | '"') {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    let total = input.chars().count();
    if total > max {
        let _ = write!(out, "... ({total} characters)");
    }
    out
}

/// A character as `U+0001`, for fault texts.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_char_production() {
        for c in
            ['\t', '\n', '\r', ' ', 'a', 'ø', '\u{D7FF}', '\u{E000}', '\u{FFFD}', '\u{10000}', '\u{10FFFF}']
        {
            assert!(is_xml_char(c), "{c:?}");
        }
        for c in ['\0', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{1F}', '\u{FFFE}', '\u{FFFF}'] {
            assert!(!is_xml_char(c), "{c:?}");
            assert_eq!(forbidden_char(&format!("ab{c}")), Some(c));
            assert_eq!(clean(&format!("a{c}b")), "a\u{FFFD}b");
        }
        assert!(matches!(clean("plain ÆØÅ \u{7F} \u{FFFD}"), Cow::Borrowed(_)));
    }

    #[test]
    fn names_and_excerpts() {
        for good in ["a", "_x", "p:Local", "Ærø-1.2", "a\u{B7}b"] {
            assert!(is_qname(good), "{good}");
        }
        for bad in ["", "1a", "a b", "a:b:c", ":a", "a:", "x\u{1b}y", "-a", "a\u{FFFE}"] {
            assert!(!is_qname(bad), "{bad:?}");
        }
        assert_eq!(excerpt("Person\u{1b}x\0'"), "Person\\u{1b}x\\u{0}\\u{27}");
        let long = excerpt(&"n".repeat(900_000));
        assert!(long.len() < 100 && long.ends_with("(900000 characters)"), "{long}");
    }
}
