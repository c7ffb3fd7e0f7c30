//! The partner endpoints. Each: the signed call (its school), the school's own enrollment (any
//! other is a 404), the domain's decision, one transaction in the store, the enrollment back.

use axum::Json;
use axum::extract::State;
use jxjy_domain::{EnrollmentEvent, EnrollmentStatus, Transition, transition};
use jxjy_store::enrollments::{EnrollmentRow, NewPayment, Recorded, StateChange};
use jxjy_store::{Conflict, StoreError};
use serde::{Deserialize, Serialize};

use crate::error::ErrorEnvelope;
use crate::extract::{Path, Query};
use crate::partner::auth::PartnerCall;
use crate::partner::input::{
    CreditsRequest, WINDOW_TOLERANCE, parse_records, past_time, reference,
};
use crate::training::handoff;
use crate::training::view::{CreditSums, CreditsNum};
use crate::{AppError, AppState, HttpError, format};

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

async fn partner_view(state: &AppState, e: EnrollmentRow) -> Result<PartnerEnrollment, HttpError> {
    let learner = state.store.learner(e.learner_id).await?;
    Ok(named_view(e, learner.name))
}

fn named_view(e: EnrollmentRow, learner_name: String) -> PartnerEnrollment {
    PartnerEnrollment {
        id: e.id,
        year: e.year,
        level: e.level,
        status: e.status,
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

async fn own(state: &AppState, call: &PartnerCall, id: i64) -> Result<EnrollmentRow, HttpError> {
    state
        .store
        .enrollment_of_institution(id, call.institution.id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("报名记录不存在"),
            other => other.into(),
        })
        .map_err(HttpError::from)
}

/// The domain's decision for `event`, as the store's change (or none when nothing moves).
fn decide(
    e: &EnrollmentRow,
    event: EnrollmentEvent,
) -> Result<Option<StateChange<'static>>, HttpError> {
    let from = e
        .status
        .parse::<EnrollmentStatus>()
        .map_err(AppError::internal)?;
    match transition(from, event) {
        Ok(Transition::Changed(to)) => Ok(Some(StateChange {
            from: from.as_str(),
            to: to.as_str(),
            event: event.as_str(),
        })),
        Ok(Transition::Unchanged) => Ok(None),
        Err(err) => Err(AppError::conflict(err.code(), err.to_string()).into()),
    }
}

fn state_changed(err: StoreError) -> AppError {
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

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedQuery {
    pub since: Option<String>,
    pub limit: Option<i64>,
}

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

fn decode_cursor(cursor: &str) -> Result<i64, HttpError> {
    cursor
        .strip_prefix('c')
        .and_then(|h| i64::from_str_radix(h, 16).ok())
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            AppError::bad_request("invalid_cursor", "since 不是本接口返回的 next_cursor")
                .on_field("since")
        })
        .map_err(HttpError::from)
}

