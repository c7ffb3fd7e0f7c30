//! What the public portal shows: 通知公告 (newest first, 10 a page) and 常见问题 with every
//! school's contacts. Shared by the pages and `/api/v1/notices`, `/api/v1/faqs`.

use jxjy_store::faqs::Faq;
use jxjy_store::institutions::InstitutionContact;
use jxjy_store::notices::{Notice, NoticeSummary};
use jxjy_store::{Page, PageRequest, StoreError};

use crate::{AppError, Context};

pub const PER_PAGE: i64 = 10;

/// A page of notices, newest first.
pub async fn notices(state: &Context, page: Option<i64>) -> Result<Page<NoticeSummary>, AppError> {
    Ok(state
        .store
        .notices()
        .page(PageRequest::new(page, PER_PAGE))
        .await?)
}

/// One notice; a deleted one is a 404.
pub async fn notice(state: &Context, id: i64) -> Result<Notice, AppError> {
    state.store.notices().notice(id).await.map_err(|e| match e {
        StoreError::NotFound => AppError::not_found("该通知不存在或已删除"),
        other => other.into(),
    })
}

/// 常见问题 and every school's contacts, as the page lists them.
pub struct FaqsAndContacts {
    pub faqs: Vec<Faq>,
    pub institutions: Vec<InstitutionContact>,
}

pub async fn faqs(state: &Context) -> Result<FaqsAndContacts, AppError> {
    Ok(FaqsAndContacts {
        faqs: state.store.faqs().all().await?,
        institutions: state.store.institutions().institution_contacts().await?,
    })
}

/// The newest notices, for the home page.
pub async fn latest_notices(state: &Context, n: i64) -> Result<Vec<NoticeSummary>, AppError> {
    Ok(state.store.notices().latest_notices(n).await?)
}
