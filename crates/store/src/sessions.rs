//! Sessions of learners and admins. Only a SHA-256 of the token is stored, so a copy of the
//! database does not hand out live sessions.

use crate::areas::Sessions;
use sqlx::FromRow;

use crate::{Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectKind {
    Learner,
    Admin,
}

impl SubjectKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubjectKind::Learner => "learner",
            SubjectKind::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub subject_kind: String,
    pub subject_id: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// Touching a session writes at most once a minute: reading a page must not cost a write.
const TOUCH_EVERY_SECS: i64 = 60;

impl Sessions<'_> {
    pub async fn create_session(
        &self,
        token_hash: &str,
        kind: SubjectKind,
        subject_id: i64,
        idle_secs: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(subject_id)
        .bind(now)
        .bind(now + idle_secs)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The live session of this kind for a token hash, its idle expiry pushed forward.
    pub async fn session(
        &self,
        token_hash: &str,
        kind: SubjectKind,
        idle_secs: i64,
        now: i64,
    ) -> Result<Option<SessionRow>, StoreError> {
        let row = sqlx::query_as::<_, SessionRow>(
            "SELECT token_hash, subject_kind, subject_id, last_seen_at, expires_at FROM sessions \
             WHERE token_hash = $1 AND subject_kind = $2 AND expires_at > $3",
        )
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        if let Some(s) = &row
            && now - s.last_seen_at >= TOUCH_EVERY_SECS
        {
            self.touch_later(token_hash, now, now + idle_secs);
        }
        Ok(row)
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Removes what has expired: sessions, SMS codes, flood counters, partner nonces.
    pub async fn purge_expired(&self, now: i64) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM employer_sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM sms_codes WHERE expires_at <= $1")
            .bind(now - 86_400)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM sms_daily WHERE last_sent_at <= $1")
            .bind(now - 3 * 86_400)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM rate_counters WHERE window_start <= $1")
            .bind(now - 3_600)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM partner_nonces WHERE expires_at <= $1")
            .bind(now)
            .execute(self.pool())
            .await?;
        sqlx::query("DELETE FROM handoff_tokens WHERE expires_at <= $1")
            .bind(now - 86_400)
            .execute(self.pool())
            .await?;
        // Delivered webhooks are kept 90 days as the record of what a school was told.
        sqlx::query(
            "DELETE FROM webhook_outbox WHERE delivered_at IS NOT NULL AND delivered_at <= $1",
        )
        .bind(now - 90 * 86_400)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}

impl Sessions<'_> {
    /// A live learner session with the learner's name, in one query (the home page's login box).
    pub async fn learner_session(
        &self,
        token_hash: &str,
        idle_secs: i64,
        now: i64,
    ) -> Result<Option<(i64, String)>, StoreError> {
        let row: Option<(i64, String, i64)> = sqlx::query_as(
            "SELECT l.id, l.name, s.last_seen_at FROM sessions s JOIN learners l ON l.id = s.subject_id \
             WHERE s.token_hash = $1 AND s.subject_kind = 'learner' AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        if let Some((_, _, last_seen)) = &row {
            self.touch_if_due(token_hash, *last_seen, idle_secs, now);
        }
        Ok(row.map(|(id, name, _)| (id, name)))
    }

    /// Pushes a learner session's idle expiry forward if it was last pushed a minute ago.
    pub(crate) fn touch_if_due(&self, token_hash: &str, last_seen: i64, idle_secs: i64, now: i64) {
        if now - last_seen >= TOUCH_EVERY_SECS {
            self.touch_later(token_hash, now, now + idle_secs);
        }
    }
}

/// A session to push forward: token hash, the time of use, the new idle expiry.
pub(crate) type Touch = (String, i64, i64);

/// At most this many tokens in one `UPDATE … WHERE token_hash IN (…)`.
const TOUCHES_IN_STATEMENT: usize = 200;

impl Sessions<'_> {
    /// Pushes a session's idle expiry forward without making the request wait for the write:
    /// touches are queued and written together, a group per transaction (`crate::group`). A
    /// touch lost in a crash only lets that session expire up to a minute early.
    fn touch_later(&self, token_hash: &str, now: i64, expires_at: i64) {
        if self
            .touch_group
            .push((token_hash.to_owned(), now, expires_at))
        {
            let store = Store::clone(self);
            tokio::spawn(async move { store.sessions().write_pending_touches().await });
        }
    }

    /// Writes every queued touch before returning (at shutdown, so that none is lost).
    pub async fn write_pending_touches(&self) {
        let group = self.touch_group.clone();
        let _writing = group.writing().await;
        let _abandon = crate::group::AbandonOnPanic(&group);
        loop {
            let _gate = self.write_gate().await;
            let batch = group.take(10 * TOUCHES_IN_STATEMENT);
            if batch.is_empty() {
                return;
            }
            if let Err(e) = self.write_touches(batch).await {
                // The sessions stay valid until their stored expiry; nobody waits on this.
                tracing::warn!(error = %e, "session touches not written");
            }
        }
    }

    async fn write_touches(&self, batch: Vec<Touch>) -> Result<(), StoreError> {
        // The latest touch of each token; tokens touched in the same second share a statement.
        let mut latest: std::collections::HashMap<String, (i64, i64)> = Default::default();
        for (token, now, expires_at) in batch {
            let entry = latest.entry(token).or_insert((now, expires_at));
            if now > entry.0 {
                *entry = (now, expires_at);
            }
        }
        let mut by_time: std::collections::BTreeMap<(i64, i64), Vec<String>> = Default::default();
        for (token, at) in latest {
            by_time.entry(at).or_default().push(token);
        }
        let mut tx = self.pool().begin().await?;
        for ((now, expires_at), tokens) in by_time {
            for chunk in tokens.chunks(TOUCHES_IN_STATEMENT) {
                let sql = format!(
                    "UPDATE sessions SET last_seen_at = $1, expires_at = $2 \
                     WHERE token_hash IN ({}) AND last_seen_at < $1",
                    crate::marks::list(3, chunk.len())
                );
                let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(now)
                    .bind(expires_at);
                for token in chunk {
                    query = query.bind(token.clone());
                }
                query.execute(&mut *tx).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}
