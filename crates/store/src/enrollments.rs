//! 报名: enrollments, their state changes (each one transaction with an audit record and a new
//! change number for the partner feed), payments, refunds and school credit records.
//! Which change is allowed is decided by the domain (`jxjy_domain::transition`); this module
//! applies a decided change, guarded by the state it was decided from.

use crate::areas::Enrollments;
use sqlx::{Any, FromRow};

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

/// The same for the learner `l` of an enclosing query (`crate::reader`'s one statement on
/// PostgreSQL, as a `LATERAL` subquery).
pub(crate) const ENROLLMENTS_OF_L: &str = select_enrollments!(
    "WHERE e.learner_id = l.id ORDER BY e.year DESC, e.enrolled_at DESC, e.id DESC LIMIT 100"
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

pub(crate) async fn change_state(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    change: StateChange<'_>,
    actor: &Actor,
    detail: serde_json::Value,
    now: i64,
) -> Result<(), StoreError> {
    let seq = counters::next(&mut *conn, "enrollment_change").await?;
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
    .execute(&mut *conn)
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
        &mut *conn,
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
    /// decided change, with the call's nonce if it has one: a report of its own inside a group
    /// commit (`crate::report_group`). Returns how many records were new.
    pub async fn record_school_credits(
        &self,
        enrollment: &EnrollmentRow,
        records: &[NewCreditRecord],
        change: Option<StateChange<'static>>,
        nonce: Option<crate::report_group::Nonce>,
        actor: &Actor,
        now: i64,
    ) -> Result<usize, StoreError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let pending = crate::report_group::PendingReport {
            enrollment: enrollment.clone(),
            records: records.to_vec(),
            change,
            nonce,
            actor: actor.clone(),
            now,
            reply,
        };
        if self.report_group.push(pending) {
            let store = Store::clone(self);
            tokio::spawn(async move { store.enrollments().flush_reports().await });
        }
        answer
            .await
            .map_err(|_| StoreError::Invalid("学分报告未能写入，请重试".to_owned()))?
    }
}