/// The school's own enrollments that changed after the cursor, in change order (100 a page).
#[utoipa::path(get, path = "/api/v1/partner/enrollments", tag = "合作机构",
    params(("since" = Option<String>, Query, description = "上次返回的 next_cursor；不填从头开始"),
           ("limit" = Option<i64>, Query, description = "每页条数，1-500，默认 100")),
    responses((status = 200, body = Feed), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn feed(
    State(state): State<AppState>,
    Query(q): Query<FeedQuery>,
    call: PartnerCall,
) -> Result<Json<Feed>, HttpError> {
    let since = match q.since.as_deref().filter(|s| !s.is_empty()) {
        Some(c) => decode_cursor(c)?,
        None => 0,
    };
    let limit = q.limit.unwrap_or(100);
    if !(1..=jxjy_store::enrollments::FEED_PAGE_MAX).contains(&limit) {
        return Err(AppError::bad_request(
            "invalid_query",
            format!(
                "limit 应为 1-{} 之间的整数",
                jxjy_store::enrollments::FEED_PAGE_MAX
            ),
        )
        .on_field("limit")
        .into());
    }
    let rows = state
        .store
        .enrollment_feed(call.institution.id, since, limit + 1)
        .await?;
    let has_more = rows.len() as i64 > limit;
    let mut items = Vec::new();
    let mut last = since;
    for row in rows.into_iter().take(usize::try_from(limit).unwrap_or(100)) {
        last = row.enrollment.change_seq;
        items.push(named_view(row.enrollment, row.learner_name));
    }
    Ok(Json(Feed {
        items,
        next_cursor: encode_cursor(last),
        has_more,
    }))
}

// ---- 进入网校 hand-off ----

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct VerifyRequest {
    #[schema(required = true)]
    pub token: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct HandoffResult {
    pub learner: PartnerLearner,
    pub enrollment: PartnerEnrollment,
}

/// Redeems a hand-off token (once) and names the learner and the enrollment.
#[utoipa::path(post, path = "/api/v1/partner/handoff/verify", tag = "合作机构", request_body = VerifyRequest,
    responses((status = 200, body = HandoffResult), (status = 401, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn verify_handoff(
    State(state): State<AppState>,
    call: PartnerCall,
) -> Result<Json<HandoffResult>, HttpError> {
    let req: VerifyRequest = call.json()?;
    let claims = handoff::redeem(&state, &req.token, call.institution.id).await?;
    let e = own(&state, &call, claims.enrollment_id).await?;
    let l = state.store.learner(e.learner_id).await?;
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
    Ok(Json(HandoffResult {
        learner,
        enrollment: partner_view(&state, e).await?,
    }))
}

// ---- payment and refund ----

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PaymentRequest {
    /// 1-64 characters, unique per school.
    #[schema(required = true, min_length = 1, max_length = 64)]
    pub reference: String,
    /// More than 0 and at most 1,000,000 (10,000 元).
    #[schema(required = true, minimum = 1, maximum = 1_000_000)]
    pub amount_fen: i64,
    /// RFC 3339, e.g. `2026-03-15T10:00:00+08:00`; not in the future, not before the enrollment.
    #[schema(required = true)]
    pub paid_at: String,
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RefundRequest {
    #[schema(required = true, min_length = 1, max_length = 64)]
    pub reference: String,
    #[schema(required = true)]
    pub refunded_at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReportResult {
    /// True when this reference or record was reported before and nothing changed.
    pub repeat: bool,
    pub enrollment: PartnerEnrollment,
}

async fn report_payment(
    state: &AppState,
    call: &PartnerCall,
    id: i64,
    payment: NewPayment<'_>,
    event: EnrollmentEvent,
) -> Result<Json<ReportResult>, HttpError> {
    let e = own(state, call, id).await?;
    // A repeated reference answers as the first report did, whatever the state is now.
    match state
        .store
        .payment_reference(call.institution.id, payment.kind, payment.reference)
        .await?
    {
        Some(found) if found == e.id => {
            return Ok(Json(ReportResult {
                repeat: true,
                enrollment: partner_view(state, e).await?,
            }));
        }
        Some(_) => return Err(reference_taken().into()),
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
        .record_payment(
            &e,
            &payment,
            change,
            &jxjy_store::audit::Actor::institution(call.institution.id),
            format::now(),
        )
        .await
        .map_err(state_changed)?;
    if recorded == Recorded::ReferenceTaken {
        return Err(reference_taken().into());
    }
    let e = own(state, call, id).await?;
    Ok(Json(ReportResult {
        repeat: recorded == Recorded::Repeat,
        enrollment: partner_view(state, e).await?,
    }))
}

fn reference_taken() -> AppError {
    AppError::conflict("reference_conflict", "该流水号已用于本机构的另一条报名")
}

/// The learner paid at the school: enrolled → paid. Idempotent on `reference`.
#[utoipa::path(post, path = "/api/v1/partner/enrollments/{id}/payment", tag = "合作机构", request_body = PaymentRequest,
    params(("id" = i64, Path, description = "报名编号")),
    responses((status = 200, body = ReportResult), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn payment(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    call: PartnerCall,
) -> Result<Json<ReportResult>, HttpError> {
    let req: PaymentRequest = call.json()?;
    let reference = reference(&req.reference)?;
    let amount_fen = jxjy_domain::payment::check_amount_fen(req.amount_fen).map_err(|e| {
        AppError::bad_request("invalid_input", e.to_string()).on_field("amount_fen")
    })?;
    let paid_at = past_time("paid_at", &req.paid_at)?;
    let payment = NewPayment {
        kind: "payment",
        reference,
        amount_fen: Some(amount_fen),
        occurred_at: paid_at,
    };
    report_payment(&state, &call, id, payment, EnrollmentEvent::PaymentReported).await
}

/// The school refunded: paid → cancelled. Refused once credits are registered. Idempotent on `reference`.
#[utoipa::path(post, path = "/api/v1/partner/enrollments/{id}/refund", tag = "合作机构", request_body = RefundRequest,
    params(("id" = i64, Path, description = "报名编号")),
    responses((status = 200, body = ReportResult), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn refund(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    call: PartnerCall,
) -> Result<Json<ReportResult>, HttpError> {
    let req: RefundRequest = call.json()?;
    let reference = reference(&req.reference)?;
    let refunded_at = past_time("refunded_at", &req.refunded_at)?;
    let payment = NewPayment {
        kind: "refund",
        reference,
        amount_fen: None,
        occurred_at: refunded_at,
    };
    report_payment(&state, &call, id, payment, EnrollmentEvent::RefundReported).await
}

// ---- credits ----

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreditsResult {
    /// Records new to the ledger; a repeated `record_id` counts once.
    pub added: usize,
    pub repeat: bool,
    pub enrollment: PartnerEnrollment,
}

/// Registers earned credits: paid → credited (later reports add to it). Idempotent on `record_id`.
#[utoipa::path(post, path = "/api/v1/partner/enrollments/{id}/credits", tag = "合作机构", request_body = CreditsRequest,
    params(("id" = i64, Path, description = "报名编号")),
    responses((status = 200, body = CreditsResult), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn credits(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    call: PartnerCall,
) -> Result<Json<CreditsResult>, HttpError> {
    let req: CreditsRequest = call.json()?;
    // Two reports for one paid enrollment at once both decide paid → credited; the second to
    // commit finds the state moved and decides again from the new state, so a school sees a
    // 409 `state_changed` only if the enrollment keeps changing under it.
    let mut tries = 0;
    let added = loop {
        let e = own(&state, &call, id).await?;
        let records = parse_records(&req, e.year)?;
        let change = decide(&e, EnrollmentEvent::CreditsReported)?;
        match state
            .store
            .record_school_credits(
                &e,
                &records,
                change,
                &jxjy_store::audit::Actor::institution(call.institution.id),
                format::now(),
            )
            .await
        {
            Err(StoreError::Conflict(Conflict::EnrollmentStateChanged)) if tries < 3 => tries += 1,
            result => break result.map_err(state_changed)?,
        }
    };
    let e = own(&state, &call, id).await?;
    Ok(Json(CreditsResult {
        added,
        repeat: added == 0,
        enrollment: partner_view(&state, e).await?,
    }))
}
