//! Multi-row `INSERT … VALUES (…), (…)` with bound parameters, within each backend's limit of
//! parameters a statement. Statements of one size repeat, so sqlx's per-connection statement
//! cache prepares each shape once.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe};

use jxjy_store::{Backend, StoreError};

pub type AnyQuery<'q> = Query<'q, Any, AnyArguments>;

/// A row of one table, binding its values in `COLUMNS` order.
pub trait Row {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q>;
}

/// Parameters a statement may carry: SQLite's default limit is 32766, PostgreSQL's 65535.
fn max_params(backend: Backend) -> usize {
    match backend {
        Backend::Sqlite => 32_766,
        Backend::Postgres => 65_535,
    }
}

/// Rows a statement: as many as the limit allows, at most 1000 (bigger statements stop paying).
fn rows_per_statement<R: Row>(backend: Backend) -> usize {
    (max_params(backend) / R::COLUMNS.len()).clamp(1, 1000)
}

/// `$1, $2, …` on PostgreSQL; plain `?` on SQLite, whose lookup of a numbered parameter's name
/// walks the list of all names, which makes binding a statement of n `$N` parameters cost n².
fn insert_sql<R: Row>(backend: Backend, rows: usize) -> String {
    let cols = R::COLUMNS.len();
    let mut sql = format!(
        "INSERT INTO {} ({}) VALUES ",
        R::TABLE,
        R::COLUMNS.join(", ")
    );
    let mut n = 1;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..cols {
            if c > 0 {
                sql.push_str(", ");
            }
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                    n += 1;
                }
            }
        }
        sql.push(')');
    }
    sql
}

/// Inserts every row, in statements of `rows_per_statement` rows.
pub async fn insert_all<R: Row>(
    conn: &mut AnyConnection,
    backend: Backend,
    rows: &[R],
) -> Result<(), StoreError> {
    let per = rows_per_statement::<R>(backend);
    let full_sql = insert_sql::<R>(backend, per);
    for chunk in rows.chunks(per) {
        let sql = if chunk.len() == per {
            full_sql.clone()
        } else {
            insert_sql::<R>(backend, chunk.len())
        };
        let mut q = sqlx::query(AssertSqlSafe(sql));
        for row in chunk {
            q = row.bind(q);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Two;
    impl Row for Two {
        const TABLE: &'static str = "t";
        const COLUMNS: &'static [&'static str] = &["a", "b"];
        fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
            q.bind(1_i64).bind(2_i64)
        }
    }

    #[test]
    fn statements_number_their_parameters_and_respect_the_limits() {
        assert_eq!(
            insert_sql::<Two>(Backend::Postgres, 2),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)"
        );
        assert_eq!(
            insert_sql::<Two>(Backend::Sqlite, 2),
            "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)"
        );
        assert_eq!(rows_per_statement::<Two>(Backend::Sqlite), 1000);
        struct Wide;
        impl Row for Wide {
            const TABLE: &'static str = "w";
            const COLUMNS: &'static [&'static str] = &["c"; 40];
            fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
                q
            }
        }
        assert_eq!(rows_per_statement::<Wide>(Backend::Sqlite), 819);
        assert!(rows_per_statement::<Wide>(Backend::Sqlite) * 40 <= 32_766);
    }
}
