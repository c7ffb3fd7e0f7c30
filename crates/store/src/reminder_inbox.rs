//! The learner's 消息: the in-app side of each reminder that reached them (its SMS sent, failed
//! or skipped), read once opened; and 接收学习提醒短信, the learner's opt-out.

use sqlx::FromRow;

use crate::StoreError;
use crate::areas::Reminders;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct InboxRow {
    pub id: i64,
    pub title: String,
    pub text: String,
    pub sent_at: i64,
    pub read_at: Option<i64>,
}

pub(crate) const DELIVERED: &str = "m.state IN ('sent', 'failed', 'skipped')";

impl Reminders<'_> {
    /// The learner's messages, newest first (bounded).
    pub async fn inbox(&self, learner_id: i64, most: i64) -> Result<Vec<InboxRow>, StoreError> {
        Ok(sqlx::query_as::<_, InboxRow>(sqlx::AssertSqlSafe(format!(
            "SELECT m.id, r.title, COALESCE(m.text, r.text) AS text, COALESCE(m.sent_at, r.send_at) AS sent_at, m.read_at \
             FROM reminder_messages m JOIN reminders r ON r.id = m.reminder_id \
             WHERE m.learner_id = $1 AND {DELIVERED} ORDER BY m.id DESC LIMIT $2"
        )))
        .bind(learner_id)
        .bind(most)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn unread(&self, learner_id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM reminder_messages m WHERE m.learner_id = $1 AND {DELIVERED} AND m.read_at IS NULL"
        )))
        .bind(learner_id)
        .fetch_one(self.pool())
        .await?)
    }

    /// One of the learner's messages (else `NotFound`).
    pub async fn message_of(&self, learner_id: i64, id: i64) -> Result<InboxRow, StoreError> {
        sqlx::query_as::<_, InboxRow>(sqlx::AssertSqlSafe(format!(
            "SELECT m.id, r.title, COALESCE(m.text, r.text) AS text, COALESCE(m.sent_at, r.send_at) AS sent_at, m.read_at \
             FROM reminder_messages m JOIN reminders r ON r.id = m.reminder_id \
             WHERE m.learner_id = $1 AND m.id = $2 AND {DELIVERED}"
        )))
        .bind(learner_id)
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Marks one of the learner's messages read (the first time only).
    pub async fn mark_read(&self, learner_id: i64, id: i64, now: i64) -> Result<(), StoreError> {
        let (_gate, mut conn) = self.begin_write().await?;
        sqlx::query("UPDATE reminder_messages SET read_at = $1 WHERE id = $2 AND learner_id = $3 AND read_at IS NULL")
            .bind(now)
            .bind(id)
            .bind(learner_id)
            .execute(&mut *conn)
            .await?;
        conn.commit().await?;
        Ok(())
    }

    pub async fn reminder_sms(&self, learner_id: i64) -> Result<bool, StoreError> {
        let on: Option<i64> = sqlx::query_scalar("SELECT reminder_sms FROM learners WHERE id = $1")
            .bind(learner_id)
            .fetch_optional(self.pool())
            .await?;
        on.map(|v| v != 0).ok_or(StoreError::NotFound)
    }

    pub async fn set_reminder_sms(&self, learner_id: i64, on: bool) -> Result<(), StoreError> {
        let (_gate, mut conn) = self.begin_write().await?;
        sqlx::query("UPDATE learners SET reminder_sms = $1 WHERE id = $2")
            .bind(i64::from(on))
            .bind(learner_id)
            .execute(&mut *conn)
            .await?;
        conn.commit().await?;
        Ok(())
    }
}
