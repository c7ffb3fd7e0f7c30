//! 单位 accounts: registration, the authority's review (scoped like the console), passwords and
//! sessions. Staff links are `staff.rs`.

use jxjy_domain::EmployerStatus;
use sqlx::FromRow;

use crate::areas::Employers;
use crate::{Page, PageRequest, StoreError};

/// An employer account with its region's authority and its number of confirmed staff.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EmployerRow {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    pub region_code: String,
    pub authority_name: String,
    pub contact_name: String,
    pub phone: String,
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub status: EmployerStatus,
    pub reject_reason: Option<String>,
    pub decided_at: Option<i64>,
    pub created_at: i64,
    pub locked_until: Option<i64>,
    pub staff: i64,
}

const SELECT: &str = "SELECT e.id, e.name, e.uscc, e.region_code, r.authority_name, e.contact_name, e.phone, \
    e.password_hash, e.status, e.reject_reason, e.decided_at, e.created_at, e.locked_until, \
    (SELECT CAST(COUNT(*) AS BIGINT) FROM staff_links k WHERE k.employer_id = e.id AND k.state = 'confirmed') AS staff \
    FROM employers e JOIN regions r ON r.code = e.region_code";

pub struct NewEmployer<'a> {
    pub name: &'a str,
    pub uscc: &'a str,
    pub region_code: &'a str,
    pub contact_name: &'a str,
    pub phone: &'a str,
    pub password_hash: &'a str,
}

/// A new account, 待审核 (`pending`), or an approved one (`status`) when seeding demo data.
pub async fn insert<'e, E>(
    db: E,
    e: &NewEmployer<'_>,
    status: EmployerStatus,
    now: i64,
) -> Result<i64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "INSERT INTO employers (name, uscc, region_code, contact_name, phone, password_hash, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(e.name)
    .bind(e.uscc)
    .bind(e.region_code)
    .bind(e.contact_name)
    .bind(e.phone)
    .bind(e.password_hash)
    .bind(status.as_str())
    .bind(now)
    .fetch_one(db)
    .await?)
}

/// A rejected employer applies again under the same USCC: its account takes the new details
/// and waits for review once more. Nothing changes unless the account is rejected.
pub async fn reapply<'e, E>(
    db: E,
    id: i64,
    e: &NewEmployer<'_>,
    now: i64,
) -> Result<u64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query(
        "UPDATE employers SET name = $1, region_code = $2, contact_name = $3, phone = $4, password_hash = $5, \
         status = 'pending', reject_reason = NULL, decided_by = NULL, decided_at = NULL, created_at = $6 \
         WHERE id = $7 AND status = 'rejected'",
    )
    .bind(e.name)
    .bind(e.region_code)
    .bind(e.contact_name)
    .bind(e.phone)
    .bind(e.password_hash)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

/// Approves or rejects a pending account; 0 rows when someone decided it first.
pub async fn decide<'e, E>(
    db: E,
    id: i64,
    status: EmployerStatus,
    reason: Option<&str>,
    admin_id: i64,
    now: i64,
) -> Result<u64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query(
        "UPDATE employers SET status = $1, reject_reason = $2, decided_by = $3, decided_at = $4 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(reason)
    .bind(admin_id)
    .bind(now)
    .bind(id)
    .execute(db)
    .await?
    .rows_affected())
}

/// A new password; every session of the account ends.
pub async fn set_password<'e, E>(db: E, id: i64, hash: &str) -> Result<(), StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE employers SET password_hash = $1, failed_logins = 0, locked_until = NULL WHERE id = $2")
        .bind(hash)
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

