//! The admin API (SPEC section 6) as far as the training flow needs it: login, institutions and
//! offers. The console (learners, stats, claims, notices, exports) builds on the same `AdminAuth`.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::auth::{self, ClientIp};
use crate::auth::{ADMIN_COOKIE, AdminAuth};
use crate::error::ErrorEnvelope;
use crate::extract::Json;
use crate::{AppState, HttpError};
use jxjy_app::admin;
use jxjy_app::admin::institutions::{
    CreatedInstitution, CreatedOffer, NewInstitutionRequest, NewOfferRequest, add_institution,
    add_offer,
};

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AdminLoginRequest {
    #[schema(required = true)]
    pub username: String,
    #[schema(required = true)]
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AdminToken {
    /// Send as `Authorization: Bearer TOKEN`; also set as the `jxjy_admin` cookie.
    pub token: String,
}

/// Admin login (lockout after 5 wrong passwords, as for learners).
#[utoipa::path(post, path = "/api/v1/admin/login", tag = "管理", request_body = AdminLoginRequest,
    responses((status = 200, body = AdminToken), (status = 401, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
pub async fn login(
    State(state): State<AppState>,
    Json(req): Json<AdminLoginRequest>,
) -> Result<Response, HttpError> {
    let token = admin::login(&state, &req.username, &req.password).await?;
    let cookie = auth::session_cookie(ADMIN_COOKIE, &token, &state.settings);
    let mut response = axum::Json(AdminToken { token }).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

/// Creates a school (super and province admins only).
#[utoipa::path(post, path = "/api/v1/admin/institutions", tag = "管理", request_body = NewInstitutionRequest,
    responses((status = 201, body = CreatedInstitution), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn create_institution(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NewInstitutionRequest>,
) -> Result<Response, HttpError> {
    let created = add_institution(&state, &admin, ip, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(created)).into_response())
}

/// Offers a school for a year and level (super and province admins only).
#[utoipa::path(post, path = "/api/v1/admin/offers", tag = "管理", request_body = NewOfferRequest,
    responses((status = 201, body = CreatedOffer), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn create_offer(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NewOfferRequest>,
) -> Result<Response, HttpError> {
    let id = add_offer(&state, &admin, ip, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedOffer { id })).into_response())
}
