//! Named counters, advanced inside the caller's transaction.

use sqlx::{Any, Executor};

use crate::StoreError;

/// Advances the counter and returns its new value. The row stays locked until the caller's
/// transaction ends, so values follow commit order.
pub async fn next<'e, E>(db: E, name: &str) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    advance(db, name, 1).await
}

/// Advances the counter by `n` (values for `n` rows at once) and returns the last of them.
pub async fn advance<'e, E>(db: E, name: &str, n: i64) -> Result<i64, StoreError>
where
    E: Executor<'e, Database = Any>,
{
    Ok(
        sqlx::query_scalar(
            "UPDATE counters SET value = value + $1 WHERE name = $2 RETURNING value",
        )
        .bind(n)
        .bind(name)
        .fetch_one(db)
        .await?,
    )
}
