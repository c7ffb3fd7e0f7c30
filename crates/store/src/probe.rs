//! Probes for `/healthz`: can the database be read, and can it be written again after a write
//! was refused for lack of space.

use std::time::Duration;

use crate::{Store, StoreError};

/// A probe that takes longer than this counts as a failure: `/healthz` answers within 3 s.
pub const PROBE_TIMEOUT: Duration = Duration::from_millis(2500);

/// Below this much free space beside the SQLite file, storage counts as full without a probe:
/// the probe itself can fit in WAL space already allocated while real writes need more.
pub const MIN_FREE_BYTES: u64 = 1 << 20;

/// Big enough to need new pages (two on SQLite's default 4 KB pages), so that a database at
/// its size limit refuses it as it refuses real writes.
const PAD_BYTES: usize = 8192;

impl Store {
    /// Forgets what this process keeps in memory (the home page's notices, the open offers), for
    /// a writer outside the store's own methods (the demo data).
    pub fn forget_cached(&self) {
        self.latest_notices.clear();
        self.open_offers.clear();
    }

    /// A cheap round trip, for `/healthz`; a hang past [`PROBE_TIMEOUT`] is an outage.
    pub async fn ping(&self) -> Result<(), StoreError> {
        bounded(async {
            sqlx::query("SELECT 1").execute(self.pool()).await?;
            Ok(())
        })
        .await
    }

    /// Free bytes on the filesystem of the SQLite file (for `/healthz` and `/metrics`); `None`
    /// on PostgreSQL, whose disk is the server's.
    pub fn sqlite_free_bytes(&self) -> Option<u64> {
        let dir = self.sqlite_path()?.parent()?;
        let dir = if dir.as_os_str().is_empty() {
            std::path::Path::new(".")
        } else {
            dir
        };
        let st = rustix::fs::statvfs(dir).ok()?;
        Some(st.f_bavail.saturating_mul(st.f_frsize))
    }

    /// After a write was refused for lack of space: is there room again? Says no while the
    /// SQLite file's filesystem has less than [`MIN_FREE_BYTES`] free, else tries a write.
    pub async fn storage_writable_again(&self, now: i64) -> bool {
        if self
            .sqlite_free_bytes()
            .is_some_and(|free| free < MIN_FREE_BYTES)
        {
            return false;
        }
        match self.probe_write(now).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "storage probe: still not writable");
                false
            }
        }
    }

    /// Writes a padded row and removes it in one transaction. Succeeds once space is back,
    /// and then clears the storage-full mark.
    pub async fn probe_write(&self, now: i64) -> Result<(), StoreError> {
        bounded(async {
            let (_gate, mut tx) = self.begin_write().await?;
            sqlx::query("INSERT INTO ops_probe (checked_at, pad) VALUES ($1, $2)")
                .bind(now)
                .bind(vec![0_u8; PAD_BYTES])
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM ops_probe")
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
        self.faults().clear_storage_full();
        Ok(())
    }
}

async fn bounded(
    probe: impl std::future::Future<Output = Result<(), StoreError>>,
) -> Result<(), StoreError> {
    match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
        Ok(result) => result,
        Err(_) => Err(StoreError::Unavailable(sqlx::Error::PoolTimedOut)),
    }
}
