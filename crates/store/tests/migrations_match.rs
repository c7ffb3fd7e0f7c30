//! The two migration folders must describe the same schema: the same versions, and in each
//! version the same tables with the same columns, the same added columns and the same indexes.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

type Schema = BTreeMap<String, Vec<String>>;

/// Tables with their column names, columns added to existing tables, and indexes with their
/// definitions.
fn shape(sql: &str) -> Schema {
    let mut schema = Schema::new();
    let mut current: Option<String> = None;
    for line in sql.lines() {
        let line = line.trim();
        if line.starts_with("--") || line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
            let name = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            schema.insert(format!("table {name}"), Vec::new());
            current = Some(name);
        } else if line.starts_with(");") {
            current = None;
        } else if let Some(rest) = line.strip_prefix("ALTER TABLE ") {
            let mut words = rest.split_whitespace();
            let table = words.next().unwrap_or_default();
            let column = match (words.next(), words.next(), words.next()) {
                (Some("ADD"), Some("COLUMN"), Some(column)) => column,
                // A changed CHECK: PostgreSQL alters the constraint, SQLite rebuilds the table
                // (`CREATE TABLE t_new …; INSERT; DROP TABLE t; ALTER TABLE t_new RENAME TO t`).
                (Some("ADD" | "DROP"), Some("CONSTRAINT"), _) => {
                    schema.insert(format!("constraints {table}"), Vec::new());
                    continue;
                }
                (Some("RENAME"), Some("TO"), Some(to)) => {
                    let to = to.trim_end_matches(';');
                    schema.remove(&format!("table {table}"));
                    schema.insert(format!("constraints {to}"), Vec::new());
                    continue;
                }
                _ => {
                    panic!("only ALTER TABLE … ADD COLUMN or CONSTRAINT is supported here: {line}")
                }
            };
            schema
                .entry(format!("alter {table}"))
                .or_default()
                .push(column.to_string());
        } else if line.starts_with("CREATE ") && line.contains("INDEX") {
            schema.insert(format!("index {line}"), Vec::new());
        } else if let Some(table) = &current {
            let first = line.split_whitespace().next().unwrap_or_default();
            if !matches!(first, "UNIQUE" | "PRIMARY" | "CHECK" | "FOREIGN" | "--") {
                schema
                    .entry(format!("table {table}"))
                    .or_default()
                    .push(first.to_string());
            }
        }
    }
    // A rebuilt table's indexes are made again in SQLite; in PostgreSQL they stay as they were.
    let rebuilt: Vec<String> = schema
        .keys()
        .filter_map(|k| k.strip_prefix("constraints ").map(str::to_string))
        .collect();
    schema.retain(|k, _| {
        !(k.starts_with("index ") && rebuilt.iter().any(|t| k.contains(&format!(" ON {t}("))))
    });
    schema
}

fn versions(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
        out.insert(name, text);
    }
    out
}

#[test]
fn sqlite_and_postgres_migrations_describe_the_same_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let sqlite = versions(&root.join("sqlite"));
    let postgres = versions(&root.join("postgres"));
    assert_eq!(
        sqlite.keys().collect::<Vec<_>>(),
        postgres.keys().collect::<Vec<_>>(),
        "same versions in both folders"
    );
    assert!(!sqlite.is_empty());
    for (version, sqlite_sql) in &sqlite {
        let a = shape(sqlite_sql);
        let b = shape(&postgres[version]);
        assert!(!a.is_empty(), "{version} changes the schema");
        assert_eq!(a, b, "{version} differs between SQLite and PostgreSQL");
    }
}
