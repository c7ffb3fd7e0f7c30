//! The bench rows on PostgreSQL: `COPY` into tables whose secondary indexes are dropped for
//! the load and built again after it, as a bulk load into PostgreSQL is done. Multi-row
//! inserts through `Any` took 96 s for 100,000 learners, most of it index maintenance row by
//! row and the value conversion of every parameter; a 2-million-learner province is 46 million
//! rows. While it runs the tables have no secondary indexes, and a chunk's rows are committed
//! before its counters (the `Any` transaction after them): a load that stops half-way leaves a
//! database to drop and build again, which `bench/bench.py` does when it finds no manifest.

use sqlx::pool::PoolConnection;
use sqlx::{Connection, Postgres};

use super::bulk::copy_all;
use super::chunk::Chunk;
use jxjy_store::{Store, StoreError};

/// The tables the bench rows go to.
const TABLES: [&str; 7] = [
    "learners",
    "enrollments",
    "payments",
    "claims",
    "credit_records",
    "reviews",
    "audit_log",
];

pub(super) struct PgLoad {
    conn: PoolConnection<Postgres>,
    /// The `CREATE INDEX` statements of the indexes dropped for the load.
    dropped: Vec<String>,
}

impl PgLoad {
    /// On PostgreSQL, a connection of the native driver with the tables' secondary indexes
    /// dropped; `None` on SQLite.
    pub(super) async fn begin(store: &Store) -> Result<Option<PgLoad>, StoreError> {
        let Some(pool) = store.native_postgres() else {
            return Ok(None);
        };
        let mut conn = pool.acquire().await?;
        // Index builds sort in memory rather than in temporary files.
        sqlx::query("SET maintenance_work_mem = '512MB'")
            .execute(&mut *conn)
            .await?;
        // Indexes that back a constraint (primary keys, UNIQUE constraints) stay: the rows
        // come in id order, so keeping them costs little, and they keep the load honest.
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT c.relname::text, pg_get_indexdef(i.indexrelid) \
             FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid \
             JOIN pg_class t ON t.oid = i.indrelid \
             WHERE t.relname = ANY($1) AND t.relnamespace = current_schema()::regnamespace \
             AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) \
             ORDER BY c.relname",
        )
        .bind(&TABLES[..])
        .fetch_all(&mut *conn)
        .await?;
        let mut tx = conn.begin().await?;
        for (name, _) in &indexes {
            sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\"")))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(Some(PgLoad {
            conn,
            dropped: indexes.into_iter().map(|(_, def)| def).collect(),
        }))
    }

    /// A chunk's rows, in one transaction.
    pub(super) async fn write(&mut self, chunk: &Chunk<'_>) -> Result<(), StoreError> {
        let mut tx = self.conn.begin().await?;
        copy_all(&mut tx, &chunk.learners).await?;
        copy_all(&mut tx, &chunk.enrollments).await?;
        copy_all(&mut tx, &chunk.payments).await?;
        copy_all(&mut tx, &chunk.claims).await?;
        copy_all(&mut tx, &chunk.credits).await?;
        copy_all(&mut tx, &chunk.reviews).await?;
        copy_all(&mut tx, &chunk.audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Builds the dropped indexes again (a unique one fails here if the load broke it).
    pub(super) async fn finish(mut self) -> Result<(), StoreError> {
        for def in &self.dropped {
            sqlx::query(sqlx::AssertSqlSafe(def.clone()))
                .execute(&mut *self.conn)
                .await?;
        }
        Ok(())
    }
}
