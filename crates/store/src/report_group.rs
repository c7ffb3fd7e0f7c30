//! Schools' credit reports under load: committed in groups (`crate::group`), as enrollments are.
//!
//! At a deadline the schools send thousands of reports a minute, and each was two durable
//! commits (its nonce, then its records) with every other writer waiting for SQLite's lock. A
//! group is one transaction, each report inside it a savepoint of its own: the call's nonce, its
//! records (one multi-row insert), the decided change of state and its audit record. A report
//! that fails (a replayed nonce, a `record_id` of another enrollment, a state that moved) is
//! rolled back to its savepoint and answered alone; the others commit together.

use tokio::sync::oneshot;

use crate::areas::Enrollments;
use crate::audit::{self, Actor, Entry};
use crate::enrollments::{EnrollmentRow, NewCreditRecord, StateChange, change_state};
use crate::{StoreError, counters};

/// At most this many reports in one transaction.
const MOST_IN_GROUP: usize = 64;

/// A signed call's nonce, accepted in the same transaction as what the call writes.
#[derive(Debug, Clone)]
pub struct Nonce {
    pub institution_id: i64,
    pub nonce: String,
    pub expires_at: i64,
}

pub(crate) struct PendingReport {
    pub(crate) enrollment: EnrollmentRow,
    pub(crate) records: Vec<NewCreditRecord>,
    pub(crate) change: Option<StateChange<'static>>,
    pub(crate) nonce: Option<Nonce>,
    pub(crate) actor: Actor,
    pub(crate) now: i64,
    pub(crate) reply: oneshot::Sender<Result<usize, StoreError>>,
}

impl crate::Store {
    /// Credit reports waiting for their group's commit.
    pub fn reports_waiting(&self) -> usize {
        self.report_group.len()
    }
}

