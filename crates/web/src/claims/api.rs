//! The learner's 学分申报 API: submit a claim with evidence (multipart), list claims, fetch an
//! evidence file of one's own claim.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::auth::{ClientIp, LearnerAuth};
use crate::claims::upload;
use crate::error::ErrorEnvelope;
use crate::extract::Path;
use crate::{AppState, HttpError};
use jxjy_app::claims::{self, ClaimView};

/// The multipart fields of a claim (documentation only; the body is read part by part).
#[allow(dead_code)]
#[derive(utoipa::ToSchema)]
pub struct ClaimForm {
    /// This year or last year.
    pub year: i64,
    /// `exam` | `conference` | `degree_course` | `research` | `paper` | `book`
    pub kind: String,
    /// research: `host` | `participant`; paper and book: `sole` | `first` | `other`.
    pub role: Option<String>,
    /// conference: days attended, 1-30.
    pub days: Option<i64>,
    /// exam: subjects passed, 1-10.
    pub subjects: Option<i64>,
    /// The exam, conference, course, project, paper or book (1-200 characters).
    pub title: String,
    /// 1-5 files, each a PDF, JPEG or PNG (read from the content) of at most 5 MB; repeat the part.
    #[schema(value_type = Vec<String>, format = Binary)]
    pub evidence: Vec<Vec<u8>>,
}

/// 学分申报: the server computes the credits (SPEC section 2); an admin whose region covers the
/// learner approves or rejects it.
#[utoipa::path(post, path = "/api/v1/claims", tag = "学分",
    request_body(content = ClaimForm, content_type = "multipart/form-data"),
    responses((status = 201, body = ClaimView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope, description = "the same activity is pending or approved already"),
        (status = 413, body = ErrorEnvelope, description = "a file over 5 MB (field `evidence`)"),
        (status = 415, body = ErrorEnvelope)))]
pub async fn submit(
    State(state): State<AppState>,
    learner: LearnerAuth,
    ClientIp(ip): ClientIp,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, HttpError> {
    let multipart = multipart.map_err(upload::rejection)?;
    let upload = upload::read(multipart).await?;
    let view = claims::submit(&state, &learner, &upload, ip).await?;
    Ok((StatusCode::CREATED, axum::Json(view)).into_response())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ClaimList {
    pub items: Vec<ClaimView>,
}

/// The learner's claims, newest first, with status and, when rejected, the reason.
#[utoipa::path(get, path = "/api/v1/claims", tag = "学分",
    responses((status = 200, body = ClaimList), (status = 401, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    learner: LearnerAuth,
) -> Result<axum::Json<ClaimList>, HttpError> {
    Ok(axum::Json(ClaimList {
        items: claims::list(&state, &learner).await?,
    }))
}

/// An evidence file of one's own claim (extension).
#[utoipa::path(get, path = "/api/v1/claims/{id}/evidence/{file_id}", tag = "学分",
    params(("id" = i64, Path, description = "申报编号"), ("file_id" = i64, Path, description = "文件编号")),
    responses((status = 200, body = [u8], content_type = "application/octet-stream", description = "the file: application/pdf, image/jpeg or image/png"),
        (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn evidence(
    State(state): State<AppState>,
    learner: LearnerAuth,
    Path((id, file_id)): Path<(i64, i64)>,
) -> Result<Response, HttpError> {
    Ok(crate::download::evidence_response(
        claims::own_evidence(&state, &learner, id, file_id).await?,
    ))
}
