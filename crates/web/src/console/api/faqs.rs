//! The FAQ (常见问题) in the admin API: create, edit, delete (province and super admins). The
//! console's FAQ page calls the same use cases (`jxjy_app::admin::faqs`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::api::{CreatedId, Done};
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path};
use crate::{AppState, HttpError};
use jxjy_app::admin::faqs::{self, FaqRequest};

/// Adds an FAQ entry (province and super admins).
#[utoipa::path(post, path = "/api/v1/admin/faqs", tag = "管理", request_body = FaqRequest,
    responses((status = 201, body = CreatedId), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn create_faq(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<FaqRequest>,
) -> Result<Response, HttpError> {
    let id = faqs::save(&state, &admin, ip, None, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedId { id })).into_response())
}

/// Edits an FAQ entry.
#[utoipa::path(put, path = "/api/v1/admin/faqs/{id}", tag = "管理", request_body = FaqRequest, params(("id" = i64, Path, description = "编号")),
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn update_faq(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<FaqRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    faqs::save(&state, &admin, ip, Some(id), &req).await?;
    Ok(axum::Json(Done { ok: true }))
}

/// Deletes an FAQ entry.
#[utoipa::path(delete, path = "/api/v1/admin/faqs/{id}", tag = "管理", params(("id" = i64, Path, description = "编号")),
    responses((status = 200, body = Done), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn delete_faq(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<Done>, HttpError> {
    faqs::delete(&state, &admin, ip, id).await?;
    Ok(axum::Json(Done { ok: true }))
}
