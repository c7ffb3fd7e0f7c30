//! The audit log: who did what to which record, and when. Written in the same transaction as
//! the change it describes.

use sqlx::{Any, Executor, FromRow};

use crate::StoreError;

/// Who acted: a learner, an admin, a school, or the system itself (CLI, demo seeding).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: &'static str,
    pub id: Option<i64>,
    pub ip: Option<String>,
}

impl Actor {
    pub fn system() -> Actor {
        Actor {
            kind: "system",
            id: None,
            ip: None,
        }
    }
}

pub struct Entry<'a> {
    pub at: i64,
    pub actor: &'a Actor,
    pub action: &'a str,
    pub target_kind: &'a str,
    pub target_id: &'a str,
    /// A JSON object with the details (from/to states, changed fields).
    pub detail: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    pub action: String,
    pub target_kind: String,
    pub target_id: String,
    pub detail: String,
    pub client_ip: Option<String>,
}

pub async fn record<'e, E>(db: E, entry: &Entry<'_>) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, actor_kind, actor_id, action, target_kind, target_id, detail, client_ip) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry.at)
    .bind(entry.actor.kind)
    .bind(entry.actor.id)
    .bind(entry.action)
    .bind(entry.target_kind)
    .bind(entry.target_id)
    .bind(entry.detail)
    .bind(entry.actor.ip.as_deref())
    .execute(db)
    .await?;
    Ok(())
}

/// Several entries in one statement (a group commit's records).
pub async fn record_many<'e, E>(db: E, entries: &[Entry<'_>]) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    if entries.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "INSERT INTO audit_log (at, actor_kind, actor_id, action, target_kind, target_id, detail, client_ip) VALUES {}",
        crate::marks::rows(entries.len(), 0, 8, |p| format!("({})", p.join(", ")))
    );
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for entry in entries {
        query = query
            .bind(entry.at)
            .bind(entry.actor.kind)
            .bind(entry.actor.id)
            .bind(entry.action.to_owned())
            .bind(entry.target_kind.to_owned())
            .bind(entry.target_id.to_owned())
            .bind(entry.detail.to_owned())
            .bind(entry.actor.ip.clone());
    }
    query.execute(db).await?;
    Ok(())
}

impl crate::Store {
    /// The newest audit entries for one target (bounded).
    pub async fn audit_for(
        &self,
        target_kind: &str,
        target_id: &str,
    ) -> Result<Vec<AuditRow>, StoreError> {
        Ok(sqlx::query_as::<_, AuditRow>(
            "SELECT id, at, actor_kind, actor_id, action, target_kind, target_id, detail, client_ip \
             FROM audit_log WHERE target_kind = $1 AND target_id = $2 ORDER BY at DESC, id DESC LIMIT 200",
        )
        .bind(target_kind)
        .bind(target_id)
        .fetch_all(self.pool())
        .await?)
    }
}
