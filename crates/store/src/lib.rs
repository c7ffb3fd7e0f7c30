//! Storage of jxjy: one code path over an embedded SQLite file (the default) and PostgreSQL.
//!
//! Every query is written once in SQL that both backends accept (`$1` placeholders, `RETURNING`,
//! partial unique indexes) and runs through sqlx's `Any` driver; the backend is picked from the
//! URL scheme. Migrations are the one place where the two differ, so there is one folder per
//! backend with matching versions (see `tests/migrations_match.rs`).

mod areas;
pub mod audit_read;
mod audited;
mod codes;
mod connect;
mod enroll_group;
mod error;
mod fresh;
mod group;
mod marks;
mod page;
mod probe;
mod reader;
mod report_group;
pub mod scope;

pub mod admins;
pub mod audit;
pub mod certificates;
pub mod claims;
pub mod console;
pub mod counters;
pub mod credits;
pub mod employers;
pub mod enrollments;
pub mod exports;
pub mod faqs;
pub mod institutions;
pub mod learners;
pub mod lockout;
pub mod notices;
pub mod partner;
pub mod rate;
pub mod regions;
pub mod reminder_inbox;
pub mod reminder_jobs;
pub mod reminders;
pub mod reviews;
pub mod sessions;
pub mod sms;
pub mod staff;
pub mod staff_stats;
pub mod webhooks;

pub use areas::*;
pub use audited::AuditedWrite;
pub use connect::{Backend, Faults, Store, StoreOptions, Synchronous, default_sqlite_url};
pub use error::{Conflict, StoreError};
pub use page::{Page, PageRequest};
pub use reader::{SessionCredits, SessionTraining};
pub use report_group::Nonce;
