//! Partner API support: replay protection (nonces) and single-use hand-off tokens.

use crate::StoreError;
use crate::areas::PartnerCalls;

impl PartnerCalls<'_> {
    /// Accepts a nonce once per school; false when it was seen before (a replay).
    pub async fn accept_nonce(
        &self,
        institution_id: i64,
        nonce: &str,
        expires_at: i64,
    ) -> Result<bool, StoreError> {
        let _gate = self.write_gate().await;
        let n = sqlx::query("INSERT INTO partner_nonces (institution_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(institution_id)
            .bind(nonce)
            .bind(expires_at)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    pub async fn create_handoff(
        &self,
        jti: &str,
        enrollment_id: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO handoff_tokens (jti, enrollment_id, expires_at) VALUES ($1, $2, $3)",
        )
        .bind(jti)
        .bind(enrollment_id)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Marks a hand-off token used; false when it was used already, expired or unknown.
    pub async fn consume_handoff(&self, jti: &str, now: i64) -> Result<bool, StoreError> {
        let n = sqlx::query("UPDATE handoff_tokens SET used_at = $1 WHERE jti = $2 AND used_at IS NULL AND expires_at > $1")
            .bind(now)
            .bind(jti)
            .execute(self.pool())
            .await?
            .rows_affected();
        Ok(n == 1)
    }
}
