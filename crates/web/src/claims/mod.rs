//! 学分申报 over HTTP: reading the multipart body, and serving an evidence file.

pub mod upload;

pub use jxjy_app::claims::*;

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
