//! 去评价: one review per enrollment; the average shows on the school's details.

use crate::StoreError;
use crate::areas::Reviews;
use crate::audit::{Actor, Entry};

pub struct NewReview<'a> {
    pub enrollment_id: i64,
    pub institution_id: i64,
    pub learner_id: i64,
    pub rating: i64,
    pub comment: &'a str,
}

impl Reviews<'_> {
    pub async fn create_review(
        &self,
        review: &NewReview<'_>,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reviews (enrollment_id, institution_id, learner_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(review.enrollment_id)
        .bind(review.institution_id)
        .bind(review.learner_id)
        .bind(review.rating)
        .bind(review.comment)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE institutions SET rating_sum = rating_sum + $1, rating_count = rating_count + 1 WHERE id = $2",
        )
        .bind(review.rating)
        .bind(review.institution_id)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({"rating": review.rating}).to_string();
        tx.commit(&Entry::new(
            now,
            actor,
            "review.create",
            ("enrollment", &review.enrollment_id.to_string()),
            &detail,
        ))
        .await?;
        // The rating shown beside each school.
        self.open_offers.clear();
        Ok(id)
    }

    /// The sum of a school's ratings and their number.
    pub async fn rating_of(&self, institution_id: i64) -> Result<(i64, i64), StoreError> {
        let (sum, count): (i64, i64) =
            sqlx::query_as("SELECT rating_sum, rating_count FROM institutions WHERE id = $1")
                .bind(institution_id)
                .fetch_optional(self.pool())
                .await?
                .unwrap_or((0, 0));
        Ok((sum, count))
    }
}
