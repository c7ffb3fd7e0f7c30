//! 学分申报 over HTTP: the learner's claims (page and API), reading the multipart body, and
//! serving an evidence file. The use cases are `jxjy_app::claims`; the console's side is in
//! `console`.

pub mod api;
pub mod form;
pub mod pages;
pub mod upload;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::get;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    let upload_limit = || DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT);
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::submit).layer(upload_limit()))
            .routes(routes!(api::list))
            .routes(routes!(api::evidence)),
        pages: Router::new().route(
            "/learner/claims",
            get(pages::page).post(pages::submit.layer(upload_limit())),
        ),
        ..Routes::new()
    }
}

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// An evidence file as a download: its detected type, a cleaned name, never cached, and a
/// sandboxing content policy; images are shown inline, PDFs saved.
pub fn evidence_response(f: jxjy_app::claims::Evidence) -> Response {
    let disposition = format!(
        "{}; filename=\"evidence-{}.{}\"; filename*=UTF-8''{}",
        if f.kind.is_image() {
            "inline"
        } else {
            "attachment"
        },
        f.file_id,
        f.kind.extension(),
        crate::download::percent_encode(&f.original_name)
    );
    let mut response = (StatusCode::OK, f.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(f.kind.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; sandbox"),
    );
    response
}
