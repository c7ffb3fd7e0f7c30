//! 学习提醒 in the database: a reminder and its audience, fixed when it is created (one
//! `reminder_messages` row per learner, written by one `INSERT … SELECT`, so that the audience
//! is never loaded into memory and the unique key per reminder and learner exists before any
//! SMS goes); its progress; cancelling; reading it back. The delivery job's queries are in
//! `reminder_jobs.rs`, the learner's 消息 in `reminder_inbox.rs`.

use jxjy_domain::{Audience, ReminderStatus};
use sqlx::FromRow;

use crate::areas::Reminders;
use crate::audit::{Actor, Entry};
use crate::console::Thresholds;
use crate::{Page, PageRequest, StoreError};

/// Whom a reminder reaches: a region's tree or an employer's confirmed staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A region path (`210000/210100/`).
    Region {
        code: String,
        path: String,
    },
    Employer(i64),
}

/// What a new reminder is.
#[derive(Debug, Clone)]
pub struct NewReminder<'a> {
    pub creator_kind: &'static str,
    pub creator_id: Option<i64>,
    pub scope: Scope,
    pub year: i64,
    pub audience: Audience,
    pub sms: bool,
    pub title: &'a str,
    pub text: &'a str,
    pub send_at: i64,
    pub thresholds: Thresholds,
    /// `YYYY-MM-DD` for a yearly reminder (created once), else none.
    pub yearly_key: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ReminderRow {
    pub id: i64,
    pub creator_kind: String,
    pub creator_id: Option<i64>,
    pub region_code: Option<String>,
    pub employer_id: Option<i64>,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub audience: Audience,
    pub sms: i64,
    pub title: String,
    pub text: String,
    pub send_at: i64,
    #[sqlx(try_from = "String")]
    pub status: ReminderStatus,
    pub audience_count: i64,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

pub(crate) const REMINDER_COLUMNS: &str = "r.id, r.creator_kind, r.creator_id, r.region_code, r.employer_id, r.year, r.audience, \
    r.sms, r.title, r.text, r.send_at, r.status, r.audience_count, r.created_at, r.finished_at";

/// Counted in learners, by the state of their message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    pub cancelled: i64,
}

/// A message whose SMS failed, for the reminder's page.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct FailureRow {
    pub learner_id: i64,
    pub name: String,
    pub phone: String,
    pub error: Option<String>,
}

/// The audience's `FROM … WHERE …`: $1 the scope (a region pattern or an employer id), $2 the
/// year, $3..$5 the thresholds (total, professional, public, in tenths).
fn audience_sql(scope: &Scope, audience: Audience) -> String {
    let scoped = match scope {
        Scope::Region { .. } => {
            "FROM learners l JOIN regions g ON g.code = l.region_code WHERE g.path LIKE $1"
        }
        Scope::Employer(_) => {
            "FROM learners l JOIN staff_links k ON k.learner_id = l.id AND k.state = 'confirmed' \
             AND k.since_year <= $2 WHERE k.employer_id = $1"
        }
    };
    let sums = "(SELECT COALESCE(SUM(c.credits_tenths), 0) FROM credit_records c WHERE c.learner_id = l.id AND c.year = $2 AND c.category = 'professional')";
    let pubs = "(SELECT COALESCE(SUM(c.credits_tenths), 0) FROM credit_records c WHERE c.learner_id = l.id AND c.year = $2 AND c.category = 'public')";
    let which = match audience {
        Audience::NotMet => {
            format!(" AND NOT ({sums} + {pubs} >= $3 AND {sums} >= $4 AND {pubs} >= $5)")
        }
        Audience::NotEnrolled => " AND NOT EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.year = $2 \
             AND e.status <> 'cancelled') AND $3 >= 0 AND $4 >= 0 AND $5 >= 0"
            .to_string(),
        Audience::All => " AND $3 >= 0 AND $4 >= 0 AND $5 >= 0".to_string(),
    };
    format!("{scoped} AND l.first_required_year IS NOT NULL AND l.first_required_year <= $2{which}")
}

