//! The delivery job's queries. Any instance may claim a due reminder with a lease; a crashed
//! instance's lease runs out and another takes over. A message is marked `sending` (committed)
//! before its SMS goes: one found `sending` by whoever claims the reminder next was cut off
//! between the two and is never sent again, so each learner gets at most one SMS a reminder.

use sqlx::FromRow;

use crate::StoreError;
use crate::areas::Reminders;
use crate::reminders::{REMINDER_COLUMNS, ReminderRow};

/// A queued message with what its text and its SMS need.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct QueuedMessage {
    pub id: i64,
    pub learner_id: i64,
    pub name: String,
    pub phone: String,
    /// 接收学习提醒短信 (1 on, 0 off).
    pub reminder_sms: i64,
    pub first_required_year: Option<i64>,
    pub professional_tenths: i64,
    pub public_tenths: i64,
    pub attempts: i64,
}

/// What became of one SMS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsResult {
    Sent,
    Failed(String),
    /// Refused; tried again from the time given.
    Retry(String, i64),
}

/// How a message that needs no SMS ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    Skipped,
}

impl Outcome {
    fn state(self) -> &'static str {
        match self {
            Outcome::Sent => "sent",
            Outcome::Skipped => "skipped",
        }
    }
}

/// Why a message found `sending` is not sent again.
pub const INTERRUPTED: &str = "发送过程中断（实例退出），无法确认是否送达，为避免重复不再重发";

