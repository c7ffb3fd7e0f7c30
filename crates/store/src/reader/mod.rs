//! The read path of what everybody opens at a deadline (学分查询, 网络培训), off sqlx's `Any`
//! driver: on SQLite, rusqlite connections used on the request's own thread with prepared,
//! cached statements, so that a request crosses no thread instead of once per statement and
//! row; on PostgreSQL, sqlx's native driver (no `Any` value conversion) and one statement a
//! request. The SQL both backends share is here or in the tables' modules (`CREDIT_SUMS`,
//! `LEARNER_ENROLLMENTS`…); what differs is in `sqlite.rs` and `postgres.rs`. Why:
//! docs/performance.md, "The read path off `Any`".
//!
//! Writes never come this way: they keep the one code path, the write gate and the group
//! commits of `Store`.

mod postgres;
mod sqlite;

use std::collections::BTreeSet;
use std::time::Duration;

use crate::credits::MethodSum;
use crate::enrollments::EnrollmentRow;
use crate::learners::LearnerRow;
use crate::{Backend, StoreError};

/// The readers of one store.
pub(crate) enum Reader {
    Sqlite(sqlite::SqliteReader),
    Postgres(postgres::PgReader),
    /// An in-memory SQLite database (tests of the store alone): another connection would be
    /// another database, so reads take the shared pool.
    Shared,
}

impl Reader {
    pub(crate) fn open(
        backend: Backend,
        url: &str,
        sqlite_path: Option<&std::path::Path>,
        max_connections: u32,
        acquire_timeout: Duration,
    ) -> Result<Reader, StoreError> {
        Ok(match (backend, sqlite_path) {
            (Backend::Sqlite, Some(path)) => Reader::Sqlite(sqlite::SqliteReader::new(path)),
            (Backend::Sqlite, None) => Reader::Shared,
            (Backend::Postgres, _) => Reader::Postgres(postgres::PgReader::connect_lazy(
                url,
                max_connections,
                acquire_timeout,
            )?),
        })
    }

    /// The reads' own connections, open and idle (none for `Shared`).
    pub(crate) fn usage(&self) -> (usize, usize) {
        match self {
            Reader::Sqlite(r) => r.usage(),
            Reader::Postgres(r) => r.usage(),
            Reader::Shared => (0, 0),
        }
    }

    pub(crate) async fn close(&self) {
        if let Reader::Postgres(pg) = self {
            pg.close().await;
        }
    }
}

impl crate::Store {
    /// The native PostgreSQL pool of the reads, for what `Any` cannot do (`COPY` in
    /// `jxjy bench-data`); `None` on SQLite.
    pub fn native_postgres(&self) -> Option<&sqlx::PgPool> {
        match self.reader() {
            Reader::Postgres(pg) => Some(pg.pool()),
            _ => None,
        }
    }

    /// The connections of the reads of 学分查询 and 网络培训, open and idle, for `/metrics`.
    pub fn reader_usage(&self) -> (usize, usize) {
        self.reader().usage()
    }
}

/// The learner columns of `LearnerRow`, its session's last push and the unread 消息.
pub(super) const SESSION_LEARNER_COLUMNS: &str = "l.id, l.name, l.id_type, l.id_number, l.phone, l.password_hash, \
     l.gender, l.birth_date, l.education, l.employer, l.region_code, r.authority_name, \
     l.qualification_level, l.qualification_year, l.work_start_year, l.first_required_year, \
     l.failed_logins, l.locked_until, l.created_at, s.last_seen_at";

/// The session's learner with their unread 消息 (the same SQL on both backends).
pub(super) static SESSION_LEARNER: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {SESSION_LEARNER_COLUMNS}, {UNREAD} FROM {SESSION_JOIN} WHERE {SESSION_LIVE}",
        UNREAD = *UNREAD,
    )
});

pub(super) const SESSION_JOIN: &str = "sessions s JOIN learners l ON l.id = s.subject_id \
     JOIN regions r ON r.code = l.region_code";
