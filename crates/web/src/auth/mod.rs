//! Who is calling: sessions of learners (cookie `jxjy_session` or `Authorization: Bearer`), the
//! client's address, and the flood guard of the sensitive endpoints.
//!
//! A handler's signature says who may call it: `LearnerAuth` (API: 401 without a session),
//! `PageLearner` (pages: a redirect to 登录), `MaybeLearner` (either).

pub mod admin;
pub mod client_ip;
pub mod employer;
pub mod flood;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::{AppState, HttpError, Settings};

pub use admin::{ADMIN_COOKIE, AdminAuth};
pub use client_ip::ClientIp;
pub use employer::{EMPLOYER_COOKIE, EmployerAuth, MaybeEmployer, PageEmployer};

pub const SESSION_COOKIE: &str = "jxjy_session";

/// The token a request carries: a Bearer token wins over the cookie.
pub fn token_from(headers: &HeaderMap, cookie_name: &str) -> Option<String> {
    if let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = auth
            .strip_prefix("Bearer ")
            .or_else(|| auth.strip_prefix("bearer "))
    {
        let token = token.trim();
        return (!token.is_empty()).then(|| token.to_string());
    }
    cookie(headers, cookie_name)
}

/// One cookie's value from the `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

pub use jxjy_app::auth::token_hash;

/// `Set-Cookie` for a new session: HttpOnly, SameSite=Lax, Secure behind HTTPS.
pub fn session_cookie(name: &str, token: &str, settings: &Settings) -> String {
    let secure = if settings.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={token}; Path=/; HttpOnly; SameSite=Lax{secure}")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie(name: &str, settings: &Settings) -> String {
    let secure = if settings.cookie_secure {
        "; Secure"
    } else {
        ""
    };
    format!("{name}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
}

/// A logged-in learner (the extractor; the use cases take what it holds).
#[derive(Debug, Clone)]
pub struct LearnerAuth(pub jxjy_app::auth::LearnerAuth);

impl std::ops::Deref for LearnerAuth {
    type Target = jxjy_app::auth::LearnerAuth;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

async fn learner_from(parts: &Parts, state: &AppState) -> Result<Option<LearnerAuth>, HttpError> {
    let Some(token) = token_from(&parts.headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    Ok(jxjy_app::auth::learner_session(state, &token)
        .await?
        .map(LearnerAuth))
}

impl FromRequestParts<AppState> for LearnerAuth {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        learner_from(parts, state)
            .await?
            .ok_or_else(|| jxjy_app::AppError::unauthorized("请先登录，或登录已过期").into())
    }
}

/// The learner's session token as sent, not yet looked up: for the hot pages whose use case
/// checks the session in the same read as its data (`credits::report_by_session`).
pub struct LearnerToken {
    pub token: Option<String>,
    path: String,
}

impl LearnerToken {
    /// The API's answer when the token is no live session (as `LearnerAuth`'s).
    pub fn unauthorized() -> HttpError {
        jxjy_app::AppError::unauthorized("请先登录，或登录已过期").into()
    }

    /// A page's answer when the token is no live session (as `PageLearner`'s).
    pub fn to_login(&self) -> PageAuthRejection {
        PageAuthRejection::Login(safe_next(&self.path))
    }
}

impl FromRequestParts<AppState> for LearnerToken {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(LearnerToken {
            token: token_from(&parts.headers, SESSION_COOKIE),
            path: parts.uri.path().to_string(),
        })
    }
}

/// A learner if logged in, else nobody (the home page's login box).
pub struct MaybeLearner(pub Option<LearnerAuth>);

impl FromRequestParts<AppState> for MaybeLearner {
    type Rejection = HttpError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeLearner(learner_from(parts, state).await?))
    }
}

/// A logged-in learner on a page; without a session the browser is sent to 登录 and back.
pub struct PageLearner(pub LearnerAuth);

pub enum PageAuthRejection {
    Login(String),
    /// The employer console's own login page.
    EmployerLogin,
    Error(HttpError),
}

impl IntoResponse for PageAuthRejection {
    fn into_response(self) -> Response {
        match self {
            PageAuthRejection::Login(next) => {
                Redirect::to(&format!("/login?next={next}")).into_response()
            }
            PageAuthRejection::EmployerLogin => Redirect::to("/employer/login").into_response(),
            PageAuthRejection::Error(e) => e.into_response(),
        }
    }
}

impl From<jxjy_app::AppError> for PageAuthRejection {
    fn from(e: jxjy_app::AppError) -> Self {
        PageAuthRejection::Error(e.into())
    }
}

impl FromRequestParts<AppState> for PageLearner {
    type Rejection = PageAuthRejection;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match learner_from(parts, state).await {
            Ok(Some(mut l)) => {
                // The navigation's 消息 count; a page still opens if it cannot be read.
                l.0.unread = jxjy_app::reminders::inbox::unread(state, l.learner_id)
                    .await
                    .ok();
                Ok(PageLearner(l))
            }
            Ok(None) => Err(PageAuthRejection::Login(safe_next(parts.uri.path()))),
            Err(e) => Err(PageAuthRejection::Error(e)),
        }
    }
}

/// Only local paths are followed after login, so `next` cannot send anyone elsewhere.
pub fn safe_next(path: &str) -> String {
    if path.starts_with('/')
        && !path.starts_with("//")
        && path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/-_?=&".contains(c))
    {
        path.to_string()
    } else {
        "/learner".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_bearer_token_wins_over_the_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; jxjy_session=fromcookie"),
        );
        assert_eq!(
            token_from(&h, SESSION_COOKIE).as_deref(),
            Some("fromcookie")
        );
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer frombearer"),
        );
        assert_eq!(
            token_from(&h, SESSION_COOKIE).as_deref(),
            Some("frombearer")
        );
    }

    #[test]
    fn next_never_leaves_the_site() {
        assert_eq!(safe_next("/learner/training"), "/learner/training");
        assert_eq!(safe_next("//evil.example"), "/learner");
        assert_eq!(safe_next("/x?y=<script>"), "/learner");
    }

    #[test]
    fn session_cookies_are_http_only_and_lax() {
        let s = Settings::default();
        let c = session_cookie(SESSION_COOKIE, "t", &s);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && !c.contains("Secure"));
        let s = Settings {
            cookie_secure: true,
            ..Settings::default()
        };
        assert!(session_cookie(SESSION_COOKIE, "t", &s).ends_with("; Secure"));
    }
}
