//! The HTTP layer of jxjy: public portal pages, the learner, partner and admin APIs, and the
//! operations endpoints. Handlers are thin: parse, call the domain and the store, render.

pub mod accounts;
pub mod admin;
pub mod api;
pub mod auth;
pub mod bootstrap;
pub mod claims;
pub mod credits;
pub mod crypto;
pub mod demo_school;
pub mod download;
pub mod error;
pub mod extract;
pub mod format;
pub mod input;
pub mod middleware;
pub mod ops;
pub mod pages;
pub mod partner;
pub mod password;
pub mod province_texts;
pub mod secrets;
pub mod serve;
pub mod settings;
pub mod sms;
pub mod state;
pub mod training;
pub mod urls;

mod router;

pub use bootstrap::{BootError, Booted, boot};
pub use error::AppError;
pub use router::app;
pub use settings::Settings;
pub use state::AppState;
