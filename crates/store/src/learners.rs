//! 学员 accounts: 信息采集, credentials and lockout counters.

use crate::areas::Learners;
use sqlx::FromRow;

use crate::StoreError;
use crate::audit::{Actor, Entry};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LearnerRow {
    pub id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub password_hash: Option<String>,
    pub gender: Option<String>,
    pub birth_date: Option<String>,
    pub education: Option<String>,
    pub employer: Option<String>,
    pub region_code: String,
    pub authority_name: String,
    pub qualification_level: String,
    pub qualification_year: Option<i64>,
    pub work_start_year: Option<i64>,
    pub first_required_year: Option<i64>,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    pub created_at: i64,
}

/// The 信息采集 fields a learner may set and correct (not the document, which only an admin changes).
#[derive(Debug, Clone)]
pub struct Profile<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub gender: &'a str,
    pub birth_date: &'a str,
    pub education: &'a str,
    pub employer: &'a str,
    pub region_code: &'a str,
    pub qualification_level: &'a str,
    pub qualification_year: Option<i64>,
    pub work_start_year: Option<i64>,
    pub first_required_year: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewLearner<'a> {
    pub id_type: &'a str,
    pub id_number: &'a str,
    pub password_hash: &'a str,
    pub profile: Profile<'a>,
}

/// Which uniqueness rule a registration broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicate {
    IdNumber,
    Phone,
}

impl Duplicate {
    /// The duplicate a refused registration names.
    pub fn of(err: &StoreError) -> Option<Duplicate> {
        match err {
            StoreError::Conflict(crate::Conflict::DuplicateIdNumber) => Some(Duplicate::IdNumber),
            StoreError::Conflict(crate::Conflict::DuplicatePhone) => Some(Duplicate::Phone),
            _ => None,
        }
    }
}

macro_rules! select_learners {
    ($tail:literal) => {
        select_learners!("", $tail)
    };
    ($extra_columns:literal, $tail:literal) => {
        concat!(
            "SELECT l.id, l.name, l.id_type, l.id_number, l.phone, l.password_hash, l.gender, l.birth_date, l.education, \
             l.employer, l.region_code, r.authority_name, l.qualification_level, l.qualification_year, l.work_start_year, \
             l.first_required_year, l.failed_logins, l.locked_until, l.created_at",
            $extra_columns,
            " FROM learners l JOIN regions r ON r.code = l.region_code ",
            $tail
        )
    };
}

/// The years a learner holds an enrollment in (also read by `crate::reader`).
pub(crate) const ENROLLED_YEARS: &str =
    "SELECT DISTINCT CAST(year AS BIGINT) FROM enrollments WHERE learner_id = $1";

/// One row of `learner_with_credit_sums`: the learner, repeated beside each year and method.
#[derive(FromRow)]
struct LearnerSumRow {
    #[sqlx(flatten)]
    learner: LearnerRow,
    year: Option<i64>,
    method: Option<String>,
    professional_tenths: Option<i64>,
    public_tenths: Option<i64>,
}

/// What 学分查询 reads: the learner, their credits per year and study method (as
/// `Store::credit_sums`), and the years with an enrollment or a credit record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerCredits {
    pub learner: LearnerRow,
    pub sums: Vec<crate::credits::MethodSum>,
    pub activity_years: std::collections::BTreeSet<i64>,
}

