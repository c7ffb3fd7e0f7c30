//! 学分查询: the credit ledger read per year and study method, the records of one year, and
//! corrections. Records are never edited in place: a correction is a new record with the
//! negative amount that points at the record it reverses, written with its audit entry.

use crate::areas::Ledger;
use sqlx::FromRow;

use crate::StoreError;
use crate::audit::{Actor, Entry};

/// The credits of one year and study method, per category (tenths; reversals included).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct MethodSum {
    pub year: i64,
    pub method: String,
    pub professional_tenths: i64,
    pub public_tenths: i64,
}

/// A learner's credits per year and study method, oldest year first (also read by
/// `crate::reader`).
pub(crate) const CREDIT_SUMS: &str = "SELECT year, method, \
     CAST(COALESCE(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) AS professional_tenths, \
     CAST(COALESCE(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) AS public_tenths \
     FROM credit_records WHERE learner_id = $1 GROUP BY year, method ORDER BY year, method LIMIT 2000";

/// One ledger record with the school's name and, when reversed, the reversing record.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CreditRecordRow {
    pub id: i64,
    pub learner_id: i64,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub category: jxjy_domain::Category,
    pub credits_tenths: i64,
    pub method: String,
    pub source: String,
    pub source_ref: String,
    pub institution_id: Option<i64>,
    pub institution_name: Option<String>,
    pub enrollment_id: Option<i64>,
    pub claim_id: Option<i64>,
    pub course: String,
    pub note: String,
    pub completed_at: i64,
    pub reverses_id: Option<i64>,
    pub reversed_by: Option<i64>,
    pub created_at: i64,
}

macro_rules! select_records {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.learner_id, c.year, c.category, c.credits_tenths, c.method, c.source, c.source_ref, \
             c.institution_id, i.name AS institution_name, c.enrollment_id, c.claim_id, c.course, c.note, c.completed_at, \
             c.reverses_id, (SELECT r.id FROM credit_records r WHERE r.reverses_id = c.id) AS reversed_by, c.created_at \
             FROM credit_records c LEFT JOIN institutions i ON i.id = c.institution_id ",
            $tail
        )
    };
}

/// Why a record could not be reversed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReverseRefused {
    /// The record is itself a reversal.
    IsReversal,
    /// The record was reversed before.
    AlreadyReversed,
}

impl Ledger<'_> {
    /// The learner's credits per year and study method, oldest year first.
    pub async fn credit_sums(&self, learner_id: i64) -> Result<Vec<MethodSum>, StoreError> {
        Ok(sqlx::query_as::<_, MethodSum>(CREDIT_SUMS)
            .bind(learner_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// Every record of one year, in the order they were completed.
    pub async fn credit_records_of_year(
        &self,
        learner_id: i64,
        year: i64,
    ) -> Result<Vec<CreditRecordRow>, StoreError> {
        Ok(sqlx::query_as::<_, CreditRecordRow>(select_records!(
            "WHERE c.learner_id = $1 AND c.year = $2 ORDER BY c.completed_at, c.id LIMIT 1000"
        ))
        .bind(learner_id)
        .bind(year)
        .fetch_all(self.pool())
        .await?)
    }

    /// A record of a learner whose region lies under `scope_path` (an admin's region path).
    pub async fn credit_record_in_scope(
        &self,
        id: i64,
        scope_path: &str,
    ) -> Result<CreditRecordRow, StoreError> {
        sqlx::query_as::<_, CreditRecordRow>(select_records!(
            "JOIN learners l ON l.id = c.learner_id JOIN regions g ON g.code = l.region_code \
             WHERE c.id = $1 AND g.path LIKE $2"
        ))
        .bind(id)
        .bind(crate::scope::pattern(scope_path))
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Writes the reversal of a record in the admin's scope: the same learner, year, category,
    /// method and links, the negative amount, `reverses_id` set and the reason as its note, with
    /// the audit entry, in one transaction. The first statement is the write, so that SQLite
    /// takes its lock before anything is read; the unique index on `reverses_id` makes a second
    /// reversal of the same record fail however many requests race.
    pub async fn reverse_credit_record(
        &self,
        id: i64,
        scope_path: &str,
        reason: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<Result<CreditRecordRow, ReverseRefused>, StoreError> {
        let original = self.credit_record_in_scope(id, scope_path).await?;
        if original.reverses_id.is_some() {
            return Ok(Err(ReverseRefused::IsReversal));
        }
        if original.reversed_by.is_some() {
            return Ok(Err(ReverseRefused::AlreadyReversed));
        }
        let mut tx = self.begin_audited().await?;
        let inserted: Result<Option<i64>, StoreError> = sqlx::query_scalar(
            "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, institution_id, \
             enrollment_id, claim_id, course, note, completed_at, reverses_id, created_at) \
             SELECT c.learner_id, c.year, c.category, -c.credits_tenths, c.method, 'admin', $2, c.institution_id, \
             c.enrollment_id, c.claim_id, c.course, $3, $4, c.id, $4 \
             FROM credit_records c WHERE c.id = $1 AND c.reverses_id IS NULL RETURNING id",
        )
        .bind(id)
        .bind(format!("reversal:{id}"))
        .bind(reason)
        .bind(now)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from);
        let reversal_id = match inserted {
            Ok(Some(new_id)) => new_id,
            Ok(None) => return Err(StoreError::NotFound),
            Err(e) if e.is_conflict() => return Ok(Err(ReverseRefused::AlreadyReversed)),
            Err(e) => return Err(e),
        };
        let detail = serde_json::json!({
            "reversal_id": reversal_id,
            "learner_id": original.learner_id,
            "year": original.year,
            "category": original.category.as_str(),
            "credits_tenths": -original.credits_tenths,
            "reason": reason,
        });
        tx.commit(&Entry::new(
            now,
            actor,
            "credit_record.reverse",
            ("credit_record", &id.to_string()),
            &detail.to_string(),
        ))
        .await?;
        let row = sqlx::query_as::<_, CreditRecordRow>(select_records!("WHERE c.id = $1"))
            .bind(reversal_id)
            .fetch_one(self.pool())
            .await?;
        Ok(Ok(row))
    }
}
