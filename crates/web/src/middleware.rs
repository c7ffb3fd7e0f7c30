//! Cross-cutting layers: request metrics, browser error pages, security headers.

use std::time::Instant;

use askama::Template;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::ErrorInfo;
use crate::ui::chrome::Chrome;
use crate::{AppError, AppState, HttpError};

/// Counts requests and their latency by method, matched route and status.
pub async fn track_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(started.elapsed().as_secs_f64());
    response
}

/// Keeps the store's storage-full mark: set by a write refused for lack of space (`storage_full`),
/// cleared by the next write that goes through. `/healthz` reads it; `db_faults_total` counts.
pub async fn watch_faults(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let writes = !request.method().is_safe();
    let response = next.run(request).await;
    let status = response.status();
    if let Some(info) = response.extensions().get::<ErrorInfo>()
        && matches!(info.code, "storage_full" | "database_unavailable")
    {
        metrics::counter!("db_faults_total", "kind" => info.code).increment(1);
        if info.code == "storage_full" {
            state
                .store
                .faults()
                .mark_storage_full(jxjy_app::format::now());
        }
    } else if writes && status.is_success() {
        state.store.faults().clear_storage_full();
    }
    response
}

/// The longest request target and the largest set of headers answered normally. hyper reads up
/// to `serve::MAX_HEADER_BYTES` (past that it answers 431 itself, without a body); up to there a
/// request over these limits gets the error envelope: 414 `uri_too_long` or 431
/// `headers_too_large`.
pub const MAX_URI_BYTES: usize = 8 * 1024;
pub const MAX_HEADERS_BYTES: usize = 16 * 1024;

pub async fn limit_request_head(request: Request, next: Next) -> Response {
    let uri_len = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return HttpError::with_status(StatusCode::URI_TOO_LONG, "uri_too_long", "请求地址过长")
            .into_response();
    }
    let headers_len: usize = request
        .headers()
        .iter()
        .map(|(name, value)| name.as_str().len() + value.len() + 4)
        .sum();
    if headers_len > MAX_HEADERS_BYTES {
        return HttpError::with_status(
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "headers_too_large",
            "请求头过大（Cookie 过多或过长），请清除本站 Cookie 后重试",
        )
        .into_response();
    }
    next.run(request).await
}

/// Paths answered as JSON even when they fail: the APIs and the operations endpoints.
pub fn is_machine_path(path: &str) -> bool {
    path.starts_with("/api/")
        || path == "/healthz"
        || path == "/metrics"
        || path.starts_with("/verify/") && path.ends_with(".json")
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    status: u16,
    title: &'static str,
    message: String,
}

/// Every error leaves as the JSON envelope on machine paths and as a friendly page elsewhere,
/// including errors that a lower layer produced without an `AppError` (405, 408, 413, a panic).
pub async fn error_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let machine = is_machine_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let info = response.extensions().get::<ErrorInfo>().cloned();
    if machine {
        let is_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
        return if info.is_some() || is_json {
            response
        } else {
            with_headers_of(HttpError::from_status(status).into_response(), &response)
        };
    }
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if info.is_none() && is_html {
        // A page that rendered its own error (a form with the reasons beside its fields).
        return response;
    }
    let message = match info {
        Some(info) => info.message,
        None => HttpError::from_status(status).error.message,
    };
    let page = ErrorPage {
        chrome: Chrome::new(&state, ""),
        status: status.as_u16(),
        title: match status {
            StatusCode::NOT_FOUND => "页面不存在",
            StatusCode::UNAUTHORIZED => "请先登录",
            StatusCode::FORBIDDEN => "没有权限",
            StatusCode::TOO_MANY_REQUESTS => "操作过于频繁",
            s if s.is_server_error() => "系统繁忙",
            _ => "请求无法处理",
        },
        message,
    };
    match page.render() {
        Ok(html) => with_headers_of((status, Html(html)).into_response(), &response),
        Err(e) => HttpError::from(AppError::internal(e)).into_response(),
    }
}

/// Keeps the headers that matter to the client (Retry-After, WWW-Authenticate) on a re-rendered error.
fn with_headers_of(mut new: Response, old: &Response) -> Response {
    for name in [header::RETRY_AFTER, header::WWW_AUTHENTICATE, header::ALLOW] {
        if let Some(v) = old.headers().get(&name) {
            new.headers_mut().insert(name, v.clone());
        }
    }
    new
}

/// Security headers on every response: no inline script anywhere, no framing, no sniffing.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        if !headers.contains_key(name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    set(
        headers,
        "referrer-policy",
        "strict-origin-when-cross-origin",
    );
    set(
        headers,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    response
}
