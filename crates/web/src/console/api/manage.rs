//! Managing the system from the console API: admins, a learner's 信息采集 (the document
//! included) and password reset, schools (edit, disable, rotate the secret), FAQ, and the year's
//! credits exported for the national platform.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::api::{CreatedId, Done};
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppError, AppState, HttpError};
use jxjy_app::accounts::{self, LearnerView};
use jxjy_app::admin::admins::{self, AdminList, NewAdminRequest, add_admin};
use jxjy_app::admin::institutions::{
    self, EditInstitutionRequest, InstitutionList, NewSecret, change_institution, new_secret,
};
use jxjy_app::admin::support;

/// Creates an admin inside one's own scope (province and super admins; nobody above oneself).
#[utoipa::path(post, path = "/api/v1/admin/admins", tag = "管理", request_body = NewAdminRequest,
    responses((status = 201, body = CreatedId), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn create_admin(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NewAdminRequest>,
) -> Result<Response, HttpError> {
    let id = add_admin(&state, &admin, ip, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedId { id })).into_response())
}

/// The admins inside one's scope.
#[utoipa::path(get, path = "/api/v1/admin/admins", tag = "管理", responses((status = 200, body = AdminList), (status = 401, body = ErrorEnvelope)))]
pub async fn list_admins(
    State(state): State<AppState>,
    admin: AdminAuth,
) -> Result<axum::Json<AdminList>, HttpError> {
    Ok(axum::Json(admins::list(&state, &admin).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AdminChangeRequest {
    /// true disables the admin (its sessions end at once); false re-enables it.
    pub disabled: Option<bool>,
}

/// Disables or re-enables an admin in one's scope (province and super admins; never an admin
/// above oneself, never oneself).
#[utoipa::path(put, path = "/api/v1/admin/admins/{id}", tag = "管理", request_body = AdminChangeRequest, params(("id" = i64, Path, description = "管理员编号")),
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn change_admin(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<AdminChangeRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    let disabled = req.disabled.ok_or_else(|| {
        AppError::bad_request("invalid_input", "请给出 disabled（true 停用，false 启用）")
            .on_field("disabled")
    })?;
    jxjy_app::admin::admins::set_disabled(&state, &admin, ip, id, disabled).await?;
    Ok(axum::Json(Done { ok: true }))
}

pub use jxjy_app::admin::support::CorrectionRequest;

/// Corrects a learner's 信息采集, the document number included (in scope; audited).
#[utoipa::path(put, path = "/api/v1/admin/learners/{id}/profile", tag = "管理", params(("id" = i64, Path, description = "学员编号")),
    request_body = crate::api::RegisterRequestDoc,
    responses((status = 200, body = LearnerView), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn correct_learner(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CorrectionRequest>,
) -> Result<axum::Json<LearnerView>, HttpError> {
    support::correct(&state, &admin, ip, id, &req).await?;
    Ok(axum::Json(accounts::view::load(&state, id).await?))
}

/// Sends the learner a 重置密码 code by SMS, for a learner who asks the bureau for help (audited).
#[utoipa::path(post, path = "/api/v1/admin/learners/{id}/password-reset", tag = "管理", params(("id" = i64, Path, description = "学员编号")),
    responses((status = 200, body = Done), (status = 404, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
pub async fn reset_learner_password(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<Done>, HttpError> {
    support::send_reset_code(&state, &admin, ip, id).await?;
    Ok(axum::Json(Done { ok: true }))
}

/// Every school (never the secrets).
#[utoipa::path(get, path = "/api/v1/admin/institutions", tag = "管理", responses((status = 200, body = InstitutionList), (status = 401, body = ErrorEnvelope)))]
pub async fn list_institutions(
    State(state): State<AppState>,
    _admin: AdminAuth,
) -> Result<axum::Json<InstitutionList>, HttpError> {
    Ok(axum::Json(institutions::list(&state).await?))
}

/// Edits or disables a school (super and province admins); absent fields stay as they are.
#[utoipa::path(put, path = "/api/v1/admin/institutions/{id}", tag = "管理", request_body = EditInstitutionRequest, params(("id" = i64, Path, description = "机构编号")),
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn edit_institution(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<EditInstitutionRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    change_institution(&state, &admin, ip, id, &req).await?;
    Ok(axum::Json(Done { ok: true }))
}

/// Rotates a school's partner secret.
#[utoipa::path(post, path = "/api/v1/admin/institutions/{id}/secret", tag = "管理", params(("id" = i64, Path, description = "机构编号")),
    responses((status = 200, body = NewSecret), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<NewSecret>, HttpError> {
    let secret = new_secret(&state, &admin, ip, id).await?;
    Ok(axum::Json(NewSecret { secret }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportQuery {
    /// `csv`: answer with the rejected rows as a CSV file instead of JSON.
    pub report: String,
}

/// Imports the roster (信息采集) from xlsx or CSV, multipart field `file`; rows outside the
/// admin's scope are rejected. JSON report, or `?report=csv` for the rejected rows as CSV.
#[utoipa::path(post, path = "/api/v1/admin/imports/roster", tag = "管理",
    params(("report" = Option<String>, Query, description = "csv：以 CSV 文件返回被拒绝的行")),
    responses((status = 200, body = jxjy_app::admin::roster::ImportReport), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn import_roster(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Query(q): Query<ImportQuery>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, HttpError> {
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("invalid_form", "上传内容格式不正确").on_field("file"))?
    {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|_| {
                AppError::new(
                    jxjy_app::ErrorKind::TooLarge,
                    "payload_too_large",
                    "文件过大（最大 20 MB）",
                )
                .on_field("file")
            })?;
            file = Some(bytes);
        }
    }
    let bytes = file.ok_or_else(|| {
        AppError::bad_request("invalid_input", "请选择要导入的文件").on_field("file")
    })?;
    let report = jxjy_app::admin::roster::import(&state, &admin, &bytes, &admin.actor(ip)).await?;
    if q.report == "csv" {
        return Ok((
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"roster-rejected.csv\"".to_string(),
                ),
            ],
            report.rejected_csv(),
        )
            .into_response());
    }
    Ok(axum::Json(report).into_response())
}
