//! Download names: RFC 5987's percent-encoding for `filename*`, and the `Content-Disposition` of
//! an attachment with an ASCII fallback and the Chinese name (RFC 6266).

/// RFC 5987 encoding of a file name for `filename*`.
pub fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `attachment; filename="stats-2026-210102.xlsx"; filename*=UTF-8''%E5%92%8C…`: an ASCII name
/// for old clients and the Chinese one for the rest.
pub fn attachment(fallback: &str, name: &str) -> String {
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        percent_encode(name)
    )
}

/// An export as a response: the file streamed in 64 KB chunks, with its length and a download
/// name (`fallback` for old clients, `name` in Chinese for every browser since 2012).
pub fn file_response(
    export: jxjy_app::admin::export::ExportFile,
    content_type: &'static str,
    fallback: &str,
    name: &str,
) -> Result<axum::response::Response, crate::HttpError> {
    use axum::http::{StatusCode, header};
    axum::response::Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type)
        .header(header::CONTENT_LENGTH, export.len)
        .header(header::CONTENT_DISPOSITION, attachment(fallback, name))
        .body(axum::body::Body::from_stream(
            tokio_util::io::ReaderStream::with_capacity(export.file, 64 * 1024),
        ))
        .map_err(|e| jxjy_app::AppError::internal(e).into())
}

/// A use case's download as a response.
pub fn send(
    d: jxjy_app::admin::export::Download,
) -> Result<axum::response::Response, crate::HttpError> {
    file_response(d.file, d.content_type, &d.fallback, &d.name)
}

/// The PDF response of a certificate, with its verification code in `X-Verification-Code`.
pub fn pdf_response(year: i64, code: &str, bytes: Vec<u8>) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    use axum::response::IntoResponse;
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    let disposition = format!(
        "attachment; filename=\"certificate-{year}.pdf\"; filename*=UTF-8''{}",
        percent_encode(&format!("{year}年度学时证明.pdf"))
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(v) = HeaderValue::from_str(code) {
        headers.insert("x-verification-code", v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// An evidence file as a download: its detected type, a cleaned name, never cached, and a
/// sandboxing content policy; images are shown inline, PDFs saved.
pub fn evidence_response(f: jxjy_app::claims::Evidence) -> axum::response::Response {
    use axum::http::{HeaderValue, StatusCode, header};
    use axum::response::IntoResponse;
    let disposition = format!(
        "{}; filename=\"evidence-{}.{}\"; filename*=UTF-8''{}",
        if f.kind.is_image() {
            "inline"
        } else {
            "attachment"
        },
        f.file_id,
        f.kind.extension(),
        percent_encode(&f.original_name)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_encoded_for_the_download_header() {
        assert_eq!(percent_encode("a b.pdf"), "a%20b.pdf");
        assert_eq!(percent_encode("证.pdf"), "%E8%AF%81.pdf");
    }

    #[test]
    fn an_attachment_carries_both_names() {
        assert_eq!(
            attachment("a.csv", "名单.csv"),
            "attachment; filename=\"a.csv\"; filename*=UTF-8''%E5%90%8D%E5%8D%95.csv"
        );
    }
}
