//! 报名: enrollments, their state changes (each one transaction with an audit record and a new
//! change number for the partner feed), payments, refunds and school credit records.
//! Which change is allowed is decided by the domain (`jxjy_domain::transition`); this module
//! applies a decided change, guarded by the state it was decided from.

use crate::areas::Enrollments;
use sqlx::{Any, FromRow, Transaction};

use crate::audit::{self, Actor, Entry};
use crate::{Store, StoreError, counters};

/// The largest page of the partner feed.
pub const FEED_PAGE_MAX: i64 = 500;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct EnrollmentRow {
    pub id: i64,
    pub learner_id: i64,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub level: jxjy_domain::Level,
    pub institution_id: i64,
    pub institution_name: String,
    #[sqlx(try_from = "String")]
    pub status: jxjy_domain::EnrollmentStatus,
    pub enrolled_at: i64,
    pub paid_at: Option<i64>,
    pub credited_at: Option<i64>,
    pub cancelled_at: Option<i64>,
    pub updated_at: i64,
    pub change_seq: i64,
    pub professional_tenths: i64,
    pub public_tenths: i64,
    pub reviewed: i64,
    /// The employer that enrolled the learner (团报), if one did.
    pub employer_name: Option<String>,
}

macro_rules! select_enrollments {
    ($tail:literal) => {
        select_enrollments!("", $tail)
    };
    ($extra:literal, $tail:literal) => {
        concat!(
            "SELECT e.id, e.learner_id, e.year, e.level, e.institution_id, i.name AS institution_name, e.status, \
             e.enrolled_at, e.paid_at, e.credited_at, e.cancelled_at, e.updated_at, e.change_seq, \
             CAST(COALESCE((SELECT SUM(c.credits_tenths) FROM credit_records c WHERE c.enrollment_id = e.id AND c.category = 'professional'), 0) AS BIGINT) AS professional_tenths, \
             CAST(COALESCE((SELECT SUM(c.credits_tenths) FROM credit_records c WHERE c.enrollment_id = e.id AND c.category = 'public'), 0) AS BIGINT) AS public_tenths, \
             CAST((SELECT COUNT(*) FROM reviews r WHERE r.enrollment_id = e.id) AS BIGINT) AS reviewed, \
             (SELECT m.name FROM employers m WHERE m.id = e.employer_id) AS employer_name",
            $extra,
            " FROM enrollments e JOIN institutions i ON i.id = e.institution_id ",
            $tail
        )
    };
}

/// A learner's enrollments, newest first: 网络培训's 报名记录 (also read by `crate::reader`).
pub(crate) const LEARNER_ENROLLMENTS: &str = select_enrollments!(
    "WHERE e.learner_id = $1 ORDER BY e.year DESC, e.enrolled_at DESC, e.id DESC LIMIT 100"
);

/// An enrollment of a school's feed, with the learner's name.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct FeedRow {
    #[sqlx(flatten)]
    pub enrollment: EnrollmentRow,
    pub learner_name: String,
}

/// A decided change of state: from what, to what, and the name of the event for the audit log.
#[derive(Debug, Clone, Copy)]
pub struct StateChange<'a> {
    pub from: &'a str,
    pub to: &'a str,
    pub event: &'a str,
}

/// A school's credit record, already validated.
#[derive(Debug, Clone)]
pub struct NewCreditRecord {
    pub record_id: String,
    pub course: String,
    pub category: &'static str,
    pub credits_tenths: i64,
    pub completed_at: i64,
}

/// A payment or refund reported by a school.
#[derive(Debug, Clone)]
pub struct NewPayment<'a> {
    pub kind: &'a str,
    pub reference: &'a str,
    pub amount_fen: Option<i64>,
    pub occurred_at: i64,
}

/// What a payment or refund report found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    New,
    /// The same reference was reported before for this enrollment: nothing changed.
    Repeat,
    /// The reference belongs to another enrollment of this school.
    ReferenceTaken,
}

async fn change_state(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    change: StateChange<'_>,
    actor: &Actor,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), StoreError> {
    let seq = counters::next(&mut **tx, "enrollment_change").await?;
    let n = sqlx::query(
        "UPDATE enrollments SET status = $1, updated_at = $2, change_seq = $3, \
         paid_at = CASE WHEN $1 = 'paid' THEN $2 ELSE paid_at END, \
         credited_at = CASE WHEN $1 = 'credited' THEN $2 ELSE credited_at END, \
         cancelled_at = CASE WHEN $1 = 'cancelled' THEN $2 ELSE cancelled_at END \
         WHERE id = $4 AND status = $5",
    )
    .bind(change.to)
    .bind(now)
    .bind(seq)
    .bind(id)
    .bind(change.from)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if n != 1 {
        // Someone changed it since the decision was taken.
        return Err(StoreError::Conflict(
            crate::Conflict::EnrollmentStateChanged,
        ));
    }
    let mut detail = detail;
    detail["from"] = change.from.into();
    detail["to"] = change.to.into();
    detail["event"] = change.event.into();
    audit::record(
        &mut **tx,
        &Entry::new(
            now,
            actor,
            "enrollment.transition",
            ("enrollment", &id.to_string()),
            &detail.to_string(),
        ),
    )
    .await
}

