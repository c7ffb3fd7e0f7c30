//! The admin API of the console (SPEC section 6): learners, a learner's file, statistics,
//! support actions and notices — all inside the admin's scope. The exports are in
//! `admin_exports.rs`, the audit log in `admin_audit.rs`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jxjy_store::notices::NoticeInput;
use serde::{Deserialize, Serialize};

use crate::accounts::LearnerView;
use crate::admin::console::{self, AdminLearnerItem};
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::training::EnrollmentView;
use crate::{AppError, AppState, HttpError, format};

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

pub fn parse_met(raw: Option<&str>) -> Result<Option<bool>, HttpError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some("true" | "1" | "met") => Ok(Some(true)),
        Some("false" | "0" | "not_met") => Ok(Some(false)),
        Some(_) => Err(
            AppError::bad_request("invalid_input", "met 只能是 true 或 false")
                .on_field("met")
                .into(),
        ),
    }
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
    pub years: Vec<crate::credits::view::YearView>,
    pub claims: Vec<crate::claims::view::ClaimView>,
    pub locked: bool,
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
    }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    pub ok: bool,
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

#[derive(Serialize, utoipa::ToSchema)]
pub struct StatItem {
    pub code: String,
    pub authority: String,
    pub learners: i64,
    /// Learners who must study this year (past their first required year).
    pub required: i64,
    pub enrolled: i64,
    pub credited: i64,
    pub met: i64,
    /// met / required, 0..1 (0 when nobody is required).
    pub rate: f64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionStatItem {
    pub id: i64,
    pub name: String,
    /// Non-cancelled enrollments of learners in scope.
    pub enrolled: i64,
    pub paid: i64,
    pub credited: i64,
    /// Of the enrolled learners, those who met the year's rule.
    pub met: i64,
}

pub fn institution_stat_item(i: jxjy_store::console::InstitutionStat) -> InstitutionStatItem {
    InstitutionStatItem {
        id: i.id,
        name: i.name,
        enrolled: i.enrolled,
        paid: i.paid,
        credited: i.credited,
        met: i.met,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub year: i64,
    pub items: Vec<StatItem>,
    /// Per school, for the learners in scope.
    pub institutions: Vec<InstitutionStatItem>,
}

pub fn stat_item(r: jxjy_store::console::StatRow) -> StatItem {
    let rate = if r.required > 0 {
        ((r.met as f64 / r.required as f64) * 10_000.0).round() / 10_000.0
    } else {
        0.0
    };
    StatItem {
        code: r.code,
        authority: r.authority_name,
        learners: r.learners,
        required: r.required,
        enrolled: r.enrolled,
        credited: r.credited,
        met: r.met,
        rate,
    }
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
    let items = console::stats(&state, &admin, year)
        .await?
        .into_iter()
        .map(stat_item)
        .collect();
    let institutions = console::institution_stats(&state, &admin, year)
        .await?
        .into_iter()
        .map(institution_stat_item)
        .collect();
    Ok(axum::Json(Stats {
        year,
        items,
        institutions,
    }))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NoticeRequest {
    #[schema(required = true)]
    pub title: String,
    /// Plain text; paragraphs separated by newlines (shown escaped: no markup runs).
    #[schema(required = true)]
    pub body: String,
    /// RFC 3339 or YYYY-MM-DD; default now.
    pub published_at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

pub fn notice_input(req: &NoticeRequest) -> Result<(String, String, i64), HttpError> {
    let mut errors = Vec::new();
    let title = req.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(jxjy_app::FieldError {
            field: "title".into(),
            message: "标题应为 1-200 个字".into(),
        });
    }
    let body = req.body.trim();
    if body.is_empty() || body.chars().count() > 20_000 {
        errors.push(jxjy_app::FieldError {
            field: "body".into(),
            message: "正文应为 1-20000 个字".into(),
        });
    }
    let published_at = if req.published_at.trim().is_empty() {
        format::now()
    } else {
        match format::parse_time(&req.published_at) {
            Some(t) => t,
            None => {
                errors.push(jxjy_app::FieldError {
                    field: "published_at".into(),
                    message: "发布日期格式应为 YYYY-MM-DD".into(),
                });
                0
            }
        }
    };
    if errors.is_empty() {
        Ok((title.to_string(), body.to_string(), published_at))
    } else {
        Err(AppError::invalid_fields(errors).into())
    }
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
    admin.require_publisher()?;
    let (title, body, published_at) = notice_input(&req)?;
    let id = state
        .store
        .create_notice_audited(
            &NoticeInput {
                title: &title,
                body: &body,
                published_at,
            },
            &admin.actor(ip),
            format::now(),
        )
        .await?;
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
    admin.require_publisher()?;
    let (title, body, published_at) = notice_input(&req)?;
    state
        .store
        .update_notice(
            id,
            &NoticeInput {
                title: &title,
                body: &body,
                published_at,
            },
            &admin.actor(ip),
            format::now(),
        )
        .await?;
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
    admin.require_publisher()?;
    state
        .store
        .delete_notice(id, &admin.actor(ip), format::now())
        .await?;
    Ok(axum::Json(Done { ok: true }))
}
