//! What the 主管部门 console reads: learners, statistics and the audit log, always inside the
//! admin's scope. The scope is a region path prefix applied in the SQL itself
//! (`regions.path LIKE` the pattern of `scope::pattern`), never by filtering rows afterwards.

use crate::areas::Console;
use sqlx::FromRow;

use crate::learners::LearnerRow;
use crate::{Page, PageRequest, StoreError};

/// A learner in a list: enough to find and tell apart, with the year's credits.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LearnerListRow {
    pub id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub phone: Option<String>,
    pub employer: Option<String>,
    pub region_code: String,
    pub authority_name: String,
    pub first_required_year: Option<i64>,
    pub locked_until: Option<i64>,
    pub professional_tenths: i64,
    pub public_tenths: i64,
}

/// Filters of the learner list. `met` needs the year's thresholds (from the domain's rule).
#[derive(Debug, Clone, Default)]
pub struct LearnerFilter {
    /// Name (prefix), or an exact document number or phone.
    pub q: Option<String>,
    /// Only learners of this region and below (must itself be in scope).
    pub region_path: Option<String>,
    pub year: i64,
    /// Some(true): met the rule; Some(false): required but not met.
    pub met: Option<bool>,
    /// Whether the year is judged here at all (not before `records_since`): when it is not,
    /// nobody is met or not met, and a `met` filter matches no one.
    pub judged: bool,
    pub thresholds: Thresholds,
    /// Only learners after this id (keyset paging of an export); 0 for every learner.
    pub after_id: i64,
}

/// The yearly rule as numbers in tenths: the domain decides them, SQL compares with them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Thresholds {
    pub total: i64,
    pub professional: i64,
    pub public: i64,
}

/// Statistics of one sub-region (or the admin's own region for its directly reporting units).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StatRow {
    pub code: String,
    pub authority_name: String,
    pub learners: i64,
    pub required: i64,
    pub enrolled: i64,
    pub credited: i64,
    pub met: i64,
}

/// Year sums per learner, joined to learners in scope.
const YEAR_SUMS: &str = "LEFT JOIN (SELECT learner_id, \
    CAST(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END) AS BIGINT) AS prof, \
    CAST(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END) AS BIGINT) AS pub \
    FROM credit_records WHERE year = $2 GROUP BY learner_id) s ON s.learner_id = l.id";

fn met_clause(met: Option<bool>) -> &'static str {
    // $5, $6, $7 are the thresholds; $2 the year.
    match met {
        Some(true) => {
            " AND (l.first_required_year IS NOT NULL AND l.first_required_year <= $2) \
             AND COALESCE(s.prof, 0) + COALESCE(s.pub, 0) >= $5 AND COALESCE(s.prof, 0) >= $6 AND COALESCE(s.pub, 0) >= $7"
        }
        Some(false) => {
            " AND (l.first_required_year IS NOT NULL AND l.first_required_year <= $2) \
                         AND NOT (COALESCE(s.prof, 0) + COALESCE(s.pub, 0) >= $5 AND COALESCE(s.prof, 0) >= $6 AND COALESCE(s.pub, 0) >= $7)"
        }
        None => " AND $5 >= 0 AND $6 >= 0 AND $7 >= 0",
    }
}

/// The name pattern and the exact term of a search. LIKE wildcards in the input are dropped;
/// a search left with nothing usable matches no name (an impossible pattern), never every name.
fn search_terms(q: &str) -> (String, String) {
    if q.is_empty() {
        return (String::new(), String::new());
    }
    let cleaned = q.replace(['%', '_', '\\'], "");
    let name_like = if cleaned.is_empty() {
        "\u{1}".to_string()
    } else {
        format!("{cleaned}%")
    };
    (name_like, q.to_uppercase())
}

/// The learner list's SQL and the values of its first placeholders: $1 the region's scope pattern, $2 year,
/// $3 name prefix pattern, $4 exact document or phone (both empty = no search), $5..$7 the
/// thresholds, $8 the keyset position.
struct LearnerQuery {
    region: String,
    name_like: String,
    exact: String,
    from: String,
}

