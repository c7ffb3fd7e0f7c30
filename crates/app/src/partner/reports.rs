//! What a school reports and reads through the partner API: the change feed of its
//! enrollments, the 进入网校 hand-off, payments and refunds, earned credits. Each: the school's
//! own enrollment (any other is a 404), the domain's decision, one transaction in the store, the
//! enrollment back.

use jxjy_domain::{EnrollmentEvent, Transition, transition};
use jxjy_store::enrollments::{EnrollmentRow, NewCreditRecord, NewPayment, Recorded, StateChange};
use jxjy_store::{Conflict, StoreError};
use serde::Serialize;

use crate::training::handoff;
use crate::training::view::{CreditSums, CreditsNum};
use crate::{AppError, Context, format};

/// A repeated report may come this many seconds "early" (clock skew between school and us).
pub const WINDOW_TOLERANCE: i64 = 300;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartnerLearner {
    pub id: i64,
    pub name: String,
    pub id_type: String,
    /// The full document number: the school reports this learner's credits.
    pub id_number: String,
    /// Masked, e.g. `138****8000`.
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PartnerEnrollment {
    pub id: i64,
    pub year: i64,
    pub level: String,
    /// enrolled | paid | credited | cancelled
    pub status: String,
    pub enrolled_at: String,
    pub paid_at: Option<String>,
    pub credited_at: Option<String>,
    pub cancelled_at: Option<String>,
    pub updated_at: String,
    pub credits: CreditSums,
    pub learner_name: String,
}

async fn partner_view(state: &Context, e: EnrollmentRow) -> Result<PartnerEnrollment, AppError> {
    let learner = state.store.learners().learner(e.learner_id).await?;
    Ok(named_view(e, learner.name))
}

fn named_view(e: EnrollmentRow, learner_name: String) -> PartnerEnrollment {
    PartnerEnrollment {
        id: e.id,
        year: e.year,
        level: e.level.as_str().to_string(),
        status: e.status.as_str().to_string(),
        enrolled_at: format::rfc3339(e.enrolled_at),
        paid_at: e.paid_at.map(format::rfc3339),
        credited_at: e.credited_at.map(format::rfc3339),
        cancelled_at: e.cancelled_at.map(format::rfc3339),
        updated_at: format::rfc3339(e.updated_at),
        credits: CreditSums {
            total: CreditsNum(e.professional_tenths + e.public_tenths),
            professional: CreditsNum(e.professional_tenths),
            public: CreditsNum(e.public_tenths),
        },
        learner_name,
    }
}

/// The school's own enrollment; another school's is a 404 like one that does not exist.
pub async fn own(state: &Context, school: i64, id: i64) -> Result<EnrollmentRow, AppError> {
    state
        .store
        .enrollments()
        .enrollment_of_institution(id, school)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("报名记录不存在"),
            other => other.into(),
        })
}

/// The domain's decision for `event`, as the store's change (or none when nothing moves).
fn decide(
    e: &EnrollmentRow,
    event: EnrollmentEvent,
) -> Result<Option<StateChange<'static>>, AppError> {
    let from = e.status;
    match transition(from, event) {
        Ok(Transition::Changed(to)) => Ok(Some(StateChange {
            from: from.as_str(),
            to: to.as_str(),
            event: event.as_str(),
        })),
        Ok(Transition::Unchanged) => Ok(None),
        Err(err) => Err(AppError::conflict(err.code(), err.to_string())),
    }
}

fn state_changed(err: StoreError) -> AppError {
    if let StoreError::Conflict(Conflict::NonceReused) = &err {
        return crate::partner::school::nonce_reused();
    }
    if let StoreError::Conflict(Conflict::RecordIdTaken { record_id: record }) = &err {
        return AppError::conflict(
            "reference_conflict",
            format!("record_id {record} 已用于本机构的另一条报名，整份报告未登记"),
        );
    }
    if err.is_conflict() {
        AppError::conflict("state_changed", "报名状态刚刚发生了变化，请重试")
    } else {
        err.into()
    }
}

// ---- the change feed ----

#[derive(Serialize, utoipa::ToSchema)]
pub struct Feed {
    pub items: Vec<PartnerEnrollment>,
    /// Pass as `since` to get what changed after these items.
    pub next_cursor: String,
    pub has_more: bool,
}

fn encode_cursor(seq: i64) -> String {
    format!("c{seq:x}")
}

pub fn decode_cursor(cursor: &str) -> Result<i64, AppError> {
    cursor
        .strip_prefix('c')
        .and_then(|h| i64::from_str_radix(h, 16).ok())
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            AppError::bad_request("invalid_cursor", "since 不是本接口返回的 next_cursor")
                .on_field("since")
        })
}

/// The school's own enrollments that changed after `since`, in change order.
pub async fn feed(
    state: &Context,
    school: i64,
    since: Option<&str>,
    limit: Option<i64>,
) -> Result<Feed, AppError> {
    let since = match since.filter(|s| !s.is_empty()) {
        Some(c) => decode_cursor(c)?,
        None => 0,
    };
    let limit = limit.unwrap_or(100);
    if !(1..=jxjy_store::enrollments::FEED_PAGE_MAX).contains(&limit) {
        return Err(AppError::bad_request(
            "invalid_query",
            format!(
                "limit 应为 1-{} 之间的整数",
                jxjy_store::enrollments::FEED_PAGE_MAX
            ),
        )
        .on_field("limit"));
    }
    let rows = state
        .store
        .enrollments()
        .enrollment_feed(school, since, limit + 1)
        .await?;
    let has_more = rows.len() as i64 > limit;
    let mut items = Vec::new();
    let mut last = since;
    for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(100)) {
        last = row.enrollment.change_seq;
        items.push(named_view(row.enrollment, row.learner_name));
    }
    Ok(Feed {
        items,
        next_cursor: encode_cursor(last),
        has_more,
    })
}

