//! The storage layer's one error type. The web layer maps it once to HTTP.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A row the caller asked for by key does not exist (or is outside the caller's scope).
    #[error("记录不存在")]
    NotFound,
    /// A rule of the data refused the change; the variant says which.
    #[error("数据冲突: {0}")]
    Conflict(Conflict),
    /// The database answered with an error no rule explains: an internal fault.
    #[error("数据库错误: {0}")]
    Database(#[source] sqlx::Error),
    /// The database could not be reached in time: refused or broken connections, a pool that
    /// found no connection within its acquire timeout, a server shutting down, a busy lock.
    /// Nothing was written; the client may try again (503 `database_unavailable`).
    #[error("数据库暂时无法连接: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// The write did not fit: the disk (or SQLite's `max_page_count`) is full. Nothing was
    /// written; writing resumes once space returns (503 `storage_full`).
    #[error("存储空间已满: {0}")]
    StorageFull(#[source] sqlx::Error),
    /// PostgreSQL refused a value as data (class 22: a NUL byte, a number out of range). The
    /// edges refuse such input first; this is the net under them (400 `invalid_input`).
    #[error("数据无法保存: {0}")]
    Rejected(#[source] sqlx::Error),
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

/// Which rule refused a change: the callers decide on these, never on a constraint's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// An account already holds this document number.
    DuplicateIdNumber,
    /// An account already holds this phone number.
    DuplicatePhone,
    /// The learner already holds an active enrollment for the year.
    OneActiveEnrollment,
    /// The enrollment's state changed between the decision and the write.
    EnrollmentStateChanged,
    /// A school's `record_id` is already used for another enrollment of the school.
    RecordIdTaken { record_id: String },
    /// A signed call's nonce was seen before (a replay); nothing of the call was written.
    NonceReused,
    /// An employer account already holds this USCC.
    DuplicateUscc,
    /// A staff link rule: one current employer per learner, one open link per pair, one
    /// request per learner (SQLite names only the column, so the three are one conflict).
    StaffLink,
    /// Another uniqueness or check rule, by its constraint name (PostgreSQL) or the database's
    /// message (SQLite names no constraint).
    Constraint(String),
}

impl Conflict {
    /// The conflict a refused statement names, on either backend: PostgreSQL gives the index
    /// (`learners_phone`), SQLite the columns (`UNIQUE constraint failed: learners.phone`).
    pub fn of_constraint(name: &str) -> Conflict {
        let on = |table: &str, column: &str| name.contains(table) && name.contains(column);
        if on("learners", "id_number") {
            Conflict::DuplicateIdNumber
        } else if on("learners", "phone") {
            Conflict::DuplicatePhone
        } else if on("employers", "uscc") {
            Conflict::DuplicateUscc
        } else if name.contains("staff_links") {
            Conflict::StaffLink
        } else if name.contains("enrollments_one_active") {
            Conflict::OneActiveEnrollment
        } else {
            Conflict::Constraint(name.to_string())
        }
    }
}

impl std::fmt::Display for Conflict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Conflict::DuplicateIdNumber => f.write_str("证件号码已注册"),
            Conflict::DuplicatePhone => f.write_str("手机号已注册"),
            Conflict::OneActiveEnrollment => f.write_str("该年度已有报名"),
            Conflict::EnrollmentStateChanged => f.write_str("报名状态已变化"),
            Conflict::RecordIdTaken { record_id } => write!(f, "record_id {record_id} 已被使用"),
            Conflict::DuplicateUscc => f.write_str("统一社会信用代码已注册"),
            Conflict::NonceReused => f.write_str("X-Nonce 已使用过"),
            Conflict::StaffLink => f.write_str("单位关联已存在"),
            Conflict::Constraint(name) => f.write_str(name),
        }
    }
}

/// The hot reads' SQLite errors (`crate::reader`), in the same classes as sqlx's: a busy or
/// unreadable file is an outage, anything else a fault of ours. (The causes are carried as
/// sqlx errors so that the variants stay one type for the layers above.)
impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode::{
            CannotOpen, DatabaseBusy, DatabaseLocked, NotADatabase, SystemIoFailure,
        };
        let cause = || sqlx::Error::Io(std::io::Error::other(err.to_string()));
        match &err {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            rusqlite::Error::SqliteFailure(e, _)
                if matches!(
                    e.code,
                    DatabaseBusy | DatabaseLocked | CannotOpen | SystemIoFailure | NotADatabase
                ) =>
            {
                StoreError::Unavailable(cause())
            }
            _ => StoreError::Database(sqlx::Error::Protocol(format!("sqlite: {err}"))),
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) => match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation
                | sqlx::error::ErrorKind::CheckViolation
                | sqlx::error::ErrorKind::ForeignKeyViolation
                | sqlx::error::ErrorKind::NotNullViolation => StoreError::Conflict(
                    Conflict::of_constraint(db.constraint().unwrap_or(db.message())),
                ),
                _ if db
                    .code()
                    .is_some_and(|c| c.len() == 5 && c.starts_with("22")) =>
                {
                    StoreError::Rejected(err)
                }
                _ => match fault_of(db.code().as_deref()) {
                    Some(Fault::Full) => StoreError::StorageFull(err),
                    Some(Fault::Unreachable) => StoreError::Unavailable(err),
                    None => StoreError::Database(err),
                },
            },
            sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(err),
            _ => StoreError::Database(err),
        }
    }
}

