//! The reminders API of SPEC section 9: an admin's and an employer's reminders (create with the
//! audience's count, progress, cancel), the learner's settings and 消息. Thin: parse, call
//! `jxjy_app::reminders`, render.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::api::Paged;
use crate::auth::{AdminAuth, ClientIp, EmployerAuth, LearnerAuth};
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppState, HttpError};
use jxjy_app::reminders::inbox::{self, LearnerSettings, MessageView, Messages};
use jxjy_app::reminders::{self, Creator, Preview, ReminderCreated, ReminderRequest, ReminderView};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct PageQuery {
    pub page: Option<i64>,
}

async fn created(
    state: &AppState,
    c: Creator<'_>,
    ip: std::net::IpAddr,
    req: &ReminderRequest,
) -> Result<Response, HttpError> {
    let r: ReminderCreated = reminders::create(state, c, req, ip).await?;
    Ok((StatusCode::CREATED, axum::Json(r)).into_response())
}

fn paged(p: jxjy_store::Page<ReminderView>) -> Paged<ReminderView> {
    Paged {
        items: p.items,
        total: p.total,
        page: p.page,
        per_page: p.per_page,
    }
}

/// Creates a reminder to the learners of the admin's region (or a region below it) and fixes its audience.
#[utoipa::path(post, path = "/api/v1/admin/reminders", tag = "学习提醒", request_body = ReminderRequest,
    responses((status = 201, body = ReminderCreated), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn admin_create(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<ReminderRequest>,
) -> Result<Response, HttpError> {
    created(&state, Creator::Admin(&admin), ip, &req).await
}

/// How many a reminder would reach, and its SMS for an example learner; nothing is created (extension).
#[utoipa::path(post, path = "/api/v1/admin/reminders/preview", tag = "学习提醒", request_body = ReminderRequest,
    responses((status = 200, body = Preview), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn admin_preview(
    State(state): State<AppState>,
    admin: AdminAuth,
    Json(req): Json<ReminderRequest>,
) -> Result<axum::Json<Preview>, HttpError> {
    Ok(axum::Json(
        reminders::preview(&state, Creator::Admin(&admin), &req).await?,
    ))
}

/// The reminders of the admin's region tree, newest first (extension).
#[utoipa::path(get, path = "/api/v1/admin/reminders", tag = "学习提醒", params(("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = Paged<ReminderView>), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn admin_list(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<PageQuery>,
) -> Result<axum::Json<Paged<ReminderView>>, HttpError> {
    Ok(axum::Json(paged(
        reminders::list(&state, Creator::Admin(&admin), q.page).await?,
    )))
}

/// A reminder and its progress, counted in learners.
#[utoipa::path(get, path = "/api/v1/admin/reminders/{id}", tag = "学习提醒", params(("id" = i64, Path, description = "提醒编号")),
    responses((status = 200, body = ReminderView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn admin_show(
    State(state): State<AppState>,
    admin: AdminAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<ReminderView>, HttpError> {
    Ok(axum::Json(
        reminders::show(&state, Creator::Admin(&admin), id).await?,
    ))
}

/// Cancels a reminder: what has not gone yet never goes.
#[utoipa::path(post, path = "/api/v1/admin/reminders/{id}/cancel", tag = "学习提醒", params(("id" = i64, Path, description = "提醒编号")),
    responses((status = 200, body = ReminderView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn admin_cancel(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<ReminderView>, HttpError> {
    Ok(axum::Json(
        reminders::cancel(&state, Creator::Admin(&admin), id, ip).await?,
    ))
}

/// Creates a reminder to the employer's confirmed staff.
#[utoipa::path(post, path = "/api/v1/employer/reminders", tag = "学习提醒", request_body = ReminderRequest,
    responses((status = 201, body = ReminderCreated), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn employer_create(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<ReminderRequest>,
) -> Result<Response, HttpError> {
    created(&state, Creator::Employer(&employer), ip, &req).await
}

/// The employer's reminders, newest first (extension).
#[utoipa::path(get, path = "/api/v1/employer/reminders", tag = "学习提醒", params(("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = Paged<ReminderView>), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn employer_list(
    State(state): State<AppState>,
    employer: EmployerAuth,
    Query(q): Query<PageQuery>,
) -> Result<axum::Json<Paged<ReminderView>>, HttpError> {
    Ok(axum::Json(paged(
        reminders::list(&state, Creator::Employer(&employer), q.page).await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/employer/reminders/{id}", tag = "学习提醒", params(("id" = i64, Path, description = "提醒编号")),
    responses((status = 200, body = ReminderView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn employer_show(
    State(state): State<AppState>,
    employer: EmployerAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<ReminderView>, HttpError> {
    Ok(axum::Json(
        reminders::show(&state, Creator::Employer(&employer), id).await?,
    ))
}

/// Cancels one of the employer's reminders (extension).
#[utoipa::path(post, path = "/api/v1/employer/reminders/{id}/cancel", tag = "学习提醒", params(("id" = i64, Path, description = "提醒编号")),
    responses((status = 200, body = ReminderView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn employer_cancel(
    State(state): State<AppState>,
    employer: EmployerAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<ReminderView>, HttpError> {
    Ok(axum::Json(
        reminders::cancel(&state, Creator::Employer(&employer), id, ip).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/settings", tag = "学习提醒",
    responses((status = 200, body = LearnerSettings), (status = 401, body = ErrorEnvelope)))]
pub async fn settings(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<axum::Json<LearnerSettings>, HttpError> {
    Ok(axum::Json(inbox::settings(&state, &learner).await?))
}

/// 接收学习提醒短信 on or off (the in-app message always comes).
#[utoipa::path(put, path = "/api/v1/me/settings", tag = "学习提醒", request_body = LearnerSettings,
    responses((status = 200, body = LearnerSettings), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn save_settings(
    State(state): State<AppState>,
    learner: LearnerAuth,
    Json(s): Json<LearnerSettings>,
) -> Result<axum::Json<LearnerSettings>, HttpError> {
    Ok(axum::Json(
        inbox::save_settings(&state, &learner, &s).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/me/messages", tag = "学习提醒",
    responses((status = 200, body = Messages), (status = 401, body = ErrorEnvelope)))]
pub async fn messages(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<axum::Json<Messages>, HttpError> {
    Ok(axum::Json(inbox::messages(&state, &learner).await?))
}

#[utoipa::path(post, path = "/api/v1/me/messages/{id}/read", tag = "学习提醒", params(("id" = i64, Path, description = "消息编号")),
    responses((status = 200, body = MessageView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn read(
    State(state): State<AppState>,
    learner: LearnerAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<MessageView>, HttpError> {
    Ok(axum::Json(inbox::open(&state, &learner, id).await?))
}
