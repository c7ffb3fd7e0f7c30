//! The HTTP face of the use cases' error (`jxjy_app::AppError`), mapped to a status once, here.
//!
//! Handlers return `Result<_, HttpError>`; `?` turns an `AppError` or a `StoreError` into one.
//! The response is the JSON envelope of SPEC section 6, `{"error": {"code", "message"}}`, and
//! carries an [`ErrorInfo`] extension; for browser paths the `error_pages` middleware turns it
//! into a friendly Chinese page.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jxjy_app::{AppError, ErrorKind, FieldError};
use jxjy_store::StoreError;
use serde::Serialize;

/// An error on its way to the client: the use case's error and the status it maps to.
#[derive(Debug, Clone)]
pub struct HttpError {
    pub status: StatusCode,
    pub error: AppError,
}

/// Attached to every error response so that later layers can re-render it.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub code: &'static str,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// Stable snake_case code, e.g. `not_found`.
    pub code: String,
    /// Clear Chinese message for the user.
    pub message: String,
    /// The rejected fields, when the error is about input.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// The one mapping of a kind of failure to an HTTP status.
pub fn status_of(kind: ErrorKind) -> StatusCode {
    match kind {
        ErrorKind::Invalid => StatusCode::BAD_REQUEST,
        ErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
        ErrorKind::Forbidden => StatusCode::FORBIDDEN,
        ErrorKind::NotFound => StatusCode::NOT_FOUND,
        ErrorKind::Conflict => StatusCode::CONFLICT,
        ErrorKind::TooMany => StatusCode::TOO_MANY_REQUESTS,
        ErrorKind::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ErrorKind::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ErrorKind::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        ErrorKind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl HttpError {
    /// An error of the HTTP layer itself (a head over its limit), with its own status.
    pub fn with_status(status: StatusCode, code: &'static str, message: &str) -> Self {
        HttpError {
            status,
            error: AppError::new(ErrorKind::Invalid, code, message),
        }
    }

    /// The generic error for a bare status code (from a layer that produced no `AppError`).
    pub fn from_status(status: StatusCode) -> Self {
        let (kind, code, message) = match status {
            StatusCode::BAD_REQUEST => (ErrorKind::Invalid, "bad_request", "请求格式不正确"),
            StatusCode::UNAUTHORIZED => (ErrorKind::Unauthorized, "unauthorized", "请先登录"),
            StatusCode::FORBIDDEN => (ErrorKind::Forbidden, "forbidden", "没有权限访问"),
            StatusCode::NOT_FOUND => (ErrorKind::NotFound, "not_found", "您访问的页面不存在"),
            StatusCode::METHOD_NOT_ALLOWED => {
                (ErrorKind::Invalid, "method_not_allowed", "不支持该请求方法")
            }
            StatusCode::REQUEST_TIMEOUT => (
                ErrorKind::Invalid,
                "request_timeout",
                "请求超时，请稍后再试",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => {
                (ErrorKind::TooLarge, "payload_too_large", "提交的内容过大")
            }
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                ErrorKind::UnsupportedType,
                "unsupported_media_type",
                "不支持的内容类型",
            ),
            StatusCode::TOO_MANY_REQUESTS => (
                ErrorKind::TooMany,
                "too_many_requests",
                "操作过于频繁，请稍后再试",
            ),
            StatusCode::SERVICE_UNAVAILABLE => (
                ErrorKind::Unavailable,
                "service_unavailable",
                "服务暂不可用，请稍后再试",
            ),
            s if s.is_client_error() => (ErrorKind::Invalid, "bad_request", "请求无法处理"),
            _ => (
                ErrorKind::Internal,
                "internal_error",
                "系统繁忙，请稍后再试",
            ),
        };
        HttpError {
            status,
            error: AppError::new(kind, code, message),
        }
    }
}

impl From<AppError> for HttpError {
    fn from(error: AppError) -> Self {
        HttpError {
            status: status_of(error.kind),
            error,
        }
    }
}

impl From<StoreError> for HttpError {
    fn from(err: StoreError) -> Self {
        AppError::from(err).into()
    }
}

impl std::ops::Deref for HttpError {
    type Target = AppError;
    fn deref(&self) -> &AppError {
        &self.error
    }
}

impl std::fmt::Display for HttpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.error.code,
            self.error.message
        )
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let envelope = ErrorEnvelope {
            error: ErrorBody {
                code: self.error.code.to_string(),
                message: self.error.message.clone(),
                fields: self.error.fields,
            },
        };
        let mut response = (self.status, Json(envelope)).into_response();
        if self.status == StatusCode::SERVICE_UNAVAILABLE {
            // An outage or a full disk: a client that retries should wait a little first.
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from_static("5"),
            );
        }
        response.extensions_mut().insert(ErrorInfo {
            code: self.error.code,
            message: self.error.message,
        });
        response
    }
}
