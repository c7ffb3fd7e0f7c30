//! The authority's review of employer accounts: a queue of 待审核 accounts in the admin's
//! scope (by the employer's 主管部门 region, in the SQL), approval, and rejection with a reason.
//! Each decision is audited; an account outside the scope is a 404, as if it did not exist.

use std::net::IpAddr;

use jxjy_domain::EmployerStatus;
use jxjy_store::audit::Entry;
use jxjy_store::employers;
use jxjy_store::{Page, PageRequest};

use super::view::EmployerView;
use crate::admin::AdminAuth;
use crate::{AppError, Context, format};

pub const PER_PAGE: i64 = 20;

pub fn parse_status(raw: Option<&str>) -> Result<Option<EmployerStatus>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<EmployerStatus>().map(Some).map_err(|_| {
            AppError::bad_request(
                "invalid_query",
                "status 只能是 pending、approved 或 rejected",
            )
            .on_field("status")
        }),
    }
}

pub async fn list(
    cx: &Context,
    admin: &AdminAuth,
    status: Option<EmployerStatus>,
    q: &str,
    page: Option<i64>,
) -> Result<Page<EmployerView>, AppError> {
    let q: String = q.chars().take(50).collect();
    let rows = cx
        .store
        .employers()
        .page_in_scope(
            &admin.session.region_path,
            status,
            &q,
            PageRequest::new(page, PER_PAGE),
        )
        .await?;
    Ok(Page {
        items: rows.items.into_iter().map(EmployerView::from).collect(),
        total: rows.total,
        page: rows.page,
        per_page: rows.per_page,
    })
}

pub async fn detail(cx: &Context, admin: &AdminAuth, id: i64) -> Result<EmployerView, AppError> {
    cx.store
        .employers()
        .in_scope(id, &admin.session.region_path)
        .await?
        .map(EmployerView::from)
        .ok_or_else(|| AppError::not_found("单位不存在"))
}

async fn decide(
    cx: &Context,
    admin: &AdminAuth,
    id: i64,
    to: EmployerStatus,
    reason: Option<&str>,
    ip: IpAddr,
) -> Result<EmployerView, AppError> {
    let current = detail(cx, admin, id).await?;
    let status: EmployerStatus = current.status.parse().map_err(AppError::internal)?;
    if !status.may_be_decided() {
        return Err(AppError::conflict(
            "already_decided",
            format!("该单位已审核（{}），不能重复审核", status.label()),
        ));
    }
    let now = format::now();
    let mut w = cx.store.begin_audited().await?;
    if employers::decide(&mut *w, id, to, reason, admin.session.id, now).await? != 1 {
        w.rollback().await?;
        return Err(AppError::conflict(
            "already_decided",
            "该单位已被其他管理员审核",
        ));
    }
    let action = match to {
        EmployerStatus::Approved => "employer.approve",
        _ => "employer.reject",
    };
    let detail_json =
        serde_json::json!({"name": current.name, "uscc": current.uscc, "reason": reason})
            .to_string();
    w.commit(&Entry::new(
        now,
        &admin.actor(ip),
        action,
        ("employer", &id.to_string()),
        &detail_json,
    ))
    .await?;
    detail(cx, admin, id).await
}

pub async fn approve(
    cx: &Context,
    admin: &AdminAuth,
    id: i64,
    ip: IpAddr,
) -> Result<EmployerView, AppError> {
    decide(cx, admin, id, EmployerStatus::Approved, None, ip).await
}

pub async fn reject(
    cx: &Context,
    admin: &AdminAuth,
    id: i64,
    reason: &str,
    ip: IpAddr,
) -> Result<EmployerView, AppError> {
    let reason = reason.trim();
    if reason.chars().count() < 2
        || reason.chars().count() > 500
        || reason.chars().any(|c| c.is_control() && c != '\n')
    {
        return Err(AppError::bad_request(
            "invalid_input",
            "请填写不予通过的原因（2-500 个字），单位将看到该原因",
        )
        .on_field("reason"));
    }
    decide(cx, admin, id, EmployerStatus::Rejected, Some(reason), ip).await
}
