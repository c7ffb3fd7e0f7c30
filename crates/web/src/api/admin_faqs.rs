//! The FAQ (常见问题) in the admin API: create, edit, delete (province and super admins). The
//! console's FAQ page calls the same checks (`faq_content`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::accounts::input::Errors;
use crate::api::admin_console::{CreatedId, Done};
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path};
use crate::{AppError, AppState, HttpError, format};

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FaqRequest {
    /// 1-200 characters.
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub question: String,
    /// Plain text, shown escaped; 1-5,000 characters.
    #[schema(required = true, min_length = 1, max_length = 5000)]
    pub answer: String,
    pub sort_order: i64,
}

pub fn faq_content(req: &FaqRequest) -> Result<(String, String), HttpError> {
    let mut errors = Errors::default();
    let q = req.question.trim();
    let a = req.answer.trim();
    if q.is_empty() || q.chars().count() > 200 {
        errors.add("question", "问题应为 1-200 个字");
    }
    if a.is_empty() || a.chars().count() > 5000 {
        errors.add("answer", "回答应为 1-5000 个字");
    }
    if errors.0.is_empty() {
        Ok((q.to_string(), a.to_string()))
    } else {
        Err(AppError::invalid_fields(errors.0).into())
    }
}

/// Adds an FAQ entry (province and super admins).
#[utoipa::path(post, path = "/api/v1/admin/faqs", tag = "管理", request_body = FaqRequest,
    responses((status = 201, body = CreatedId), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn create_faq(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<FaqRequest>,
) -> Result<Response, HttpError> {
    admin.require_institution_manager()?;
    let (q, a) = faq_content(&req)?;
    let id = state
        .store
        .save_faq(
            None,
            Some((&q, &a, req.sort_order)),
            &admin.actor(ip),
            format::now(),
        )
        .await?;
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
    admin.require_institution_manager()?;
    let (q, a) = faq_content(&req)?;
    state
        .store
        .save_faq(
            Some(id),
            Some((&q, &a, req.sort_order)),
            &admin.actor(ip),
            format::now(),
        )
        .await?;
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
    admin.require_institution_manager()?;
    state
        .store
        .save_faq(Some(id), None, &admin.actor(ip), format::now())
        .await?;
    Ok(axum::Json(Done { ok: true }))
}
