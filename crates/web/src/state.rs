//! Shared application state, handed to handlers as the `AppState` extractor.

use std::sync::Arc;

use axum::extract::FromRef;
use jxjy_store::Store;
use metrics_exporter_prometheus::PrometheusHandle;

use crate::Settings;

pub struct App {
    pub store: Store,
    pub settings: Settings,
    pub metrics: PrometheusHandle,
    /// Sends SMS codes (outbox file, log or HTTP gateway).
    pub sms: Arc<dyn crate::sms::SmsProvider>,
    /// Key of signatures and hashed codes; the same on every instance.
    pub secret_key: Vec<u8>,
    /// Content hash of the stylesheet, appended to its URL so that it can be cached for a year.
    pub asset_version: String,
}

#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl std::ops::Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl FromRef<AppState> for () {
    fn from_ref(_: &AppState) {}
}
