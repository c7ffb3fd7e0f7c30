//! Publishing 通知公告 (province and super admins): write, edit, delete; each audited. Shared by
//! the console page and the admin API.

use std::net::IpAddr;

use jxjy_store::notices::{Notice, NoticeInput, NoticeSummary};
use jxjy_store::{PageRequest, StoreError};
use serde::{Deserialize, Serialize};

use crate::admin::AdminAuth;
use crate::{AppError, Context, FieldError, format};

/// The console lists this many notices, newest first.
const CONSOLE_LIST: i64 = 100;

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

/// A notice's checked content: title, body and publication time.
struct CheckedNotice {
    title: String,
    body: String,
    published_at: i64,
}

fn check(req: &NoticeRequest) -> Result<CheckedNotice, AppError> {
    let mut errors = Vec::new();
    let title = req.title.trim();
    if title.is_empty() || title.chars().count() > 200 {
        errors.push(FieldError {
            field: "title".into(),
            message: "标题应为 1-200 个字".into(),
        });
    }
    let body = req.body.trim();
    if body.is_empty() || body.chars().count() > 20_000 {
        errors.push(FieldError {
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
                errors.push(FieldError {
                    field: "published_at".into(),
                    message: "发布日期格式应为 YYYY-MM-DD".into(),
                });
                0
            }
        }
    };
    if errors.is_empty() {
        Ok(CheckedNotice {
            title: title.to_string(),
            body: body.to_string(),
            published_at,
        })
    } else {
        Err(AppError::invalid_fields(errors))
    }
}

/// Publishes a new notice (`id` none) or edits one; returns its id.
pub async fn save(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: Option<i64>,
    req: &NoticeRequest,
) -> Result<i64, AppError> {
    admin.require_publisher()?;
    let n = check(req)?;
    let input = NoticeInput {
        title: &n.title,
        body: &n.body,
        published_at: n.published_at,
    };
    let actor = admin.actor(ip);
    Ok(match id {
        Some(id) => {
            state
                .store
                .notices()
                .update_notice(id, &input, &actor, format::now())
                .await?;
            id
        }
        None => {
            state
                .store
                .notices()
                .create_notice_audited(&input, &actor, format::now())
                .await?
        }
    })
}

pub async fn delete(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
) -> Result<(), AppError> {
    admin.require_publisher()?;
    Ok(state
        .store
        .notices()
        .delete_notice(id, &admin.actor(ip), format::now())
        .await?)
}

/// One notice, for the console's form.
pub async fn one(state: &Context, id: i64) -> Result<Notice, AppError> {
    state.store.notices().notice(id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::not_found("该通知不存在"),
        other => other.into(),
    })
}

/// The newest notices, for the console's list.
pub async fn newest(state: &Context) -> Result<Vec<NoticeSummary>, AppError> {
    Ok(state
        .store
        .notices()
        .page(PageRequest::new(Some(1), CONSOLE_LIST))
        .await?
        .items)
}
