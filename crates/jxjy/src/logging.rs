//! Structured logs: human-readable text by default, JSON lines with `log_format = "json"`.
//! `RUST_LOG` refines the filter.

use tracing_subscriber::EnvFilter;

/// The filter without `RUST_LOG`.
pub const DEFAULT_FILTER: &str = "info,sqlx=warn,tower_http=info";
/// `bench-data`'s multi-row inserts are slow statements by design, and sqlx would log each one's
/// whole text.
pub const BULK_FILTER: &str = "info,sqlx=error";

pub fn init(format: &str, default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    if format == "json" {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .init();
    } else {
        builder.init();
    }
}