impl Employers<'_> {
    pub async fn by_id(&self, id: i64) -> Result<Option<EmployerRow>, StoreError> {
        Ok(
            sqlx::query_as::<_, EmployerRow>(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE e.id = $1"
            )))
            .bind(id)
            .fetch_optional(self.pool())
            .await?,
        )
    }

    pub async fn by_uscc(&self, uscc: &str) -> Result<Option<EmployerRow>, StoreError> {
        Ok(
            sqlx::query_as::<_, EmployerRow>(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE e.uscc = $1"
            )))
            .bind(uscc)
            .fetch_optional(self.pool())
            .await?,
        )
    }

    /// Accounts with a registered contact phone (重置密码 finds the account by USCC and phone).
    pub async fn by_uscc_and_phone(
        &self,
        uscc: &str,
        phone: &str,
    ) -> Result<Option<EmployerRow>, StoreError> {
        Ok(
            sqlx::query_as::<_, EmployerRow>(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE e.uscc = $1 AND e.phone = $2"
            )))
            .bind(uscc)
            .bind(phone)
            .fetch_optional(self.pool())
            .await?,
        )
    }

    /// Whether any employer account has this contact phone.
    pub async fn phone_registered(&self, phone: &str) -> Result<bool, StoreError> {
        let n: i64 =
            sqlx::query_scalar("SELECT CAST(COUNT(*) AS BIGINT) FROM employers WHERE phone = $1")
                .bind(phone)
                .fetch_one(self.pool())
                .await?;
        Ok(n > 0)
    }

    /// An account in the admin's scope; outside it is `None`, as if it did not exist.
    pub async fn in_scope(&self, id: i64, scope: &str) -> Result<Option<EmployerRow>, StoreError> {
        Ok(
            sqlx::query_as::<_, EmployerRow>(sqlx::AssertSqlSafe(format!(
                "{SELECT} WHERE e.id = $1 AND r.path LIKE $2"
            )))
            .bind(id)
            .bind(crate::scope::pattern(scope))
            .fetch_optional(self.pool())
            .await?,
        )
    }

    /// One page of the accounts in scope, optionally of one status: pending ones oldest first
    /// (a queue), the others newest first.
    pub async fn page_in_scope(
        &self,
        scope: &str,
        status: Option<EmployerStatus>,
        q: &str,
        req: PageRequest,
    ) -> Result<Page<EmployerRow>, StoreError> {
        let status_code = status.map(|s| s.as_str()).unwrap_or("");
        let q = q.trim();
        let like = if q.is_empty() {
            String::new()
        } else {
            format!("%{}%", q.replace(['%', '_', '\\'], ""))
        };
        let filter = "WHERE r.path LIKE $1 AND ($2 = '' OR e.status = $2) \
                      AND ($3 = '' OR e.name LIKE $3 OR e.uscc = $4)";
        let order = if status == Some(EmployerStatus::Pending) {
            "ORDER BY e.created_at, e.id"
        } else {
            "ORDER BY e.id DESC"
        };
        let pattern = crate::scope::pattern(scope);
        let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT CAST(COUNT(*) AS BIGINT) FROM employers e JOIN regions r ON r.code = e.region_code {filter}"
        )))
        .bind(&pattern)
        .bind(status_code)
        .bind(&like)
        .bind(q.to_uppercase())
        .fetch_one(self.pool())
        .await?;
        let items = sqlx::query_as::<_, EmployerRow>(sqlx::AssertSqlSafe(format!(
            "{SELECT} {filter} {order} LIMIT $5 OFFSET $6"
        )))
        .bind(&pattern)
        .bind(status_code)
        .bind(&like)
        .bind(q.to_uppercase())
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
}

/// Employer sessions (their own table: an employer is neither a learner nor an admin).
impl Employers<'_> {
    pub async fn create_session(
        &self,
        token_hash: &str,
        employer_id: i64,
        idle_secs: i64,
        now: i64,
    ) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query(
            "INSERT INTO employer_sessions (token_hash, employer_id, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $3, $4)",
        )
        .bind(token_hash)
        .bind(employer_id)
        .bind(now)
        .bind(now + idle_secs)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The employer of a live session; its idle expiry moves forward at most once a minute.
    pub async fn session(
        &self,
        token_hash: &str,
        idle_secs: i64,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64, i64)> = sqlx::query_as(
            "SELECT employer_id, last_seen_at FROM employer_sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        if let Some((_, last_seen)) = row
            && now - last_seen >= 60
        {
            let _gate = self.write_gate().await;
            sqlx::query(
                "UPDATE employer_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3",
            )
            .bind(now)
            .bind(now + idle_secs)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        }
        Ok(row.map(|(id, _)| id))
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let _gate = self.write_gate().await;
        sqlx::query("DELETE FROM employer_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

/// Every session of an account ends (after 重置密码).
pub async fn end_sessions<'e, E>(db: E, employer_id: i64) -> Result<(), StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("DELETE FROM employer_sessions WHERE employer_id = $1")
        .bind(employer_id)
        .execute(db)
        .await?;
    Ok(())
}
