//! 常见问题.

use crate::areas::Faqs;
use sqlx::FromRow;

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Faq {
    pub id: i64,
    pub question: String,
    pub answer: String,
    pub sort_order: i64,
}

impl Faqs<'_> {
    /// Every FAQ in display order (bounded: a portal has dozens, not thousands).
    pub async fn all(&self) -> Result<Vec<Faq>, StoreError> {
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

impl Faqs<'_> {
    /// Creates, edits or (with `None`) deletes an FAQ entry, with its audit record.
    pub async fn save_faq(
        &self,
        id: Option<i64>,
        content: Option<(&str, &str, i64)>,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_audited().await?;
        let (id, action) = match (id, content) {
            (None, Some((q, a, order))) => {
                let id: i64 = sqlx::query_scalar("INSERT INTO faqs (question, answer, sort_order, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
                    .bind(q)
                    .bind(a)
                    .bind(order)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
                (id, "faq.create")
            }
            (Some(id), Some((q, a, order))) => {
                let n = sqlx::query("UPDATE faqs SET question = $1, answer = $2, sort_order = $3, updated_at = $4 WHERE id = $5")
                    .bind(q)
                    .bind(a)
                    .bind(order)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(StoreError::NotFound);
                }
                (id, "faq.update")
            }
            (Some(id), None) => {
                let n = sqlx::query("DELETE FROM faqs WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(StoreError::NotFound);
                }
                (id, "faq.delete")
            }
            (None, None) => return Err(StoreError::NotFound),
        };
        tx.commit(&crate::audit::Entry {
            at: now,
            actor,
            action,
            target_kind: "faq",
            target_id: &id.to_string(),
            detail: "{}",
        })
        .await?;
        Ok(id)
    }
}
