//! The durable outbox of signed webhooks to schools: written in the transaction of the change it
//! reports, delivered later with retries, every attempt recorded.

use sqlx::{Any, Executor, FromRow};

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub institution_id: i64,
    pub event: String,
    pub payload: String,
    pub attempts: i64,
    pub next_attempt_at: i64,
    pub delivered_at: Option<i64>,
    pub last_error: Option<String>,
}

pub async fn enqueue<'e, E>(
    db: E,
    institution_id: i64,
    event: &str,
    payload: &str,
    now: i64,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query("INSERT INTO webhook_outbox (institution_id, event, payload, next_attempt_at, created_at) VALUES ($1, $2, $3, $4, $4)")
        .bind(institution_id)
        .bind(event)
        .bind(payload)
        .bind(now)
        .execute(db)
        .await?;
    Ok(())
}

/// How long a claimed message is left to its claimer before another instance may take it:
/// longer than a round of deliveries (at most `ROUND` messages of 10 s each).
pub const CLAIM_SECS: i64 = 600;
/// Messages claimed per round.
pub const ROUND: i64 = 20;

/// Attempts stop after this many failures (about two days with the backoff below).
pub const MAX_ATTEMPTS: i64 = 20;

/// Seconds to wait after the `attempts`-th failure: 30 s doubling, at most 6 hours.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    (30_i64.saturating_mul(2_i64.saturating_pow(exp))).min(6 * 3600)
}

impl Store {
    /// Messages due now, oldest first. Each is claimed by moving its next attempt forward, so
    /// two instances do not deliver the same message at the same time.
    pub async fn claim_due_webhooks(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        let due: Vec<OutboxRow> = sqlx::query_as(
            "SELECT id, institution_id, event, payload, attempts, next_attempt_at, delivered_at, last_error FROM webhook_outbox \
             WHERE delivered_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT $3",
        )
        .bind(MAX_ATTEMPTS)
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        let mut claimed = Vec::new();
        for row in due {
            let n = sqlx::query("UPDATE webhook_outbox SET next_attempt_at = $1 WHERE id = $2 AND next_attempt_at = $3 AND delivered_at IS NULL")
                .bind(now + CLAIM_SECS)
                .bind(row.id)
                .bind(row.next_attempt_at)
                .execute(self.pool())
                .await?
                .rows_affected();
            if n == 1 {
                claimed.push(row);
            }
        }
        Ok(claimed)
    }

    pub async fn webhook_delivered(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE webhook_outbox SET delivered_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn webhook_failed(
        &self,
        id: i64,
        attempts_before: i64,
        error: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE webhook_outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2 WHERE id = $3")
            .bind(error.chars().take(500).collect::<String>())
            .bind(now + backoff_secs(attempts_before))
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn webhooks_of_institution(
        &self,
        institution_id: i64,
    ) -> Result<Vec<OutboxRow>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, institution_id, event, payload, attempts, next_attempt_at, delivered_at, last_error FROM webhook_outbox \
             WHERE institution_id = $1 ORDER BY id DESC LIMIT 100",
        )
        .bind(institution_id)
        .fetch_all(self.pool())
        .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backoff_doubles_and_is_capped() {
        assert_eq!(backoff_secs(0), 30);
        assert_eq!(backoff_secs(1), 60);
        assert_eq!(backoff_secs(3), 240);
        assert_eq!(backoff_secs(19), 6 * 3600);
    }
}
