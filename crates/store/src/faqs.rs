//! 常见问题.

use sqlx::FromRow;

use crate::{Store, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Faq {
    pub id: i64,
    pub question: String,
    pub answer: String,
    pub sort_order: i64,
}

impl Store {
    /// Every FAQ in display order (bounded: a portal has dozens, not thousands).
    pub async fn faqs(&self) -> Result<Vec<Faq>, StoreError> {
        Ok(sqlx::query_as::<_, Faq>(
            "SELECT id, question, answer, sort_order FROM faqs ORDER BY sort_order, id LIMIT 500",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn create_faq(
        &self,
        question: &str,
        answer: &str,
        sort_order: i64,
        now: i64,
    ) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "INSERT INTO faqs (question, answer, sort_order, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
        )
        .bind(question)
        .bind(answer)
        .bind(sort_order)
        .bind(now)
        .fetch_one(self.pool())
        .await?)
    }
}
