//! The whole application as one `Router`, testable without a socket.

use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::{AppError, AppState, HttpError, middleware};

/// Request bodies are small JSON or forms; uploads raise their own limit where they are accepted.
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let timeout = Duration::from_secs(state.settings.request_timeout_secs.max(1));
    let export_timeout = Duration::from_secs(state.settings.export_timeout_secs.max(1));
    let mut routes = crate::routes::all();
    if state.settings.demo {
        routes.pages = routes.pages.merge(crate::demo_school::routes());
    }
    let guard = || from_fn_with_state(state.clone(), crate::auth::flood::guard);
    let sensitive = Router::from(routes.sensitive_api)
        .merge(routes.sensitive_pages)
        .route_layer(guard());
    // Each group gets its timeout before the merge: `layer` wraps only the routes present.
    let ordinary = Router::from(routes.api)
        .merge(routes.pages)
        .merge(sensitive)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ));
    let exports = Router::from(routes.export_api)
        .merge(routes.export_pages)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            export_timeout,
        ));
    ordinary
        .merge(exports)
        .fallback(not_found)
        .layer(CsrfLayer::new().with_rejection_response(|_| {
            HttpError::from(
                AppError::forbidden("跨站提交已被拒绝，请从本站页面重新操作")
                    .with_code("cross_site_request"),
            )
            .into_response()
        }))
        .layer(CatchPanicLayer::new())
        .layer(from_fn(middleware::limit_request_head))
        .layer(from_fn_with_state(state.clone(), middleware::watch_faults))
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

async fn not_found() -> HttpError {
    AppError::not_found("您访问的页面不存在").into()
}
