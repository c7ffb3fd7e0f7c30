//! The storage layer's one error type. The web layer maps it once to HTTP.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A row the caller asked for by key does not exist (or is outside the caller's scope).
    #[error("记录不存在")]
    NotFound,
    /// A uniqueness or check constraint refused the change; the name says which.
    #[error("数据冲突: {0}")]
    Conflict(String),
    /// The database could not be reached or answered with an error: an internal fault.
    #[error("数据库错误: {0}")]
    Database(#[source] sqlx::Error),
    #[error("数据库迁移失败: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("文件操作失败: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Unsupported(&'static str),
    /// A request the storage layer cannot carry out as asked (e.g. more bench learners than
    /// the generator has numbers for).
    #[error("{0}")]
    Invalid(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation
                | sqlx::error::ErrorKind::CheckViolation
                | sqlx::error::ErrorKind::ForeignKeyViolation
                | sqlx::error::ErrorKind::NotNullViolation => {
                    StoreError::Conflict(db.constraint().unwrap_or(db.message()).to_string())
                }
                _ => StoreError::Database(err),
            },
            _ => StoreError::Database(err),
        }
    }
}

impl StoreError {
    /// True when a uniqueness rule of the schema refused the change.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict(_))
    }
}
