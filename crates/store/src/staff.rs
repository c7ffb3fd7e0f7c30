//! Staff links between employers and learners, and the employer's staff list. What the employer
//! may see is decided here in the SQL: a learner's credits and enrollment join only through a
//! confirmed link of this employer, for the years from its confirmation on; another employer's
//! learner is simply not in the list.

use jxjy_domain::LinkState;
use sqlx::FromRow;

use crate::areas::Staff;
use crate::console::Thresholds;
use crate::{Page, PageRequest, StoreError};

/// A link with the employer's name, as the learner sees it.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct LinkRow {
    pub id: i64,
    pub employer_id: i64,
    pub learner_id: i64,
    #[sqlx(try_from = "String")]
    pub state: LinkState,
    pub since_year: Option<i64>,
    pub created_at: i64,
    pub confirmed_at: Option<i64>,
    pub employer_name: String,
    pub employer_uscc: String,
}

const LINK_SELECT: &str = "SELECT k.id, k.employer_id, k.learner_id, k.state, k.since_year, k.created_at, \
    k.confirmed_at, e.name AS employer_name, e.uscc AS employer_uscc \
    FROM staff_links k JOIN employers e ON e.id = k.employer_id";

/// One person of an employer's list. Credits and enrollment are `None`/0 unless the link shows
/// the year (the SQL joins them only then).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StaffRow {
    pub link_id: i64,
    pub learner_id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    #[sqlx(try_from = "String")]
    pub state: LinkState,
    pub since_year: Option<i64>,
    pub first_required_year: Option<i64>,
    pub professional_tenths: i64,
    pub public_tenths: i64,
    pub enrollment_id: Option<i64>,
    pub enrollment_status: Option<String>,
    pub institution_name: Option<String>,
    pub by_employer: i64,
}

#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    pub year: i64,
    /// Some(true) 已达标, Some(false) 未达标 (required, not met); confirmed staff only.
    pub met: Option<bool>,
    /// Some(false) 未报名 this year; Some(true) 已报名; confirmed staff only.
    pub enrolled: Option<bool>,
    /// Name prefix or exact document number.
    pub q: String,
    pub judged: bool,
    pub thresholds: Thresholds,
}

/// $1 employer, $2 year, $3 name pattern, $4 exact number, $5..$7 thresholds.
fn staff_from(filter: &StaffFilter) -> String {
    let shown = "k.state = 'confirmed' AND k.since_year <= $2";
    let sums = "LEFT JOIN (SELECT learner_id, \
        CAST(SUM(CASE WHEN category = 'professional' THEN credits_tenths ELSE 0 END) AS BIGINT) AS prof, \
        CAST(SUM(CASE WHEN category = 'public' THEN credits_tenths ELSE 0 END) AS BIGINT) AS pub \
        FROM credit_records WHERE year = $2 AND learner_id IN \
        (SELECT learner_id FROM staff_links WHERE employer_id = $1 AND state = 'confirmed' AND since_year <= $2) \
        GROUP BY learner_id) s ON s.learner_id = l.id";
    let met_test = "COALESCE(s.prof, 0) + COALESCE(s.pub, 0) >= $5 AND COALESCE(s.prof, 0) >= $6 AND COALESCE(s.pub, 0) >= $7";
    let mut from = format!(
        "FROM staff_links k JOIN learners l ON l.id = k.learner_id {sums} \
         LEFT JOIN enrollments en ON en.learner_id = l.id AND en.year = $2 AND en.status <> 'cancelled' AND {shown} \
         LEFT JOIN institutions i ON i.id = en.institution_id \
         WHERE k.employer_id = $1 AND k.state IN ('requested', 'invited', 'confirmed') \
         AND ($3 = '' OR l.name LIKE $3 OR l.id_number = $4) AND $5 >= 0 AND $6 >= 0 AND $7 >= 0"
    );
    let required = "l.first_required_year IS NOT NULL AND l.first_required_year <= $2";
    match filter.met {
        Some(_) if !filter.judged => from.push_str(" AND 1 = 0"),
        Some(true) => from.push_str(&format!(" AND {shown} AND {required} AND {met_test}")),
        Some(false) => from.push_str(&format!(" AND {shown} AND {required} AND NOT ({met_test})")),
        None => {}
    }
    match filter.enrolled {
        Some(true) => from.push_str(&format!(" AND {shown} AND en.id IS NOT NULL")),
        Some(false) => from.push_str(&format!(" AND {shown} AND en.id IS NULL")),
        None => {}
    }
    from
}

