//! The use cases' one error type. It says what kind of failure this is, with a stable code and a
//! clear Chinese message; the web crate maps the kind to an HTTP status, once
//! (`jxjy_web::error`). Internal causes are logged and never shown: the caller sees
//! `internal_error` and a generic message.

use jxjy_store::StoreError;
use serde::Serialize;

/// What went wrong, as the caller should understand it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is wrong (a field, a format, a value out of range).
    Invalid,
    /// No session, or the session expired.
    Unauthorized,
    /// Signed in, but not allowed.
    Forbidden,
    /// Nothing there, or nothing the caller may see.
    NotFound,
    /// The request clashes with what is stored (a duplicate, a state that moved on).
    Conflict,
    /// A limit on attempts or sends.
    TooMany,
    /// An upload or body over its size limit.
    TooLarge,
    /// A file of a type that is not accepted.
    UnsupportedType,
    /// The database or a provider is out of reach for now; trying again later may work.
    Unavailable,
    /// A fault of ours.
    Internal,
}

#[derive(Debug, Clone)]
pub struct AppError {
    pub kind: ErrorKind,
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

impl AppError {
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        AppError {
            kind,
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
            kind: ErrorKind::Invalid,
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
        Self::new(ErrorKind::Invalid, code, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, "not_found", message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthorized, "unauthorized", message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Forbidden, "forbidden", message)
    }

    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Conflict, code, message)
    }

    pub fn too_many(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TooMany, code, message)
    }

    /// An internal fault: the cause goes to the log, the client gets a generic message.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "internal error");
        Self::new(
            ErrorKind::Internal,
            "internal_error",
            "系统繁忙，请稍后再试",
        )
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
                    ErrorKind::Unavailable,
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
                    ErrorKind::Unavailable,
                    "database_unavailable",
                    "数据库暂时无法连接，本次操作未能完成，请稍后再试",
                )
            }
            other => AppError::internal(other),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?} {}: {}", self.kind, self.code, self.message)
    }
}

impl std::error::Error for AppError {}
