//! The employer session extractors (cookie `jxjy_employer` or `Authorization: Bearer`):
//! `EmployerAuth` for the API (401 without one), `PageEmployer` for the console's pages (a
//! redirect to the employer's login).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use jxjy_app::AppError;

use super::{PageAuthRejection, token_from};
use crate::{AppState, HttpError};

pub const EMPLOYER_COOKIE: &str = "jxjy_employer";

/// A logged-in employer (approved or not; the use cases refuse what a pending one may not do).
#[derive(Debug, Clone)]
pub struct EmployerAuth(pub jxjy_app::employers::EmployerAuth);

impl std::ops::Deref for EmployerAuth {
    type Target = jxjy_app::employers::EmployerAuth;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

async fn employer_from(parts: &Parts, state: &AppState) -> Result<Option<EmployerAuth>, HttpError> {
    let Some(token) = token_from(&parts.headers, EMPLOYER_COOKIE) else {
        return Ok(None);
    };
    Ok(jxjy_app::employers::employer_session(state, &token)
        .await?
        .map(EmployerAuth))
}

impl FromRequestParts<AppState> for EmployerAuth {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        employer_from(parts, state)
            .await?
            .ok_or_else(|| AppError::unauthorized("请先以单位账号登录，或登录已过期").into())
    }
}

/// A logged-in employer on a page; without a session, the employer's login page.
pub struct PageEmployer(pub EmployerAuth);

impl FromRequestParts<AppState> for PageEmployer {
    type Rejection = PageAuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match employer_from(parts, state).await {
            Ok(Some(e)) => Ok(PageEmployer(e)),
            Ok(None) => Err(PageAuthRejection::EmployerLogin),
            Err(e) => Err(PageAuthRejection::Error(e)),
        }
    }
}

/// An employer session if there is one (the login page sends a logged-in employer on).
pub struct MaybeEmployer(pub Option<EmployerAuth>);

impl FromRequestParts<AppState> for MaybeEmployer {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeEmployer(employer_from(parts, state).await?))
    }
}