impl Staff<'_> {
    /// One page of an employer's list: requests and invitations first (they wait for an
    /// answer), then confirmed staff by name.
    pub async fn staff(
        &self,
        employer_id: i64,
        filter: &StaffFilter,
        req: PageRequest,
    ) -> Result<Page<StaffRow>, StoreError> {
        let from = staff_from(filter);
        let q = filter.q.trim();
        let like = if q.is_empty() {
            String::new()
        } else {
            let cleaned = q.replace(['%', '_', '\\'], "");
            if cleaned.is_empty() {
                "\u{1}".to_string()
            } else {
                format!("{cleaned}%")
            }
        };
        let exact = q.to_uppercase();
        let t = filter.thresholds;
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) {from}"
        )))
        .bind(employer_id)
        .bind(filter.year)
        .bind(&like)
        .bind(&exact)
        .bind(t.total)
        .bind(t.professional)
        .bind(t.public)
        .fetch_one(self.pool())
        .await?;
        let items = sqlx::query_as::<_, StaffRow>(sqlx::AssertSqlSafe(format!(
            "SELECT k.id AS link_id, l.id AS learner_id, l.name, l.id_type, l.id_number, k.state, k.since_year, \
             l.first_required_year, COALESCE(s.prof, 0) AS professional_tenths, COALESCE(s.pub, 0) AS public_tenths, \
             en.id AS enrollment_id, en.status AS enrollment_status, i.name AS institution_name, \
             CASE WHEN en.employer_id = $1 THEN 1 ELSE 0 END AS by_employer \
             {from} ORDER BY CASE WHEN k.state = 'confirmed' THEN 1 ELSE 0 END, l.name, l.id LIMIT $8 OFFSET $9"
        )))
        .bind(employer_id)
        .bind(filter.year)
        .bind(&like)
        .bind(&exact)
        .bind(t.total)
        .bind(t.professional)
        .bind(t.public)
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

    /// The employer's open link with a learner, if any.
    pub async fn open_link(
        &self,
        employer_id: i64,
        learner_id: i64,
    ) -> Result<Option<LinkRow>, StoreError> {
        Ok(sqlx::query_as::<_, LinkRow>(sqlx::AssertSqlSafe(format!(
            "{LINK_SELECT} WHERE k.employer_id = $1 AND k.learner_id = $2 \
             AND k.state IN ('requested', 'invited', 'confirmed')"
        )))
        .bind(employer_id)
        .bind(learner_id)
        .fetch_optional(self.pool())
        .await?)
    }

    /// A learner's open links (its employer, its request, the invitations waiting for it).
    pub async fn links_of_learner(&self, learner_id: i64) -> Result<Vec<LinkRow>, StoreError> {
        Ok(sqlx::query_as::<_, LinkRow>(sqlx::AssertSqlSafe(format!(
            "{LINK_SELECT} WHERE k.learner_id = $1 AND k.state IN ('requested', 'invited', 'confirmed') \
             ORDER BY k.id"
        )))
        .bind(learner_id)
        .fetch_all(self.pool())
        .await?)
    }
}

pub async fn insert_link<'e, E>(
    db: E,
    employer_id: i64,
    learner_id: i64,
    state: LinkState,
    now: i64,
) -> Result<i64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "INSERT INTO staff_links (employer_id, learner_id, state, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(employer_id)
    .bind(learner_id)
    .bind(state.as_str())
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// Moves a link from the state the decision saw; 0 rows when it changed since. Confirming
/// sets the first year the employer may see (`since_year`).
pub async fn move_link<'e, E>(
    db: E,
    id: i64,
    from: LinkState,
    to: LinkState,
    since_year: Option<i64>,
    now: i64,
) -> Result<u64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query(
        "UPDATE staff_links SET state = $1, \
         since_year = CASE WHEN $1 = 'confirmed' THEN $2 ELSE since_year END, \
         confirmed_at = CASE WHEN $1 = 'confirmed' THEN $3 ELSE confirmed_at END, \
         ended_at = CASE WHEN $1 IN ('ended', 'declined') THEN $3 ELSE ended_at END \
         WHERE id = $4 AND state = $5",
    )
    .bind(to.as_str())
    .bind(since_year)
    .bind(now)
    .bind(id)
    .bind(from.as_str())
    .execute(db)
    .await?
    .rows_affected())
}
