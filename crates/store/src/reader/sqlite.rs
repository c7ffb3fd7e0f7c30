//! SQLite reads on rusqlite: a few read-only connections, each used by one request at a time on
//! the thread that serves it, with their statements prepared once and cached. sqlx's SQLite
//! driver runs every connection on a worker thread of its own and sends each statement and each
//! row across; at 64 concurrent 学分查询 those crossings, not SQLite, were the time
//! (docs/performance.md, "The read path off `Any`").

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use tokio::sync::Semaphore;

use super::{SessionCredits, SessionTraining};
use crate::StoreError;
use crate::credits::MethodSum;
use crate::enrollments::EnrollmentRow;
use crate::learners::LearnerRow;

/// Reads at once: two a core (a read runs on a runtime worker, one a core, so this is only a
/// bound on the connections, each with its 8 MB page cache).
fn readers_cap() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZero::get) * 2
}

pub(crate) struct SqliteReader {
    path: PathBuf,
    idle: Arc<Mutex<Vec<Connection>>>,
    permits: Arc<Semaphore>,
    /// Connections open, idle or in use (for `/metrics`).
    open: AtomicUsize,
}

impl SqliteReader {
    pub(crate) fn new(path: &Path) -> SqliteReader {
        SqliteReader {
            path: path.to_path_buf(),
            idle: Arc::new(Mutex::new(Vec::new())),
            permits: Arc::new(Semaphore::new(readers_cap())),
            open: AtomicUsize::new(0),
        }
    }

    /// Connections open and idle.
    pub(crate) fn usage(&self) -> (usize, usize) {
        let idle = self.idle.lock().map_or(0, |v| v.len());
        (self.open.load(Ordering::Relaxed), idle)
    }

    /// Runs `read` with an idle connection (opened if none is), inside one read transaction,
    /// so that its statements see one snapshot. It runs on the calling thread: a request's
    /// reads are a few indexed point reads of pages the OS holds in memory, shorter than the
    /// two thread switches of handing them to the blocking pool (docs/performance.md).
    async fn run<T, F>(&self, read: F) -> Result<T, StoreError>
    where
        F: FnOnce(&Connection) -> rusqlite::Result<T>,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| StoreError::Unsupported("数据库已关闭"))?;
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let conn = match idle {
            Some(conn) => conn,
            None => {
                let conn = open(&self.path)?;
                self.open.fetch_add(1, Ordering::Relaxed);
                conn
            }
        };
        let result = in_snapshot(&conn, read);
        // A connection that failed is dropped, not reused: the next read opens a fresh one.
        match self.idle.lock() {
            Ok(mut v) if result.is_ok() => v.push(conn),
            _ => {
                drop(conn);
                self.open.fetch_sub(1, Ordering::Relaxed);
            }
        }
        Ok(result?)
    }

    pub(crate) async fn learner_training(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionTraining>, StoreError> {
        self.run(|conn| learner_training(conn, token_hash, now))
            .await
    }

    pub(crate) async fn learner_credits(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionCredits>, StoreError> {
        self.run(|conn| learner_credits(conn, token_hash, now))
            .await
    }
}

fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    conn.set_prepared_statement_cache_capacity(32);
    // 8 MB of pages a connection (SQLite's default is 2 MB): at a million learners the 2 MB
    // caches missed on most reads and each miss was a `pread` (11 % of the time in a profile).
    conn.execute_batch("PRAGMA cache_size = -8192")?;
    Ok(conn)
}

fn in_snapshot<T>(
    conn: &Connection,
    read: impl FnOnce(&Connection) -> rusqlite::Result<T>,
) -> rusqlite::Result<T> {
    conn.prepare_cached("BEGIN")?.execute([])?;
    let result = read(conn);
    // A read transaction has nothing to keep: ending it releases the snapshot either way.
    let end = conn.prepare_cached("COMMIT")?.execute([]);
    let value = result?;
    end?;
    Ok(value)
}

fn learner_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<LearnerRow> {
    Ok(LearnerRow {
        id: row.get(0)?,
        name: row.get(1)?,
        id_type: row.get(2)?,
        id_number: row.get(3)?,
        phone: row.get(4)?,
        password_hash: row.get(5)?,
        gender: row.get(6)?,
        birth_date: row.get(7)?,
        education: row.get(8)?,
        employer: row.get(9)?,
        region_code: row.get(10)?,
        authority_name: row.get(11)?,
        qualification_level: row.get(12)?,
        qualification_year: row.get(13)?,
        work_start_year: row.get(14)?,
        first_required_year: row.get(15)?,
        failed_logins: row.get(16)?,
        locked_until: row.get(17)?,
        created_at: row.get(18)?,
    })
}

/// The learner of a live session, when it was last pushed forward, their unread 消息.
fn session_learner(
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> rusqlite::Result<Option<(LearnerRow, i64, i64)>> {
    conn.prepare_cached(&super::SESSION_LEARNER)?
        .query_row(params![token_hash, now], |row| {
            Ok((learner_row(row)?, row.get(19)?, row.get(20)?))
        })
        .optional()
}

fn learner_training(
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> rusqlite::Result<Option<SessionTraining>> {
    let Some((learner, last_seen_at, unread)) = session_learner(conn, token_hash, now)? else {
        return Ok(None);
    };
    let enrollments = conn
        .prepare_cached(crate::enrollments::LEARNER_ENROLLMENTS)?
        .query_map(params![learner.id], enrollment_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Some(SessionTraining {
        learner,
        last_seen_at,
        unread,
        enrollments,
    }))
}

/// A stored code (level, status) read into its domain type.
fn parsed<T: std::str::FromStr>(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<T>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = row.get(idx)?;
    text.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(e))
    })
}

/// One row of `LEARNER_ENROLLMENTS`, in `EnrollmentRow`'s order.
fn enrollment_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<EnrollmentRow> {
    Ok(EnrollmentRow {
        id: row.get(0)?,
        learner_id: row.get(1)?,
        year: row.get(2)?,
        level: parsed(row, 3)?,
        institution_id: row.get(4)?,
        institution_name: row.get(5)?,
        status: parsed(row, 6)?,
        enrolled_at: row.get(7)?,
        paid_at: row.get(8)?,
        credited_at: row.get(9)?,
        cancelled_at: row.get(10)?,
        updated_at: row.get(11)?,
        change_seq: row.get(12)?,
        professional_tenths: row.get(13)?,
        public_tenths: row.get(14)?,
        reviewed: row.get(15)?,
        employer_name: row.get(16)?,
    })
}

fn learner_credits(
    conn: &Connection,
    token_hash: &str,
    now: i64,
) -> rusqlite::Result<Option<SessionCredits>> {
    let Some((learner, last_seen_at, unread)) = session_learner(conn, token_hash, now)? else {
        return Ok(None);
    };
    let sums = conn
        .prepare_cached(crate::credits::CREDIT_SUMS)?
        .query_map(params![learner.id], |row| {
            Ok(MethodSum {
                year: row.get(0)?,
                method: row.get(1)?,
                professional_tenths: row.get(2)?,
                public_tenths: row.get(3)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut activity_years: std::collections::BTreeSet<i64> = conn
        .prepare_cached(crate::learners::ENROLLED_YEARS)?
        .query_map(params![learner.id], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    activity_years.extend(sums.iter().map(|s| s.year));
    Ok(Some(SessionCredits {
        learner,
        last_seen_at,
        unread,
        sums,
        activity_years,
    }))
}
