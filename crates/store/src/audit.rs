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
    /// A learner acting from a client address.
    pub fn learner(id: i64, ip: impl ToString) -> Actor {
        Actor {
            kind: "learner",
            id: Some(id),
            ip: Some(ip.to_string()),
        }
    }

    /// Someone registering: a learner without an account yet.
    pub fn newcomer(ip: impl ToString) -> Actor {
        Actor {
            kind: "learner",
            id: None,
            ip: Some(ip.to_string()),
        }
    }

    /// An admin acting from a client address.
    pub fn admin(id: i64, ip: impl ToString) -> Actor {
        Actor {
            kind: "admin",
            id: Some(id),
            ip: Some(ip.to_string()),
        }
    }

    /// A school through the signed partner API (its requests come from its servers).
    pub fn institution(id: i64) -> Actor {
        Actor {
            kind: "institution",
            id: Some(id),
            ip: None,
        }
    }

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

impl<'a> Entry<'a> {
    /// `actor` did `action` to `target_kind` `target_id` at `at`; `detail` is a JSON object.
    pub fn new(
        at: i64,
        actor: &'a Actor,
        action: &'a str,
        (target_kind, target_id): (&'a str, &'a str),
        detail: &'a str,
    ) -> Entry<'a> {
        Entry {
            at,
            actor,
            action,
            target_kind,
            target_id,
            detail,
        }
    }
}

/// An audit record as read back, with the names an officer needs: who acted (an admin's
/// username and authority, a learner's or a school's name), whom it concerned, and the learner
/// a record leads to.
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
    /// `heping（沈阳市和平区财政局）`, `冯思媛`, `辽宁XX有限公司`; none for the system.
    pub actor_name: Option<String>,
    /// The target's name where it has one (a learner, a school, an admin).
    pub target_name: Option<String>,
    /// The learner the target belongs to (a learner, an enrollment, a claim, a credit record).
    pub target_learner_id: Option<i64>,
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
