//! The employer API of SPEC section 8: registration, login, logout, the staff list, invitations,
//! confirmations, removals, 团报 and the staff export. Thin: parse, call `jxjy_app::employers`,
//! render.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::api::Paged;
use crate::auth::{self, ClientIp, EMPLOYER_COOKIE, EmployerAuth};
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppState, HttpError};
use jxjy_app::employers::account::{self, EmployerRegistration, EmployerReset};
use jxjy_app::employers::group::{self, GroupEnrollmentRequest, GroupEnrollmentResult};
use jxjy_app::employers::staff::{self, StaffQuery};
use jxjy_app::employers::{EmployerView, StaffItem, links};

#[derive(Serialize, utoipa::ToSchema)]
pub struct Registered {
    pub id: i64,
    /// pending: waits for the authority's review
    pub status: String,
}

/// 单位注册; the account is 待审核 until an authority admin in scope approves it.
#[utoipa::path(post, path = "/api/v1/employer/register", tag = "单位", request_body = EmployerRegistration,
    responses((status = 201, body = Registered), (status = 400, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(input): Json<EmployerRegistration>,
) -> Result<Response, HttpError> {
    let e = account::register(&state, &input, ip).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Registered {
            id: e.id,
            status: e.status,
        }),
    )
        .into_response())
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EmployerLogin {
    #[schema(required = true)]
    pub uscc: String,
    #[schema(required = true)]
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EmployerSession {
    /// Send as `Authorization: Bearer TOKEN`; also set as the `jxjy_employer` cookie.
    pub token: String,
    pub employer: EmployerView,
}

#[utoipa::path(post, path = "/api/v1/employer/login", tag = "单位", request_body = EmployerLogin,
    responses((status = 200, body = EmployerSession), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 429, body = ErrorEnvelope)))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<EmployerLogin>,
) -> Result<Response, HttpError> {
    let previous = auth::token_from(&headers, EMPLOYER_COOKIE).map(|t| auth::token_hash(&t));
    let s = account::login(&state, &req.uscc, &req.password, previous.as_deref()).await?;
    let cookie = auth::session_cookie(EMPLOYER_COOKIE, &s.token, &state.settings);
    let mut response = axum::Json(EmployerSession {
        token: s.token,
        employer: s.employer,
    })
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[utoipa::path(post, path = "/api/v1/employer/logout", tag = "单位", responses((status = 204), (status = 401, body = ErrorEnvelope)))]
pub async fn logout(
    State(state): State<AppState>,
    employer: EmployerAuth,
) -> Result<Response, HttpError> {
    account::logout(&state, &employer).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(EMPLOYER_COOKIE, &state.settings)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[utoipa::path(post, path = "/api/v1/employer/password/reset", tag = "单位", request_body = EmployerReset,
    responses((status = 200, body = crate::api::Done), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<EmployerReset>,
) -> Result<axum::Json<crate::api::Done>, HttpError> {
    account::reset_password(&state, &req, ip).await?;
    Ok(axum::Json(crate::api::Done { ok: true }))
}

#[utoipa::path(get, path = "/api/v1/employer/me", tag = "单位",
    responses((status = 200, body = EmployerView), (status = 401, body = ErrorEnvelope)))]
pub async fn me(
    State(state): State<AppState>,
    employer: EmployerAuth,
) -> Result<axum::Json<EmployerView>, HttpError> {
    Ok(axum::Json(
        account::load(&state, employer.employer_id).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StaffParams {
    pub year: Option<i64>,
    pub met: Option<bool>,
    pub enrolled: Option<bool>,
    pub q: String,
    pub page: Option<i64>,
}

/// Staff of a year with 达标 status and what is missing; requests and invitations too.
#[utoipa::path(get, path = "/api/v1/employer/staff", tag = "单位",
    params(("year" = Option<i64>, Query, description = "年度，默认今年"), ("met" = Option<bool>, Query, description = "true 已达标 / false 未达标"),
        ("enrolled" = Option<bool>, Query, description = "false 未报名"), ("q" = Option<String>, Query, description = "姓名（开头）或完整证件号"),
        ("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = Paged<StaffItem>), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn staff_list(
    State(state): State<AppState>,
    employer: EmployerAuth,
    Query(p): Query<StaffParams>,
) -> Result<axum::Json<Paged<StaffItem>>, HttpError> {
    let q = StaffQuery {
        year: p.year,
        met: p.met,
        enrolled: p.enrolled,
        q: p.q,
        page: p.page,
    };
    let (page, _) = staff::list(&state, &employer, &q).await?;
    Ok(axum::Json(Paged {
        items: page.items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct InviteRequest {
    #[schema(required = true)]
    pub name: String,
    #[schema(required = true)]
    pub id_number: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Invited {
    /// Always `invited`, whether or not the document belongs to an account.
    pub status: String,
}

#[utoipa::path(post, path = "/api/v1/employer/staff/invite", tag = "单位", request_body = InviteRequest,
    responses((status = 201, body = Invited), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn invite(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<InviteRequest>,
) -> Result<Response, HttpError> {
    links::invite(&state, &employer, &req.name, &req.id_number, ip).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(Invited {
            status: "invited".into(),
        }),
    )
        .into_response())
}

#[utoipa::path(post, path = "/api/v1/employer/staff/{learner_id}/confirm", tag = "单位",
    params(("learner_id" = i64, Path, description = "学员编号")),
    responses((status = 200, body = crate::api::Done), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn confirm(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Path(learner_id): Path<i64>,
) -> Result<axum::Json<crate::api::Done>, HttpError> {
    links::confirm(&state, &employer, learner_id, ip).await?;
    Ok(axum::Json(crate::api::Done { ok: true }))
}

#[utoipa::path(post, path = "/api/v1/employer/staff/{learner_id}/remove", tag = "单位",
    params(("learner_id" = i64, Path, description = "学员编号")),
    responses((status = 200, body = crate::api::Done), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn remove(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Path(learner_id): Path<i64>,
) -> Result<axum::Json<crate::api::Done>, HttpError> {
    links::remove(&state, &employer, learner_id, ip).await?;
    Ok(axum::Json(crate::api::Done { ok: true }))
}

#[utoipa::path(post, path = "/api/v1/employer/group-enrollments", tag = "单位", request_body = GroupEnrollmentRequest,
    responses((status = 200, body = GroupEnrollmentResult), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn group_enroll(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<GroupEnrollmentRequest>,
) -> Result<axum::Json<GroupEnrollmentResult>, HttpError> {
    Ok(axum::Json(
        group::enroll(&state, &employer, &req, ip).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ExportParams {
    pub year: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/employer/exports/staff", tag = "单位",
    params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, description = "xlsx", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn export_staff(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Query(p): Query<ExportParams>,
) -> Result<Response, HttpError> {
    crate::download::send(staff::export(&state, &employer, p.year, ip).await?)
}
