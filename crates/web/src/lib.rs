//! The HTTP layer of jxjy: public portal pages, the learner, partner and admin APIs, and the
//! operations endpoints. Handlers are thin: parse, call a use case of `jxjy-app`, render.

pub mod accounts;
pub mod api;
pub mod auth;
pub mod bootstrap;
pub mod claims;
pub mod console;
pub mod credits;
pub mod demo_school;
pub mod download;
pub mod employer;
pub mod error;
pub mod extract;
pub mod input;
pub mod middleware;
pub mod ops;
pub mod partner;
pub mod portal;
pub mod reminders;
pub mod routes;
pub mod serve;
pub mod sms;
pub mod state;
pub mod training;
pub mod ui;

mod router;

pub use bootstrap::{BootError, Booted, boot};
pub use error::HttpError;
pub use jxjy_app::{AppError, Settings};
pub use router::app;
pub use state::AppState;
