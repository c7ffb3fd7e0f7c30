//! The partner endpoints: parse the signed call, call `jxjy_app::partner::reports`, answer JSON.

use axum::Json;
use axum::extract::State;
use jxjy_app::partner::reports::{
    self, CreditsResult, Feed, HandoffResult, ReportResult, WINDOW_TOLERANCE,
};
use jxjy_domain::EnrollmentEvent;
use jxjy_store::enrollments::NewPayment;
use serde::{Deserialize, Serialize};

use crate::error::ErrorEnvelope;
use crate::extract::{Path, Query};
use crate::partner::auth::{PartnerCall, PartnerWriteCall};
use crate::partner::input::{CreditsRequest, parse_records, past_time, reference};
use crate::{AppError, AppState, HttpError};

// ---- the change feed ----

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FeedQuery {
    pub since: Option<String>,
    pub limit: Option<i64>,
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
    let feed = reports::feed(&state, call.institution.id, q.since.as_deref(), q.limit).await?;
    Ok(Json(feed))
}

// ---- 进入网校 hand-off ----

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct VerifyRequest {
    #[schema(required = true)]
    pub token: String,
}

/// Redeems a hand-off token (once) and names the learner and the enrollment.
#[utoipa::path(post, path = "/api/v1/partner/handoff/verify", tag = "合作机构", request_body = VerifyRequest,
    responses((status = 200, body = HandoffResult), (status = 401, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn verify_handoff(
    State(state): State<AppState>,
    call: PartnerCall,
) -> Result<Json<HandoffResult>, HttpError> {
    let req: VerifyRequest = call.json()?;
    let result = reports::verify_handoff(&state, call.institution.id, &req.token).await?;
    Ok(Json(result))
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
    let payment = NewPayment {
        kind: "payment",
        reference,
        amount_fen: Some(amount_fen),
        occurred_at: past_time("paid_at", &req.paid_at)?,
    };
    let school = call.institution.id;
    let event = EnrollmentEvent::PaymentReported;
    Ok(Json(
        reports::report_payment(&state, school, id, payment, event).await?,
    ))
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
    let payment = NewPayment {
        kind: "refund",
        reference: reference(&req.reference)?,
        amount_fen: None,
        occurred_at: past_time("refunded_at", &req.refunded_at)?,
    };
    let school = call.institution.id;
    let event = EnrollmentEvent::RefundReported;
    Ok(Json(
        reports::report_payment(&state, school, id, payment, event).await?,
    ))
}

// ---- credits ----

/// Registers earned credits: paid → credited (later reports add to it). Idempotent on `record_id`.
#[utoipa::path(post, path = "/api/v1/partner/enrollments/{id}/credits", tag = "合作机构", request_body = CreditsRequest,
    params(("id" = i64, Path, description = "报名编号")),
    responses((status = 200, body = CreditsResult), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn credits(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    PartnerWriteCall(call): PartnerWriteCall,
) -> Result<Json<CreditsResult>, HttpError> {
    let req: CreditsRequest = call.json()?;
    let school = call.institution.id;
    let year = reports::own(&state, school, id).await?.year;
    let records = parse_records(&req, year, WINDOW_TOLERANCE)?;
    let nonce = call.nonce_to_accept.as_deref();
    Ok(Json(
        reports::report_credits(&state, school, id, &records, nonce).await?,
    ))
}