impl LearnerQuery {
    fn new(scope: &str, filter: &LearnerFilter) -> LearnerQuery {
        let region = filter
            .region_path
            .clone()
            .filter(|p| p.starts_with(scope))
            .unwrap_or_else(|| scope.to_string());
        let q = filter.q.as_deref().map(str::trim).unwrap_or("");
        let (name_like, exact) = search_terms(q);
        let search =
            " AND ($3 = '' OR l.name LIKE $3 OR l.id_number = $4 OR l.phone = $4) AND l.id > $8";
        let mut from = format!(
            "FROM learners l JOIN regions r ON r.code = l.region_code {YEAR_SUMS} WHERE r.path LIKE $1{search}{}",
            met_clause(filter.met.filter(|_| filter.judged)),
        );
        if filter.met.is_some() && !filter.judged {
            // Before records_since nobody is met or not met.
            from.push_str(" AND 1 = 0");
        }
        LearnerQuery {
            region: crate::scope::pattern(&region),
            name_like,
            exact,
            from,
        }
    }
}

impl Console<'_> {
    /// One page of the learners in scope (`scope` is the admin's region path).
    pub async fn learners_in_scope(
        &self,
        scope: &str,
        filter: &LearnerFilter,
        req: PageRequest,
    ) -> Result<Page<LearnerListRow>, StoreError> {
        let q = LearnerQuery::new(scope, filter);
        let t = filter.thresholds;
        let count_sql = format!("SELECT CAST(COUNT(*) AS BIGINT) {}", q.from);
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql))
            .bind(&q.region)
            .bind(filter.year)
            .bind(&q.name_like)
            .bind(&q.exact)
            .bind(t.total)
            .bind(t.professional)
            .bind(t.public)
            .bind(filter.after_id)
            .fetch_one(self.pool())
            .await?;
        let items = self
            .learner_rows(&q, filter, req.per_page(), req.offset())
            .await?;
        Ok(Page {
            items,
            total,
            page: req.page(),
            per_page: req.per_page(),
        })
    }

    /// The next `limit` learners of a filtered list after `filter.after_id`, without counting:
    /// the keyset pages of an export of the list as filtered.
    pub async fn learners_in_scope_after(
        &self,
        scope: &str,
        filter: &LearnerFilter,
        limit: i64,
    ) -> Result<Vec<LearnerListRow>, StoreError> {
        let q = LearnerQuery::new(scope, filter);
        self.learner_rows(&q, filter, limit, 0).await
    }

    async fn learner_rows(
        &self,
        q: &LearnerQuery,
        filter: &LearnerFilter,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<LearnerListRow>, StoreError> {
        let t = filter.thresholds;
        let list_sql = format!(
            "SELECT l.id, l.name, l.id_type, l.id_number, l.phone, l.employer, l.region_code, r.authority_name, \
             l.first_required_year, l.locked_until, COALESCE(s.prof, 0) AS professional_tenths, COALESCE(s.pub, 0) AS public_tenths \
             {} ORDER BY l.id LIMIT $9 OFFSET $10",
            q.from
        );
        Ok(
            sqlx::query_as::<_, LearnerListRow>(sqlx::AssertSqlSafe(list_sql))
                .bind(&q.region)
                .bind(filter.year)
                .bind(&q.name_like)
                .bind(&q.exact)
                .bind(t.total)
                .bind(t.professional)
                .bind(t.public)
                .bind(filter.after_id)
                .bind(limit)
                .bind(offset)
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// A learner in scope; outside it is `NotFound`, exactly as a learner that does not exist.
    pub async fn learner_in_scope(&self, id: i64, scope: &str) -> Result<LearnerRow, StoreError> {
        let row = self.learners().learner(id).await?;
        let path: Option<String> = sqlx::query_scalar("SELECT r.path FROM learners l JOIN regions r ON r.code = l.region_code WHERE l.id = $1 AND r.path LIKE $2")
            .bind(id)
            .bind(crate::scope::pattern(scope))
            .fetch_optional(self.pool())
            .await?;
        path.map(|_| row).ok_or(StoreError::NotFound)
    }

    /// Per direct sub-region of `region_code` (and the region itself for its directly reporting
    /// learners): learners, those required to study in `year`, enrolled, credited, met.
    pub async fn stats(
        &self,
        region_code: &str,
        year: i64,
        t: Thresholds,
    ) -> Result<Vec<StatRow>, StoreError> {
        Ok(sqlx::query_as::<_, StatRow>(sqlx::AssertSqlSafe(format!(
            "SELECT c.code, c.authority_name, \
             CAST(COUNT(l.id) AS BIGINT) AS learners, \
             CAST(SUM(CASE WHEN l.first_required_year IS NOT NULL AND l.first_required_year <= $2 THEN 1 ELSE 0 END) AS BIGINT) AS required, \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.year = $2 AND e.status <> 'cancelled') THEN 1 ELSE 0 END) AS BIGINT) AS enrolled, \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.year = $2 AND e.status = 'credited') THEN 1 ELSE 0 END) AS BIGINT) AS credited, \
             CAST(SUM(CASE WHEN l.id IS NOT NULL AND l.first_required_year IS NOT NULL AND l.first_required_year <= $2 AND COALESCE(s.prof, 0) + COALESCE(s.pub, 0) >= $3 AND COALESCE(s.prof, 0) >= $4 AND COALESCE(s.pub, 0) >= $5 THEN 1 ELSE 0 END) AS BIGINT) AS met \
             FROM regions c \
             LEFT JOIN regions r ON (c.code = $1 AND r.code = c.code) OR (c.code <> $1 AND r.path LIKE c.path || '%') \
             LEFT JOIN learners l ON l.region_code = r.code \
             {YEAR_SUMS} \
             WHERE c.code = $1 OR c.parent_code = $1 \
             GROUP BY c.code, c.authority_name, c.sort_order ORDER BY CASE WHEN c.code = $1 THEN 0 ELSE 1 END, c.sort_order, c.code"
        )))
        .bind(region_code)
        .bind(year)
        .bind(t.total)
        .bind(t.professional)
        .bind(t.public)
        .fetch_all(self.pool())
        .await?)
    }

    /// Lifts a learner's password lock, with an audit record.
    pub async fn unlock_learner(
        &self,
        id: i64,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        sqlx::query("UPDATE learners SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "learner.unlock",
            ("learner", &id.to_string()),
            "{}",
        ))
        .await?;
        Ok(())
    }
}

/// Per school: its enrollments of learners in scope for a year.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct InstitutionStat {
    pub id: i64,
    pub name: String,
    pub enrolled: i64,
    pub paid: i64,
    pub credited: i64,
    /// Of the enrolled learners, those who met the year's rule (all their credits of the year).
    pub met: i64,
}

