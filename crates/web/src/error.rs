//! The web layer's one error type, mapped once to HTTP.
//!
//! Handlers return `Result<_, AppError>`. The response is the JSON envelope of SPEC section 6,
//! `{"error": {"code", "message"}}`, and carries an [`ErrorInfo`] extension; for browser paths the
//! `error_pages` middleware turns it into a friendly Chinese page. Internal causes are logged
//! with the request id and never shown: the client sees `internal_error` and a generic message.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jxjy_store::StoreError;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    /// Every rejected input field with its reason, for forms and API clients alike.
    pub fields: Vec<FieldError>,
}

/// One rejected field: its name as sent (`id_number`) and the reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
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

impl AppError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        AppError {
            status,
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }

    /// A 400 naming every rejected field; the message is the first field's reason.
    pub fn invalid_fields(fields: Vec<FieldError>) -> Self {
        let message = fields
            .first()
            .map(|f| f.message.clone())
            .unwrap_or_else(|| "提交的内容有误".to_string());
        AppError {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_input",
            message,
            fields,
        }
    }

    /// The same error with another stable code.
    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    /// The same error, naming the one field it is about.
    pub fn on_field(mut self, field: &str) -> Self {
        self.fields = vec![FieldError {
            field: field.to_string(),
            message: self.message.clone(),
        }];
        self
    }

    /// The reason given for `field`, if this error names it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.field == field)
            .map(|f| f.message.as_str())
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }

    pub fn too_many(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::TOO_MANY_REQUESTS, code, message)
    }

    /// An internal fault: the cause goes to the log, the client gets a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "系统繁忙，请稍后再试",
        )
    }

    /// The generic error for a bare status code (from a layer that produced no `AppError`).
    pub fn from_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::BAD_REQUEST => ("bad_request", "请求格式不正确"),
            StatusCode::UNAUTHORIZED => ("unauthorized", "请先登录"),
            StatusCode::FORBIDDEN => ("forbidden", "没有权限访问"),
            StatusCode::NOT_FOUND => ("not_found", "您访问的页面不存在"),
            StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "不支持该请求方法"),
            StatusCode::REQUEST_TIMEOUT => ("request_timeout", "请求超时，请稍后再试"),
            StatusCode::PAYLOAD_TOO_LARGE => ("payload_too_large", "提交的内容过大"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported_media_type", "不支持的内容类型"),
            StatusCode::TOO_MANY_REQUESTS => ("too_many_requests", "操作过于频繁，请稍后再试"),
            StatusCode::SERVICE_UNAVAILABLE => ("service_unavailable", "服务暂不可用，请稍后再试"),
            s if s.is_client_error() => ("bad_request", "请求无法处理"),
            _ => ("internal_error", "系统繁忙，请稍后再试"),
        };
        Self::new(status, code, message)
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let envelope = ErrorEnvelope {
            error: ErrorBody {
                code: self.code.to_string(),
                message: self.message.clone(),
                fields: self.fields,
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
            code: self.code,
            message: self.message,
        });
        response
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AppError::not_found("记录不存在"),
            StoreError::Conflict(what) => {
                tracing::info!(conflict = %what, "conflict");
                AppError::conflict("conflict", "数据已存在或与现有记录冲突")
            }
            StoreError::StorageFull(cause) => {
                tracing::error!(error = %cause, "storage full: write refused");
                AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "storage_full",
                    "系统存储空间已满，本次操作未能保存，请稍后再试",
                )
            }
            StoreError::Rejected(cause) => {
                tracing::warn!(error = %cause, "the database refused a value");
                AppError::bad_request(
                    "invalid_input",
                    "提交的内容含有无法保存的字符或超出范围的数值，请检查后重新提交",
                )
            }
            StoreError::Unavailable(cause) => {
                tracing::error!(error = %cause, "database unavailable");
                AppError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "数据库暂时无法连接，本次操作未能完成，请稍后再试",
                )
            }
            other => AppError::internal(other),
        }
    }
}
