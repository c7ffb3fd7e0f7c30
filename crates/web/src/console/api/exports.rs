//! The console's downloads through the API (SPEC section 6): the compliance list, the statistics,
//! the national-platform credits (CSV) and the learner list as filtered, as xlsx with Chinese file names; each download is audited.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::console::api::learners::YearQuery;
use crate::error::ErrorEnvelope;
use crate::extract::Query;
use crate::{AppError, AppState, HttpError};
use jxjy_app::admin::console;
use jxjy_app::admin::console::parse_met;
use jxjy_app::format;

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
) -> Result<Response, HttpError> {
    if !matches!(q.met.as_deref(), None | Some("true" | "false")) {
        return Err(
            AppError::bad_request("invalid_query", "met 只能是 true 或 false")
                .on_field("met")
                .into(),
        );
    }
    let query = console::LearnerListQuery {
        q: q.q,
        region: q.region,
        year: q.year.unwrap_or_else(|| i64::from(format::this_year())),
        met: parse_met(q.met.as_deref())?,
    };
    crate::download::send(
        jxjy_app::admin::learner_export::learner_list(&state, &admin, ip, &query).await?,
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LearnersExportQuery {
    pub q: Option<String>,
    pub region: Option<String>,
    pub year: Option<i64>,
    pub met: Option<String>,
}

/// The compliance list of the scope for a year, as xlsx.
#[utoipa::path(get, path = "/api/v1/admin/exports/compliance", tag = "管理", params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, description = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 401, body = ErrorEnvelope)))]
pub async fn compliance_export(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Query(q): Query<YearQuery>,
) -> Result<Response, HttpError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    let file = jxjy_app::admin::export::compliance_xlsx(&state, &admin, year).await?;
    let detail = serde_json::json!({"year": year, "scope": admin.session.region_code});
    jxjy_app::admin::export::audit_download(&state, &admin, ip, "export.compliance", detail)
        .await?;
    crate::download::file_response(
        file,
        jxjy_app::admin::export::XLSX,
        &format!("compliance-{year}-{}.xlsx", admin.session.region_code),
        &jxjy_app::admin::export::download_name(&admin, year, "达标名单", "xlsx"),
    )
}

/// The statistics of the scope for a year, as xlsx (per sub-region and per school).
#[utoipa::path(get, path = "/api/v1/admin/exports/stats", tag = "管理", params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, description = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 401, body = ErrorEnvelope)))]
pub async fn stats_export(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<YearQuery>,
) -> Result<Response, HttpError> {
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
                crate::download::attachment(
                    &format!("stats-{year}-{}.xlsx", admin.session.region_code),
                    &jxjy_app::admin::export::download_name(&admin, year, "统计", "xlsx"),
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The year's registered credits of the scope as CSV, one row per learner and record, for upload
/// to the national platform (full document numbers: the platform matches on them).
#[utoipa::path(get, path = "/api/v1/admin/exports/credits", tag = "管理", params(("year" = Option<i64>, Query, description = "年度，默认今年")),
    responses((status = 200, description = "text/csv; charset=utf-8"), (status = 401, body = ErrorEnvelope)))]
pub async fn export_credits(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Query(q): Query<YearQuery>,
) -> Result<Response, HttpError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    let file = jxjy_app::admin::export::credits_csv(&state, &admin, year).await?;
    let detail = serde_json::json!({"year": year});
    jxjy_app::admin::export::audit_download(&state, &admin, ip, "export.credits", detail).await?;
    crate::download::file_response(
        file,
        jxjy_app::admin::export::CSV,
        &format!("credits-{year}-{}.csv", admin.session.region_code),
        &jxjy_app::admin::export::download_name(&admin, year, "学分记录", "csv"),
    )
}