// ---- 进入网校 hand-off ----

#[derive(Serialize, utoipa::ToSchema)]
pub struct HandoffResult {
    pub learner: PartnerLearner,
    pub enrollment: PartnerEnrollment,
}

/// Redeems a hand-off token (once) and names the learner and the enrollment.
pub async fn verify_handoff(
    state: &Context,
    school: i64,
    token: &str,
) -> Result<HandoffResult, AppError> {
    let claims = handoff::redeem(state, token, school).await?;
    let e = own(state, school, claims.enrollment_id).await?;
    let l = state.store.learners().learner(e.learner_id).await?;
    let phone = l
        .phone
        .as_deref()
        .and_then(|p| jxjy_domain::Phone::parse(p).ok())
        .map(|p| p.masked())
        .unwrap_or_default();
    let learner = PartnerLearner {
        id: l.id,
        name: l.name,
        id_type: l.id_type,
        id_number: l.id_number,
        phone,
    };
    Ok(HandoffResult {
        learner,
        enrollment: partner_view(state, e).await?,
    })
}

// ---- payment and refund ----

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportResult {
    /// True when this reference or record was reported before and nothing changed.
    pub repeat: bool,
    pub enrollment: PartnerEnrollment,
}

/// A payment (enrolled → paid) or a refund (paid → cancelled); idempotent on the reference.
pub async fn report_payment(
    state: &Context,
    school: i64,
    id: i64,
    payment: NewPayment<'_>,
    event: EnrollmentEvent,
) -> Result<ReportResult, AppError> {
    let e = own(state, school, id).await?;
    // A repeated reference answers as the first report did, whatever the state is now.
    match state
        .store
        .enrollments()
        .payment_reference(school, payment.kind, payment.reference)
        .await?
    {
        Some(found) if found == e.id => {
            return Ok(ReportResult {
                repeat: true,
                enrollment: partner_view(state, e).await?,
            });
        }
        Some(_) => return Err(reference_taken()),
        None => {}
    }
    let change = decide(&e, event)?;
    let field = if payment.kind == "payment" {
        "paid_at"
    } else {
        "refunded_at"
    };
    jxjy_domain::payment::check_after_enrollment(
        payment.occurred_at,
        e.enrolled_at,
        WINDOW_TOLERANCE,
    )
    .map_err(|err| {
        AppError::bad_request("invalid_input", format!("{field} {err}")).on_field(field)
    })?;
    let recorded = state
        .store
        .enrollments()
        .record_payment(
            &e,
            &payment,
            change,
            &jxjy_store::audit::Actor::institution(school),
            format::now(),
        )
        .await
        .map_err(state_changed)?;
    if recorded == Recorded::ReferenceTaken {
        return Err(reference_taken());
    }
    let e = own(state, school, id).await?;
    Ok(ReportResult {
        repeat: recorded == Recorded::Repeat,
        enrollment: partner_view(state, e).await?,
    })
}

fn reference_taken() -> AppError {
    AppError::conflict("reference_conflict", "该流水号已用于本机构的另一条报名")
}

// ---- credits ----

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreditsResult {
    /// Records new to the ledger; a repeated `record_id` counts once.
    pub added: usize,
    pub repeat: bool,
    pub enrollment: PartnerEnrollment,
}

/// Registers earned credits: paid → credited (later reports add to it); idempotent on
/// `record_id`. The records were checked against the enrollment's year by the caller. The
/// signed call's nonce, if given, is accepted in the same transaction as the records (a
/// replay is `nonce_reused` and writes nothing).
pub async fn report_credits(
    state: &Context,
    school: i64,
    id: i64,
    records: &[NewCreditRecord],
    nonce: Option<&str>,
) -> Result<CreditsResult, AppError> {
    let nonce = nonce.map(|n| jxjy_store::Nonce {
        institution_id: school,
        nonce: n.to_owned(),
        expires_at: crate::partner::school::nonce_expiry(),
    });
    // Two reports for one paid enrollment at once both decide paid → credited; the second to
    // commit finds the state moved and decides again from the new state, so a school sees a
    // 409 `state_changed` only if the enrollment keeps changing under it.
    let mut tries = 0;
    let added = loop {
        let e = own(state, school, id).await?;
        let change = decide(&e, EnrollmentEvent::CreditsReported)?;
        match state
            .store
            .enrollments()
            .record_school_credits(
                &e,
                records,
                change,
                nonce.clone(),
                &jxjy_store::audit::Actor::institution(school),
                format::now(),
            )
            .await
        {
            Err(StoreError::Conflict(Conflict::EnrollmentStateChanged)) if tries < 3 => tries += 1,
            result => break result.map_err(state_changed)?,
        }
    };
    let e = own(state, school, id).await?;
    Ok(CreditsResult {
        added,
        repeat: added == 0,
        enrollment: partner_view(state, e).await?,
    })
}

/// The school's own enrollment with its learner (the demo school's page).
pub async fn own_with_learner(
    state: &Context,
    school: i64,
    id: i64,
) -> Result<(EnrollmentRow, jxjy_store::learners::LearnerRow), AppError> {
    let e = own(state, school, id).await?;
    let learner = state.store.learners().learner(e.learner_id).await?;
    Ok((e, learner))
}