impl Enrollments<'_> {
    /// Writes waiting reports until none are left; runs as its own task, so a school that hangs
    /// up does not stop the others' transaction.
    pub(crate) async fn flush_reports(self) {
        let group = self.report_group.clone();
        let _abandon = crate::group::AbandonOnPanic(&group);
        loop {
            // On SQLite, waiting for the write lock is when the next group gathers.
            let gate = self.write_gate().await;
            let batch = group.take(MOST_IN_GROUP);
            if batch.is_empty() {
                return;
            }
            match self.write_reports(&batch).await {
                Ok(outcomes) => {
                    drop(gate);
                    for (pending, outcome) in batch.into_iter().zip(outcomes) {
                        let _ = pending.reply.send(outcome);
                    }
                }
                Err(_) if batch.len() > 1 => {
                    // The group itself failed (its commit, the connection): write each alone,
                    // so that every school gets its own answer.
                    for pending in batch {
                        let outcome = match self.write_reports(std::slice::from_ref(&pending)).await
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
                    if let Some(pending) = batch.into_iter().next() {
                        let _ = pending.reply.send(Err(e));
                    }
                }
            }
        }
    }

    /// One transaction for the batch (the caller holds the write gate), a savepoint a report.
    async fn write_reports(
        &self,
        batch: &[PendingReport],
    ) -> Result<Vec<Result<usize, StoreError>>, StoreError> {
        let mut tx = self.pool().begin().await?;
        let mut outcomes = Vec::with_capacity(batch.len());
        // Savepoints as plain statements, so that sqlx's own transaction depth stays one: when
        // SQLite rolls a transaction back by itself (a full disk), dropping the transaction
        // then leaves the connection as clean as a single report's transaction did.
        for report in batch {
            sqlx::query("SAVEPOINT report").execute(&mut *tx).await?;
            match write_report(&mut tx, report).await {
                Ok(added) => {
                    sqlx::query("RELEASE SAVEPOINT report")
                        .execute(&mut *tx)
                        .await?;
                    outcomes.push(Ok(added));
                }
                Err(e) if e.is_fault() => return Err(e),
                Err(e) => {
                    sqlx::query("ROLLBACK TO SAVEPOINT report")
                        .execute(&mut *tx)
                        .await?;
                    sqlx::query("RELEASE SAVEPOINT report")
                        .execute(&mut *tx)
                        .await?;
                    outcomes.push(Err(e));
                }
            }
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

/// One report: its nonce, its records, the change of state or the feed's mark, the audit record.
async fn write_report(
    conn: &mut sqlx::AnyConnection,
    report: &PendingReport,
) -> Result<usize, StoreError> {
    if let Some(n) = &report.nonce {
        let accepted = sqlx::query(
            "INSERT INTO partner_nonces (institution_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
        )
        .bind(n.institution_id)
        .bind(n.nonce.clone())
        .bind(n.expires_at)
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if accepted != 1 {
            return Err(StoreError::Conflict(crate::Conflict::NonceReused));
        }
    }
    let (enrollment, records, now) = (&report.enrollment, &report.records, report.now);
    let added = insert_school_records(conn, enrollment, records, now).await?;
    let reported: i64 = records.iter().map(|r| r.credits_tenths).sum();
    let detail =
        serde_json::json!({"records": records.len(), "new": added, "credits_tenths": reported});
    match report.change {
        Some(change) => {
            change_state(conn, enrollment.id, change, &report.actor, detail, now).await?;
        }
        None if added > 0 => {
            // More records on a credited enrollment: the feed should show it changed.
            let seq = counters::next(&mut *conn, "enrollment_change").await?;
            sqlx::query("UPDATE enrollments SET updated_at = $1, change_seq = $2 WHERE id = $3")
                .bind(now)
                .bind(seq)
                .bind(enrollment.id)
                .execute(&mut *conn)
                .await?;
            audit::record(
                &mut *conn,
                &Entry::new(
                    now,
                    &report.actor,
                    "enrollment.credits",
                    ("enrollment", &enrollment.id.to_string()),
                    &detail.to_string(),
                ),
            )
            .await?;
        }
        None => {}
    }
    Ok(added)
}

/// The school's records as one multi-row insert (a round trip per record held SQLite's write lock
/// fifty times as long; docs/performance.md). A `record_id` seen before is skipped when it
/// belongs to this enrollment (a repeated report) and refused when the school used it for another.
async fn insert_school_records(
    conn: &mut sqlx::AnyConnection,
    enrollment: &EnrollmentRow,
    records: &[NewCreditRecord],
    now: i64,
) -> Result<usize, StoreError> {
    if records.is_empty() {
        return Ok(0);
    }
    // $1..$5 are shared by every row: learner, year, school, enrollment, now. No RETURNING:
    // each returned row is a message back from SQLite's worker thread, under the write lock;
    // the count says whether anything was skipped.
    let sql = format!(
        "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, institution_id, \
         enrollment_id, course, completed_at, created_at) VALUES {} ON CONFLICT (source, source_ref) DO NOTHING",
        crate::marks::rows(records.len(), 5, 5, |p| format!(
            "($1, $2, {}, {}, 'online', 'school', {}, $3, $4, {}, {}, $5)",
            p[0], p[1], p[2], p[3], p[4]
        ))
    );
    let refs: Vec<String> = records
        .iter()
        .map(|r| format!("{}:{}", enrollment.institution_id, r.record_id))
        .collect();
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(enrollment.learner_id)
        .bind(enrollment.year)
        .bind(enrollment.institution_id)
        .bind(enrollment.id)
        .bind(now);
    for (r, source_ref) in records.iter().zip(&refs) {
        query = query
            .bind(r.category)
            .bind(r.credits_tenths)
            .bind(source_ref.clone())
            .bind(r.course.clone())
            .bind(r.completed_at);
    }
    let added = query.execute(&mut *conn).await?.rows_affected();
    let added = usize::try_from(added).map_err(|e| StoreError::Invalid(e.to_string()))?;
    if added < records.len() {
        // Some were seen before: fine if for this enrollment (a repeated report, or the same
        // record_id twice in one report), a conflict if the school used one for someone else.
        let sql = format!(
            "SELECT source_ref FROM credit_records WHERE source = 'school' AND source_ref IN ({}) \
             AND (enrollment_id IS NULL OR enrollment_id <> $1)",
            crate::marks::list(2, refs.len())
        );
        let mut query =
            sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql)).bind(enrollment.id);
        for source_ref in &refs {
            query = query.bind(source_ref.clone());
        }
        let taken: std::collections::HashSet<String> =
            query.fetch_all(&mut *conn).await?.into_iter().collect();
        if let Some((r, _)) = records
            .iter()
            .zip(&refs)
            .find(|(_, source_ref)| taken.contains(*source_ref))
        {
            return Err(StoreError::Conflict(crate::Conflict::RecordIdTaken {
                record_id: r.record_id.clone(),
            }));
        }
    }
    Ok(added)
}
