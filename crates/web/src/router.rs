//! The whole application as one `Router`, testable without a socket.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::{AppError, AppState, api, middleware, ops, pages};

/// Request bodies are small JSON or forms; uploads raise their own limit where they are accepted.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let timeout = Duration::from_secs(state.settings.request_timeout_secs.max(1));
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .merge(ops::routes())
        .fallback(not_found)
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(CatchPanicLayer::new())
        .layer(from_fn_with_state(state.clone(), middleware::error_pages))
        .layer(from_fn(middleware::track_metrics))
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
                        let id = req
                            .headers()
                            .get("x-request-id")
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                    }),
                )
                .layer(PropagateRequestIdLayer::new(request_id))
                .layer(from_fn(middleware::security_headers))
                .layer(CompressionLayer::new()),
        )
        .with_state(state)
}

async fn not_found() -> AppError {
    AppError::not_found("您访问的页面不存在")
}
