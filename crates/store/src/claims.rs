//! 学分申报: claims for other forms of study with their evidence files, and their review by an
//! admin whose region covers the learner. Scope is part of every admin query (`regions.path`
//! prefix), so a claim outside it is simply not found. Approval writes the ledger records in the
//! same transaction as the decision; how the credits split is the domain's `allocate_claim`.

use crate::areas::Claims;
use jxjy_domain::{
    Category, ClaimKind, ClaimRole, ClaimStatus, CreditRule, Credits, YearCredits, allocate_claim,
};
use sqlx::FromRow;

use crate::audit::{Actor, Entry};
use crate::{Page, PageRequest, StoreError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRow {
    pub id: i64,
    pub learner_id: i64,
    pub year: i64,
    pub kind: ClaimKind,
    pub role: Option<ClaimRole>,
    pub days: Option<i64>,
    pub subjects: Option<i64>,
    pub title: String,
    pub credits_tenths: i64,
    pub status: ClaimStatus,
    pub reason: Option<String>,
    pub reviewed_at: Option<i64>,
    pub created_at: i64,
    pub learner_name: String,
    pub learner_id_type: String,
    pub learner_id_number: String,
    pub authority_name: String,
}

// By hand for the one optional code (`role`); the rest as the derive would.
impl<'r> FromRow<'r, sqlx::any::AnyRow> for ClaimRow {
    fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
        use crate::codes::{code, maybe_code};
        use sqlx::Row;
        Ok(ClaimRow {
            id: row.try_get("id")?,
            learner_id: row.try_get("learner_id")?,
            year: row.try_get("year")?,
            kind: code(row, "kind")?,
            role: maybe_code(row, "role")?,
            days: row.try_get("days")?,
            subjects: row.try_get("subjects")?,
            title: row.try_get("title")?,
            credits_tenths: row.try_get("credits_tenths")?,
            status: code(row, "status")?,
            reason: row.try_get("reason")?,
            reviewed_at: row.try_get("reviewed_at")?,
            created_at: row.try_get("created_at")?,
            learner_name: row.try_get("learner_name")?,
            learner_id_type: row.try_get("learner_id_type")?,
            learner_id_number: row.try_get("learner_id_number")?,
            authority_name: row.try_get("authority_name")?,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ClaimFileRow {
    pub id: i64,
    pub claim_id: i64,
    pub stored_name: String,
    pub original_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: i64,
}

/// A claim as submitted, already validated and converted by the domain.
#[derive(Debug, Clone)]
pub struct NewClaim<'a> {
    pub learner_id: i64,
    pub year: i64,
    pub kind: &'a str,
    pub role: Option<&'a str>,
    pub days: Option<i64>,
    pub subjects: Option<i64>,
    pub title: &'a str,
    pub credits_tenths: i64,
}

/// An evidence file already written under its random name.
#[derive(Debug, Clone)]
pub struct NewClaimFile<'a> {
    pub stored_name: &'a str,
    pub original_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
}

/// A decision an admin may take on a pending claim.
#[derive(Debug, Clone, Copy)]
pub enum Decision<'a> {
    /// Approve under the rule of the claim's year.
    Approve(&'a CreditRule),
    /// Reject with the reason the learner will read.
    Reject(&'a str),
}

/// What a decision did: the new status and, for an approval, the credits per category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    Approved(YearCredits),
    Rejected,
    /// The claim was decided before (its current status).
    AlreadyDecided(ClaimStatus),
}

macro_rules! select_claims {
    ($tail:literal) => {
        concat!(
            "SELECT c.id, c.learner_id, c.year, c.kind, c.role, c.days, c.subjects, c.title, c.credits_tenths, c.status, \
             c.reason, c.reviewed_at, c.created_at, l.name AS learner_name, l.id_type AS learner_id_type, \
             l.id_number AS learner_id_number, r.authority_name \
             FROM claims c JOIN learners l ON l.id = c.learner_id JOIN regions r ON r.code = l.region_code ",
            $tail
        )
    };
}

macro_rules! select_files {
    ($tail:literal) => {
        concat!(
            "SELECT f.id, f.claim_id, f.stored_name, f.original_name, f.content_type, f.size_bytes, f.created_at \
             FROM claim_files f ",
            $tail
        )
    };
}

impl Claims<'_> {
    /// Records a claim and its evidence files with the audit entry, in one transaction. A claim
    /// for the same year, kind and title that is pending or approved already is a `Conflict`.
    pub async fn create_claim(
        &self,
        claim: &NewClaim<'_>,
        files: &[NewClaimFile<'_>],
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO claims (learner_id, year, kind, role, days, subjects, title, credits_tenths, status, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9) RETURNING id",
        )
        .bind(claim.learner_id)
        .bind(claim.year)
        .bind(claim.kind)
        .bind(claim.role)
        .bind(claim.days)
        .bind(claim.subjects)
        .bind(claim.title)
        .bind(claim.credits_tenths)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for f in files {
            sqlx::query(
                "INSERT INTO claim_files (claim_id, stored_name, original_name, content_type, size_bytes, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(id)
            .bind(f.stored_name)
            .bind(f.original_name)
            .bind(f.content_type)
            .bind(f.size_bytes)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        let detail = serde_json::json!({
            "year": claim.year,
            "kind": claim.kind,
            "role": claim.role,
            "credits_tenths": claim.credits_tenths,
            "files": files.len(),
        });
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "claim.submit",
            ("claim", &id.to_string()),
            &detail.to_string(),
        ))
        .await?;
        Ok(id)
    }

    /// The learner's own claims, newest first (bounded).
    pub async fn claims_of_learner(&self, learner_id: i64) -> Result<Vec<ClaimRow>, StoreError> {
        Ok(sqlx::query_as::<_, ClaimRow>(select_claims!(
            "WHERE c.learner_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 200"
        ))
        .bind(learner_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The evidence files of the learner's claims (bounded as the claims are).
    pub async fn claim_files_of_learner(
        &self,
        learner_id: i64,
    ) -> Result<Vec<ClaimFileRow>, StoreError> {
        Ok(sqlx::query_as::<_, ClaimFileRow>(select_files!(
            "JOIN claims c ON c.id = f.claim_id WHERE c.learner_id = $1 ORDER BY f.claim_id, f.id LIMIT 1000"
        ))
        .bind(learner_id)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn claim_files(&self, claim_id: i64) -> Result<Vec<ClaimFileRow>, StoreError> {
        Ok(sqlx::query_as::<_, ClaimFileRow>(select_files!(
            "WHERE f.claim_id = $1 ORDER BY f.id LIMIT 100"
        ))
        .bind(claim_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// The learner's own claim; another learner's is `NotFound`.
    pub async fn claim_of_learner(&self, id: i64, learner_id: i64) -> Result<ClaimRow, StoreError> {
        sqlx::query_as::<_, ClaimRow>(select_claims!("WHERE c.id = $1 AND c.learner_id = $2"))
            .bind(id)
            .bind(learner_id)
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// An evidence file of the learner's own claim.
    pub async fn claim_file_of_learner(
        &self,
        claim_id: i64,
        file_id: i64,
        learner_id: i64,
    ) -> Result<ClaimFileRow, StoreError> {
        sqlx::query_as::<_, ClaimFileRow>(select_files!(
            "JOIN claims c ON c.id = f.claim_id WHERE f.id = $1 AND f.claim_id = $2 AND c.learner_id = $3"
        ))
        .bind(file_id)
        .bind(claim_id)
        .bind(learner_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// An evidence file of a claim whose learner lies in the admin's scope.
    pub async fn claim_file_in_scope(
        &self,
        claim_id: i64,
        file_id: i64,
        scope_path: &str,
    ) -> Result<ClaimFileRow, StoreError> {
        sqlx::query_as::<_, ClaimFileRow>(select_files!(
            "JOIN claims c ON c.id = f.claim_id JOIN learners l ON l.id = c.learner_id \
             JOIN regions r ON r.code = l.region_code WHERE f.id = $1 AND f.claim_id = $2 AND r.path LIKE $3"
        ))
        .bind(file_id)
        .bind(claim_id)
        .bind(crate::scope::pattern(scope_path))
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// A claim whose learner lies in the admin's scope; any other is `NotFound`.
    pub async fn claim_in_scope(&self, id: i64, scope_path: &str) -> Result<ClaimRow, StoreError> {
        sqlx::query_as::<_, ClaimRow>(select_claims!("WHERE c.id = $1 AND r.path LIKE $2"))
            .bind(id)
            .bind(crate::scope::pattern(scope_path))
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// One page of the claims in the admin's scope, oldest first (a review queue), optionally of
    /// one status (`""` for every status), with their evidence files.
    pub async fn claims_in_scope(
        &self,
        scope_path: &str,
        status: &str,
        page: PageRequest,
    ) -> Result<(Page<ClaimRow>, Vec<ClaimFileRow>), StoreError> {
        let pattern = crate::scope::pattern(scope_path);
        let total: i64 = sqlx::query_scalar(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM claims c JOIN learners l ON l.id = c.learner_id \
             JOIN regions r ON r.code = l.region_code WHERE r.path LIKE $1 AND ($2 = '' OR c.status = $2)",
        )
        .bind(&pattern)
        .bind(status)
        .fetch_one(self.pool())
        .await?;
        let items = sqlx::query_as::<_, ClaimRow>(select_claims!(
            "WHERE r.path LIKE $1 AND ($2 = '' OR c.status = $2) ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4"
        ))
        .bind(&pattern)
        .bind(status)
        .bind(page.per_page())
        .bind(page.offset())
        .fetch_all(self.pool())
        .await?;
        let files = sqlx::query_as::<_, ClaimFileRow>(select_files!(
            "WHERE f.claim_id IN (SELECT c.id FROM claims c JOIN learners l ON l.id = c.learner_id \
             JOIN regions r ON r.code = l.region_code WHERE r.path LIKE $1 AND ($2 = '' OR c.status = $2) \
             ORDER BY c.created_at, c.id LIMIT $3 OFFSET $4) ORDER BY f.claim_id, f.id"
        ))
        .bind(&pattern)
        .bind(status)
        .bind(page.per_page())
        .bind(page.offset())
        .fetch_all(self.pool())
        .await?;
        Ok((
            Page {
                items,
                total,
                page: page.page(),
                per_page: page.per_page(),
            },
            files,
        ))
    }

    /// Decides a pending claim in the admin's scope, in one transaction with its audit entry.
    /// An approval adds the claim's credits to the ledger of its year, split by the domain's
    /// `allocate_claim` against what the year already holds; the learner's row is locked first
    /// (a no-op update) so that two approvals for the same learner never split against the same
    /// state. `NotFound` when the claim is not in scope.
    pub async fn decide_claim(
        &self,
        id: i64,
        scope_path: &str,
        decision: Decision<'_>,
        actor: &Actor,
        now: i64,
    ) -> Result<Decided, StoreError> {
        let (status, reason) = match decision {
            Decision::Approve(_) => ("approved", None),
            Decision::Reject(reason) => ("rejected", Some(reason)),
        };
        let mut tx = self.begin_audited().await?;
        let decided: Option<(i64, i64, i64, String, String)> = sqlx::query_as(
            "UPDATE claims SET status = $1, reason = $2, reviewed_by = $3, reviewed_at = $4 \
             WHERE id = $5 AND status = 'pending' AND learner_id IN (\
             SELECT l.id FROM learners l JOIN regions r ON r.code = l.region_code WHERE r.path LIKE $6) \
             RETURNING learner_id, year, credits_tenths, kind, title",
        )
        .bind(status)
        .bind(reason)
        .bind(actor.id)
        .bind(now)
        .bind(id)
        .bind(crate::scope::pattern(scope_path))
        .fetch_optional(&mut *tx)
        .await?;
        let Some((learner_id, year, credits_tenths, kind, title)) = decided else {
            tx.rollback().await?;
            let current = self.claim_in_scope(id, scope_path).await?;
            return Ok(Decided::AlreadyDecided(current.status));
        };
        let outcome = match decision {
            Decision::Approve(rule) => {
                sqlx::query("UPDATE learners SET updated_at = updated_at WHERE id = $1")
                    .bind(learner_id)
                    .execute(&mut *tx)
                    .await?;
                let (professional, public): (i64, i64) = sqlx::query_as(
                    "SELECT CAST(COALESCE(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END), 0) AS BIGINT), \
                     CAST(COALESCE(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END), 0) AS BIGINT) \
                     FROM credit_records WHERE learner_id = $1 AND year = $2",
                )
                .bind(learner_id)
                .bind(year)
                .fetch_one(&mut *tx)
                .await?;
                let already = YearCredits::new(
                    Credits::from_tenths(professional),
                    Credits::from_tenths(public),
                );
                let share = allocate_claim(Credits::from_tenths(credits_tenths), already, rule);
                for category in Category::ALL {
                    let amount = share.get(*category);
                    if amount.is_zero() {
                        continue;
                    }
                    sqlx::query(
                        "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, \
                         claim_id, course, completed_at, created_at) \
                         VALUES ($1, $2, $3, $4, $5, 'claim', $6, $7, $8, $9, $9)",
                    )
                    .bind(learner_id)
                    .bind(year)
                    .bind(category.as_str())
                    .bind(amount.tenths())
                    .bind(&kind)
                    .bind(format!("{id}:{}", category.as_str()))
                    .bind(id)
                    .bind(&title)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                Decided::Approved(share)
            }
            Decision::Reject(_) => Decided::Rejected,
        };
        let detail = match &outcome {
            Decided::Approved(share) => serde_json::json!({
                "from": "pending", "to": status, "learner_id": learner_id, "year": year,
                "professional_tenths": share.professional().tenths(), "public_tenths": share.public().tenths(),
            }),
            _ => serde_json::json!({
                "from": "pending", "to": status, "learner_id": learner_id, "year": year, "reason": reason,
            }),
        };
        tx.commit(&Entry {
            at: now,
            actor,
            action: if status == "approved" {
                "claim.approve"
            } else {
                "claim.reject"
            },
            target_kind: "claim",
            target_id: &id.to_string(),
            detail: &detail.to_string(),
        })
        .await?;
        Ok(outcome)
    }
}
