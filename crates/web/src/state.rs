//! Shared application state, handed to handlers as the `AppState` extractor: the use cases'
//! context and what only HTTP needs (metrics, the stylesheet's version).

use std::sync::Arc;

use axum::extract::FromRef;
use metrics_exporter_prometheus::PrometheusHandle;

pub struct App {
    pub core: Arc<jxjy_app::Context>,
    pub metrics: PrometheusHandle,
    /// Content hash of the stylesheet, appended to its URL so that it can be cached for a year.
    pub asset_version: String,
}

impl std::ops::Deref for App {
    type Target = jxjy_app::Context;
    fn deref(&self) -> &jxjy_app::Context {
        &self.core
    }
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