impl Learners<'_> {
    /// Creates the account and its audit record in one transaction.
    pub async fn create_learner(
        &self,
        new: &NewLearner<'_>,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let p = &new.profile;
        let mut tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO learners (name, id_type, id_number, phone, password_hash, gender, birth_date, education, employer, \
             region_code, qualification_level, qualification_year, work_start_year, first_required_year, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
        )
        .bind(p.name)
        .bind(new.id_type)
        .bind(new.id_number)
        .bind(p.phone)
        .bind(new.password_hash)
        .bind(p.gender)
        .bind(p.birth_date)
        .bind(p.education)
        .bind(p.employer)
        .bind(p.region_code)
        .bind(p.qualification_level)
        .bind(p.qualification_year)
        .bind(p.work_start_year)
        .bind(p.first_required_year)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        // A learner registering is the actor of its own record; an admin importing stays itself.
        let (actor, action) = if actor.kind == "learner" {
            (
                Actor {
                    id: Some(id),
                    ..actor.clone()
                },
                "learner.register",
            )
        } else {
            (actor.clone(), "learner.import")
        };
        tx.commit(&Entry {
            at: now,
            actor: &actor,
            action,
            target_kind: "learner",
            target_id: &id.to_string(),
            detail: "{}",
        })
        .await?;
        Ok(id)
    }

    /// The learner and their credit sums in one query: 学分查询 is what everybody opens at a
    /// deadline, and every query is a round trip to the database's thread.
    pub async fn learner_with_credit_sums(&self, id: i64) -> Result<LearnerCredits, StoreError> {
        let rows = sqlx::query_as::<_, LearnerSumRow>(select_learners!(
            ", s.year, s.method, s.professional_tenths, s.public_tenths",
            "LEFT JOIN (SELECT year, method, \
             CAST(COALESCE(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) AS professional_tenths, \
             CAST(COALESCE(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) AS public_tenths \
             FROM credit_records WHERE learner_id = $1 GROUP BY year, method) s ON 1 = 1 \
             WHERE l.id = $1 ORDER BY s.year, s.method LIMIT 2000"
        ))
        .bind(id)
        .fetch_all(self.pool())
        .await?;
        let mut rows = rows.into_iter().peekable();
        let Some(first) = rows.peek() else {
            return Err(StoreError::NotFound);
        };
        let learner = first.learner.clone();
        let sums: Vec<crate::credits::MethodSum> = rows
            .filter_map(|r| {
                Some(crate::credits::MethodSum {
                    year: r.year?,
                    method: r.method?,
                    professional_tenths: r.professional_tenths.unwrap_or(0),
                    public_tenths: r.public_tenths.unwrap_or(0),
                })
            })
            .collect();
        // A learner holds a few enrollments at most: one a year.
        let enrolled: Vec<i64> = sqlx::query_scalar(ENROLLED_YEARS)
            .bind(id)
            .fetch_all(self.pool())
            .await?;
        let activity_years = enrolled
            .into_iter()
            .chain(sums.iter().map(|s| s.year))
            .collect();
        Ok(LearnerCredits {
            learner,
            sums,
            activity_years,
        })
    }

    pub async fn learner(&self, id: i64) -> Result<LearnerRow, StoreError> {
        sqlx::query_as::<_, LearnerRow>(select_learners!("WHERE l.id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn learner_by_id_number(
        &self,
        id_number: &str,
    ) -> Result<Option<LearnerRow>, StoreError> {
        Ok(
            sqlx::query_as::<_, LearnerRow>(select_learners!("WHERE l.id_number = $1"))
                .bind(id_number)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn learner_by_phone(&self, phone: &str) -> Result<Option<LearnerRow>, StoreError> {
        Ok(
            sqlx::query_as::<_, LearnerRow>(select_learners!("WHERE l.phone = $1"))
                .bind(phone)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Corrects the 信息采集 (the document number stays), with an audit record naming the fields.
    pub async fn update_profile(
        &self,
        id: i64,
        p: &Profile<'_>,
        changed: &[&str],
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n = sqlx::query(
            "UPDATE learners SET name = $1, phone = $2, gender = $3, birth_date = $4, education = $5, employer = $6, \
             region_code = $7, qualification_level = $8, qualification_year = $9, work_start_year = $10, \
             first_required_year = $11, updated_at = $12 WHERE id = $13",
        )
        .bind(p.name)
        .bind(p.phone)
        .bind(p.gender)
        .bind(p.birth_date)
        .bind(p.education)
        .bind(p.employer)
        .bind(p.region_code)
        .bind(p.qualification_level)
        .bind(p.qualification_year)
        .bind(p.work_start_year)
        .bind(p.first_required_year)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = serde_json::json!({ "changed": changed }).to_string();
        tx.commit(&Entry::new(
            now,
            actor,
            "learner.profile_update",
            ("learner", &id.to_string()),
            &detail,
        ))
        .await?;
        Ok(())
    }

    /// Sets a new password, clears the lockout, and ends every session of the account but `keep`.
    pub async fn set_learner_password(
        &self,
        id: i64,
        hash: &str,
        keep_session: Option<&str>,
        action: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        sqlx::query("UPDATE learners SET password_hash = $1, failed_logins = 0, locked_until = NULL, updated_at = $2 WHERE id = $3")
            .bind(hash)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE subject_kind = 'learner' AND subject_id = $1 AND token_hash <> $2")
            .bind(id)
            .bind(keep_session.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        tx.commit(&Entry {
            at: now,
            actor,
            action,
            target_kind: "learner",
            target_id: &id.to_string(),
            detail: "{}",
        })
        .await?;
        Ok(())
    }
}
