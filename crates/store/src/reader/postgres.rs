//! PostgreSQL reads on sqlx's native driver: its own small pool, statements prepared once per
//! connection (sqlx's statement cache), rows decoded straight into Rust types instead of
//! through `Any`'s values, and one statement a request where `Any` took three or four.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::PgRow;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{FromRow, PgPool, Row};

use super::{
    SESSION_JOIN, SESSION_LEARNER_COLUMNS, SESSION_LIVE, SessionCredits, SessionTraining, UNREAD,
};
use crate::StoreError;
use crate::credits::MethodSum;
use crate::enrollments::EnrollmentRow;
use crate::learners::LearnerRow;

pub(crate) struct PgReader {
    pool: PgPool,
}

impl PgReader {
    /// Connects when first used: the shared pool has already checked the server at start-up.
    pub(crate) fn connect_lazy(
        url: &str,
        max_connections: u32,
        acquire_timeout: Duration,
    ) -> Result<PgReader, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(acquire_timeout)
            .connect_lazy_with(options);
        Ok(PgReader { pool })
    }

    /// Connections open and idle.
    pub(crate) fn usage(&self) -> (usize, usize) {
        (self.pool.size() as usize, self.pool.num_idle())
    }

    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) async fn learner_credits(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionCredits>, StoreError> {
        let row: Option<SessionCreditsRow> =
            sqlx::query_as(sqlx::AssertSqlSafe(SESSION_CREDITS.as_str()))
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(SessionCreditsRow::into_credits))
    }

    /// The session's learner with their enrollments, one row per enrollment (or one row with
    /// none): one statement.
    pub(crate) async fn learner_training(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<Option<SessionTraining>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(SESSION_TRAINING.as_str()))
            .bind(token_hash)
            .bind(now)
            .fetch_all(&self.pool)
            .await?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let head = SessionLearnerRow::from_row(first)?;
        let mut enrollments = Vec::with_capacity(rows.len());
        for row in &rows {
            if let Some(e) = enrollment_at(row, SESSION_TRAINING_ENROLLMENT)? {
                enrollments.push(e);
            }
        }
        Ok(Some(SessionTraining {
            learner: head.learner,
            last_seen_at: head.last_seen_at,
            unread: head.unread,
            enrollments,
        }))
    }
}

/// Where the enrollment's columns begin in a row of `SESSION_TRAINING`: after the learner's
/// 19, the session's last push and the unread count.
const SESSION_TRAINING_ENROLLMENT: usize = 21;

/// The columns of `select_enrollments!`, in `EnrollmentRow`'s order.
const ENROLLMENT_COLUMNS: usize = 17;

static SESSION_TRAINING: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {SESSION_LEARNER_COLUMNS}, {UNREAD}, x.* FROM {SESSION_JOIN} \
         LEFT JOIN LATERAL ({}) AS x({}) ON TRUE WHERE {SESSION_LIVE}",
        crate::enrollments::ENROLLMENTS_OF_L,
        // Its own names, or the enrollment's `id` would shadow the learner's.
        (0..ENROLLMENT_COLUMNS)
            .map(|i| format!("x{i}"))
            .collect::<Vec<_>>()
            .join(", "),
        UNREAD = *UNREAD,
    )
});

/// The enrollment whose `LEARNER_ENROLLMENTS` columns start at `at`, if the row has one (by
/// position: its names repeat the learner's).
fn enrollment_at(row: &PgRow, at: usize) -> Result<Option<EnrollmentRow>, StoreError> {
    let Some(id) = row.try_get::<Option<i64>, _>(at)? else {
        return Ok(None);
    };
    let code = |i: usize| row.try_get::<String, _>(at + i);
    let invalid = |e: jxjy_domain::ParseCodeError| StoreError::Invalid(e.to_string());
    Ok(Some(EnrollmentRow {
        id,
        learner_id: row.try_get(at + 1)?,
        year: row.try_get(at + 2)?,
        level: code(3)?.parse().map_err(invalid)?,
        institution_id: row.try_get(at + 4)?,
        institution_name: row.try_get(at + 5)?,
        status: code(6)?.parse().map_err(invalid)?,
        enrolled_at: row.try_get(at + 7)?,
        paid_at: row.try_get(at + 8)?,
        credited_at: row.try_get(at + 9)?,
        cancelled_at: row.try_get(at + 10)?,
        updated_at: row.try_get(at + 11)?,
        change_seq: row.try_get(at + 12)?,
        professional_tenths: row.try_get(at + 13)?,
        public_tenths: row.try_get(at + 14)?,
        reviewed: row.try_get(at + 15)?,
        employer_name: row.try_get(at + 16)?,
    }))
}

/// The session, its learner, the unread count, the sums (as parallel arrays) and the years
/// with an enrollment: one round trip.
static SESSION_CREDITS: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "SELECT {SESSION_LEARNER_COLUMNS}, {UNREAD}, \
         c.years AS sum_years, c.methods AS sum_methods, c.professional AS sum_professional, c.public AS sum_public, \
         ARRAY(SELECT DISTINCT CAST(e.year AS BIGINT) FROM enrollments e WHERE e.learner_id = l.id) AS enrolled_years \
         FROM {SESSION_JOIN} \
         CROSS JOIN LATERAL ( \
           SELECT array_agg(t.year ORDER BY t.year, t.method) AS years, \
                  array_agg(t.method ORDER BY t.year, t.method) AS methods, \
                  array_agg(t.professional ORDER BY t.year, t.method) AS professional, \
                  array_agg(t.public ORDER BY t.year, t.method) AS public \
           FROM (SELECT CAST(year AS BIGINT) AS year, method, \
                   CAST(COALESCE(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) AS professional, \
                   CAST(COALESCE(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) AS public \
                 FROM credit_records WHERE learner_id = l.id GROUP BY year, method) t \
         ) c \
         WHERE {SESSION_LIVE}",
        UNREAD = *UNREAD,
    )
});

#[derive(sqlx::FromRow)]
struct SessionCreditsRow {
    #[sqlx(flatten)]
    learner: LearnerRow,
    last_seen_at: i64,
    unread: i64,
    sum_years: Option<Vec<i64>>,
    sum_methods: Option<Vec<String>>,
    sum_professional: Option<Vec<i64>>,
    sum_public: Option<Vec<i64>>,
    enrolled_years: Vec<i64>,
}

impl SessionCreditsRow {
    fn into_credits(self) -> SessionCredits {
        let sums: Vec<MethodSum> = self
            .sum_years
            .unwrap_or_default()
            .into_iter()
            .zip(self.sum_methods.unwrap_or_default())
            .zip(self.sum_professional.unwrap_or_default())
            .zip(self.sum_public.unwrap_or_default())
            .map(
                |(((year, method), professional_tenths), public_tenths)| MethodSum {
                    year,
                    method,
                    professional_tenths,
                    public_tenths,
                },
            )
            .collect();
        let activity_years = self
            .enrolled_years
            .into_iter()
            .chain(sums.iter().map(|s| s.year))
            .collect();
        SessionCredits {
            learner: self.learner,
            last_seen_at: self.last_seen_at,
            unread: self.unread,
            sums,
            activity_years,
        }
    }
}

#[derive(sqlx::FromRow)]
struct SessionLearnerRow {
    #[sqlx(flatten)]
    learner: LearnerRow,
    last_seen_at: i64,
    unread: i64,
}
