//! The 常见问题 (FAQ), kept by province and super admins: add, edit, delete; each audited.
//! Shared by the console page and the admin API.

use std::net::IpAddr;

use jxjy_store::faqs::Faq;
use serde::{Deserialize, Serialize};

use crate::accounts::input::Errors;
use crate::admin::AdminAuth;
use crate::{AppError, Context, format};

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct FaqRequest {
    /// 1-200 characters.
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub question: String,
    /// Plain text, shown escaped; 1-5,000 characters.
    #[schema(required = true, min_length = 1, max_length = 5000)]
    pub answer: String,
    pub sort_order: i64,
}

fn check(req: &FaqRequest) -> Result<(String, String), AppError> {
    let mut errors = Errors::default();
    let q = req.question.trim();
    let a = req.answer.trim();
    if q.is_empty() || q.chars().count() > 200 {
        errors.add("question", "问题应为 1-200 个字");
    }
    if a.is_empty() || a.chars().count() > 5000 {
        errors.add("answer", "回答应为 1-5000 个字");
    }
    if errors.0.is_empty() {
        Ok((q.to_string(), a.to_string()))
    } else {
        Err(AppError::invalid_fields(errors.0))
    }
}

/// Adds an entry (`id` none) or edits one; returns its id.
pub async fn save(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: Option<i64>,
    req: &FaqRequest,
) -> Result<i64, AppError> {
    admin.require_institution_manager()?;
    let (q, a) = check(req)?;
    Ok(state
        .store
        .faqs()
        .save_faq(
            id,
            Some((&q, &a, req.sort_order)),
            &admin.actor(ip),
            format::now(),
        )
        .await?)
}

pub async fn delete(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
) -> Result<(), AppError> {
    admin.require_institution_manager()?;
    state
        .store
        .faqs()
        .save_faq(Some(id), None, &admin.actor(ip), format::now())
        .await?;
    Ok(())
}

/// Every entry, in the portal's order.
pub async fn all(state: &Context) -> Result<Vec<Faq>, AppError> {
    Ok(state.store.faqs().all().await?)
}

/// One entry, for the console's form; a 404 if there is none.
pub async fn one(state: &Context, id: i64) -> Result<Faq, AppError> {
    all(state)
        .await?
        .into_iter()
        .find(|f| f.id == id)
        .ok_or_else(|| AppError::not_found("该问题不存在"))
}
