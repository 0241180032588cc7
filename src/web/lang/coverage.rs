//! The catalog keeps up: every text given to the translator in a template (`lang::t("…")`)
//! or in the web app's Rust (`t("…")`) has its English, or this test names the ones without.

use std::path::{Path, PathBuf};

use super::catalog::en;

/// The Rust string literal that starts right after an opening quote in `text`, read as the
/// compiler reads it (escapes, and a backslash at a line's end skipping the next line's
/// indentation); `None` when it does not end.
fn literal(text: &str) -> Option<String> {
    let mut value = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                '\n' => {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                }
                other => value.push(other),
            },
            other => value.push(other),
        }
    }
    None
}

/// The texts `source` gives to the translator: each `t("` not preceded by a name's character.
fn keys(source: &str) -> Vec<String> {
    let marker = "t(\"";
    let mut found = Vec::new();
    for (at, _) in source.match_indices(marker) {
        let before = source[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(key) = literal(&source[at + marker.len()..]) {
            found.push(key);
        }
    }
    found
}

/// The files under `dir` whose names end in `extension`, every level down.
fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            found.extend(files(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_text_given_to_the_translator_has_its_english() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = files(&root.join("templates/web"), "html");
    sources.extend(files(&root.join("src/web"), "rs"));
    let mut seen = 0;
    let mut missing = Vec::new();
    for path in sources.iter().filter(|path| !path.ends_with("lang/coverage.rs")) {
        let source = std::fs::read_to_string(path).expect("a readable file");
        for key in keys(&source) {
            seen += 1;
            if en(&key).is_none() {
                missing.push(format!("{}: {key:?}", path.strip_prefix(root).unwrap_or(path).display()));
            }
        }
    }
    assert!(seen > 50, "the scan found only {seen} texts: is it still reading the sources?");
    assert!(missing.is_empty(), "no English in the catalog (web/lang/catalog) for:\n{}", missing.join("\n"));
}

#[test]
fn the_reader_reads_literals_as_the_compiler_does() {
    assert_eq!(keys(r#"lang::t("Gem") x t("a \"b\"") at("no")"#), ["Gem", "a \"b\""]);
    assert_eq!(keys("t(\"one, \\\n      two\")"), ["one, two"]);
}