impl Reminders<'_> {
    /// Claims the earliest due reminder whose lease is free (or already `owner`'s) until
    /// `lease_until`, and reconciles messages a previous holder left `sending`.
    pub async fn claim_due(
        &self,
        owner: &str,
        now: i64,
        lease_until: i64,
    ) -> Result<Option<ReminderRow>, StoreError> {
        let (_gate, mut tx) = self.begin_write().await?;
        let free = "(lease_until IS NULL OR lease_until < $3 OR lease_owner = $1)";
        let claimed: Option<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "UPDATE reminders SET lease_owner = $1, lease_until = $2, status = 'running' \
             WHERE id = (SELECT id FROM reminders WHERE status IN ('scheduled', 'running') AND send_at <= $3 AND {free} \
             ORDER BY send_at, id LIMIT 1) AND status IN ('scheduled', 'running') AND {free} RETURNING id"
        )))
        .bind(owner)
        .bind(lease_until)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = claimed else {
            tx.rollback().await?;
            return Ok(None);
        };
        sqlx::query("UPDATE reminder_messages SET state = 'failed', error = $1 WHERE reminder_id = $2 AND state = 'sending'")
            .bind(INTERRUPTED)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query_as::<_, ReminderRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders r WHERE r.id = $1"
        )))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(row))
    }

    /// Extends `owner`'s lease; `false` when it lost it (another instance took over, or the
    /// reminder was cancelled).
    pub async fn renew(&self, id: i64, owner: &str, lease_until: i64) -> Result<bool, StoreError> {
        let (_gate, mut conn) = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE reminders SET lease_until = $1 WHERE id = $2 AND lease_owner = $3 AND status = 'running'",
        )
        .bind(lease_until)
        .bind(id)
        .bind(owner)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        conn.commit().await?;
        Ok(n == 1)
    }

    /// Lets the lease go (the work waits, e.g. for quiet hours to end).
    pub async fn release(&self, id: i64, owner: &str) -> Result<(), StoreError> {
        let (_gate, mut conn) = self.begin_write().await?;
        sqlx::query("UPDATE reminders SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2")
            .bind(id)
            .bind(owner)
            .execute(&mut *conn)
            .await?;
        conn.commit().await?;
        Ok(())
    }

    /// The next queued messages of a reminder that may go at `now`, oldest first, with each
    /// learner's credits of the reminder's year.
    pub async fn next_batch(
        &self,
        reminder: &ReminderRow,
        now: i64,
        most: i64,
    ) -> Result<Vec<QueuedMessage>, StoreError> {
        Ok(sqlx::query_as::<_, QueuedMessage>(
            "SELECT m.id, m.learner_id, l.name, l.phone, l.reminder_sms, l.first_required_year, \
             CAST((SELECT COALESCE(SUM(c.credits_tenths), 0) FROM credit_records c WHERE c.learner_id = l.id AND c.year = $2 AND c.category = 'professional') AS BIGINT) AS professional_tenths, \
             CAST((SELECT COALESCE(SUM(c.credits_tenths), 0) FROM credit_records c WHERE c.learner_id = l.id AND c.year = $2 AND c.category = 'public') AS BIGINT) AS public_tenths, \
             m.attempts \
             FROM reminder_messages m JOIN learners l ON l.id = m.learner_id \
             WHERE m.reminder_id = $1 AND m.state = 'queued' AND m.not_before <= $3 ORDER BY m.id LIMIT $4",
        )
        .bind(reminder.id)
        .bind(reminder.year)
        .bind(now)
        .bind(most)
        .fetch_all(self.pool())
        .await?)
    }

    /// Starts a batch in one transaction, while the reminder still runs: the messages that need
    /// no SMS end now (`in_app`: id, outcome, text), those whose SMS goes next are marked
    /// `sending` (`sms`: id, text) and committed before any of them is sent. Returns the ids
    /// actually marked (a message no longer queued is left alone), or `None` when the reminder
    /// does not run any more (cancelled): then nothing was changed and nothing may go.
    pub async fn start_batch(
        &self,
        reminder_id: i64,
        in_app: &[(i64, Outcome, String)],
        sms: &[(i64, String)],
        now: i64,
    ) -> Result<Option<Vec<i64>>, StoreError> {
        let (_gate, mut tx) = self.begin_write().await?;
        // A write first, not a read: on SQLite a transaction that read before it writes cannot
        // wait for another instance's write lock (it is refused at once), one that writes first can.
        let running = sqlx::query(
            "UPDATE reminders SET lease_until = lease_until WHERE id = $1 AND status = 'running'",
        )
        .bind(reminder_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if running == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        for (id, outcome, text) in in_app {
            sqlx::query("UPDATE reminder_messages SET state = $1, text = $2, sent_at = $3 WHERE id = $4 AND state = 'queued'")
                .bind(outcome.state())
                .bind(text)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let mut marked = Vec::with_capacity(sms.len());
        for (id, text) in sms {
            let n = sqlx::query(
                "UPDATE reminder_messages SET state = 'sending', attempts = attempts + 1, text = $1 WHERE id = $2 AND state = 'queued'",
            )
            .bind(text)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if n == 1 {
                marked.push(*id);
            }
        }
        tx.commit().await?;
        Ok(Some(marked))
    }

    /// Ends a batch's SMS in one transaction: each sent, failed with the gateway's reason, or
    /// queued again until `not_before` for another try.
    pub async fn finish_batch(
        &self,
        results: &[(i64, SmsResult)],
        now: i64,
    ) -> Result<(), StoreError> {
        let (_gate, mut tx) = self.begin_write().await?;
        for (id, result) in results {
            let q = match result {
                SmsResult::Sent => sqlx::query("UPDATE reminder_messages SET state = 'sent', sent_at = $1 WHERE id = $2 AND state = 'sending'")
                    .bind(now)
                    .bind(*id),
                SmsResult::Failed(reason) => sqlx::query(
                    "UPDATE reminder_messages SET state = 'failed', error = $1, sent_at = $2 WHERE id = $3 AND state = 'sending'",
                )
                .bind(reason.clone())
                .bind(now)
                .bind(*id),
                SmsResult::Retry(reason, not_before) => sqlx::query(
                    "UPDATE reminder_messages SET state = 'queued', error = $1, not_before = $2 WHERE id = $3 AND state = 'sending'",
                )
                .bind(reason.clone())
                .bind(*not_before)
                .bind(*id),
            };
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Takes one of `per_second` SMS slots of the second `second`, shared by every instance.
    pub async fn take_sms_slot(&self, second: i64, per_second: i64) -> Result<bool, StoreError> {
        let (_gate, mut conn) = self.begin_write().await?;
        let n = sqlx::query(
            "INSERT INTO reminder_sms_rate (second, sent) VALUES ($1, 1) \
             ON CONFLICT (second) DO UPDATE SET sent = reminder_sms_rate.sent + 1 WHERE reminder_sms_rate.sent < $2",
        )
        .bind(second)
        .bind(per_second)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        sqlx::query("DELETE FROM reminder_sms_rate WHERE second < $1")
            .bind(second - 60)
            .execute(&mut *conn)
            .await?;
        conn.commit().await?;
        Ok(n == 1)
    }

    /// Marks the reminder done once nothing of it is queued or sending; `true` if it now is.
    pub async fn finish_if_done(&self, reminder_id: i64, now: i64) -> Result<bool, StoreError> {
        let (_gate, mut conn) = self.begin_write().await?;
        let n = sqlx::query(
            "UPDATE reminders SET status = 'done', finished_at = $1, lease_owner = NULL, lease_until = NULL \
             WHERE id = $2 AND status = 'running' AND NOT EXISTS \
             (SELECT 1 FROM reminder_messages m WHERE m.reminder_id = $2 AND m.state IN ('queued', 'sending'))",
        )
        .bind(now)
        .bind(reminder_id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        conn.commit().await?;
        Ok(n == 1)
    }
}
