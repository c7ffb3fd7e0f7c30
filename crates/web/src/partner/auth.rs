//! `PartnerCall`: a request signed by a school. Checks, in order: the four headers, the school,
//! the timestamp window (300 s), the signature over method, path, timestamp, nonce and body, and
//! last the nonce (kept in the database, so a replay fails on every instance). Each failure is a
//! 401 with a code saying which.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use jxjy_store::institutions::InstitutionRow;
use serde::de::DeserializeOwned;

use crate::partner::signing;
use crate::{AppError, AppState, HttpError, format, secrets};

pub const WINDOW_SECS: i64 = 300;
const MAX_BODY: usize = 1024 * 1024;

pub struct PartnerCall {
    pub institution: InstitutionRow,
    pub body: Bytes,
}

impl PartnerCall {
    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, HttpError> {
        Ok(crate::input::from_json_body(&self.body)?)
    }
}

fn denied(code: &'static str, message: &str) -> AppError {
    AppError::new(jxjy_app::ErrorKind::Unauthorized, code, message)
}

fn header<'a>(req: &'a Request, name: &str) -> Option<&'a str> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

impl FromRequest<AppState> for PartnerCall {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (Some(id), Some(ts), Some(nonce), Some(signature)) = (
            header(&req, "x-institution-id"),
            header(&req, "x-timestamp"),
            header(&req, "x-nonce"),
            header(&req, "x-signature"),
        ) else {
            return Err(denied(
                "missing_signature",
                "缺少签名请求头 X-Institution-Id、X-Timestamp、X-Nonce、X-Signature",
            )
            .into());
        };
        let (id, ts, nonce, signature) = (
            id.to_string(),
            ts.to_string(),
            nonce.to_string(),
            signature.to_string(),
        );
        let id: i64 = id
            .parse()
            .map_err(|_| denied("unknown_institution", "X-Institution-Id 不是有效的机构编号"))?;
        let ts: i64 = ts
            .parse()
            .map_err(|_| denied("stale_timestamp", "X-Timestamp 应为 Unix 秒"))?;
        if nonce.len() > 64
            || !nonce
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(denied("invalid_nonce", "X-Nonce 应为 1-64 位字母、数字、- 或 _").into());
        }
        let institution = match state.store.institution(id).await {
            Ok(i) => i,
            Err(jxjy_store::StoreError::NotFound) => {
                return Err(denied("unknown_institution", "机构不存在").into());
            }
            Err(e) => return Err(e.into()),
        };
        let now = format::now();
        if now.abs_diff(ts) > WINDOW_SECS.unsigned_abs() {
            return Err(
                denied("stale_timestamp", "X-Timestamp 与服务器时间相差超过 300 秒").into(),
            );
        }
        let method = req.method().as_str().to_string();
        let path = req
            .uri()
            .path_and_query()
            .map(|p| p.as_str().to_string())
            .unwrap_or_else(|| req.uri().path().to_string());
        let body = Bytes::from_request(req, state).await.map_err(|_| {
            AppError::new(
                jxjy_app::ErrorKind::TooLarge,
                "payload_too_large",
                "请求体过大",
            )
        })?;
        if body.len() > MAX_BODY {
            return Err(AppError::new(
                jxjy_app::ErrorKind::TooLarge,
                "payload_too_large",
                "请求体过大",
            )
            .into());
        }
        let secret = secrets::decrypt(&state.secret_key, &institution.secret_enc)
            .map_err(AppError::internal)?;
        if !signing::verify(&secret, &method, &path, ts, &nonce, &body, &signature) {
            return Err(denied("bad_signature", "签名不正确").into());
        }
        if !state
            .store
            .accept_nonce(id, &nonce, now + 2 * WINDOW_SECS)
            .await?
        {
            return Err(denied(
                "nonce_reused",
                "X-Nonce 已使用过，请为每个请求生成新的随机值",
            )
            .into());
        }
        if institution.disabled != 0 {
            return Err(AppError::forbidden("机构已停用")
                .with_code("institution_disabled")
                .into());
        }
        Ok(PartnerCall { institution, body })
    }
}
