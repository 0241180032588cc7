//! The two migration trees stay in step (style.md §4): the same migration names in the same
//! order, each with an `up.sql` and a `down.sql`.

use std::path::Path;

fn migration_names(backend: &str) -> Vec<String> {
    let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let mut names: Vec<String> = std::fs::read_dir(&tree)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", tree.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_dir())
        .inspect(|path| {
            for file in ["up.sql", "down.sql"] {
                assert!(path.join(file).is_file(), "{} has no {file}", path.display());
            }
        })
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn both_trees_have_the_same_migrations_in_the_same_order() {
    let sqlite = migration_names("sqlite");
    let postgres = migration_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres differ; see migrations/README.md"
    );
}
