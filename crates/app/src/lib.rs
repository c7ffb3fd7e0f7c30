//! The use cases of jxjy: what a learner, a school, an officer or the system can do, with typed
//! inputs and outputs and one error type. The pages and the JSON API (`jxjy-web`) share them;
//! nothing here knows of HTTP. Permission checks live here, once.
//!
//! Adapters the use cases own: PDF drawing (`credits::pdf`), xlsx and CSV (`admin::export`,
//! `admin::roster`), SMS behind [`sms::SmsProvider`], hashing and signing (`crypto`,
//! `password`, `secrets`).

pub mod accounts;
pub mod admin;
pub mod auth;
pub mod claims;
pub mod context;
pub mod credits;
pub mod crypto;
pub mod employers;
pub mod error;
pub mod format;
pub mod partner;
pub mod password;
pub mod portal;
pub mod province_texts;
pub mod regions;
pub mod reminders;
pub mod schema_types;
pub mod secrets;
pub mod settings;
pub mod sms;
pub mod training;
pub mod urls;

pub use context::Context;
pub use error::{AppError, ErrorKind, FieldError};
pub use settings::Settings;