/// One credit record for the national platform's upload.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CreditExportRow {
    pub id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub category: jxjy_domain::Category,
    pub credits_tenths: i64,
    pub method: String,
    pub source: String,
    pub course: String,
    pub completed_at: i64,
    pub institution_name: Option<String>,
}

impl Console<'_> {
    /// Per school, the year's enrollments of learners in scope: enrolled (not cancelled), paid,
    /// credited, and how many of those enrolled met the year's rule.
    pub async fn institution_stats(
        &self,
        scope: &str,
        year: i64,
        t: Thresholds,
    ) -> Result<Vec<InstitutionStat>, StoreError> {
        Ok(sqlx::query_as::<_, InstitutionStat>(
            "SELECT i.id, i.name, \
             CAST(SUM(CASE WHEN e.status <> 'cancelled' THEN 1 ELSE 0 END) AS BIGINT) AS enrolled, \
             CAST(SUM(CASE WHEN e.status IN ('paid', 'credited') THEN 1 ELSE 0 END) AS BIGINT) AS paid, \
             CAST(SUM(CASE WHEN e.status = 'credited' THEN 1 ELSE 0 END) AS BIGINT) AS credited, \
             CAST(SUM(CASE WHEN e.status <> 'cancelled' AND l.first_required_year IS NOT NULL AND l.first_required_year <= $1 \
               AND COALESCE(s.prof, 0) + COALESCE(s.pub, 0) >= $3 AND COALESCE(s.prof, 0) >= $4 AND COALESCE(s.pub, 0) >= $5 \
               THEN 1 ELSE 0 END) AS BIGINT) AS met \
             FROM enrollments e JOIN institutions i ON i.id = e.institution_id \
             JOIN learners l ON l.id = e.learner_id JOIN regions r ON r.code = l.region_code \
             LEFT JOIN (SELECT learner_id, \
               CAST(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END) AS BIGINT) AS prof, \
               CAST(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END) AS BIGINT) AS pub \
               FROM credit_records WHERE year = $1 GROUP BY learner_id) s ON s.learner_id = l.id \
             WHERE e.year = $1 AND r.path LIKE $2 GROUP BY i.id, i.name ORDER BY i.id LIMIT 500",
        )
        .bind(year)
        .bind(crate::scope::pattern(scope))
        .bind(t.total)
        .bind(t.professional)
        .bind(t.public)
        .fetch_all(self.pool())
        .await?)
    }

    /// The year's credit records of learners in scope, after record `after` (keyset pages).
    pub async fn credit_export_page(
        &self,
        scope: &str,
        year: i64,
        after: i64,
        limit: i64,
    ) -> Result<Vec<CreditExportRow>, StoreError> {
        Ok(sqlx::query_as::<_, CreditExportRow>(
            "SELECT c.id, l.name, l.id_type, l.id_number, c.year, c.category, c.credits_tenths, c.method, c.source, c.course, c.completed_at, \
             i.name AS institution_name \
             FROM credit_records c JOIN learners l ON l.id = c.learner_id JOIN regions r ON r.code = l.region_code \
             LEFT JOIN institutions i ON i.id = c.institution_id \
             WHERE c.year = $1 AND r.path LIKE $2 AND c.id > $3 ORDER BY c.id LIMIT $4",
        )
        .bind(year)
        .bind(crate::scope::pattern(scope))
        .bind(after)
        .bind(limit.clamp(1, 5000))
        .fetch_all(self.pool())
        .await?)
    }

    /// Admins whose region lies in `scope`.
    pub async fn admins_in_scope(
        &self,
        scope: &str,
    ) -> Result<Vec<crate::admins::AdminRow>, StoreError> {
        Ok(sqlx::query_as::<_, crate::admins::AdminRow>(
            "SELECT a.id, a.username, a.role, a.region_code, a.display_name, a.disabled FROM admins a JOIN regions r ON r.code = a.region_code \
             WHERE r.path LIKE $1 ORDER BY a.id LIMIT 500",
        )
        .bind(crate::scope::pattern(scope))
        .fetch_all(self.pool())
        .await?)
    }

    /// An admin's correction of a learner's 信息采集, the document included: one transaction with
    /// its audit record naming the changed fields.
    #[allow(clippy::too_many_arguments)]
    pub async fn correct_learner(
        &self,
        id: i64,
        id_type: &str,
        id_number: &str,
        p: &crate::learners::Profile<'_>,
        changed: &[&str],
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n = sqlx::query(
            "UPDATE learners SET id_type = $1, id_number = $2, name = $3, phone = $4, gender = $5, birth_date = $6, education = $7, \
             employer = $8, region_code = $9, qualification_level = $10, qualification_year = $11, work_start_year = $12, \
             first_required_year = $13, updated_at = $14 WHERE id = $15",
        )
        .bind(id_type)
        .bind(id_number)
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
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "learner.admin_correction",
            ("learner", &id.to_string()),
            &detail,
        ))
        .await?;
        Ok(())
    }
}
