//! 通知公告.

use crate::areas::Notices;
use sqlx::FromRow;

use crate::{Page, PageRequest, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct NoticeSummary {
    pub id: i64,
    pub title: String,
    pub published_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Notice {
    pub id: i64,
    pub title: String,
    pub body: String,
    pub published_at: i64,
    pub updated_at: i64,
}

#[derive(Debug, Clone)]
pub struct NoticeInput<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub published_at: i64,
}

/// How many of the newest notices `latest_notices` keeps in memory.
const CACHED_NOTICES: i64 = 20;

impl Notices<'_> {
    /// The newest notices first (the home page's only read). The newest `CACHED_NOTICES` are
    /// kept in memory for a second and cleared by every notice write of this process.
    pub async fn latest_notices(&self, limit: i64) -> Result<Vec<NoticeSummary>, StoreError> {
        let limit = limit.clamp(1, 100);
        let Ok(want) = usize::try_from(limit) else {
            return Ok(Vec::new());
        };
        if limit > CACHED_NOTICES {
            return self.newest_notices(limit).await;
        }
        let newest = match self.latest_notices.get() {
            Ok(newest) => newest,
            Err(miss) => {
                let newest = std::sync::Arc::new(self.newest_notices(CACHED_NOTICES).await?);
                self.latest_notices.put(miss, newest.clone());
                newest
            }
        };
        Ok(newest.iter().take(want).cloned().collect())
    }

    async fn newest_notices(&self, limit: i64) -> Result<Vec<NoticeSummary>, StoreError> {
        Ok(sqlx::query_as::<_, NoticeSummary>(
            "SELECT id, title, published_at FROM notices ORDER BY published_at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn page(&self, req: PageRequest) -> Result<Page<NoticeSummary>, StoreError> {
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices")
            .fetch_one(self.pool())
            .await?;
        let items = sqlx::query_as::<_, NoticeSummary>(
            "SELECT id, title, published_at FROM notices ORDER BY published_at DESC, id DESC LIMIT $1 OFFSET $2",
        )
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

    pub async fn notice(&self, id: i64) -> Result<Notice, StoreError> {
        sqlx::query_as::<_, Notice>(
            "SELECT id, title, body, published_at, updated_at FROM notices WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn create_notice(
        &self,
        input: &NoticeInput<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query_scalar(
            "INSERT INTO notices (title, body, published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(input.title)
        .bind(input.body)
        .bind(input.published_at)
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        self.latest_notices.clear();
        Ok(id)
    }
}

impl Notices<'_> {
    /// Publishes a notice with its audit record.
    pub async fn create_notice_audited(
        &self,
        input: &NoticeInput<'_>,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO notices (title, body, published_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
            .bind(input.title)
            .bind(input.body)
            .bind(input.published_at)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let detail = serde_json::json!({"title": input.title}).to_string();
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "notice.create",
            ("notice", &id.to_string()),
            &detail,
        ))
        .await?;
        self.latest_notices.clear();
        Ok(id)
    }

    pub async fn update_notice(
        &self,
        id: i64,
        input: &NoticeInput<'_>,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n = sqlx::query("UPDATE notices SET title = $1, body = $2, published_at = $3, updated_at = $4 WHERE id = $5")
            .bind(input.title)
            .bind(input.body)
            .bind(input.published_at)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = serde_json::json!({"title": input.title}).to_string();
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "notice.update",
            ("notice", &id.to_string()),
            &detail,
        ))
        .await?;
        self.latest_notices.clear();
        Ok(())
    }

    pub async fn delete_notice(
        &self,
        id: i64,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n = sqlx::query("DELETE FROM notices WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "notice.delete",
            ("notice", &id.to_string()),
            "{}",
        ))
        .await?;
        self.latest_notices.clear();
        Ok(())
    }
}
