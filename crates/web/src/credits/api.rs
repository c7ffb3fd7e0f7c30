//! The learner's 学分查询 API: the report, a year's 详情 and the 学时证明.

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::auth::{ClientIp, LearnerAuth, LearnerToken};
use crate::error::ErrorEnvelope;
use crate::extract::Path;
use crate::{AppState, HttpError};
use jxjy_app::credits::{self, CreditReport, YearDetail};

/// 学分查询: the learner, one row per year and study method, each year's compliance.
#[utoipa::path(get, path = "/api/v1/credits", tag = "学分",
    responses((status = 200, body = CreditReport), (status = 401, body = ErrorEnvelope)))]
pub async fn report(
    State(state): State<AppState>,
    session: LearnerToken,
) -> Result<axum::Json<CreditReport>, HttpError> {
    let Some(token) = &session.token else {
        return Err(LearnerToken::unauthorized());
    };
    let found = credits::report_by_session(&state, token)
        .await?
        .ok_or_else(LearnerToken::unauthorized)?;
    Ok(axum::Json(found.report))
}

/// 详情: a year's compliance, its rule, its rows and every ledger record (reversals included).
#[utoipa::path(get, path = "/api/v1/credits/{year}", tag = "学分", params(("year" = i64, Path, description = "年度")),
    responses((status = 200, body = YearDetail), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn year(
    State(state): State<AppState>,
    learner: LearnerAuth,
    Path(year): Path<i64>,
) -> Result<axum::Json<YearDetail>, HttpError> {
    Ok(axum::Json(
        credits::year_detail(&state, learner.learner_id, year).await?,
    ))
}

/// 下载学时证明: the PDF for a met year, with a verification code and a QR code pointing to
/// `/verify/{code}`; 409 `year_not_met` (with what is missing), `year_not_required`, or
/// `year_no_record` (a year before `records_since`) otherwise.
#[utoipa::path(get, path = "/api/v1/credits/{year}/certificate", tag = "学分", params(("year" = i64, Path, description = "年度")),
    responses((status = 200, body = [u8], content_type = "application/pdf", description = "学时证明 (PDF); header X-Verification-Code carries its code"),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn certificate(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(year): Path<i64>,
) -> Result<Response, HttpError> {
    super::certificate_download(&state, &learner, &headers, year, ip).await
}