/// True when the school offers this year and level and neither is disabled.
pub async fn offer_open<'e, E: sqlx::Executor<'e, Database = Any>>(
    db: E,
    year: i64,
    level: &str,
    institution_id: i64,
) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM offers o JOIN institutions i ON i.id = o.institution_id \
         WHERE o.year = $1 AND o.level = $2 AND o.institution_id = $3 AND o.disabled = 0 AND i.disabled = 0",
    )
    .bind(year)
    .bind(level)
    .bind(institution_id)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

impl Enrollments<'_> {
    /// Creates an `enrolled` enrollment with its change number and audit record; a second active
    /// one of the learner's year is a `Conflict` (partial unique index), however many requests
    /// race. Enrollments arriving together share a transaction (`crate::enroll_group`).
    #[allow(clippy::too_many_arguments)] // the enrollment, the 团报 employer, actor and time
    pub async fn create_enrollment(
        &self,
        learner_id: i64,
        year: i64,
        level: &str,
        institution_id: i64,
        employer_id: Option<i64>,
        actor: &Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let pending = crate::enroll_group::PendingEnrollment {
            learner_id,
            year,
            level: level.to_owned(),
            institution_id,
            employer_id,
            actor: actor.clone(),
            now,
            reply,
        };
        if self.enrollment_group.push(pending) {
            let store = Store::clone(self);
            tokio::spawn(async move { store.enrollments().flush_enrollments().await });
        }
        answer
            .await
            .map_err(|_| StoreError::Invalid("报名未能写入，请重试".to_owned()))?
    }

    pub async fn enrollments_of_learner(
        &self,
        learner_id: i64,
    ) -> Result<Vec<EnrollmentRow>, StoreError> {
        Ok(sqlx::query_as::<_, EnrollmentRow>(LEARNER_ENROLLMENTS)
            .bind(learner_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// The learner's own enrollment; another learner's is `NotFound`.
    pub async fn enrollment_of_learner(
        &self,
        id: i64,
        learner_id: i64,
    ) -> Result<EnrollmentRow, StoreError> {
        sqlx::query_as::<_, EnrollmentRow>(select_enrollments!(
            "WHERE e.id = $1 AND e.learner_id = $2"
        ))
        .bind(id)
        .bind(learner_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The school's own enrollment; another school's is `NotFound`.
    pub async fn enrollment_of_institution(
        &self,
        id: i64,
        institution_id: i64,
    ) -> Result<EnrollmentRow, StoreError> {
        sqlx::query_as::<_, EnrollmentRow>(select_enrollments!(
            "WHERE e.id = $1 AND e.institution_id = $2"
        ))
        .bind(id)
        .bind(institution_id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The school's enrollments changed after `since`, in change order: at most `limit`, which
    /// may be one more than the largest page ([`FEED_PAGE_MAX`]) so that the caller can tell
    /// whether more follow a full page.
    pub async fn enrollment_feed(
        &self,
        institution_id: i64,
        since: i64,
        limit: i64,
    ) -> Result<Vec<FeedRow>, StoreError> {
        // One query for the page: the learner's name comes along (not one query per row).
        Ok(sqlx::query_as::<_, FeedRow>(select_enrollments!(
            ", l.name AS learner_name",
            "JOIN learners l ON l.id = e.learner_id \
             WHERE e.institution_id = $1 AND e.change_seq > $2 ORDER BY e.change_seq LIMIT $3"
        ))
        .bind(institution_id)
        .bind(since)
        .bind(limit.clamp(1, FEED_PAGE_MAX + 1))
        .fetch_all(self.pool())
        .await?)
    }

    /// Applies a decided change (a cancellation) and the school's outbox message, in one transaction.
    pub async fn transition_enrollment(
        &self,
        id: i64,
        change: StateChange<'_>,
        actor: &Actor,
        webhook: Option<(i64, &str, &str)>,
        now: i64,
    ) -> Result<(), StoreError> {
        let (_gate, mut tx) = self.begin_write().await?;
        change_state(&mut tx, id, change, actor, serde_json::json!({}), now).await?;
        if let Some((institution_id, event, payload)) = webhook {
            crate::webhooks::enqueue(&mut *tx, institution_id, event, payload, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Records a payment or refund and, when decided, the change it causes; idempotent on the
    /// school's reference.
    pub async fn record_payment(
        &self,
        enrollment: &EnrollmentRow,
        payment: &NewPayment<'_>,
        change: Option<StateChange<'_>>,
        actor: &Actor,
        now: i64,
    ) -> Result<Recorded, StoreError> {
        if let Some(found) = self
            .payment_reference(enrollment.institution_id, payment.kind, payment.reference)
            .await?
        {
            return Ok(if found == enrollment.id {
                Recorded::Repeat
            } else {
                Recorded::ReferenceTaken
            });
        }
        let (_gate, mut tx) = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO payments (enrollment_id, institution_id, kind, reference, amount_fen, occurred_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(enrollment.id)
        .bind(enrollment.institution_id)
        .bind(payment.kind)
        .bind(payment.reference)
        .bind(payment.amount_fen)
        .bind(payment.occurred_at)
        .bind(now)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) => {
                let e = StoreError::from(e);
                if e.is_conflict() {
                    // A concurrent report of the same reference won; answer as it did.
                    tx.rollback().await?;
                    let found = self
                        .payment_reference(
                            enrollment.institution_id,
                            payment.kind,
                            payment.reference,
                        )
                        .await?;
                    return Ok(if found == Some(enrollment.id) {
                        Recorded::Repeat
                    } else {
                        Recorded::ReferenceTaken
                    });
                }
                return Err(e);
            }
        }
        let detail = serde_json::json!({"kind": payment.kind, "reference": payment.reference, "amount_fen": payment.amount_fen});
        match change {
            Some(change) => {
                change_state(&mut tx, enrollment.id, change, actor, detail, now).await?
            }
            None => {
                audit::record(
                    &mut *tx,
                    &Entry::new(
                        now,
                        actor,
                        "enrollment.payment_repeat",
                        ("enrollment", &enrollment.id.to_string()),
                        &detail.to_string(),
                    ),
                )
                .await?
            }
        }
        tx.commit().await?;
        Ok(Recorded::New)
    }

    pub async fn payment_reference(
        &self,
        institution_id: i64,
        kind: &str,
        reference: &str,
    ) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT enrollment_id FROM payments WHERE institution_id = $1 AND kind = $2 AND reference = $3")
            .bind(institution_id)
            .bind(kind)
            .bind(reference)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Adds a school's credit records to the ledger (a repeated `record_id` is skipped) and the
    /// decided change, in one transaction. Returns how many records were new.
    pub async fn record_school_credits(
        &self,
        enrollment: &EnrollmentRow,
        records: &[NewCreditRecord],
        change: Option<StateChange<'_>>,
        actor: &Actor,
        now: i64,
    ) -> Result<usize, StoreError> {
        let (_gate, mut tx) = self.begin_write().await?;
        let added = insert_school_records(&mut tx, enrollment, records, now).await?;
        let reported: i64 = records.iter().map(|r| r.credits_tenths).sum();
        let detail =
            serde_json::json!({"records": records.len(), "new": added, "credits_tenths": reported});
        match change {
            Some(change) => {
                change_state(&mut tx, enrollment.id, change, actor, detail, now).await?
            }
            None if added > 0 => {
                // More records on a credited enrollment: the feed should show it changed.
                let seq = counters::next(&mut *tx, "enrollment_change").await?;
                sqlx::query(
                    "UPDATE enrollments SET updated_at = $1, change_seq = $2 WHERE id = $3",
                )
                .bind(now)
                .bind(seq)
                .bind(enrollment.id)
                .execute(&mut *tx)
                .await?;
                audit::record(
                    &mut *tx,
                    &Entry::new(
                        now,
                        actor,
                        "enrollment.credits",
                        ("enrollment", &enrollment.id.to_string()),
                        &detail.to_string(),
                    ),
                )
                .await?;
            }
            None => {}
        }
        tx.commit().await?;
        Ok(added)
    }
}

/// The school's records as one multi-row insert (a round trip per record held SQLite's write lock
/// fifty times as long; docs/performance.md). A `record_id` seen before is skipped when it
/// belongs to this enrollment (a repeated report) and refused when the school used it for another.
async fn insert_school_records(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
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
    let added = query.execute(&mut **tx).await?.rows_affected();
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
            query.fetch_all(&mut **tx).await?.into_iter().collect();
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
