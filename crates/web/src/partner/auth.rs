//! `PartnerCall`: a request signed by a school. This extractor reads the four headers and the
//! body; `jxjy_app::partner::school` checks the school, the timestamp window, the signature and
//! the nonce, in that order. Each failure is a 401 with a code saying which.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use jxjy_store::institutions::InstitutionRow;
use serde::de::DeserializeOwned;

use jxjy_app::partner::school::{self, NonceCheck, denied};

use crate::{AppError, AppState, HttpError};

const MAX_BODY: usize = 1024 * 1024;

pub struct PartnerCall {
    pub institution: InstitutionRow,
    pub body: Bytes,
    /// The call's nonce when the use case accepts it with its write (`PartnerWriteCall`);
    /// `None` once the extractor has accepted it.
    pub nonce_to_accept: Option<String>,
}

/// A signed call whose nonce is accepted in the same transaction as what it writes (credit
/// reports, committed in groups): `call.nonce_to_accept` goes to the use case.
pub struct PartnerWriteCall(pub PartnerCall);

impl PartnerCall {
    /// The body as JSON of type `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, HttpError> {
        Ok(crate::input::from_json_body(&self.body)?)
    }
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
        verified(req, state, NonceCheck::Now).await
    }
}

impl FromRequest<AppState> for PartnerWriteCall {
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(PartnerWriteCall(
            verified(req, state, NonceCheck::WithTheWrite).await?,
        ))
    }
}

async fn verified(
    req: Request,
    state: &AppState,
    check: NonceCheck,
) -> Result<PartnerCall, HttpError> {
    {
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
        let institution = school::school(state, id, ts).await?;
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
        let signed = school::Signed {
            method: &method,
            path: &path,
            ts,
            nonce: &nonce,
            body: &body,
            signature: &signature,
        };
        school::check_signed(state, &institution, &signed, check).await?;
        let nonce_to_accept = (check == NonceCheck::WithTheWrite).then_some(nonce);
        Ok(PartnerCall {
            institution,
            body,
            nonce_to_accept,
        })
    }
}
