//! The two migration trees stay in step: the same migration names in the same
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

use std::collections::BTreeMap;

use diesel::sql_types::Text;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};

use crate::support::{db, postgres, store};

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
}

type Tables = BTreeMap<String, Vec<String>>;

fn tables(columns: Vec<Column>) -> Tables {
    let mut tables = Tables::new();
    for column in columns.into_iter().filter(|c| !c.table_name.starts_with("__diesel")) {
        tables.entry(column.table_name).or_default().push(column.column_name);
    }
    tables.values_mut().for_each(|columns| columns.sort());
    tables
}

fn migrated_store(url: &str) {
    store::migrated(&store::config(url, 1));
}

fn sqlite_tables() -> Tables {
    let database = db::fresh_sqlite();
    migrated_store(&database.url);
    let mut conn = SqliteConnection::establish(&database.url).unwrap();
    let columns = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
    )
    .load(&mut conn)
    .unwrap();
    tables(columns)
}

#[test]
fn both_backends_get_the_same_tables_and_columns() {
    let Some(database) = postgres::database() else { return };
    migrated_store(&database.url);
    let mut conn = PgConnection::establish(&database.url).unwrap();
    let columns = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name \
         FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .load(&mut conn)
    .unwrap();
    let postgres = tables(columns);
    let sqlite = sqlite_tables();
    assert!(sqlite.contains_key("occupancy") && sqlite.contains_key("bookings"), "{sqlite:?}");
    assert_eq!(sqlite, postgres, "the two migration trees give different schemas");
}
