//! 确认报名 under load: enrollments are committed in groups (`crate::group`).
//!
//! A group is one transaction of four statements whatever its size: the change counter advanced
//! by the group's size, one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`, one multi-row
//! insert of the audit records, and the commit. The partial unique index still decides who
//! already holds an enrollment for the year: a row it refuses is that caller's conflict alone.

use crate::areas::Enrollments;
use std::collections::HashMap;

use tokio::sync::oneshot;

use crate::StoreError;
use crate::audit::{self, Actor, Entry};

/// At most this many enrollments in one transaction (ten bound parameters each).
const MOST_IN_GROUP: usize = 64;

pub(crate) struct PendingEnrollment {
    pub(crate) learner_id: i64,
    pub(crate) year: i64,
    pub(crate) level: String,
    pub(crate) institution_id: i64,
    /// The employer whose 团报 this is, if one.
    pub(crate) employer_id: Option<i64>,
    pub(crate) actor: Actor,
    pub(crate) now: i64,
    pub(crate) reply: oneshot::Sender<Result<i64, StoreError>>,
}

impl Enrollments<'_> {
    /// Writes waiting enrollments until none are left; runs as its own task, so a caller that
    /// goes away does not stop the others' transaction.
    pub(crate) async fn flush_enrollments(self) {
        let group = self.enrollment_group.clone();
        let _abandon = crate::group::AbandonOnPanic(&group);
        loop {
            // On SQLite, waiting for the write lock is when the next group gathers.
            let gate = self.write_gate().await;
            let batch = group.take(MOST_IN_GROUP);
            if batch.is_empty() {
                return;
            }
            match self.insert_enrollments(&batch).await {
                Ok(outcomes) => {
                    drop(gate);
                    for (pending, outcome) in batch.into_iter().zip(outcomes) {
                        // A caller that went away no longer waits for its answer.
                        let _ = pending.reply.send(outcome);
                    }
                }
                Err(_) if batch.len() > 1 => {
                    // Something other than a uniqueness conflict failed the group: write each
                    // alone, so that only the one at fault gets the error.
                    for pending in batch {
                        let outcome = match self
                            .insert_enrollments(std::slice::from_ref(&pending))
                            .await
                        {
                            Ok(mut one) => one.pop().unwrap_or(Err(StoreError::NotFound)),
                            Err(e) => Err(e),
                        };
                        let _ = pending.reply.send(outcome);
                    }
                    drop(gate);
                }
                Err(e) => {
                    drop(gate);
                    // The guard above leaves a batch of one here.
                    if let Some(pending) = batch.into_iter().next() {
                        let _ = pending.reply.send(Err(e));
                    }
                }
            }
        }
    }

    /// One transaction for the batch (the caller holds the write gate); the id of each new
    /// enrollment, or `Conflict` for a learner who already holds one for the year.
    async fn insert_enrollments(
        &self,
        batch: &[PendingEnrollment],
    ) -> Result<Vec<Result<i64, StoreError>>, StoreError> {
        // The same learner and year twice in one batch (a double submit): the first one counts.
        let mut first_of: HashMap<(i64, i64), usize> = HashMap::new();
        let fresh: Vec<usize> = (0..batch.len())
            .filter(|&i| {
                let p = &batch[i];
                *first_of.entry((p.learner_id, p.year)).or_insert(i) == i
            })
            .collect();
        let n = i64::try_from(fresh.len()).map_err(|e| StoreError::Invalid(e.to_string()))?;
        let mut tx = self.pool().begin().await?;
        let last_seq = crate::counters::advance(&mut *tx, "enrollment_change", n).await?;

        let sql = format!(
            "INSERT INTO enrollments (learner_id, year, level, institution_id, status, enrolled_at, updated_at, change_seq, employer_id) \
             VALUES {} ON CONFLICT DO NOTHING RETURNING id, learner_id, year",
            crate::marks::rows(fresh.len(), 0, 7, |p| format!(
                "({}, {}, {}, {}, 'enrolled', {}, {}, {}, {})",
                p[0], p[1], p[2], p[3], p[4], p[4], p[5], p[6]
            ))
        );
        let mut insert = sqlx::query_as::<_, (i64, i64, i64)>(sqlx::AssertSqlSafe(sql));
        for (k, &i) in fresh.iter().enumerate() {
            let p = &batch[i];
            let seq = last_seq - n + 1 + i64::try_from(k).unwrap_or(0);
            insert = insert
                .bind(p.learner_id)
                .bind(p.year)
                .bind(p.level.clone())
                .bind(p.institution_id)
                .bind(p.now)
                .bind(seq)
                .bind(p.employer_id);
        }
        let created: HashMap<(i64, i64), i64> = insert
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .map(|(id, learner_id, year)| ((learner_id, year), id))
            .collect();

        let mut outcomes = Vec::with_capacity(batch.len());
        let mut audited = Vec::new();
        for (i, p) in batch.iter().enumerate() {
            let id = created
                .get(&(p.learner_id, p.year))
                .filter(|_| first_of.get(&(p.learner_id, p.year)) == Some(&i));
            match id {
                Some(&id) => {
                    audited.push((p, id));
                    outcomes.push(Ok(id));
                }
                None => outcomes.push(Err(StoreError::Conflict(
                    crate::Conflict::OneActiveEnrollment,
                ))),
            }
        }
        let texts: Vec<(String, String)> = audited
            .iter()
            .map(|(p, id)| {
                let mut detail = serde_json::json!({"from": null, "to": "enrolled", "year": p.year, "level": p.level, "institution_id": p.institution_id});
                if let Some(employer_id) = p.employer_id {
                    detail["employer_id"] = employer_id.into();
                }
                (id.to_string(), detail.to_string())
            })
            .collect();
        let entries: Vec<Entry<'_>> = audited
            .iter()
            .zip(&texts)
            .map(|((p, _), (target_id, detail))| Entry {
                at: p.now,
                actor: &p.actor,
                action: "enrollment.create",
                target_kind: "enrollment",
                target_id,
                detail,
            })
            .collect();
        audit::record_many(&mut *tx, &entries).await?;
        tx.commit().await?;
        Ok(outcomes)
    }
}
