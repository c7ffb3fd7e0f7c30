//! Reading a 学分申报 multipart body: the text fields and up to 5 evidence files of at most 5 MB
//! each. A file over the limit is drained and remembered (so the answer can name it and the
//! client, still sending, reads a clean 413), never kept in memory beyond the limit.

use axum::extract::Multipart;
use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::http::StatusCode;
use jxjy_domain::MAX_EVIDENCE_BYTES;

use crate::HttpError;
use jxjy_app::AppError;
pub use jxjy_app::claims::upload::{ClaimUpload, UploadedFile};

/// The whole body of one claim submission may not exceed this (5 files of 5 MB, and the text).
pub const UPLOAD_BODY_LIMIT: usize = 26 * 1024 * 1024;

fn too_large_body() -> AppError {
    AppError::new(
        jxjy_app::ErrorKind::TooLarge,
        "payload_too_large",
        "上传的证明材料过大：最多 5 个文件，每个不超过 5 MB",
    )
    .on_field("evidence")
}

fn multipart_error(e: MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large_body()
    } else {
        tracing::debug!(error = %e, "multipart rejected");
        AppError::bad_request("invalid_multipart", "上传内容格式不正确，请重新提交")
    }
}

/// The extractor's rejection (not a multipart body at all) as the app's error.
pub fn rejection(r: MultipartRejection) -> AppError {
    tracing::debug!(rejection = %r, "multipart extractor rejected");
    AppError::new(
        jxjy_app::ErrorKind::UnsupportedType,
        "unsupported_media_type",
        "学分申报请以 multipart/form-data 格式提交（需上传证明材料）",
    )
}

/// Reads every part. Unknown parts are drained and ignored; a text field is cut to 2,000
/// characters (longer values are refused later by their own checks).
pub async fn read(mut multipart: Multipart) -> Result<ClaimUpload, HttpError> {
    let mut upload = ClaimUpload::default();
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "evidence" {
            let file_name = field.file_name().unwrap_or_default().to_string();
            let mut bytes = Vec::new();
            let mut over = false;
            while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
                if over {
                    continue;
                }
                if bytes.len() + chunk.len() > MAX_EVIDENCE_BYTES {
                    over = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if over {
                upload.too_large.push(file_name);
            } else if !(bytes.is_empty() && file_name.is_empty()) {
                // A form whose file input was left empty sends an empty part without a name.
                upload.files.push(UploadedFile {
                    name: file_name,
                    bytes,
                });
            }
            continue;
        }
        let slot = match name.as_str() {
            "year" => &mut upload.year,
            "kind" => &mut upload.kind,
            "role" => &mut upload.role,
            "days" => &mut upload.days,
            "subjects" => &mut upload.subjects,
            "title" => &mut upload.title,
            _ => {
                while field.chunk().await.map_err(multipart_error)?.is_some() {}
                continue;
            }
        };
        let text = field.text().await.map_err(multipart_error)?;
        crate::input::check_text(&name, &text)?;
        *slot = text.chars().take(2000).collect();
    }
    Ok(upload)
}
