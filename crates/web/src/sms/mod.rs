//! The SMS gateway over HTTP (an adapter of `jxjy_app::sms::SmsProvider`), and the choice of
//! provider at start-up.

mod http;

use std::sync::Arc;

pub use http::HttpProvider;
use jxjy_app::Settings;
use jxjy_app::sms::{LogProvider, OutboxProvider, SmsProvider};

/// The provider the settings ask for: the outbox file when `sms_outbox` is set, else
/// `sms_provider` (`log`, the default, or `http`).
pub fn from_settings(settings: &Settings) -> Result<Arc<dyn SmsProvider>, String> {
    if let Some(path) = &settings.sms_outbox {
        return Ok(Arc::new(OutboxProvider::new(path.clone())));
    }
    match settings.sms_provider.as_str() {
        "log" | "" => Ok(Arc::new(LogProvider)),
        "http" => Ok(Arc::new(HttpProvider::new(settings)?)),
        other => Err(format!("sms_provider 只能是 log 或 http: {other}")),
    }
}
