//! 统计 by employer: for an admin's scope and a year, each employer's confirmed staff whose
//! 主管部门 is in the scope, how many must study, enrolled, were credited and met the rule.
//! The console's statistics and their export group by employer with it.

use sqlx::FromRow;

use crate::StoreError;
use crate::areas::Staff;
use crate::console::Thresholds;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EmployerStat {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    /// Confirmed staff in scope.
    pub staff: i64,
    pub required: i64,
    pub enrolled: i64,
    pub credited: i64,
    pub met: i64,
}

impl Staff<'_> {
    /// Per employer with confirmed staff in `scope` (a region path), for `year`; at most 500.
    pub async fn employer_stats(
        &self,
        scope: &str,
        year: i64,
        t: Thresholds,
    ) -> Result<Vec<EmployerStat>, StoreError> {
        Ok(sqlx::query_as::<_, EmployerStat>(
            "SELECT m.id, m.name, m.uscc, CAST(COUNT(l.id) AS BIGINT) AS staff, \
             CAST(SUM(CASE WHEN l.first_required_year IS NOT NULL AND l.first_required_year <= $1 THEN 1 ELSE 0 END) AS BIGINT) AS required, \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.year = $1 AND e.status <> 'cancelled') THEN 1 ELSE 0 END) AS BIGINT) AS enrolled, \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM enrollments e WHERE e.learner_id = l.id AND e.year = $1 AND e.status = 'credited') THEN 1 ELSE 0 END) AS BIGINT) AS credited, \
             CAST(SUM(CASE WHEN l.first_required_year IS NOT NULL AND l.first_required_year <= $1 \
               AND COALESCE(s.prof, 0) + COALESCE(s.pub, 0) >= $3 AND COALESCE(s.prof, 0) >= $4 AND COALESCE(s.pub, 0) >= $5 \
               THEN 1 ELSE 0 END) AS BIGINT) AS met \
             FROM staff_links k JOIN employers m ON m.id = k.employer_id \
             JOIN learners l ON l.id = k.learner_id JOIN regions r ON r.code = l.region_code \
             LEFT JOIN (SELECT learner_id, \
               CAST(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END) AS BIGINT) AS prof, \
               CAST(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END) AS BIGINT) AS pub \
               FROM credit_records WHERE year = $1 GROUP BY learner_id) s ON s.learner_id = l.id \
             WHERE k.state = 'confirmed' AND r.path LIKE $2 \
             GROUP BY m.id, m.name, m.uscc ORDER BY m.id LIMIT 500",
        )
        .bind(year)
        .bind(crate::scope::pattern(scope))
        .bind(t.total)
        .bind(t.professional)
        .bind(t.public)
        .fetch_all(self.pool())
        .await?)
    }
}
