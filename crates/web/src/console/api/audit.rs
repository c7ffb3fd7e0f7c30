//! The audit log through the API (province and super admins): the stable codes of each record
//! with the words an officer reads beside them (`admin::audit`).

use axum::extract::State;
use serde::{Deserialize, Serialize};

use crate::auth::AdminAuth;
use crate::error::ErrorEnvelope;
use crate::extract::Query;
use crate::{AppState, HttpError};

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

impl From<jxjy_app::admin::audit::AuditView> for AuditItem {
    fn from(v: jxjy_app::admin::audit::AuditView) -> Self {
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
           ("who" = Option<String>, Query, description = "操作者：管理员用户名、学员姓名、培训机构名称或单位名称（或统一社会信用代码）"),
           ("from" = Option<String>, Query, description = "起始日期 YYYY-MM-DD（含）"),
           ("to" = Option<String>, Query, description = "截止日期 YYYY-MM-DD（含）"),
           ("target_kind" = Option<String>, Query, description = "对象类型"),
           ("target_id" = Option<String>, Query, description = "对象编号"), ("page" = Option<i64>, Query, description = "页码")),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope)))]
pub async fn audit(
    State(state): State<AppState>,
    admin: AdminAuth,
    Query(q): Query<AuditQuery>,
) -> Result<axum::Json<AuditPage>, HttpError> {
    let query = jxjy_app::admin::audit::AuditQuery {
        action: q.action,
        who: q.who,
        from: q.from,
        to: q.to,
        target_kind: q.target_kind,
        target_id: q.target_id,
        page: q.page,
    };
    let page = jxjy_app::admin::audit::page(&state, &admin, &query).await?;
    Ok(axum::Json(AuditPage {
        items: page.items.into_iter().map(AuditItem::from).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}
