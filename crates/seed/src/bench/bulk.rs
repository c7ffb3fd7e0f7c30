//! Writing rows in bulk. Every row states its values once (`Row::put`), and two sinks take
//! them: multi-row `INSERT … VALUES (…), (…)` with bound parameters, within each backend's limit
//! of parameters a statement (statements of one size repeat, so sqlx's per-connection statement
//! cache prepares each shape once), and PostgreSQL's `COPY … FROM STDIN` in its text format.

use sqlx::any::AnyArguments;
use sqlx::postgres::PgConnection;
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, AssertSqlSafe};

use jxjy_store::{Backend, StoreError};

pub type AnyQuery<'q> = Query<'q, Any, AnyArguments>;

/// A row of one table, giving its values in `COLUMNS` order.
pub trait Row {
    const TABLE: &'static str;
    const COLUMNS: &'static [&'static str];
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S;
}

/// Where a row's values go.
pub trait Sink {
    fn put<V: Value>(&mut self, v: V) -> &mut Self;
}

/// A value a bench row holds: an integer or a text, either of them possibly NULL.
pub trait Value {
    fn bind<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q>;
    /// The value in `COPY`'s text format.
    fn copy(&self, out: &mut Vec<u8>);
}

impl Value for i64 {
    fn bind<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self)
    }
    fn copy(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.to_string().as_bytes());
    }
}

impl Value for &'static str {
    fn bind<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self)
    }
    fn copy(&self, out: &mut Vec<u8>) {
        copy_text(self, out);
    }
}

impl Value for String {
    fn bind<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self)
    }
    fn copy(&self, out: &mut Vec<u8>) {
        copy_text(self, out);
    }
}

impl Value for Option<i64> {
    fn bind<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self)
    }
    fn copy(&self, out: &mut Vec<u8>) {
        copy_option(self.as_ref(), out);
    }
}

impl Value for Option<&'static str> {
    fn bind<'q>(self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self)
    }
    fn copy(&self, out: &mut Vec<u8>) {
        copy_option(self.as_ref(), out);
    }
}

/// `\N` is `COPY`'s NULL.
fn copy_option<V: Value>(v: Option<&V>, out: &mut Vec<u8>) {
    match v {
        Some(v) => v.copy(out),
        None => out.extend_from_slice(b"\\N"),
    }
}

/// A text in `COPY`'s text format: backslash, tab, newline and carriage return escaped.
fn copy_text(s: &str, out: &mut Vec<u8>) {
    for b in s.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(b),
        }
    }
}

/// Binds values to a query, in order.
struct Binder<'q>(Option<AnyQuery<'q>>);

impl Sink for Binder<'_> {
    fn put<V: Value>(&mut self, v: V) -> &mut Self {
        self.0 = self.0.take().map(|q| v.bind(q));
        self
    }
}

/// Writes values as the lines of a `COPY`, tab between them.
struct CopyLine<'b> {
    out: &'b mut Vec<u8>,
    first: bool,
}

impl Sink for CopyLine<'_> {
    fn put<V: Value>(&mut self, v: V) -> &mut Self {
        if !self.first {
            self.out.push(b'\t');
        }
        self.first = false;
        v.copy(self.out);
        self
    }
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
        let mut binder = Binder(Some(sqlx::query(AssertSqlSafe(sql))));
        for row in chunk {
            row.put(&mut binder);
        }
        if let Some(q) = binder.0 {
            q.execute(&mut *conn).await?;
        }
    }
    Ok(())
}

/// The rows of a `COPY` sent in pieces of about this many bytes.
const COPY_PIECE: usize = 1 << 20;

/// Writes every row with one `COPY … FROM STDIN` (PostgreSQL).
pub async fn copy_all<R: Row>(conn: &mut PgConnection, rows: &[R]) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let statement = format!("COPY {} ({}) FROM STDIN", R::TABLE, R::COLUMNS.join(", "));
    let mut copy = conn.copy_in_raw(&statement).await?;
    let mut buf = Vec::with_capacity(COPY_PIECE + 4096);
    for row in rows {
        copy_line(row, &mut buf);
        if buf.len() >= COPY_PIECE {
            copy.send(std::mem::take(&mut buf)).await?;
            buf.reserve(COPY_PIECE + 4096);
        }
    }
    if !buf.is_empty() {
        copy.send(buf).await?;
    }
    copy.finish().await?;
    Ok(())
}

fn copy_line<R: Row>(row: &R, out: &mut Vec<u8>) {
    row.put(&mut CopyLine { out, first: true });
    out.push(b'\n');
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    struct Two;
    impl Row for Two {
        const TABLE: &'static str = "t";
        const COLUMNS: &'static [&'static str] = &["a", "b"];
        fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
            s.put(1_i64).put(2_i64)
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
            fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
                s
            }
        }
        assert_eq!(rows_per_statement::<Wide>(Backend::Sqlite), 819);
        assert!(rows_per_statement::<Wide>(Backend::Sqlite) * 40 <= 32_766);
    }

    struct Odd;
    impl Row for Odd {
        const TABLE: &'static str = "o";
        const COLUMNS: &'static [&'static str] = &["a", "b", "c", "d"];
        fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
            s.put(-7_i64)
                .put(None::<i64>)
                .put("制表\t换行\n回车\r反斜杠\\".to_string())
                .put(Some("公需"))
        }
    }

    #[test]
    fn copy_lines_escape_what_the_text_format_reserves_and_write_null_as_backslash_n() {
        let mut out = Vec::new();
        copy_line(&Odd, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "-7\t\\N\t制表\\t换行\\n回车\\r反斜杠\\\\\t公需\n"
        );
    }
}
