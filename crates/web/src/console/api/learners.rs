//! The admin API of the console (SPEC section 6): learners, a learner's file, statistics,
//! support actions and notices — all inside the admin's scope. The exports are in
//! `admin_exports.rs`, the audit log in `admin_audit.rs`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::api::{CreatedId, Done};
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppError, AppState, HttpError};
use jxjy_app::accounts::LearnerView;
use jxjy_app::admin::console::{self, AdminLearnerItem, parse_met};
use jxjy_app::admin::notices::{self, NoticeRequest};
use jxjy_app::admin::stats::{self, Stats};
use jxjy_app::format;
use jxjy_app::training::EnrollmentView;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LearnersQuery {
    pub q: Option<String>,
    pub region: Option<String>,
    pub year: Option<i64>,
    /// `true`, `false`, or absent.
    pub met: Option<String>,
    pub page: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LearnerPage {
    pub items: Vec<AdminLearnerItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Learners in the admin's scope: search by name, document or phone; filter by region, year, met.
#[utoipa::path(get, path = "/api/v1/admin/learners", tag = "管理",
    params(("q" = Option<String>, Query, description = "姓名（前缀）、证件号或手机号"), ("region" = Option<String>, Query, description = "地区代码"),
           ("year" = Option<i64>, Query, description = "年度，默认今年"), ("met" = Option<bool>, Query, description = "是否达标"),
           ("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = LearnerPage), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn learners(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<LearnersQuery>,
) -> Result<axum::Json<LearnerPage>, HttpError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    // The API takes the documented boolean only; the console's search form also sends an empty
    // `met=` for 全部 and the words the page uses, which `parse_met` reads for it.
    if !matches!(q.met.as_deref(), None | Some("true" | "false")) {
        return Err(
            AppError::bad_request("invalid_query", "met 只能是 true 或 false")
                .on_field("met")
                .into(),
        );
    }
    let met = parse_met(q.met.as_deref())?;
    let page =
        console::learners(&state, &admin, q.q, q.region.as_deref(), year, met, q.page).await?;
    Ok(axum::Json(LearnerPage {
        items: page.items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LearnerFile {
    /// The 信息采集, in full for an in-scope admin.
    pub learner: LearnerView,
    pub enrollments: Vec<EnrollmentView>,
    /// Each year's compliance, as in `GET /api/v1/credits`.
    pub years: Vec<jxjy_app::credits::view::YearView>,
    pub claims: Vec<jxjy_app::claims::view::ClaimView>,
    pub locked: bool,
    /// The confirmed employer (单位), null when none.
    pub employer: Option<jxjy_app::employers::LinkView>,
}
/// One learner's file (信息采集, enrollments). Outside the admin's scope: 404.
#[utoipa::path(get, path = "/api/v1/admin/learners/{id}", tag = "管理", params(("id" = i64, Path, description = "学员编号")),
    responses((status = 200, body = LearnerFile), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn learner(
    State(state): State<AppState>,
    admin: AdminAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<LearnerFile>, HttpError> {
    let file = console::learner_file(&state, &admin, id).await?;
    let locked = file.row.locked_until.is_some_and(|t| t > format::now());
    Ok(axum::Json(LearnerFile {
        learner: file.row.into(),
        enrollments: file.enrollments,
        years: file.years,
        claims: file.claims,
        locked,
        employer: file.employer,
    }))
}

/// Lifts a learner's password lock (audited).
#[utoipa::path(post, path = "/api/v1/admin/learners/{id}/unlock", tag = "管理", params(("id" = i64, Path, description = "学员编号")),
    responses((status = 200, body = Done), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn unlock(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<Done>, HttpError> {
    console::unlock(&state, &admin, id, ip).await?;
    Ok(axum::Json(Done { ok: true }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    pub year: Option<i64>,
}

/// Per sub-region of the admin's region (its own directly reporting learners first).
#[utoipa::path(get, path = "/api/v1/admin/stats", tag = "管理", params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, body = Stats), (status = 401, body = ErrorEnvelope)))]
pub async fn stats(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<YearQuery>,
) -> Result<axum::Json<Stats>, HttpError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    Ok(axum::Json(stats::of_year(&state, &admin, year).await?))
}

/// Publishes a notice (province and super admins).
#[utoipa::path(post, path = "/api/v1/admin/notices", tag = "管理", request_body = NoticeRequest,
    responses((status = 201, body = CreatedId), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn create_notice(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NoticeRequest>,
) -> Result<Response, HttpError> {
    let id = notices::save(&state, &admin, ip, None, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedId { id })).into_response())
}

/// Edits a notice.
#[utoipa::path(put, path = "/api/v1/admin/notices/{id}", tag = "管理", request_body = NoticeRequest, params(("id" = i64, Path, description = "通知编号")),
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn update_notice(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<NoticeRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    notices::save(&state, &admin, ip, Some(id), &req).await?;
    Ok(axum::Json(Done { ok: true }))
}

/// Deletes a notice.
#[utoipa::path(delete, path = "/api/v1/admin/notices/{id}", tag = "管理", params(("id" = i64, Path, description = "通知编号")),
    responses((status = 200, body = Done), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn delete_notice(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<Done>, HttpError> {
    notices::delete(&state, &admin, ip, id).await?;
    Ok(axum::Json(Done { ok: true }))
}
