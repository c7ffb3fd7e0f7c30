//! 通知公告.

use sqlx::FromRow;

use crate::{Page, PageRequest, Store, StoreError};

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

impl Store {
    /// The newest notices first; one query (the home page's only one).
    pub async fn latest_notices(&self, limit: i64) -> Result<Vec<NoticeSummary>, StoreError> {
        Ok(sqlx::query_as::<_, NoticeSummary>(
            "SELECT id, title, published_at FROM notices ORDER BY published_at DESC, id DESC LIMIT $1",
        )
        .bind(limit.clamp(1, 100))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn notices(&self, req: PageRequest) -> Result<Page<NoticeSummary>, StoreError> {
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
        Ok(sqlx::query_scalar(
            "INSERT INTO notices (title, body, published_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(input.title)
        .bind(input.body)
        .bind(input.published_at)
        .bind(now)
        .fetch_one(self.pool())
        .await?)
    }
}