fn scope_value(scope: &Scope) -> (String, i64) {
    match scope {
        Scope::Region { path, .. } => (crate::scope::pattern(path), 0),
        Scope::Employer(id) => (String::new(), *id),
    }
}

impl Reminders<'_> {
    /// How many learners a reminder of `audience` for `year` in `scope` would reach now.
    pub async fn audience_count(
        &self,
        scope: &Scope,
        year: i64,
        audience: Audience,
        t: Thresholds,
    ) -> Result<i64, StoreError> {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) {}",
            audience_sql(scope, audience)
        );
        let q = sqlx::query_scalar(sqlx::AssertSqlSafe(sql));
        let (pattern, employer) = scope_value(scope);
        let q = match scope {
            Scope::Region { .. } => q.bind(pattern),
            Scope::Employer(_) => q.bind(employer),
        };
        Ok(q.bind(year)
            .bind(t.total)
            .bind(t.professional)
            .bind(t.public)
            .fetch_one(self.pool())
            .await?)
    }

    /// Creates the reminder with one queued message per learner of its audience, and its audit
    /// record, in one transaction. A yearly key already taken creates nothing (`None`).
    pub async fn create(
        &self,
        r: &NewReminder<'_>,
        actor: &Actor,
        now: i64,
    ) -> Result<Option<(i64, i64)>, StoreError> {
        let mut w = self.begin_audited().await?;
        let (region_code, employer_id) = match &r.scope {
            Scope::Region { code, .. } => (Some(code.clone()), None),
            Scope::Employer(id) => (None, Some(*id)),
        };
        let inserted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO reminders (creator_kind, creator_id, region_code, employer_id, year, audience, sms, title, text, \
             send_at, status, audience_count, yearly_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'scheduled', 0, $11, $12) \
             ON CONFLICT (yearly_key) DO NOTHING RETURNING id",
        )
        .bind(r.creator_kind)
        .bind(r.creator_id)
        .bind(region_code)
        .bind(employer_id)
        .bind(r.year)
        .bind(r.audience.as_str())
        .bind(i64::from(r.sms))
        .bind(r.title)
        .bind(r.text)
        .bind(r.send_at)
        .bind(r.yearly_key)
        .bind(now)
        .fetch_optional(&mut *w)
        .await?;
        let Some(id) = inserted else {
            w.rollback().await?;
            return Ok(None);
        };
        let sql = format!(
            "INSERT INTO reminder_messages (reminder_id, learner_id, state) SELECT $6, l.id, 'queued' {}",
            audience_sql(&r.scope, r.audience)
        );
        let (pattern, employer) = scope_value(&r.scope);
        let q = sqlx::query(sqlx::AssertSqlSafe(sql));
        let q = match r.scope {
            Scope::Region { .. } => q.bind(pattern),
            Scope::Employer(_) => q.bind(employer),
        };
        let count = q
            .bind(r.year)
            .bind(r.thresholds.total)
            .bind(r.thresholds.professional)
            .bind(r.thresholds.public)
            .bind(id)
            .execute(&mut *w)
            .await?
            .rows_affected() as i64;
        sqlx::query("UPDATE reminders SET audience_count = $1 WHERE id = $2")
            .bind(count)
            .bind(id)
            .execute(&mut *w)
            .await?;
        let detail = format!(
            r#"{{"year":{},"audience":"{}","sms":{},"audience_count":{count},"send_at":{}}}"#,
            r.year,
            r.audience.as_str(),
            r.sms,
            r.send_at
        );
        let target = id.to_string();
        w.commit(&Entry::new(
            now,
            actor,
            "reminder.create",
            ("reminder", &target),
            &detail,
        ))
        .await?;
        Ok(Some((id, count)))
    }

    pub async fn by_id(&self, id: i64) -> Result<ReminderRow, StoreError> {
        sqlx::query_as::<_, ReminderRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders r WHERE r.id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// An admin's reminder, by id, if its region is in the admin's scope (else `NotFound`).
    pub async fn in_region_scope(
        &self,
        id: i64,
        scope_path: &str,
    ) -> Result<ReminderRow, StoreError> {
        sqlx::query_as::<_, ReminderRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders r JOIN regions g ON g.code = r.region_code \
             WHERE r.id = $1 AND g.path LIKE $2"
        )))
        .bind(id)
        .bind(crate::scope::pattern(scope_path))
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// An employer's own reminder, by id (else `NotFound`).
    pub async fn of_employer(&self, id: i64, employer_id: i64) -> Result<ReminderRow, StoreError> {
        sqlx::query_as::<_, ReminderRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders r WHERE r.id = $1 AND r.employer_id = $2"
        )))
        .bind(id)
        .bind(employer_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The reminders of a region tree (`scope_path`) or of an employer, newest first.
    pub async fn page(
        &self,
        scope: &Scope,
        req: PageRequest,
    ) -> Result<Page<ReminderRow>, StoreError> {
        let (from, pattern, employer) = match scope {
            Scope::Region { path, .. } => (
                "FROM reminders r JOIN regions g ON g.code = r.region_code WHERE g.path LIKE $1 AND $2 = 0",
                crate::scope::pattern(path),
                0,
            ),
            Scope::Employer(id) => (
                "FROM reminders r WHERE $1 = '' AND r.employer_id = $2",
                String::new(),
                *id,
            ),
        };
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) {from}"
        )))
        .bind(&pattern)
        .bind(employer)
        .fetch_one(self.pool())
        .await?;
        let items = sqlx::query_as::<_, ReminderRow>(sqlx::AssertSqlSafe(format!(
            "SELECT {REMINDER_COLUMNS} {from} ORDER BY r.id DESC LIMIT $3 OFFSET $4"
        )))
        .bind(&pattern)
        .bind(employer)
        .bind(req.per_page())
        .bind(req.offset())
        .fetch_all(self.pool())
        .await?;
        Ok(Page {
            items,
            total,
            page: req.page(),
            per_page: req.per_page(),
        })
    }

    pub async fn progress(&self, id: i64) -> Result<Progress, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT state, CAST(COUNT(*) AS BIGINT) FROM reminder_messages WHERE reminder_id = $1 GROUP BY state",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut p = Progress::default();
        for (state, n) in rows {
            match state.as_str() {
                "queued" | "sending" => p.queued += n,
                "sent" => p.sent += n,
                "failed" => p.failed += n,
                "skipped" => p.skipped += n,
                _ => p.cancelled += n,
            }
        }
        Ok(p)
    }

    /// The failed messages of a reminder (bounded), for its page.
    pub async fn failures(&self, id: i64, most: i64) -> Result<Vec<FailureRow>, StoreError> {
        Ok(sqlx::query_as::<_, FailureRow>(
            "SELECT m.learner_id, l.name, l.phone, m.error FROM reminder_messages m JOIN learners l ON l.id = m.learner_id \
             WHERE m.reminder_id = $1 AND m.state = 'failed' ORDER BY m.id LIMIT $2",
        )
        .bind(id)
        .bind(most)
        .fetch_all(self.pool())
        .await?)
    }

    /// Cancels a scheduled or running reminder: what has not gone yet never goes. `false` when
    /// it had already finished.
    pub async fn cancel(&self, id: i64, entry: &Entry<'_>, now: i64) -> Result<bool, StoreError> {
        let mut w = self.begin_audited().await?;
        let n = sqlx::query(
            "UPDATE reminders SET status = 'cancelled', finished_at = $1, lease_owner = NULL, lease_until = NULL \
             WHERE id = $2 AND status IN ('scheduled', 'running')",
        )
        .bind(now)
        .bind(id)
        .execute(&mut *w)
        .await?
        .rows_affected();
        if n == 0 {
            w.rollback().await?;
            return Ok(false);
        }
        sqlx::query("UPDATE reminder_messages SET state = 'cancelled' WHERE reminder_id = $1 AND state = 'queued'")
            .bind(id)
            .execute(&mut *w)
            .await?;
        w.commit(entry).await?;
        Ok(true)
    }
}
