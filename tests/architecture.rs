//! Architecture invariants that a test, not memory, keeps:
//! `src/domain` does no I/O, knows no framework and reads no clock, and every source file opens
//! with a `//!` comment that says what it is for.

use std::path::{Path, PathBuf};

/// Words that must not appear in `src/domain`, with the reason.
const DOMAIN_FORBIDDEN: &[(&str, &str)] = &[
    ("diesel", "the database belongs to store"),
    ("actix", "HTTP belongs to server and the transports"),
    ("quick_xml", "XML belongs to soap"),
    ("std::fs", "the domain does no file I/O"),
    ("std::net", "the domain does no network I/O"),
    ("Utc::now", "the domain reads no clock; 'now' is a parameter"),
];

fn rust_files(directory: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![directory.to_path_buf()];
    while let Some(directory) = pending.pop() {
        for entry in std::fs::read_dir(&directory).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn domain_does_no_io_and_knows_no_framework() {
    let files = rust_files(&source_root().join("domain"));
    assert!(!files.is_empty(), "src/domain has no files");
    let mut violations = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line_number, line) in text.lines().enumerate() {
            for (word, reason) in DOMAIN_FORBIDDEN {
                if line.contains(word) {
                    violations.push(format!("{}:{}: '{word}' ({reason})", file.display(), line_number + 1));
                }
            }
        }
    }
    assert!(violations.is_empty(), "domain invariant broken:\n{}", violations.join("\n"));
}

#[test]
fn every_source_file_opens_with_a_module_comment() {
    let missing: Vec<String> = rust_files(&source_root())
        .into_iter()
        .filter(|file| !std::fs::read_to_string(file).unwrap().starts_with("//!"))
        .map(|file| file.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a leading //! comment:\n{}", missing.join("\n"));
}
