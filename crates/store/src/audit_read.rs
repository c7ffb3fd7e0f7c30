//! Reading the audit log back: one page with filters (who, what, when, which target), and the
//! trail of one target. The names are looked up for the page's rows only (the page is cut
//! first, then joined), so a long log costs one index range and at most 50 key lookups.

use crate::areas::AuditLog;
use crate::audit::AuditRow;
use crate::{Page, PageRequest, StoreError};

/// The filters of the audit log; empty fields filter nothing.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// An action code (exactly), or a prefix ending in a dot (`enrollment.`).
    pub action_prefix: String,
    pub target_kind: String,
    pub target_id: String,
    /// Who acted: an admin's username, a learner's, a school's or an employer's exact name (or USCC).
    pub who: String,
    /// Unix seconds, inclusive; none = from the start.
    pub from: Option<i64>,
    /// Unix seconds, exclusive; none = to now.
    pub until: Option<i64>,
}

/// Names and the learner of each row, for an inner query `a` of audit_log rows. The casts run
/// only in the branches of target kinds whose ids are numbers.
const NAMED: &str = "SELECT a.id, a.at, a.actor_kind, a.actor_id, a.action, a.target_kind, a.target_id, a.detail, a.client_ip, \
    CASE a.actor_kind \
      WHEN 'admin' THEN (SELECT d.username || '（' || r.authority_name || '）' FROM admins d JOIN regions r ON r.code = d.region_code WHERE d.id = a.actor_id) \
      WHEN 'learner' THEN (SELECT l.name FROM learners l WHERE l.id = a.actor_id) \
      WHEN 'institution' THEN (SELECT i.name FROM institutions i WHERE i.id = a.actor_id) \
      WHEN 'employer' THEN (SELECT m.name FROM employers m WHERE m.id = a.actor_id) \
    END AS actor_name, \
    CASE a.target_kind \
      WHEN 'learner' THEN (SELECT l.name FROM learners l WHERE l.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'enrollment' THEN (SELECT l.name FROM enrollments e JOIN learners l ON l.id = e.learner_id WHERE e.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'claim' THEN (SELECT l.name FROM claims c JOIN learners l ON l.id = c.learner_id WHERE c.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'credit_record' THEN (SELECT l.name FROM credit_records c JOIN learners l ON l.id = c.learner_id WHERE c.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'institution' THEN (SELECT i.name FROM institutions i WHERE i.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'admin' THEN (SELECT d.username FROM admins d WHERE d.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'employer' THEN (SELECT m.name FROM employers m WHERE m.id = CAST(a.target_id AS BIGINT)) \
    END AS target_name, \
    CAST(CASE a.target_kind \
      WHEN 'learner' THEN CAST(a.target_id AS BIGINT) \
      WHEN 'enrollment' THEN (SELECT e.learner_id FROM enrollments e WHERE e.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'claim' THEN (SELECT c.learner_id FROM claims c WHERE c.id = CAST(a.target_id AS BIGINT)) \
      WHEN 'credit_record' THEN (SELECT c.learner_id FROM credit_records c WHERE c.id = CAST(a.target_id AS BIGINT)) \
    END AS BIGINT) AS target_learner_id";

/// $1 action prefix, $2 target kind, $3 target id, $4..$5 the time range, $6 who.
const FILTER: &str = "WHERE ($1 = '' OR action = $1 OR ($1 LIKE '%.' AND action LIKE $1 || '%')) AND ($2 = '' OR target_kind = $2) AND ($3 = '' OR target_id = $3) \
    AND at >= $4 AND at < $5 AND ($6 = '' OR \
      (actor_kind = 'admin' AND actor_id IN (SELECT id FROM admins WHERE username = $6)) OR \
      (actor_kind = 'learner' AND actor_id IN (SELECT id FROM learners WHERE name = $6)) OR \
      (actor_kind = 'institution' AND actor_id IN (SELECT id FROM institutions WHERE name = $6)) OR \
      (actor_kind = 'employer' AND actor_id IN (SELECT id FROM employers WHERE name = $6 OR uscc = $6)))";

impl AuditLog<'_> {
    /// One page of the audit log, newest first.
    pub async fn audit_page(
        &self,
        f: &AuditFilter,
        req: PageRequest,
    ) -> Result<Page<AuditRow>, StoreError> {
        let from = f.from.unwrap_or(i64::MIN);
        let until = f.until.unwrap_or(i64::MAX);
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log {FILTER}"
        )))
        .bind(&f.action_prefix)
        .bind(&f.target_kind)
        .bind(&f.target_id)
        .bind(from)
        .bind(until)
        .bind(&f.who)
        .fetch_one(self.pool())
        .await?;
        let items = sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(format!(
            "{NAMED} FROM (SELECT * FROM audit_log {FILTER} ORDER BY at DESC, id DESC LIMIT $7 OFFSET $8) a \
             ORDER BY a.at DESC, a.id DESC"
        )))
        .bind(&f.action_prefix)
        .bind(&f.target_kind)
        .bind(&f.target_id)
        .bind(from)
        .bind(until)
        .bind(&f.who)
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

    /// The newest audit entries for one target (bounded).
    pub async fn audit_for(
        &self,
        target_kind: &str,
        target_id: &str,
    ) -> Result<Vec<AuditRow>, StoreError> {
        Ok(sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(format!(
            "{NAMED} FROM (SELECT * FROM audit_log WHERE target_kind = $1 AND target_id = $2 \
             ORDER BY at DESC, id DESC LIMIT 200) a ORDER BY a.at DESC, a.id DESC"
        )))
        .bind(target_kind)
        .bind(target_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// A learner's trail: the records of the learner, of their enrollments, claims, credit
    /// records and certificates (bounded, newest first).
    pub async fn audit_of_learner(&self, learner_id: i64) -> Result<Vec<AuditRow>, StoreError> {
        Ok(sqlx::query_as::<_, AuditRow>(sqlx::AssertSqlSafe(format!(
            "{NAMED} FROM (SELECT * FROM audit_log WHERE (target_kind = 'learner' AND target_id = $1) \
             OR (target_kind = 'enrollment' AND target_id IN (SELECT CAST(id AS TEXT) FROM enrollments WHERE learner_id = $2)) \
             OR (target_kind = 'claim' AND target_id IN (SELECT CAST(id AS TEXT) FROM claims WHERE learner_id = $2)) \
             OR (target_kind = 'credit_record' AND target_id IN (SELECT CAST(id AS TEXT) FROM credit_records WHERE learner_id = $2)) \
             OR (target_kind = 'certificate' AND target_id IN (SELECT code FROM certificates WHERE learner_id = $2)) \
             ORDER BY at DESC, id DESC LIMIT 200) a ORDER BY a.at DESC, a.id DESC"
        )))
        .bind(learner_id.to_string())
        .bind(learner_id)
        .fetch_all(self.pool())
        .await?)
    }
}
