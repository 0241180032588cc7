//! The repository stands alone: every file that README.md, ARCHITECTURE.md, BENCHMARKS.md,
//! migrations/README.md, the documents under `docs/`, the comments in `src/` and the WSDL, XSD
//! and SQL files refer to exists in the repository, and none of them points at a document outside
//! it.
//!
//! A reference is a Markdown link (`[text](target)`, resolved from the document's folder), a
//! path that starts with a top-level folder of the repository (`src/`, `tests/`, `docs/`,
//! `tools/`, `wsdl/`, `benches/`, `migrations/`, `.ci/`; resolved from the root), a backticked
//! path in a document whose first folder is a module folder of `src/` (`store/conn.rs`), and a
//! bare Markdown file name (`ARCHITECTURE.md`; found beside the referring file, at the root or
//! in `docs/`). Globs (`docs/**/*.md`) and placeholders (`tests/<binary>/`, `{name}`) are
//! checked up to the part before them; `{a,b}` lists are expanded. Paths under `target/` or
//! made at run time (`certs/dev/`) start with no folder above and are not references.
//!
//! Written by hand: no pattern-matching crate is in the dependency tree, adding one changes
//! Cargo.lock for everyone, and the grammar above is a handful of rules over characters.

use std::path::{Path, PathBuf};

/// Top-level folders whose paths are references wherever they appear.
const TOP_FOLDERS: [&str; 8] =
    ["src/", "tests/", "docs/", "tools/", "wsdl/", "benches/", "migrations/", ".ci/"];

/// Characters a path reference is made of (besides letters and digits).
const PATH_PUNCTUATION: &str = "_./-*{},<>";

/// Names of documents that live outside the repository; the text must say what it needs itself,
/// here or in `docs/`.
const OUTSIDE_DOCUMENTS: [&str; 7] = [
    "shared/spec",
    "style.md",
    "dfdg-background",
    "xpert-suite-adapters",
    "lessons-from-peers",
    "lessons §",
    "spec §",
];

/// One broken reference: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Finding {
    file: String,
    line: usize,
    problem: String,
}

