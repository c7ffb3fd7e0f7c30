//! The admin API of the console (SPEC section 6): learners, a learner's file, statistics,
//! support actions, the compliance export, notices and the audit log — all inside the admin's scope.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jxjy_store::notices::NoticeInput;
use serde::{Deserialize, Serialize};

use crate::accounts::LearnerView;
use crate::admin::AdminAuth;
use crate::admin::console::{self, AdminLearnerItem};
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::training::EnrollmentView;
use crate::{AppError, AppState, format};

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

pub fn parse_met(raw: Option<&str>) -> Result<Option<bool>, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some("true" | "1" | "met") => Ok(Some(true)),
        Some("false" | "0" | "not_met") => Ok(Some(false)),
        Some(_) => {
            Err(AppError::bad_request("invalid_input", "met 只能是 true 或 false").on_field("met"))
        }
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
) -> Result<axum::Json<LearnerPage>, AppError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    // The API takes the documented boolean only; the console's search form also sends an empty
    // `met=` for 全部 and the words the page uses, which `parse_met` reads for it.
    if !matches!(q.met.as_deref(), None | Some("true" | "false")) {
        return Err(
            AppError::bad_request("invalid_query", "met 只能是 true 或 false").on_field("met"),
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

/// The learner list as filtered (the same filters as `/api/v1/admin/learners`, every page), as
/// xlsx with the compliance list's columns.
#[utoipa::path(get, path = "/api/v1/admin/exports/learners", tag = "管理",
    params(("q" = Option<String>, Query, description = "姓名（前缀）、证件号或手机号"), ("region" = Option<String>, Query, description = "地区代码"),
           ("year" = Option<i64>, Query, description = "年度，默认今年"), ("met" = Option<bool>, Query, description = "是否达标")),
    responses((status = 200, description = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 400, body = ErrorEnvelope),
        (status = 401, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn learners_export(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Query(q): Query<LearnersExportQuery>,
) -> Result<Response, AppError> {
    if !matches!(q.met.as_deref(), None | Some("true" | "false")) {
        return Err(
            AppError::bad_request("invalid_query", "met 只能是 true 或 false").on_field("met"),
        );
    }
    let query = console::LearnerListQuery {
        q: q.q,
        region: q.region,
        year: q.year.unwrap_or_else(|| i64::from(format::this_year())),
        met: parse_met(q.met.as_deref())?,
    };
    learner_list_download(&state, &admin, ip, &query).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LearnersExportQuery {
    pub q: Option<String>,
    pub region: Option<String>,
    pub year: Option<i64>,
    pub met: Option<String>,
}

/// The filtered list as a download, with its audit record (shared by the page and the API).
pub async fn learner_list_download(
    state: &AppState,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    query: &console::LearnerListQuery,
) -> Result<Response, AppError> {
    let file = crate::admin::learner_export::learners_xlsx(state, admin, query).await?;
    let detail = serde_json::json!({
        "year": query.year, "q": query.q, "region": query.region, "met": query.met,
    })
    .to_string();
    jxjy_store::audit::record(
        state.store.pool(),
        &jxjy_store::audit::Entry {
            at: format::now(),
            actor: &console::actor(admin, ip),
            action: "export.learners",
            target_kind: "region",
            target_id: &admin.session.region_code,
            detail: &detail,
        },
    )
    .await?;
    file.response(
        crate::admin::export::XLSX,
        &format!("learners-{}-{}.xlsx", query.year, admin.session.region_code),
        &crate::admin::export::download_name(admin, query.year, "学员名单", "xlsx"),
    )
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
) -> Result<axum::Json<LearnerFile>, AppError> {
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
) -> Result<axum::Json<Done>, AppError> {
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
) -> Result<axum::Json<Stats>, AppError> {
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

/// The compliance list of the scope for a year, as xlsx.
#[utoipa::path(get, path = "/api/v1/admin/exports/compliance", tag = "管理", params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, description = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 401, body = ErrorEnvelope)))]
pub async fn compliance_export(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    let file = crate::admin::export::compliance_xlsx(&state, &admin, year).await?;
    let actor = console::actor(&admin, ip);
    let detail = serde_json::json!({"year": year, "scope": admin.session.region_code}).to_string();
    // One insert: an action that changes nothing else needs no transaction of its own.
    jxjy_store::audit::record(
        state.store.pool(),
        &jxjy_store::audit::Entry {
            at: format::now(),
            actor: &actor,
            action: "export.compliance",
            target_kind: "region",
            target_id: &admin.session.region_code,
            detail: &detail,
        },
    )
    .await?;
    file.response(
        crate::admin::export::XLSX,
        &format!("compliance-{year}-{}.xlsx", admin.session.region_code),
        &crate::admin::export::download_name(&admin, year, "达标名单", "xlsx"),
    )
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

pub fn notice_input(req: &NoticeRequest) -> Result<(String, String, i64), AppError> {
    let mut errors = Vec::new();
    let title = req.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(crate::error::FieldError {
            field: "title".into(),
            message: "标题应为 1-200 个字".into(),
        });
    }
    let body = req.body.trim();
    if body.is_empty() || body.chars().count() > 20_000 {
        errors.push(crate::error::FieldError {
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
                errors.push(crate::error::FieldError {
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
        Err(AppError::invalid_fields(errors))
    }
}

fn require_publisher(admin: &AdminAuth) -> Result<(), AppError> {
    if admin.role.manages_institutions() {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "只有省级主管部门和系统管理员可以发布通知公告",
        ))
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
) -> Result<Response, AppError> {
    require_publisher(&admin)?;
    let (title, body, published_at) = notice_input(&req)?;
    let id = state
        .store
        .create_notice_audited(
            &NoticeInput {
                title: &title,
                body: &body,
                published_at,
            },
            &console::actor(&admin, ip),
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
) -> Result<axum::Json<Done>, AppError> {
    require_publisher(&admin)?;
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
            &console::actor(&admin, ip),
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
) -> Result<axum::Json<Done>, AppError> {
    require_publisher(&admin)?;
    state
        .store
        .delete_notice(id, &console::actor(&admin, ip), format::now())
        .await?;
    Ok(axum::Json(Done { ok: true }))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    pub who: String,
    pub from: String,
    pub to: String,
    pub target_kind: String,
    pub target_id: String,
    pub page: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditItem {
    pub id: i64,
    pub at: String,
    /// `admin`, `learner`, `institution` or `system`.
    pub actor_kind: String,
    pub actor_id: Option<i64>,
    /// Who acted, in words: `heping（沈阳市和平区财政局）`, `学员 冯思媛`, `培训机构 辽宁XX有限公司`, `系统`.
    pub actor_name: String,
    /// The stable action code, e.g. `claim.approve`.
    pub action: String,
    /// The action in Chinese, e.g. `审核通过学分申报`.
    pub action_label: String,
    /// What changed, in Chinese (`2026 年度 90 学分（专业课 60、公需课 30）`); may be empty.
    pub summary: String,
    pub target_kind: String,
    pub target_id: String,
    /// The target in words: `学分申报 #5（冯思媛）`.
    pub target_label: String,
    /// The record's details as written (a JSON object).
    pub detail: String,
    pub client_ip: Option<String>,
}

impl From<crate::admin::audit::AuditView> for AuditItem {
    fn from(v: crate::admin::audit::AuditView) -> Self {
        AuditItem {
            id: v.id,
            at: v.at,
            actor_kind: v.actor_kind,
            actor_id: v.actor_id,
            actor_name: v.actor_name,
            action: v.action,
            action_label: v.action_label,
            summary: v.summary,
            target_kind: v.target_kind,
            target_id: v.target_id,
            target_label: v.target_label,
            detail: v.detail,
            client_ip: v.client_ip,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditItem>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The audit log (province and super admins), newest first, with filters.
#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "管理",
    params(("action" = Option<String>, Query, description = "操作代码或前缀，如 claim.approve 或 enrollment."),
           ("who" = Option<String>, Query, description = "操作者：管理员用户名、学员姓名或培训机构名称"),
           ("from" = Option<String>, Query, description = "起始日期 YYYY-MM-DD（含）"),
           ("to" = Option<String>, Query, description = "截止日期 YYYY-MM-DD（含）"),
           ("target_kind" = Option<String>, Query, description = "对象类型"),
           ("target_id" = Option<String>, Query, description = "对象编号"), ("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn audit(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<AuditPage>, AppError> {
    let query = crate::admin::audit::AuditQuery {
        action: q.action,
        who: q.who,
        from: q.from,
        to: q.to,
        target_kind: q.target_kind,
        target_id: q.target_id,
        page: q.page,
    };
    let page = crate::admin::audit::page(&state, &admin, &query).await?;
    Ok(axum::Json(AuditPage {
        items: page.items.into_iter().map(AuditItem::from).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// The statistics of the scope for a year, as xlsx (per sub-region and per school).
#[utoipa::path(get, path = "/api/v1/admin/exports/stats", tag = "管理", params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, description = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 401, body = ErrorEnvelope)))]
pub async fn stats_export(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<YearQuery>,
) -> Result<Response, AppError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    let bytes = console::stats_xlsx(&state, &admin, year).await?;
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::admin::export::attachment(
                    &format!("stats-{year}-{}.xlsx", admin.session.region_code),
                    &crate::admin::export::download_name(&admin, year, "统计", "xlsx"),
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}
