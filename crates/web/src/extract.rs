//! Extractors whose rejections use the app's own error envelope, so that a malformed path,
//! query or body is a clear 4xx, never axum's plain-text default.

use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use crate::{AppError, HttpError, input};

/// `?page=N` of a paginated list, page or API alike.
#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    pub page: Option<i64>,
}

/// A path's parameters; a path with a control character (`/verify/%00`) is a 404 like any
/// other address that does not exist.
pub struct Path<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Path<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let decoded = percent_encoding::percent_decode_str(parts.uri.path()).decode_utf8_lossy();
        if jxjy_domain::text::first_control(&decoded).is_some() {
            return Err(
                PathRejection::from(axum::extract::rejection::MissingPathParams::default()).into(),
            );
        }
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

/// Query parameters, each value by the one text rule (`input::from_pairs`).
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        Ok(Query(input::from_pairs(
            query.as_bytes(),
            "invalid_query",
            "查询参数格式不正确",
        )?))
    }
}

/// A JSON body: `application/json`, an object, clean text, the types asked for
/// (`input::from_json_body`).
pub struct Json<T>(pub T);

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|m| {
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
}

fn unsupported_media_type(message: &str) -> AppError {
    AppError::new(
        jxjy_app::ErrorKind::UnsupportedType,
        "unsupported_media_type",
        message,
    )
}

/// The body within the route's limit, else 413.
async fn body_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, HttpError> {
    Bytes::from_request(req, state).await.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::new(
                jxjy_app::ErrorKind::TooLarge,
                "payload_too_large",
                "提交的内容过大",
            )
        } else {
            AppError::bad_request("invalid_body", "请求体读取失败，请重新提交")
        }
        .into()
    })
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers()) {
            return Err(unsupported_media_type("请以 application/json 格式提交").into());
        }
        let bytes = body_bytes(req, state).await?;
        Ok(Json(input::from_json_body(&bytes)?))
    }
}

impl From<PathRejection> for HttpError {
    fn from(rejection: PathRejection) -> Self {
        HttpError::from({
            tracing::debug!(%rejection, "path rejected");
            AppError::new(
                jxjy_app::ErrorKind::NotFound,
                "not_found",
                "您访问的地址不存在或参数格式不正确",
            )
        })
    }
}

impl From<QueryRejection> for HttpError {
    fn from(rejection: QueryRejection) -> Self {
        HttpError::from({
            tracing::debug!(%rejection, "query rejected");
            AppError::bad_request("invalid_query", "查询参数格式不正确")
        })
    }
}

impl From<JsonRejection> for HttpError {
    fn from(rejection: JsonRejection) -> Self {
        HttpError::from({
            match rejection {
                JsonRejection::MissingJsonContentType(_) => AppError::new(
                    jxjy_app::ErrorKind::UnsupportedType,
                    "unsupported_media_type",
                    "请以 application/json 格式提交",
                ),
                JsonRejection::BytesRejection(ref inner)
                    if inner.status() == StatusCode::PAYLOAD_TOO_LARGE =>
                {
                    AppError::new(
                        jxjy_app::ErrorKind::TooLarge,
                        "payload_too_large",
                        "提交的内容过大",
                    )
                }
                other => {
                    tracing::debug!(rejection = %other, "json rejected");
                    AppError::bad_request("invalid_json", "提交的数据格式不正确")
                }
            }
        })
    }
}

/// A form post (`application/x-www-form-urlencoded`), each value by the one text rule.
pub struct Form<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Form<T> {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| {
                v.trim_start()
                    .to_ascii_lowercase()
                    .starts_with("application/x-www-form-urlencoded")
            });
        if !is_form {
            return Err(unsupported_media_type("请通过本站页面的表单提交").into());
        }
        let bytes = body_bytes(req, state).await?;
        Ok(Form(input::from_pairs(
            &bytes,
            "invalid_form",
            "表单内容格式不正确，请返回重新填写",
        )?))
    }
}

impl From<axum::extract::rejection::FormRejection> for HttpError {
    fn from(rejection: axum::extract::rejection::FormRejection) -> Self {
        HttpError::from({
            tracing::debug!(%rejection, "form rejected");
            AppError::bad_request("invalid_form", "表单内容格式不正确，请返回重新填写")
        })
    }
}
