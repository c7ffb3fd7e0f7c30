//! What the exports read: keyset pages (`id > last ORDER BY id LIMIT n`, no `COUNT`, no
//! `OFFSET`), so that each page costs the same however far into a province's million learners
//! the export is, and nothing but one page is ever held in memory.

use crate::StoreError;
use crate::areas::Exports;
use crate::console::LearnerListRow;

/// Learners per page of the compliance export. Tests rely on it to cover more than one page.
pub const COMPLIANCE_PAGE_SIZE: i64 = 1000;

impl Exports<'_> {
    /// The next page of learners in scope (`scope` is the admin's region path) after learner
    /// `after`, in id order, each with the year's credits by category. An empty page ends.
    pub async fn compliance_page(
        &self,
        scope: &str,
        year: i64,
        after: i64,
    ) -> Result<Vec<LearnerListRow>, StoreError> {
        // Per-learner sums as correlated subqueries on credit_records(learner_id, year): a page
        // touches only its own learners' records, never the whole year's ledger.
        Ok(sqlx::query_as::<_, LearnerListRow>(
            "SELECT l.id, l.name, l.id_type, l.id_number, l.phone, l.employer, l.region_code, r.authority_name, \
             l.first_required_year, l.locked_until, \
             COALESCE((SELECT CAST(SUM(c.credits_tenths) AS BIGINT) FROM credit_records c \
               WHERE c.learner_id = l.id AND c.year = $2 AND c.category = 'professional'), 0) AS professional_tenths, \
             COALESCE((SELECT CAST(SUM(c.credits_tenths) AS BIGINT) FROM credit_records c \
               WHERE c.learner_id = l.id AND c.year = $2 AND c.category = 'public'), 0) AS public_tenths \
             FROM learners l JOIN regions r ON r.code = l.region_code \
             WHERE r.path LIKE $1 AND l.id > $3 ORDER BY l.id LIMIT $4",
        )
        .bind(crate::scope::pattern(scope))
        .bind(year)
        .bind(after)
        .bind(COMPLIANCE_PAGE_SIZE)
        .fetch_all(self.pool())
        .await?)
    }
}
