//! The learner's 网络培训 API: offers, a school's details, enrollments, cancel, launch, review.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::auth::{ClientIp, LearnerAuth};
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppState, HttpError};
use jxjy_app::format;
use jxjy_app::training::{self, EnrollmentView, OfferView};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OffersQuery {
    pub year: Option<i64>,
    pub level: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OfferList {
    pub year: i64,
    pub level: String,
    pub items: Vec<OfferView>,
}

/// The schools offering a year (default this year) and level (default `junior`).
#[utoipa::path(get, path = "/api/v1/offers", tag = "网络培训",
    params(("year" = Option<i64>, Query, description = "培训年度"), ("level" = Option<String>, Query, description = "junior | intermediate | senior")),
    responses((status = 200, body = OfferList), (status = 400, body = ErrorEnvelope)))]
pub async fn offers(
    State(state): State<AppState>,
    Query(q): Query<OffersQuery>,
) -> Result<axum::Json<OfferList>, HttpError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    let level = training::parse_level(q.level.as_deref().unwrap_or("junior"))?;
    let items = training::offers(&state, year, level).await?;
    Ok(axum::Json(OfferList {
        year,
        level: level.as_str().to_string(),
        items,
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionDetail {
    pub id: i64,
    pub name: String,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
    pub rating: Option<f64>,
    pub rating_count: i64,
}

/// 查看: a school's introduction, contacts and average rating.
#[utoipa::path(get, path = "/api/v1/institutions/{id}", tag = "网络培训", params(("id" = i64, Path, description = "机构编号")),
    responses((status = 200, body = InstitutionDetail), (status = 404, body = ErrorEnvelope)))]
pub async fn institution(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<axum::Json<InstitutionDetail>, HttpError> {
    let i = training::institution(&state, id).await?;
    let training::RatingSummary { average, count } = training::rating(&state, id).await?;
    Ok(axum::Json(InstitutionDetail {
        id: i.id,
        name: i.name,
        intro: i.intro,
        contact_person: i.contact_person,
        contact_phone: i.contact_phone,
        contact_email: i.contact_email,
        website: i.website,
        rating: average,
        rating_count: count,
    }))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EnrollRequest {
    /// This year or last year.
    #[schema(required = true)]
    pub year: i64,
    /// junior | intermediate | senior
    #[schema(required = true, value_type = jxjy_app::schema_types::LevelCode)]
    pub level: String,
    #[schema(required = true)]
    pub institution_id: i64,
}

/// 确认报名.
#[utoipa::path(post, path = "/api/v1/enrollments", tag = "网络培训", request_body = EnrollRequest,
    responses((status = 201, body = EnrollmentView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn enroll(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<EnrollRequest>,
) -> Result<Response, HttpError> {
    let level = training::parse_level(&req.level)?;
    let view = training::enroll(&state, &learner, req.year, level, req.institution_id, ip).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EnrollmentList {
    pub items: Vec<EnrollmentView>,
}

/// 报名记录, newest year first.
#[utoipa::path(get, path = "/api/v1/enrollments", tag = "网络培训", responses((status = 200, body = EnrollmentList), (status = 401, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<axum::Json<EnrollmentList>, HttpError> {
    Ok(axum::Json(EnrollmentList {
        items: training::enrollments(&state, &learner).await?,
    }))
}

/// 取消报名 (only while unpaid).
#[utoipa::path(delete, path = "/api/v1/enrollments/{id}", tag = "网络培训", params(("id" = i64, Path, description = "报名编号")),
    responses((status = 200, body = EnrollmentView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn cancel(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<EnrollmentView>, HttpError> {
    Ok(axum::Json(
        training::cancel(&state, &learner, id, ip).await?,
    ))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LaunchUrl {
    /// The school's SSO URL with a single-use token valid 5 minutes.
    pub url: String,
}

/// 进入网校.
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/launch", tag = "网络培训", params(("id" = i64, Path, description = "报名编号")),
    responses((status = 200, body = LaunchUrl), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn launch(
    State(state): State<AppState>,
    learner: LearnerAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<LaunchUrl>, HttpError> {
    Ok(axum::Json(LaunchUrl {
        url: training::launch(&state, &learner, id).await?,
    }))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReviewRequest {
    /// 1-5
    #[schema(required = true, minimum = 1, maximum = 5)]
    pub rating: i64,
    /// Up to 500 characters; optional.
    pub comment: String,
}

/// 去评价 (once, after credits are registered).
#[utoipa::path(post, path = "/api/v1/enrollments/{id}/review", tag = "网络培训", request_body = ReviewRequest, params(("id" = i64, Path, description = "报名编号")),
    responses((status = 201, body = EnrollmentView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn review(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<ReviewRequest>,
) -> Result<Response, HttpError> {
    let view = training::review(&state, &learner, id, req.rating, &req.comment, ip).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}
