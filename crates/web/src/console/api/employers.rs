//! The admin API of 单位审核 (SPEC section 8): the employer accounts of the admin's scope, by
//! status, and the decision on a pending one. Out of scope is 404, in the list and by id.

use axum::extract::State;
use serde::{Deserialize, Serialize};

use crate::api::Paged;
use crate::auth::{AdminAuth, ClientIp};
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppState, HttpError};
use jxjy_app::employers::{EmployerView, review};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmployersQuery {
    pub status: Option<String>,
    pub q: String,
    pub page: Option<i64>,
}

/// The employers whose 主管部门 region is in the admin's region tree, oldest first, 20 a page.
#[utoipa::path(get, path = "/api/v1/admin/employers", tag = "管理",
    params(("status" = Option<String>, Query, description = "pending | approved | rejected；省略为全部"),
        ("q" = Option<String>, Query, description = "单位名称（包含）或完整统一社会信用代码"), ("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = Paged<EmployerView>), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<EmployersQuery>,
) -> Result<axum::Json<Paged<EmployerView>>, HttpError> {
    let status = review::parse_status(q.status.as_deref())?;
    let page = review::list(&state, &admin, status, &q.q, q.page).await?;
    Ok(axum::Json(Paged {
        items: page.items,
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// One employer of the admin's scope, with its contact and its number of confirmed staff (extension).
#[utoipa::path(get, path = "/api/v1/admin/employers/{id}", tag = "管理", params(("id" = i64, Path, description = "单位编号")),
    responses((status = 200, body = EmployerView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn show(
    State(state): State<AppState>,
    admin: AdminAuth,
    Path(id): Path<i64>,
) -> Result<axum::Json<EmployerView>, HttpError> {
    Ok(axum::Json(review::detail(&state, &admin, id).await?))
}

/// Approves a pending employer: it may log in and act from now on.
#[utoipa::path(post, path = "/api/v1/admin/employers/{id}/approve", tag = "管理", params(("id" = i64, Path, description = "单位编号")),
    responses((status = 200, body = EmployerView), (status = 401, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope),
        (status = 409, body = ErrorEnvelope)))]
pub async fn approve(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<EmployerView>, HttpError> {
    Ok(axum::Json(review::approve(&state, &admin, id, ip).await?))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EmployerRejection {
    /// Required, 2-500 characters; the employer reads it and may apply again.
    #[schema(required = true, min_length = 2, max_length = 500)]
    pub reason: String,
}

/// Rejects a pending employer with a reason; it may correct its details and apply again.
#[utoipa::path(post, path = "/api/v1/admin/employers/{id}/reject", tag = "管理", request_body = EmployerRejection,
    params(("id" = i64, Path, description = "单位编号")),
    responses((status = 200, body = EmployerView), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn reject(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<EmployerRejection>,
) -> Result<axum::Json<EmployerView>, HttpError> {
    Ok(axum::Json(
        review::reject(&state, &admin, id, &req.reason, ip).await?,
    ))
}
