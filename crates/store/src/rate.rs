//! The per-client flood guard's counters: fixed one-minute windows in the database, shared by
//! every instance.

use crate::StoreError;
use crate::areas::RateLimits;

impl RateLimits<'_> {
    /// Counts one hit for `bucket` in the window starting at `window_start`; returns the count.
    pub async fn hit_rate_counter(
        &self,
        bucket: &str,
        window_start: i64,
    ) -> Result<i64, StoreError> {
        let _gate = self.write_gate().await;
        Ok(sqlx::query_scalar(
            "INSERT INTO rate_counters (bucket, window_start, hits) VALUES ($1, $2, 1) \
             ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_counters.hits + 1 RETURNING hits",
        )
        .bind(bucket)
        .bind(window_start)
        .fetch_one(self.pool())
        .await?)
    }
}
