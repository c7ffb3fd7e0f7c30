//! 主管部门 and system administrators.

use crate::areas::Admins;
use sqlx::FromRow;

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AdminRow {
    pub id: i64,
    pub username: String,
    #[sqlx(try_from = "String")]
    pub role: jxjy_domain::AdminRole,
    pub region_code: String,
    pub display_name: String,
    pub disabled: i64,
}

#[derive(Debug, Clone)]
pub struct NewAdmin<'a> {
    pub username: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub region_code: &'a str,
    pub display_name: &'a str,
}

pub async fn insert<'e, E>(db: E, admin: &NewAdmin<'_>, now: i64) -> Result<i64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "INSERT INTO admins (username, password_hash, role, region_code, display_name, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(admin.username)
    .bind(admin.password_hash)
    .bind(admin.role)
    .bind(admin.region_code)
    .bind(admin.display_name)
    .bind(now)
    .fetch_one(db)
    .await?)
}

impl Admins<'_> {
    /// Adds an administrator and its audit record in one transaction.
    pub async fn create_admin(
        &self,
        admin: &NewAdmin<'_>,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        if self.regions().region(admin.region_code).await?.is_none() {
            return Err(StoreError::NotFound);
        }
        let mut tx = self.begin_audited().await?;
        let id = insert(&mut *tx, admin, now).await?;
        tx.commit(&crate::audit::Entry {
            at: now,
            actor,
            action: "admin.create",
            target_kind: "admin",
            target_id: &id.to_string(),
            detail: &serde_json::json!({
                "username": admin.username,
                "role": admin.role,
                "region": admin.region_code,
            })
            .to_string(),
        })
        .await?;
        Ok(id)
    }

    pub async fn admin_by_username(&self, username: &str) -> Result<Option<AdminRow>, StoreError> {
        Ok(sqlx::query_as::<_, AdminRow>(
            "SELECT id, username, role, region_code, display_name, disabled FROM admins WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(self.pool())
        .await?)
    }
}

/// An admin with what login needs.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AdminCredentials {
    pub id: i64,
    pub password_hash: String,
    pub disabled: i64,
    pub locked_until: Option<i64>,
}

/// A logged-in admin and the scope of its region (`path` prefix).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AdminSession {
    pub id: i64,
    pub username: String,
    #[sqlx(try_from = "String")]
    pub role: jxjy_domain::AdminRole,
    pub region_code: String,
    pub region_path: String,
    pub display_name: String,
}

impl Admins<'_> {
    pub async fn admin_credentials(
        &self,
        username: &str,
    ) -> Result<Option<AdminCredentials>, StoreError> {
        Ok(sqlx::query_as::<_, AdminCredentials>(
            "SELECT id, password_hash, disabled, locked_until FROM admins WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(self.pool())
        .await?)
    }

    /// A live admin session with the admin's role and region scope, in one query.
    pub async fn admin_session(
        &self,
        token_hash: &str,
        idle_secs: i64,
        now: i64,
    ) -> Result<Option<AdminSession>, StoreError> {
        let row: Option<(i64, String, String, String, String, String, i64)> = sqlx::query_as(
            "SELECT a.id, a.username, a.role, a.region_code, r.path, a.display_name, s.last_seen_at \
             FROM sessions s JOIN admins a ON a.id = s.subject_id JOIN regions r ON r.code = a.region_code \
             WHERE s.token_hash = $1 AND s.subject_kind = 'admin' AND s.expires_at > $2 AND a.disabled = 0",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(self.pool())
        .await?;
        let Some((id, username, role, region_code, region_path, display_name, last_seen)) = row
        else {
            return Ok(None);
        };
        if now - last_seen >= 60 {
            sqlx::query(
                "UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3",
            )
            .bind(now)
            .bind(now + idle_secs)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        }
        let role = jxjy_domain::AdminRole::try_from(role)
            .map_err(|e| StoreError::from(sqlx::Error::Decode(Box::new(e))))?;
        Ok(Some(AdminSession {
            id,
            username,
            role,
            region_code,
            region_path,
            display_name,
        }))
    }
}

impl Admins<'_> {
    /// An admin whose region lies in `scope`; outside it `NotFound`, as one that does not exist.
    pub async fn admin_in_scope(&self, id: i64, scope: &str) -> Result<AdminRow, StoreError> {
        sqlx::query_as::<_, AdminRow>(
            "SELECT a.id, a.username, a.role, a.region_code, a.display_name, a.disabled FROM admins a \
             JOIN regions r ON r.code = a.region_code WHERE a.id = $1 AND r.path LIKE $2",
        )
        .bind(id)
        .bind(crate::scope::pattern(scope))
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// Disables or re-enables an admin, with its audit record, in one transaction; disabling
    /// also ends the admin's sessions.
    pub async fn set_admin_disabled(
        &self,
        id: i64,
        disabled: bool,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n = sqlx::query("UPDATE admins SET disabled = $1 WHERE id = $2")
            .bind(i64::from(disabled))
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE subject_kind = 'admin' AND subject_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit(&crate::audit::Entry {
            at: now,
            actor,
            action: if disabled {
                "admin.disable"
            } else {
                "admin.enable"
            },
            target_kind: "admin",
            target_id: &id.to_string(),
            detail: "{}",
        })
        .await?;
        Ok(())
    }
}
