//! Architecture invariants that a test, not memory, keeps:
//!
//! - data flows one way: each top-level module of `src` may import only the modules
//!   [`ALLOWED`] lists for it, and the list itself has no circle, so no change can bring an
//!   import circle back without editing this file in plain sight;
//! - `src/domain` does no I/O, knows no framework and reads no clock;
//! - the adapters' outbound code never imports their inbound endpoints;
//! - every source file opens with a `//!` comment that says what it is for.
//!
//! Imports are read from the source text: every `crate::` path (also inside `use crate::{...}`
//! groups) and every `super::` path that climbs out of its top-level module.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each top-level module and the top-level modules it may import. The order is the layering,
/// from the assembly down to the domain.
const ALLOWED: &[(&str, &[&str])] = &[
    // The CLI reads closing days with the admin API's parser: both refuse the same input alike.
    ("cli", &["server", "config", "admin", "adapters", "tls", "demo", "store", "domain"]),
    ("server", &["config", "soap", "web", "admin", "adapters", "tls", "edge", "store", "domain"]),
    // The settings carry the server's clock (`edge::clock`).
    ("config", &["adapters", "tls", "edge", "store", "domain"]),
    // The demo people's passwords are hashed as the web app hashes them.
    ("demo", &["edge", "store", "domain"]),
    ("soap", &["edge", "xml", "store", "domain"]),
    // The staff web app on the people listener.
    ("web", &["edge", "store", "domain"]),
    // The admin API configures the outbound adapters' recipients with their own validation.
    ("admin", &["adapters", "edge", "store", "domain"]),
    ("adapters", &["edge", "xml", "store", "domain"]),
    ("tls", &["edge", "domain"]),
    ("edge", &["store", "domain"]),
    ("xml", &["domain"]),
    ("store", &["domain"]),
    ("domain", &[]),
];

/// Test-only modules (compiled under `#[cfg(test)]`) that any module may use.
const TEST_ONLY: &[&str] = &["test_log"];

