//! The learner's side of the staff link (SPEC section 8): `GET/PUT/DELETE /api/v1/me/employer`,
//! accepting and declining an employer's invitation.

use axum::extract::State;
use serde::Deserialize;

use crate::auth::{ClientIp, LearnerAuth};
use crate::error::ErrorEnvelope;
use crate::extract::Json;
use crate::{AppState, HttpError};
use jxjy_app::employers::links::{self, MyEmployer};

#[utoipa::path(get, path = "/api/v1/me/employer", tag = "单位",
    responses((status = 200, body = MyEmployer), (status = 401, body = ErrorEnvelope)))]
pub async fn show(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<axum::Json<MyEmployer>, HttpError> {
    Ok(axum::Json(links::my_employer(&state, &learner).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NameEmployer {
    /// The employer's 统一社会信用代码
    #[schema(required = true)]
    pub uscc: String,
}

/// Names the employer by USCC; it confirms on its console (an invitation from it is accepted).
#[utoipa::path(put, path = "/api/v1/me/employer", tag = "单位", request_body = NameEmployer,
    responses((status = 200, body = MyEmployer), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn name(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NameEmployer>,
) -> Result<axum::Json<MyEmployer>, HttpError> {
    Ok(axum::Json(
        links::request(&state, &learner, &req.uscc, ip).await?,
    ))
}

/// Leaves the employer (and withdraws a request).
#[utoipa::path(delete, path = "/api/v1/me/employer", tag = "单位",
    responses((status = 200, body = MyEmployer), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn leave(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
) -> Result<axum::Json<MyEmployer>, HttpError> {
    Ok(axum::Json(links::leave(&state, &learner, ip).await?))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Answer {
    /// Which employer's invitation; may be left out when there is only one.
    pub employer_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/me/employer/accept", tag = "单位", request_body = Answer,
    responses((status = 200, body = MyEmployer), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn accept(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<Answer>,
) -> Result<axum::Json<MyEmployer>, HttpError> {
    Ok(axum::Json(
        links::accept(&state, &learner, req.employer_id, ip).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/me/employer/decline", tag = "单位", request_body = Answer,
    responses((status = 200, body = MyEmployer), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope)))]
pub async fn decline(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<Answer>,
) -> Result<axum::Json<MyEmployer>, HttpError> {
    Ok(axum::Json(
        links::decline(&state, &learner, req.employer_id, ip).await?,
    ))
}