/// The repository's root.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `folder` (recursively) whose names end with one of `endings`.
fn files_under(folder: &Path, endings: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![folder.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else { continue };
        for entry in entries {
            let path = entry.expect("a readable folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if endings.iter().any(|ending| path.to_string_lossy().ends_with(ending)) {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Every file whose references are checked.
fn scanned_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["README.md", "ARCHITECTURE.md", "BENCHMARKS.md", "migrations/README.md"]
        .iter()
        .map(|name| root.join(name))
        .filter(|path| path.is_file())
        .collect();
    files.extend(files_under(&root.join("docs"), &[".md"]));
    files.extend(files_under(&root.join("src"), &[".rs"]));
    files.extend(files_under(&root.join("wsdl"), &[".wsdl", ".xsd"]));
    files.extend(files_under(&root.join("migrations"), &[".sql"]));
    files
}

/// What kind of text a file holds, which decides what part of it is prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Markdown: all of it.
    Document,
    /// Rust: comments only (code names files through `include_str!`, which the compiler checks).
    Rust,
    /// WSDL, XSD and SQL: all of it (their comments are the prose; their own imports are bare names).
    Other,
}

/// The kind of text a file holds, by its extension.
fn kind_of(path: &Path) -> Kind {
    match path.extension().and_then(|extension| extension.to_str()) {
        Some("md") => Kind::Document,
        Some("rs") => Kind::Rust,
        _ => Kind::Other,
    }
}

/// The prose of one line: the comment of a Rust line, the whole line otherwise.
fn prose(line: &str, kind: Kind) -> &str {
    if kind != Kind::Rust {
        return line;
    }
    let trimmed = line.trim_start();
    if trimmed.starts_with("//") {
        return trimmed;
    }
    // A trailing comment; `://` (a URL in a string) is not one.
    match line.match_indices("//").find(|(at, _)| *at == 0 || line.as_bytes()[at - 1] == b' ') {
        Some((at, _)) => &line[at..],
        None => "",
    }
}

/// True for a character a path reference may hold.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || PATH_PUNCTUATION.contains(c)
}

/// True when a reference may start at byte `at` of `text`: not inside a word, a URL or a path.
fn starts_token(text: &str, at: usize) -> bool {
    match text[..at].chars().next_back() {
        None => true,
        Some(before) => !(before.is_ascii_alphanumeric() || "_./-:~\\$".contains(before)),
    }
}

/// The path that starts at byte `at`, without trailing sentence punctuation or a `:line` or
/// `::item` suffix.
fn token_at(text: &str, at: usize) -> &str {
    let rest = &text[at..];
    let end = rest.find(|c: char| !is_path_char(c)).unwrap_or(rest.len());
    let mut token = &rest[..end];
    if let Some(cut) = token.find("::") {
        token = &token[..cut];
    }
    token.trim_end_matches(['.', ',', '-'])
}

/// Expands `{a,b}` lists; a `{name}` without a comma is a placeholder and stays.
fn expand(path: &str) -> Vec<String> {
    let Some(open) = path.find('{') else { return vec![path.to_owned()] };
    let Some(close) = path[open..].find('}').map(|offset| open + offset) else {
        return vec![path.to_owned()];
    };
    let inside = &path[open + 1..close];
    if !inside.contains(',') {
        return vec![path.to_owned()];
    }
    inside
        .split(',')
        .flat_map(|choice| expand(&format!("{}{}{}", &path[..open], choice.trim(), &path[close + 1..])))
        .collect()
}

/// The part of `path` that names real files: up to the segment holding a glob or placeholder.
fn concrete_part(path: &str) -> &str {
    match path.find(['*', '<', '{', '?']) {
        Some(at) => path[..at].rfind('/').map_or("", |slash| &path[..=slash]),
        None => path,
    }
}

/// Checks one path relative to `base`; `None` when it exists.
fn missing(base: &Path, path: &str) -> Option<String> {
    expand(path).into_iter().find(|path| {
        let concrete = concrete_part(path);
        !concrete.is_empty() && !base.join(concrete).exists()
    })
}

/// Markdown link targets of one line that point into the repository.
fn link_targets(line: &str) -> Vec<&str> {
    let mut targets = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("](") {
        rest = &rest[at + 2..];
        let end = rest.find(')').unwrap_or(rest.len());
        let target = rest[..end].split_whitespace().next().unwrap_or("");
        let target = target.trim_start_matches('<').trim_end_matches('>');
        let target = target.split('#').next().unwrap_or("");
        let external = target.contains("://") || target.starts_with("mailto:");
        if !target.is_empty() && !external {
            targets.push(target);
        }
        rest = &rest[end..];
    }
    targets
}

/// True when byte `at` lies in the text of a Markdown link (`[text](target)`), whose target is
/// checked on its own.
fn in_link_text(line: &str, at: usize) -> bool {
    let opened = line[..at].rfind('[');
    let closed = line[..at].rfind(']');
    opened > closed && line[at..].split('[').next().is_some_and(|rest| rest.contains("]("))
}

/// Backticked spans of one line.
fn backticked(line: &str) -> impl Iterator<Item = &str> {
    line.split('`').skip(1).step_by(2)
}

/// Module folders of `src/` (`store`, `soap`, ...), which documents name without `src/`.
fn source_folders(root: &Path) -> Vec<String> {
    let mut folders: Vec<String> = std::fs::read_dir(root.join("src"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| entry.path().is_dir())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    folders.sort();
    folders
}

/// Where a line is and what the checks need to know about its file.
struct Place<'a> {
    root: &'a Path,
    /// The referring file's folder.
    folder: &'a Path,
    kind: Kind,
    /// The module folders of `src/`.
    modules: &'a [String],
}

/// True when byte `at` of `text` continues a word (`code-style.md` holds no `style.md`); a
/// path before it (`docs/style.md`) does not make it a different name.
fn continues_word(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_some_and(|before| before.is_ascii_alphanumeric() || "_-".contains(before))
}

/// Names of documents outside the repository in `prose`.
fn outside_documents(prose: &str) -> Vec<String> {
    OUTSIDE_DOCUMENTS
        .iter()
        .filter(|name| prose.match_indices(*name).any(|(at, _)| !continues_word(prose, at)))
        .map(|name| {
            format!("'{name}' is a document outside the repository; say what is needed here or in docs/")
        })
        .collect()
}

/// Paths from the root (`src/...`, `docs/...`) in `prose` that do not exist.
fn rooted_paths(place: &Place, prose: &str) -> Vec<String> {
    // A Markdown link's target is checked as a link.
    let link_target = |at: usize| place.kind == Kind::Document && prose[..at].ends_with("](");
    TOP_FOLDERS
        .iter()
        .flat_map(|prefix| prose.match_indices(*prefix))
        .filter(|(at, _)| starts_token(prose, *at) && !link_target(*at))
        .filter_map(|(at, _)| missing(place.root, token_at(prose, at)))
        .map(|path| format!("'{path}' does not exist"))
        .collect()
}

/// Bare Markdown file names (`ARCHITECTURE.md`) in `prose` found nowhere they may live.
fn bare_names(place: &Place, prose: &str) -> Vec<String> {
    let ends = prose
        .match_indices(".md")
        .map(|(at, _)| at + 3)
        .filter(|end| !prose[*end..].starts_with(|c: char| c.is_ascii_alphanumeric()));
    let bases = [place.folder.to_path_buf(), place.root.to_path_buf(), place.root.join("docs")];
    ends.filter_map(|end| {
        let start = prose[..end].rfind(|c: char| !is_path_char(c) || c == '/').map_or(0, |i| i + 1);
        let name = &prose[start..end];
        let bare = name.len() > 3
            && starts_token(prose, start)
            && !name.contains(['*', '<', '{'])
            && !in_link_text(prose, start)
            && !OUTSIDE_DOCUMENTS.contains(&name);
        let found = bases.iter().any(|base| base.join(name).is_file());
        (bare && !found).then(|| {
            format!("'{name}' is in the repository neither beside this file, at the root, nor in docs/")
        })
    })
    .collect()
}

/// Markdown link targets in `prose` that do not exist.
fn document_links(place: &Place, prose: &str) -> Vec<String> {
    link_targets(prose)
        .into_iter()
        .filter_map(|target| missing(place.folder, target))
        .map(|path| format!("link target '{path}' does not exist"))
        .collect()
}

/// Backticked paths below `src/` named by their module folder (`store/conn.rs`) that do not exist.
fn module_paths(place: &Place, prose: &str) -> Vec<String> {
    backticked(prose)
        .filter_map(|span| {
            let first = span.split('/').next().unwrap_or("");
            let path = token_at(span, 0);
            // The whole span is the path, perhaps with a `:line` or `::item` after it.
            let whole = span[path.len()..].is_empty() || span[path.len()..].starts_with(':');
            let module = place.modules.iter().any(|module| module == first);
            (span.contains('/') && whole && module).then(|| missing(&place.root.join("src"), path)).flatten()
        })
        .map(|path| format!("'src/{path}' does not exist"))
        .collect()
}

/// Every broken reference in `text`, the content of `file` (relative to `root`).
fn check_text(root: &Path, file: &str, text: &str) -> Vec<Finding> {
    let modules = source_folders(root);
    let folder = root.join(file).parent().map(Path::to_path_buf).unwrap_or_else(|| root.to_path_buf());
    let place = Place { root, folder: &folder, kind: kind_of(Path::new(file)), modules: &modules };
    let mut findings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let prose = prose(line, place.kind);
        let mut problems = outside_documents(prose);
        problems.extend(rooted_paths(&place, prose));
        problems.extend(bare_names(&place, prose));
        if place.kind == Kind::Document {
            problems.extend(document_links(&place, prose));
            problems.extend(module_paths(&place, prose));
        }
        findings.extend(problems.into_iter().map(|problem| Finding {
            file: file.to_owned(),
            line: index + 1,
            problem,
        }));
    }
    findings
}