pub(super) const SESSION_LIVE: &str =
    "s.token_hash = $1 AND s.subject_kind = 'learner' AND s.expires_at > $2";

pub(super) static UNREAD: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "(SELECT COUNT(*) FROM reminder_messages m WHERE m.learner_id = l.id AND {} AND m.read_at IS NULL) AS unread",
        crate::reminder_inbox::DELIVERED
    )
});

/// A live learner session with what 学分查询 shows, read in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionCredits {
    pub learner: LearnerRow,
    /// When the session was last pushed forward (the caller decides whether to touch it).
    pub last_seen_at: i64,
    /// Unread 消息, for the workspace's navigation.
    pub unread: i64,
    /// Credits per year and study method, oldest first (as `Ledger::credit_sums`).
    pub sums: Vec<MethodSum>,
    /// Years with an enrollment or a credit record.
    pub activity_years: BTreeSet<i64>,
}

/// A live learner session with what 网络培训 shows besides the offers (which are cached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTraining {
    pub learner: LearnerRow,
    pub last_seen_at: i64,
    pub unread: i64,
    /// 报名记录, newest first (as `Enrollments::enrollments_of_learner`).
    pub enrollments: Vec<EnrollmentRow>,
}

impl crate::Store {
    /// The learner behind a live session with their enrollments and unread messages, in one
    /// read as `learner_credits_by_session`.
    pub async fn learner_training_by_session(
        &self,
        token_hash: &str,
        idle_secs: i64,
        now: i64,
    ) -> Result<Option<SessionTraining>, StoreError> {
        let found = match self.reader() {
            Reader::Sqlite(r) => r.learner_training(token_hash, now).await?,
            Reader::Postgres(r) => r.learner_training(token_hash, now).await?,
            Reader::Shared => match self.learner_credits_shared(token_hash, now).await? {
                Some(c) => Some(SessionTraining {
                    enrollments: self
                        .enrollments()
                        .enrollments_of_learner(c.learner.id)
                        .await?,
                    learner: c.learner,
                    last_seen_at: c.last_seen_at,
                    unread: c.unread,
                }),
                None => None,
            },
        };
        if let Some(found) = &found {
            self.sessions()
                .touch_if_due(token_hash, found.last_seen_at, idle_secs, now);
        }
        Ok(found)
    }

    /// The learner behind a live session (token hash) with their credit sums, activity years
    /// and unread messages: one thread crossing on SQLite, one statement on PostgreSQL. The
    /// session's idle expiry is pushed forward as `Sessions::learner_session` does.
    pub async fn learner_credits_by_session(
        &self,
        token_hash: &str,
        idle_secs: i64,
        now: i64,
    ) -> Result<Option<SessionCredits>, StoreError> {
        let found = match self.reader() {
            Reader::Sqlite(r) => r.learner_credits(token_hash, now).await?,
            Reader::Postgres(r) => r.learner_credits(token_hash, now).await?,
            Reader::Shared => self.learner_credits_shared(token_hash, now).await?,
        };
        if let Some(found) = &found {
            self.sessions()
                .touch_if_due(token_hash, found.last_seen_at, idle_secs, now);
        }
        Ok(found)
    }

    /// The same from the shared pool, statement by statement.
    async fn learner_credits_shared(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionCredits>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT s.subject_id, s.last_seen_at FROM sessions s \
             WHERE s.token_hash = $1 AND s.subject_kind = 'learner' AND s.expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some((learner_id, last_seen_at)) = row else {
            return Ok(None);
        };
        let credits = self.learners().learner_with_credit_sums(learner_id).await?;
        let unread = self.reminders().unread(learner_id).await?;
        Ok(Some(SessionCredits {
            learner: credits.learner,
            last_seen_at,
            unread,
            sums: credits.sums,
            activity_years: credits.activity_years,
        }))
    }
}
