//! SMS codes: the limits of SPEC section 2 held by single atomic statements, so that parallel
//! requests, or several server processes on one database, can never exceed them.

use crate::StoreError;
use crate::areas::SmsCodes;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsLimits {
    pub daily: i64,
    pub cooldown_secs: i64,
    pub ttl_secs: i64,
    pub max_attempts: i64,
}

/// Why a code may not be sent now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendRefusal {
    DailyLimit,
    /// Seconds to wait.
    Cooldown(i64),
}

/// The outcome of checking a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    /// Wrong code; tries left on it.
    Wrong(i64),
    /// No usable code: none sent, expired, used, or out of tries.
    NoCode,
}

impl SmsCodes<'_> {
    /// Reserves one send for `phone` on `day` (Asia/Shanghai `YYYY-MM-DD`) and stores the hashed
    /// code (and `audit`, when given, in the same transaction). The reservation is one upsert whose `WHERE` holds both the daily limit and the
    /// cooldown: of any number of concurrent calls, at most `daily` succeed.
    #[allow(clippy::too_many_arguments)]
    pub async fn reserve_sms(
        &self,
        phone: &str,
        purpose: &str,
        code_hash: &str,
        day: &str,
        limits: SmsLimits,
        now: i64,
        audit: Option<&crate::audit::Entry<'_>>,
    ) -> Result<Result<(), SendRefusal>, StoreError> {
        let (_gate, mut tx) = self.begin_write().await?;
        let reserved: Option<i64> = sqlx::query_scalar(
            "INSERT INTO sms_daily (phone, day, sent, last_sent_at) VALUES ($1, $2, 1, $3) \
             ON CONFLICT (phone, day) DO UPDATE SET sent = sms_daily.sent + 1, last_sent_at = excluded.last_sent_at \
             WHERE sms_daily.sent < $4 AND sms_daily.last_sent_at <= $5 \
             RETURNING sent",
        )
        .bind(phone)
        .bind(day)
        .bind(now)
        .bind(limits.daily)
        .bind(now - limits.cooldown_secs)
        .fetch_optional(&mut *tx)
        .await?;
        if reserved.is_none() || limits.daily <= 0 {
            let row: Option<(i64, i64)> = sqlx::query_as(
                "SELECT sent, last_sent_at FROM sms_daily WHERE phone = $1 AND day = $2",
            )
            .bind(phone)
            .bind(day)
            .fetch_optional(&mut *tx)
            .await?;
            tx.rollback().await?;
            return Ok(Err(match row {
                Some((sent, _)) if sent >= limits.daily => SendRefusal::DailyLimit,
                Some((_, last)) => {
                    SendRefusal::Cooldown((last + limits.cooldown_secs - now).max(1))
                }
                None => SendRefusal::DailyLimit,
            }));
        }
        sqlx::query("INSERT INTO sms_codes (phone, purpose, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(phone)
            .bind(purpose)
            .bind(code_hash)
            .bind(now)
            .bind(now + limits.ttl_secs)
            .execute(&mut *tx)
            .await?;
        // An admin who sends a learner a code leaves its audit record in the same transaction.
        if let Some(entry) = audit {
            crate::audit::record(&mut *tx, entry).await?;
        }
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Checks a code against the newest live one for this phone and purpose. Every try is
    /// counted atomically before the comparison, and a match marks the code used in the same
    /// guarded update, so a code works once and at most `max_attempts` guesses are ever compared.
    pub async fn check_sms_code(
        &self,
        phone: &str,
        purpose: &str,
        matches: impl Fn(&str) -> bool,
        max_attempts: i64,
        now: i64,
    ) -> Result<CodeCheck, StoreError> {
        let counted: Option<(i64, String, i64)> = sqlx::query_as(
            "UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ( \
                SELECT id FROM sms_codes WHERE phone = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
                ORDER BY created_at DESC, id DESC LIMIT 1) \
             AND attempts < $4 AND used_at IS NULL RETURNING id, code_hash, attempts",
        )
        .bind(phone)
        .bind(purpose)
        .bind(now)
        .bind(max_attempts)
        .fetch_optional(self.pool())
        .await?;
        let Some((id, hash, attempts)) = counted else {
            return Ok(CodeCheck::NoCode);
        };
        if !matches(&hash) {
            return Ok(CodeCheck::Wrong((max_attempts - attempts).max(0)));
        }
        let used =
            sqlx::query("UPDATE sms_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
                .bind(now)
                .bind(id)
                .execute(self.pool())
                .await?
                .rows_affected();
        Ok(if used == 1 {
            CodeCheck::Accepted
        } else {
            CodeCheck::NoCode
        })
    }
}
