//! Static assets, compiled into the binary and served with long cache lifetimes: their URLs
//! carry a content hash (`?v=`), so a new release is fetched at once.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use crate::extract::Path;
use crate::{AppError, HttpError};

const APP_CSS: &str = include_str!("../../static/app.css");
const LOGO_SVG: &str = include_str!("../../static/logo.svg");
/// Progressive enhancement only: every flow works without it.
const APP_JS: &str = include_str!("../../static/app.js");

/// A short content hash of the assets (FNV-1a; not for security, only for cache busting).
pub fn version() -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in APP_CSS
        .bytes()
        .chain(LOGO_SVG.bytes())
        .chain(APP_JS.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

pub async fn serve(Path(file): Path<String>) -> Result<Response, HttpError> {
    let (body, content_type) = match file.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "logo.svg" => (LOGO_SVG, "image/svg+xml"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return Err(AppError::not_found("文件不存在").into()),
    };
    Ok(cached(body, content_type))
}

pub async fn favicon() -> Response {
    cached(LOGO_SVG, "image/svg+xml")
}

fn cached(body: &'static str, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    response
}
