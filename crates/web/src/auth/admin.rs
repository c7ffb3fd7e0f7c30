//! The admin session extractor (cookie `jxjy_admin` or `Authorization: Bearer`): 401 without one.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jxjy_app::AppError;

use super::token_from;
use crate::{AppState, HttpError};

pub const ADMIN_COOKIE: &str = "jxjy_admin";

/// A logged-in admin (the extractor; the use cases take what it holds).
#[derive(Debug, Clone)]
pub struct AdminAuth(pub jxjy_app::admin::AdminAuth);

impl std::ops::Deref for AdminAuth {
    type Target = jxjy_app::admin::AdminAuth;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl FromRequestParts<AppState> for AdminAuth {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = || AppError::unauthorized("请先以管理员身份登录");
        let token = token_from(&parts.headers, ADMIN_COOKIE).ok_or_else(unauthorized)?;
        let admin = jxjy_app::admin::admin_session(state, &token)
            .await?
            .ok_or_else(unauthorized)?;
        Ok(AdminAuth(admin))
    }
}
