//! A pooled SQLite connection must never be handed out again inside a transaction.
//!
//! When SQLite rolls a transaction back by itself (SQLITE_FULL or SQLITE_IOERR at commit on a
//! full disk), sqlx's own `ROLLBACK` fails and its transaction depth stays at 1. Reused, that
//! connection opens the next "transaction" as a SAVEPOINT; the first of those that is rolled
//! back (any refused write) leaves SQLite inside a transaction that nothing ever commits, so
//! every later write on the connection answers success and is lost at restart, while the
//! connection holds the write lock against all others. This test puts a connection in exactly
//! the state SQLite's automatic rollback leaves and checks that nothing acknowledged is lost.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jxjy_store::Store;

async fn probes_at(store: &Store, at: i64) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM ops_probe WHERE checked_at = $1")
        .bind(at)
        .fetch_one(store.pool())
        .await
        .unwrap()
}

async fn insert(tx: &mut sqlx::Transaction<'static, sqlx::Any>, at: i64) {
    sqlx::query("INSERT INTO ops_probe (checked_at, pad) VALUES ($1, $2)")
        .bind(at)
        .bind(vec![0_u8; 16])
        .execute(&mut **tx)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_transaction_sqlite_rolled_back_by_itself_does_not_swallow_later_commits() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/reuse.db", dir.path().display());
    // One connection: every step below runs on the same one, as under load it would.
    let store = Store::connect(&url, 1).await.unwrap();
    store.migrate().await.unwrap();

    // 1. SQLite ends the transaction by itself; sqlx does not know.
    {
        let (_gate, mut tx) = store.begin_write().await.unwrap();
        insert(&mut tx, 1).await;
        sqlx::query("ROLLBACK").execute(&mut *tx).await.unwrap();
        drop(tx);
    }
    // 2. A later write is refused and rolled back (a conflict, another full-disk error).
    {
        let (_gate, mut tx) = store.begin_write().await.unwrap();
        insert(&mut tx, 2).await;
        drop(tx);
    }
    // 3. A write that commits, and is acknowledged.
    {
        let (_gate, mut tx) = store.begin_write().await.unwrap();
        insert(&mut tx, 3).await;
        tx.commit().await.unwrap();
    }
    store.close().await;

    // After a restart the acknowledged write is there, and nothing else.
    let again = Store::connect(&url, 1).await.unwrap();
    assert_eq!(
        probes_at(&again, 3).await,
        1,
        "an acknowledged commit was lost"
    );
    assert_eq!(probes_at(&again, 1).await + probes_at(&again, 2).await, 0);
    again.close().await;
}