/// Words that must not appear in `src/domain`, with the reason.
const DOMAIN_FORBIDDEN: &[(&str, &str)] = &[
    ("diesel", "the database belongs to store"),
    ("actix", "HTTP belongs to the edge and the transports"),
    ("quick_xml", "XML belongs to the xml module"),
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

/// The module path of a file below `root`: `src/store/booking/mod.rs` is `["store", "booking"]`,
/// `src/lib.rs` is `[]`.
fn module_path(root: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(root).unwrap();
    let mut parts: Vec<String> = relative.iter().map(|part| part.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// Drops `//` comments (line by line; a `//` inside a string literal ends the line early, which
/// only ever hides text, never invents an import).
fn without_comments(text: &str) -> String {
    text.lines().map(|line| line.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// The first segments of the names inside a `{...}` group, split at top-level commas.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut current) = (0usize, String::new());
    for c in group.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                heads.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    heads.push(current);
    heads.iter().filter_map(|head| head.trim().split("::").next().map(str::to_owned)).collect()
}

/// The top-level modules one file's text refers to, the file's own excluded.
fn imports(module: &[String], text: &str) -> BTreeSet<String> {
    let text = without_comments(text);
    let mut found = BTreeSet::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("crate::") {
        let boundary = rest[..at].chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        rest = &rest[at + "crate::".len()..];
        if !boundary {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find("};").or_else(|| group.find('}')).unwrap_or(group.len());
            found.extend(group_heads(&group[..end]));
        } else {
            found.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    // `super::` chains that climb to the crate root name a top-level module next.
    let mut rest = text.as_str();
    while let Some(at) = rest.find("super::") {
        let boundary = rest[..at].chars().last().is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        rest = &rest[at..];
        let mut ups = 0;
        while let Some(next) = rest.strip_prefix("super::") {
            ups += 1;
            rest = next;
        }
        if boundary && ups == module.len() {
            found.insert(rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect());
        }
    }
    // Only the known top-level modules count (a `super::` chain inside an inline `mod tests`
    // names a sibling, not a top-level module).
    let known = ALLOWED.iter().map(|(name, _)| *name).chain(TEST_ONLY.iter().copied());
    let known: BTreeSet<&str> = known.collect();
    found.retain(|name| known.contains(name.as_str()) && Some(name) != module.first());
    found
}

/// Every edge from a top-level module to another, with the files that make it.
fn module_edges(root: &Path) -> BTreeMap<(String, String), Vec<String>> {
    let mut edges: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in rust_files(root) {
        let module = module_path(root, &file);
        let Some(top) = module.first() else { continue };
        for target in imports(&module, &std::fs::read_to_string(&file).unwrap()) {
            let shown = file.strip_prefix(root).unwrap().display().to_string();
            edges.entry((top.clone(), target)).or_default().push(shown);
        }
    }
    edges
}

/// The edges the allow-list does not allow, one line each.
fn violations(edges: &BTreeMap<(String, String), Vec<String>>) -> Vec<String> {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    edges
        .iter()
        .filter(|((from, to), _)| {
            !TEST_ONLY.contains(&to.as_str())
                && !TEST_ONLY.contains(&from.as_str())
                && !allowed.get(from.as_str()).is_some_and(|targets| targets.contains(&to.as_str()))
        })
        .map(|((from, to), files)| format!("{from} -> {to} (in {})", files.join(", ")))
        .collect()
}

#[test]
fn modules_import_only_what_the_allow_list_allows() {
    let edges = module_edges(&source_root());
    assert!(edges.len() > 20, "the import reader found too few edges: {edges:?}");
    let broken = violations(&edges);
    assert!(
        broken.is_empty(),
        "imports against the layering (see ALLOWED in tests/it/architecture.rs):\n{}",
        broken.join("\n")
    );
}

#[test]
fn every_top_level_module_is_in_the_allow_list() {
    let listed: BTreeSet<&str> =
        ALLOWED.iter().map(|(module, _)| *module).chain(TEST_ONLY.iter().copied()).collect();
    let actual: BTreeSet<String> = rust_files(&source_root())
        .iter()
        .filter_map(|file| module_path(&source_root(), file).first().cloned())
        .collect();
    let missing: Vec<&String> = actual.iter().filter(|module| !listed.contains(module.as_str())).collect();
    assert!(missing.is_empty(), "top-level modules missing from ALLOWED: {missing:?}");
}

#[test]
fn the_allow_list_has_no_circle() {
    // Each module may import only modules listed after it: the list is a layering.
    for (index, (module, targets)) in ALLOWED.iter().enumerate() {
        let below: Vec<&str> = ALLOWED[index + 1..].iter().map(|(name, _)| *name).collect();
        for target in *targets {
            assert!(below.contains(target), "{module} may import {target}, which is not below it in ALLOWED");
        }
    }
}

#[test]
fn the_import_reader_sees_a_back_edge() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("store/booking")).unwrap();
    std::fs::create_dir_all(root.join("edge")).unwrap();
    let write = |path: &str, text: &str| std::fs::write(root.join(path), text).unwrap();
    write("lib.rs", "//! x\npub mod store;\n");
    write("store/mod.rs", "//! x\nuse crate::domain::Cpr;\n// use crate::cli::Nothing;\n");
    write("store/booking/mod.rs", "//! x\nuse crate::{domain::X, server::{self, Server}};\n");
    write("store/booking/rows.rs", "//! x\nfn f() { super::super::super::admin::x(); super::super::Y; }\n");
    write("edge/mod.rs", "//! x\nuse crate::store::Store;\nlet _ = my_crate::server::X;\n");
    let edges = module_edges(root);
    let found: Vec<(&str, &str)> = edges.keys().map(|(from, to)| (from.as_str(), to.as_str())).collect();
    assert_eq!(found, [("edge", "store"), ("store", "admin"), ("store", "domain"), ("store", "server")]);
    assert_eq!(
        violations(&edges),
        ["store -> admin (in store/booking/rows.rs)", "store -> server (in store/booking/mod.rs)"]
    );
}

#[test]
fn only_the_inbound_endpoints_know_each_other() {
    // The adapters' senders, pullers and codecs never depend on an endpoint (only `mod.rs`
    // re-exports the routes).
    let adapters = source_root().join("adapters");
    let offending: Vec<String> = rust_files(&adapters)
        .into_iter()
        .filter(|file| !file.starts_with(adapters.join("inbound")) && *file != adapters.join("mod.rs"))
        .filter(|file| without_comments(&std::fs::read_to_string(file).unwrap()).contains("inbound::"))
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        offending.is_empty(),
        "outbound adapter code imports an inbound endpoint:\n{}",
        offending.join("\n")
    );
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
