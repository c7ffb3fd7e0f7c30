//! Operations endpoints: `/healthz` and `/metrics`.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Json, extract::State};
use serde::Serialize;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;
use crate::{AppError, AppState, HttpError};

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(healthz))
            .routes(routes!(metrics)),
        ..Routes::new()
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`, or `unavailable` when the database cannot be read or written.
    pub status: &'static str,
    /// `ok` or `unreachable`.
    pub database: &'static str,
    /// `ok`, or `full` while writes are refused for lack of space.
    pub storage: &'static str,
    pub backend: &'static str,
}

/// Liveness and readiness, within 3 s: 200 only when the database answers and, after a write
/// was refused for lack of space, takes a write again.
#[utoipa::path(get, path = "/healthz", tag = "运维",
    responses((status = 200, body = Health), (status = 503, body = Health)))]
pub async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    let store = &state.store;
    let database = match store.ping().await {
        Ok(()) => "ok",
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            "unreachable"
        }
    };
    let storage = match store.faults().storage_full_since() {
        None => "ok",
        Some(_) if database != "ok" => "full",
        Some(since) => {
            if store.storage_writable_again(jxjy_app::format::now()).await {
                tracing::info!(since, "health check: writes go through again");
                "ok"
            } else {
                tracing::error!(since, "health check: storage still full");
                "full"
            }
        }
    };
    let healthy = database == "ok" && storage == "ok";
    (
        if healthy {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        Json(Health {
            status: if healthy { "ok" } else { "unavailable" },
            database,
            storage,
            backend: store.backend().as_str(),
        }),
    )
}

/// Prometheus text: requests and latency by route, the connection pool's use, free space.
/// Not public: answered only with `Authorization: Bearer {JXJY_METRICS_TOKEN}`, and not at all
/// (404) when no token is set; `JXJY_METRICS_ADDR` serves it on a private address instead.
#[utoipa::path(get, path = "/metrics", tag = "运维",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain"),
        (status = 401, description = "令牌缺失或不正确", body = crate::error::ErrorEnvelope),
        (status = 404, description = "未设置 JXJY_METRICS_TOKEN：指标不在公开地址提供", body = crate::error::ErrorEnvelope)),
    security(("metrics_token" = [])))]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let expected = state.settings.metrics_token.trim();
    if expected.is_empty() {
        return HttpError::from(AppError::not_found("您访问的页面不存在")).into_response();
    }
    let given = crate::auth::token_from(&headers, "").unwrap_or_default();
    if !jxjy_app::crypto::constant_time_eq(&given, expected) {
        return HttpError::from(AppError::unauthorized("指标接口需要正确的访问令牌"))
            .into_response();
    }
    render_metrics(&state).into_response()
}

/// The metrics alone, for the private listener of `JXJY_METRICS_ADDR`.
pub fn private_routes(state: AppState) -> axum::Router {
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(
                |State(state): State<AppState>| async move { render_metrics(&state) },
            ),
        )
        .with_state(state)
}

fn render_metrics(state: &AppState) -> impl IntoResponse + use<> {
    let (size, idle) = state.store.pool_usage();
    metrics::gauge!("db_pool_connections").set(f64::from(size));
    metrics::gauge!("db_pool_idle_connections").set(idle as f64);
    metrics::gauge!("db_pool_max_connections").set(f64::from(state.settings.db_max_connections));
    let (open, idle) = state.store.reader_usage();
    metrics::gauge!("db_reader_connections").set(open as f64);
    metrics::gauge!("db_reader_idle_connections").set(idle as f64);
    if let Some(free) = state.store.sqlite_free_bytes() {
        metrics::gauge!("storage_free_bytes").set(free as f64);
    }
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
