//! The durable outbox of signed webhooks to schools: written in the transaction of the change it
//! reports, delivered later with retries, every attempt recorded.

use crate::areas::Webhooks;
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;

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

/// How long a claimed message is left to its claimer before another instance (or this one,
/// after a crash) tries it again: longer than one delivery (its 10 s timeout), short enough
/// that a delivery cut off by a crash is retried within a minute.
pub const CLAIM_SECS: i64 = 60;
/// Messages delivered per round.
pub const ROUND: i64 = 20;

/// Attempts stop after this many failures (about two days with the backoff below).
pub const MAX_ATTEMPTS: i64 = 20;

/// What an attempt says until its outcome is written: what a crash mid-delivery leaves.
pub const INTERRUPTED: &str = "投递中断：发送过程中服务停止，稍后重试";

/// Seconds to wait after the `attempts`-th failure: 30 s doubling, at most 6 hours.
pub fn backoff_secs(attempts: i64) -> i64 {
    let exp = u32::try_from(attempts.clamp(0, 20)).unwrap_or(20);
    (30_i64.saturating_mul(2_i64.saturating_pow(exp))).min(6 * 3600)
}

impl Webhooks<'_> {
    /// Claims the oldest message due now, if any, and counts the attempt at once: its next
    /// attempt moves `CLAIM_SECS` ahead (no other instance takes it meanwhile), `attempts` goes
    /// up and `last_error` says "interrupted" until the outcome replaces it. A crash during the
    /// delivery thus leaves a recorded attempt that is retried within a minute.
    pub async fn claim_next_webhook(&self, now: i64) -> Result<Option<OutboxRow>, StoreError> {
        for _ in 0..3 {
            let due: Option<OutboxRow> = sqlx::query_as(
                "SELECT id, institution_id, event, payload, attempts, next_attempt_at, delivered_at, last_error FROM webhook_outbox \
                 WHERE delivered_at IS NULL AND attempts < $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at, id LIMIT 1",
            )
            .bind(MAX_ATTEMPTS)
            .bind(now)
            .fetch_optional(self.pool())
            .await?;
            let Some(row) = due else { return Ok(None) };
            let _gate = self.write_gate().await;
            let n = sqlx::query(
                "UPDATE webhook_outbox SET next_attempt_at = $1, attempts = attempts + 1, last_error = $2 \
                 WHERE id = $3 AND next_attempt_at = $4 AND delivered_at IS NULL",
            )
            .bind(now + CLAIM_SECS)
            .bind(INTERRUPTED)
            .bind(row.id)
            .bind(row.next_attempt_at)
            .execute(self.pool())
            .await?
            .rows_affected();
            if n == 1 {
                return Ok(Some(OutboxRow {
                    attempts: row.attempts + 1,
                    next_attempt_at: now + CLAIM_SECS,
                    last_error: Some(INTERRUPTED.to_string()),
                    ..row
                }));
            }
            // Another instance claimed it first: look for the next one.
        }
        Ok(None)
    }

    /// The claimed attempt went through.
    pub async fn webhook_delivered(&self, id: i64, now: i64) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("UPDATE webhook_outbox SET delivered_at = $1, last_error = NULL WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The claimed attempt (the `attempts`-th) failed: its reason, and the next try after the
    /// backoff.
    pub async fn webhook_failed(
        &self,
        id: i64,
        attempts: i64,
        error: &str,
        now: i64,
    ) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "UPDATE webhook_outbox SET last_error = $1, next_attempt_at = $2 WHERE id = $3",
        )
        .bind(error.chars().take(500).collect::<String>())
        .bind(now + backoff_secs(attempts - 1))
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