/// What kind of fault a database error code names, if it is one of the outside world's rather
/// than a bug: the one place where codes become 503s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Full,
    Unreachable,
}

fn fault_of(code: Option<&str>) -> Option<Fault> {
    let code = code?;
    // A PostgreSQL SQLSTATE is always five characters; SQLite reports its extended result code
    // as a decimal number of at most four digits, whose low byte is the primary code.
    if code.len() < 5
        && let Ok(n) = code.parse::<i32>()
    {
        return match (n & 0xff, n) {
            // SQLITE_FULL (ENOSPC); SQLITE_IOERR_WRITE, _FSYNC, _DIR_FSYNC, _TRUNCATE, _SHMSIZE:
            // the storage refused to write or grow a file (a quota, a file-size limit), which to
            // the user is the same as a full disk.
            (13, _) | (10, 778 | 1034 | 1290 | 1546 | 4874) => Some(Fault::Full),
            // BUSY, LOCKED, other IOERR (a read failed), CANTOPEN, PROTOCOL.
            (5 | 6 | 10 | 14 | 15, _) => Some(Fault::Unreachable),
            _ => None,
        };
    }
    // PostgreSQL SQLSTATEs: 53100 disk_full, class 53 insufficient resources, class 08
    // connection exceptions, 57P01-57P03 the server shutting down or starting.
    match code {
        "53100" => Some(Fault::Full),
        c if c.starts_with("08") || c.starts_with("53") => Some(Fault::Unreachable),
        "57P01" | "57P02" | "57P03" => Some(Fault::Unreachable),
        _ => None,
    }
}

impl StoreError {
    /// True when a uniqueness rule of the schema refused the change.
    pub fn is_conflict(&self) -> bool {
        matches!(self, StoreError::Conflict(_))
    }

    /// True when the database could not be reached or written for a reason outside the
    /// program (an outage, a full disk): the request may succeed later.
    pub fn is_fault(&self) -> bool {
        matches!(
            self,
            StoreError::Unavailable(_) | StoreError::StorageFull(_)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_codes_are_read_by_their_primary_byte() {
        assert_eq!(fault_of(Some("13")), Some(Fault::Full));
        assert_eq!(fault_of(Some("5")), Some(Fault::Unreachable));
        // SQLITE_IOERR_WRITE (778) and SQLITE_BUSY_SNAPSHOT (517) are extended codes.
        assert_eq!(fault_of(Some("778")), Some(Fault::Full));
        assert_eq!(fault_of(Some("266")), Some(Fault::Unreachable)); // SQLITE_IOERR_READ
        // A new connection that cannot size its shared-memory file on a full disk.
        assert_eq!(fault_of(Some("4874")), Some(Fault::Full));
        assert_eq!(fault_of(Some("517")), Some(Fault::Unreachable));
        // SQLITE_ERROR (a bad statement) is a bug, not a fault.
        assert_eq!(fault_of(Some("1")), None);
        assert_eq!(fault_of(None), None);
    }

    #[test]
    fn postgres_states_name_full_disks_and_lost_servers() {
        assert_eq!(fault_of(Some("53100")), Some(Fault::Full));
        assert_eq!(fault_of(Some("08006")), Some(Fault::Unreachable));
        assert_eq!(fault_of(Some("57P01")), Some(Fault::Unreachable));
        assert_eq!(fault_of(Some("53300")), Some(Fault::Unreachable));
        // A syntax error or an undefined column is a bug.
        assert_eq!(fault_of(Some("42601")), None);
        assert_eq!(fault_of(Some("42703")), None);
    }

    #[test]
    fn a_pool_timeout_is_an_outage_not_a_bug() {
        assert!(StoreError::from(sqlx::Error::PoolTimedOut).is_fault());
        assert!(!StoreError::from(sqlx::Error::ColumnNotFound("x".into())).is_fault());
    }

    #[test]
    fn both_backends_name_the_learners_duplicates_alike() {
        for (name, want) in [
            ("learners_id_number", Conflict::DuplicateIdNumber),
            (
                "UNIQUE constraint failed: learners.id_number",
                Conflict::DuplicateIdNumber,
            ),
            ("learners_phone", Conflict::DuplicatePhone),
            (
                "UNIQUE constraint failed: learners.phone",
                Conflict::DuplicatePhone,
            ),
            ("enrollments_one_active", Conflict::OneActiveEnrollment),
            ("employers_uscc_key", Conflict::DuplicateUscc),
            (
                "UNIQUE constraint failed: employers.uscc",
                Conflict::DuplicateUscc,
            ),
            ("staff_links_one_employer", Conflict::StaffLink),
            (
                "UNIQUE constraint failed: staff_links.learner_id",
                Conflict::StaffLink,
            ),
        ] {
            assert_eq!(Conflict::of_constraint(name), want, "{name}");
        }
    }

    #[test]
    fn another_tables_phone_is_not_a_duplicate_account() {
        assert_eq!(
            Conflict::of_constraint("sms_daily_pkey (phone, day)"),
            Conflict::Constraint("sms_daily_pkey (phone, day)".into())
        );
    }
}
