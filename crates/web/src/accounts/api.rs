//! The learner account API (SPEC section 6): SMS codes, registration, login, logout, password
//! reset and change, and the learner's own 信息采集. Thin: parse, call `accounts`, render.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::auth::{self, ClientIp, LearnerAuth, SESSION_COOKIE};
use crate::error::ErrorEnvelope;
use crate::extract::Json;
use crate::{AppState, HttpError};
use jxjy_app::accounts::input::{ProfileInput, RegistrationInput};
use jxjy_app::accounts::{self, LearnerView, NewSession, SmsPurpose};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SmsSendRequest {
    #[serde(default)]
    #[schema(required = true)]
    pub phone: String,
    /// `register`, `login` or `reset`.
    #[serde(default)]
    #[schema(required = true, value_type = jxjy_app::schema_types::SmsPurposeCode)]
    pub purpose: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SmsSent {
    pub sent: bool,
    /// Seconds until another code may be asked for.
    pub cooldown_secs: i64,
}

/// Sends a 6-digit code (5 a day per phone, 60 s apart, valid 5 minutes).
#[utoipa::path(post, path = "/api/v1/sms/send", tag = "账号", request_body = SmsSendRequest,
    responses((status = 200, body = SmsSent), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
pub async fn send_sms(
    State(state): State<AppState>,
    Json(req): Json<SmsSendRequest>,
) -> Result<axum::Json<SmsSent>, HttpError> {
    let purpose = SmsPurpose::parse(&req.purpose)?;
    let cooldown_secs = accounts::send_sms(&state, &req.phone, purpose).await?;
    Ok(axum::Json(SmsSent {
        sent: true,
        cooldown_secs,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionResponse {
    /// The session token: send it as `Authorization: Bearer TOKEN`; the same value is set as the
    /// `jxjy_session` cookie.
    pub token: String,
    pub learner: LearnerView,
}

/// The session answer: the token in the body and in an HttpOnly cookie.
pub fn session_response(state: &AppState, status: StatusCode, session: NewSession) -> Response {
    let cookie = auth::session_cookie(SESSION_COOKIE, &session.token, &state.settings);
    let mut response = (
        status,
        axum::Json(SessionResponse {
            token: session.token,
            learner: session.learner,
        }),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

fn previous_session(headers: &HeaderMap) -> Option<String> {
    auth::token_from(headers, SESSION_COOKIE).map(|t| auth::token_hash(&t))
}

/// 注册 with 信息采集; logs the learner in.
#[utoipa::path(post, path = "/api/v1/register", tag = "账号", request_body = crate::api::RegisterRequestDoc,
    responses((status = 201, body = SessionResponse), (status = 400, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(input): Json<RegistrationInput>,
) -> Result<Response, HttpError> {
    let session =
        accounts::register(&state, &input, ip, previous_session(&headers).as_deref()).await?;
    Ok(session_response(&state, StatusCode::CREATED, session))
}

/// The documented shape of a 信息采集 correction (the handler reads it as `ProfileRequest`):
/// the registration's fields without the document, the password and the registration code.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ProfileRequestDoc {
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    pub phone: String,
    /// Needed only when the phone changes: a `register` code sent to the new phone.
    pub sms_code: Option<String>,
    pub region_code: String,
    #[schema(min_length = 1, max_length = 20)]
    pub education: String,
    #[schema(min_length = 1, max_length = 100)]
    pub employer: String,
    /// none | junior | intermediate | senior
    #[schema(pattern = "^(none|junior|intermediate|senior)$")]
    pub qualification_level: String,
    pub qualification_year: Option<i64>,
    pub work_start_year: Option<i64>,
    /// male | female; only for documents that do not carry it.
    pub gender: Option<String>,
    /// YYYY-MM-DD; only for documents that do not carry it.
    pub birth_date: Option<String>,
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LoginRequest {
    pub name: String,
    pub id_number: String,
    pub password: String,
    pub phone: String,
    pub sms_code: String,
}

/// Login by 姓名 + 证件号 + 密码, or by phone + SMS code.
#[utoipa::path(post, path = "/api/v1/login", tag = "账号", request_body = LoginRequest,
    responses((status = 200, body = SessionResponse), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 429, body = ErrorEnvelope, description = "账号锁定或请求过于频繁")))]
pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Json(req): Json<LoginRequest>,
) -> Result<Response, HttpError> {
    let previous = previous_session(&headers);
    let session = if !req.phone.trim().is_empty() || !req.sms_code.trim().is_empty() {
        accounts::login_sms(&state, &req.phone, &req.sms_code, previous.as_deref()).await?
    } else {
        accounts::login_password(
            &state,
            &req.name,
            &req.id_number,
            &req.password,
            previous.as_deref(),
        )
        .await?
    };
    Ok(session_response(&state, StatusCode::OK, session))
}

/// Ends this session.
#[utoipa::path(post, path = "/api/v1/logout", tag = "账号", responses((status = 204), (status = 401, body = ErrorEnvelope)))]
pub async fn logout(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<Response, HttpError> {
    accounts::logout(&state, &learner).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(SESSION_COOKIE, &state.settings)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ResetRequest {
    #[schema(required = true)]
    pub phone: String,
    #[schema(required = true)]
    pub sms_code: String,
    /// At least 8 characters with letters and digits.
    #[schema(required = true)]
    pub new_password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    pub ok: bool,
}

/// 重置密码 by SMS; ends every session of the account and lifts a lockout.
#[utoipa::path(post, path = "/api/v1/password/reset", tag = "账号", request_body = ResetRequest,
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn reset_password(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Json(req): Json<ResetRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    accounts::reset_password(&state, &req.phone, &req.sms_code, &req.new_password, ip).await?;
    Ok(axum::Json(Done { ok: true }))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ChangePasswordRequest {
    /// Not asked of a learner who has no password yet (imported, logged in by SMS).
    pub old_password: String,
    #[schema(required = true)]
    pub new_password: String,
}

/// 修改密码; the other sessions of the account end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "账号", request_body = ChangePasswordRequest,
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn change_password(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<ChangePasswordRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    accounts::change_password(&state, &learner, &req.old_password, &req.new_password, ip).await?;
    Ok(axum::Json(Done { ok: true }))
}

/// The logged-in learner's 信息采集.
#[utoipa::path(get, path = "/api/v1/me", tag = "账号", responses((status = 200, body = LearnerView), (status = 401, body = ErrorEnvelope)))]
pub async fn me(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<axum::Json<LearnerView>, HttpError> {
    Ok(axum::Json(
        accounts::view::load(&state, learner.learner_id).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileRequest {
    #[serde(flatten)]
    pub profile: ProfileInput,
    /// Needed only when the phone changes: a `register` code sent to the new phone.
    pub sms_code: String,
}

/// Corrects the 信息采集 (not the document number).
#[utoipa::path(put, path = "/api/v1/me/profile", tag = "账号", request_body = ProfileRequestDoc,
    responses((status = 200, body = LearnerView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope)))]
pub async fn update_profile(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<ProfileRequest>,
) -> Result<axum::Json<LearnerView>, HttpError> {
    Ok(axum::Json(
        accounts::update_profile(&state, &learner, &req.profile, &req.sms_code, ip).await?,
    ))
}