#[test]
fn every_referenced_file_is_in_the_repository() {
    let root = root();
    let files = scanned_files(&root);
    assert!(files.len() > 100, "too few files scanned: {}", files.len());
    let mut findings = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("a readable text file");
        let file =
            path.strip_prefix(&root).expect("a file under the root").to_string_lossy().replace('\\', "/");
        findings.extend(check_text(&root, &file, &text));
    }
    let lines: Vec<String> = findings
        .iter()
        .map(|finding| format!("{}:{}: {}", finding.file, finding.line, finding.problem))
        .collect();
    assert!(lines.is_empty(), "{} broken reference(s):\n{}", lines.len(), lines.join("\n"));
}

#[test]
fn the_checker_finds_what_is_missing_and_nothing_else() {
    let root = root();
    let problems = |file: &str, text: &str| -> Vec<String> {
        check_text(&root, file, text).into_iter().map(|finding| finding.problem).collect()
    };
    let fine = [
        ("README.md", "See [the map](ARCHITECTURE.md#code-map) and `src/soap/fault.rs`."),
        (
            "README.md",
            "Globs `src/**/*.rs`, placeholders `tests/<binary>/` and `migrations/{sqlite,postgres}/`.",
        ),
        (
            "README.md",
            "`store/db/conn.rs::open`, `certs/dev/ca.pem`, `target/debug/x`, https://example.org/src/x.rs",
        ),
        (
            "src/lib.rs",
            "let url = \"https://x/src/nothing.rs\"; // see src/lib.rs:3 and `src/main.rs::main`.",
        ),
        ("src/lib.rs", "//! A bare name such as ARCHITECTURE.md, or code-style.md in docs/."),
        ("docs/README.md", "[adapters.md §7](contract/adapters.md#7-calendar-feeds-and-ics-import)"),
    ];
    for (file, text) in fine {
        assert_eq!(problems(file, text), Vec::<String>::new(), "{text}");
    }
    let broken = [
        ("README.md", "[gone](docs/missing.md)", "link target 'docs/missing.md' does not exist"),
        ("README.md", "`migrations/{sqlite,mysql}/`", "'migrations/mysql/' does not exist"),
        ("README.md", "`store/nothing.rs`", "'src/store/nothing.rs' does not exist"),
        ("src/lib.rs", "/// Built from tools/nothing.sh.", "'tools/nothing.sh' does not exist"),
        ("src/lib.rs", "// see background.md", "'background.md' is in the repository neither"),
        (
            "src/lib.rs",
            // Split so that this fixture is not itself a pointer outside the repository.
            concat!("//! As old/shared", "/spec/x.md says"),
            "'shared/spec' is a document outside the repository",
        ),
        ("src/lib.rs", "//! See style.md §3", "'style.md' is a document outside the repository"),
    ];
    for (file, text, expected) in broken {
        let found = problems(file, text);
        assert!(found.iter().any(|problem| problem.starts_with(expected)), "{text}: {found:?}");
    }
}
