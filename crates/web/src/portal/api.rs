//! `/api/v1/notices` and `/api/v1/faqs`: the public portal's content as JSON.

use axum::Json;
use axum::extract::State;
use serde::Serialize;

use crate::api::Paged;
use crate::error::ErrorEnvelope;
use crate::extract::PageQuery;
use crate::extract::{Path, Query};
use crate::{AppState, HttpError};
use jxjy_app::format;
use jxjy_app::portal;

#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeListItem {
    pub id: i64,
    pub title: String,
    /// RFC 3339 in Asia/Shanghai, e.g. `2025-02-26T10:00:00+08:00`.
    pub published_at: String,
    /// `2025-02-26`, as the portal shows it.
    pub date: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeDetail {
    pub id: i64,
    pub title: String,
    /// Plain text; paragraphs separated by newlines.
    pub body: String,
    pub published_at: String,
    pub date: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FaqItem {
    pub id: i64,
    pub question: String,
    pub answer: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionContactItem {
    pub id: i64,
    pub name: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FaqList {
    pub items: Vec<FaqItem>,
    /// Every school's contacts, as the 常见问题 page lists them.
    pub institutions: Vec<InstitutionContactItem>,
}

/// 通知公告, newest first, 10 a page.
#[utoipa::path(get, path = "/api/v1/notices", tag = "门户",
    params(("page" = Option<i64>, Query, description = "页码，从 1 开始")),
    responses((status = 200, body = Paged<NoticeListItem>), (status = 400, body = ErrorEnvelope)))]
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Paged<NoticeListItem>>, HttpError> {
    let page = portal::notices(&state, q.page).await?;
    Ok(Json(Paged {
        items: page
            .items
            .into_iter()
            .map(|n| NoticeListItem {
                id: n.id,
                title: n.title,
                published_at: format::rfc3339(n.published_at),
                date: format::date(n.published_at),
            })
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    }))
}

/// One notice.
#[utoipa::path(get, path = "/api/v1/notices/{id}", tag = "门户",
    params(("id" = i64, Path, description = "通知编号")),
    responses((status = 200, body = NoticeDetail), (status = 404, body = ErrorEnvelope)))]
pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<NoticeDetail>, HttpError> {
    let n = portal::notice(&state, id).await?;
    Ok(Json(NoticeDetail {
        id: n.id,
        title: n.title,
        body: n.body,
        published_at: format::rfc3339(n.published_at),
        date: format::date(n.published_at),
    }))
}

/// 常见问题 and every school's contacts.
#[utoipa::path(get, path = "/api/v1/faqs", tag = "门户", responses((status = 200, body = FaqList)))]
pub async fn faqs(State(state): State<AppState>) -> Result<Json<FaqList>, HttpError> {
    let portal::FaqsAndContacts { faqs, institutions } = portal::faqs(&state).await?;
    Ok(Json(FaqList {
        items: faqs
            .into_iter()
            .map(|f| FaqItem {
                id: f.id,
                question: f.question,
                answer: f.answer,
            })
            .collect(),
        institutions: institutions
            .into_iter()
            .map(|i| InstitutionContactItem {
                id: i.id,
                name: i.name,
                contact_person: i.contact_person,
                contact_phone: i.contact_phone,
                contact_email: i.contact_email,
                website: i.website,
            })
            .collect(),
    }))
}
