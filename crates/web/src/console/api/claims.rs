//! The admin API of 学分申报 and of ledger corrections. Scope is applied in the store's queries:
//! a claim or record of a learner outside the admin's region is 404, in lists and by id.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::api::Paged;
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppState, HttpError};
use jxjy_app::claims::{self, AdminClaimView};
use jxjy_app::credits::{self, RecordView};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClaimsQuery {
    pub status: String,
    pub page: Option<i64>,
}

/// The claims of learners in the admin's region tree, oldest first, 20 a page.
#[utoipa::path(get, path = "/api/v1/admin/claims", tag = "管理",
    params(("status" = Option<String>, Query, description = "pending | approved | rejected；省略为全部"), ("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = Paged<AdminClaimView>), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<ClaimsQuery>,
) -> Result<axum::Json<Paged<AdminClaimView>>, HttpError> {
    let page = claims::admin_list(&state, &admin, &q.status, q.page).await?;
    Ok(axum::Json(Paged {
        items: page.items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// Approves a pending claim: its credits enter the ledger of its year in the same transaction,
/// filling what the year lacks in professional first, then public, any surplus professional.
#[utoipa::path(post, path = "/api/v1/admin/claims/{id}/approve", tag = "管理", params(("id" = i64, Path, description = "申报编号")),
    responses((status = 200, body = AdminClaimView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope)))]
pub async fn approve(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<AdminClaimView>, HttpError> {
    Ok(axum::Json(claims::approve(&state, &admin, id, ip).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReasonRequest {
    /// Required, 1-200 characters; the learner reads it.
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub reason: String,
}

/// Rejects a pending claim with a reason; the learner may submit again.
#[utoipa::path(post, path = "/api/v1/admin/claims/{id}/reject", tag = "管理", request_body = ReasonRequest,
    params(("id" = i64, Path, description = "申报编号")),
    responses((status = 200, body = AdminClaimView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn reject(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> Result<axum::Json<AdminClaimView>, HttpError> {
    Ok(axum::Json(
        claims::reject(&state, &admin, id, &req.reason, ip).await?,
    ))
}

/// An evidence file of a claim in the admin's scope (extension).
#[utoipa::path(get, path = "/api/v1/admin/claims/{id}/evidence/{file_id}", tag = "管理",
    params(("id" = i64, Path, description = "申报编号"), ("file_id" = i64, Path, description = "文件编号")),
    responses((status = 200, body = [u8], content_type = "application/octet-stream", description = "the file: application/pdf, image/jpeg or image/png"),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn evidence(
    State(state): State<AppState>,
    admin: AdminAuth,
    Path((id, file_id)): Path<(i64, i64)>,
) -> Result<Response, HttpError> {
    Ok(crate::download::evidence_response(
        claims::admin_evidence(&state, &admin, id, file_id).await?,
    ))
}

/// Corrects the ledger (extension): writes a reversing record (the negative amount, pointing at
/// the record) with the reason; the record itself is never edited. 409 when it was reversed
/// before or is itself a reversal.
#[utoipa::path(post, path = "/api/v1/admin/credit-records/{id}/reverse", tag = "管理", request_body = ReasonRequest,
    params(("id" = i64, Path, description = "学分记录编号")),
    responses((status = 201, body = RecordView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn reverse_record(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReasonRequest>,
) -> Result<Response, HttpError> {
    let view = credits::reverse_record(&state, &admin, id, &req.reason, ip).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}
