//! Who a signed partner call comes from. The web layer reads the four headers and the body;
//! these checks decide, in order: the school, the timestamp window (300 s), then the signature
//! over method, path, timestamp, nonce and body, the nonce (kept in the database, so a replay
//! fails on every instance) and last whether the school is disabled. Each failure is an
//! `Unauthorized` with a code saying which.

use jxjy_store::StoreError;
use jxjy_store::institutions::InstitutionRow;

use crate::partner::signing;
use crate::{AppError, Context, ErrorKind, format, secrets};

pub const WINDOW_SECS: i64 = 300;

pub fn denied(code: &'static str, message: &str) -> AppError {
    AppError::new(ErrorKind::Unauthorized, code, message)
}

/// The school named by `X-Institution-Id`, if `X-Timestamp` is within the window.
pub async fn school(state: &Context, id: i64, ts: i64) -> Result<InstitutionRow, AppError> {
    let institution = match state.store.institutions().institution(id).await {
        Ok(i) => i,
        Err(StoreError::NotFound) => return Err(denied("unknown_institution", "机构不存在")),
        Err(e) => return Err(e.into()),
    };
    if format::now().abs_diff(ts) > WINDOW_SECS.unsigned_abs() {
        return Err(denied(
            "stale_timestamp",
            "X-Timestamp 与服务器时间相差超过 300 秒",
        ));
    }
    Ok(institution)
}

/// What was signed: the request line, the timestamp and nonce, the body.
pub struct Signed<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub ts: i64,
    pub nonce: &'a str,
    pub body: &'a [u8],
    pub signature: &'a str,
}

/// The signature, then the nonce (used once), then the school's standing.
pub async fn check_signed(
    state: &Context,
    institution: &InstitutionRow,
    s: &Signed<'_>,
    nonce: NonceCheck,
) -> Result<(), AppError> {
    let secret =
        secrets::decrypt(&state.secret_key, &institution.secret_enc).map_err(AppError::internal)?;
    if !signing::verify(
        &secret,
        s.method,
        s.path,
        s.ts,
        s.nonce,
        s.body,
        s.signature,
    ) {
        return Err(denied("bad_signature", "签名不正确"));
    }
    if nonce == NonceCheck::Now
        && !state
            .store
            .partner()
            .accept_nonce(institution.id, s.nonce, nonce_expiry())
            .await?
    {
        return Err(nonce_reused());
    }
    if institution.disabled != 0 {
        return Err(AppError::forbidden("机构已停用").with_code("institution_disabled"));
    }
    Ok(())
}

/// When a signed call's nonce is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceCheck {
    /// Before the call runs, in a write of its own.
    Now,
    /// By the use case, in the same transaction as what the call writes (credit reports,
    /// which are committed in groups).
    WithTheWrite,
}

/// How long a nonce is remembered: twice the timestamp window, after which the timestamp
/// alone refuses a replay.
pub fn nonce_expiry() -> i64 {
    format::now() + 2 * WINDOW_SECS
}

pub fn nonce_reused() -> AppError {
    denied(
        "nonce_reused",
        "X-Nonce 已使用过，请为每个请求生成新的随机值",
    )
}

/// A school and its partner secret, for the demo school that signs its calls in process.
pub async fn with_secret(state: &Context, id: i64) -> Result<(InstitutionRow, String), AppError> {
    let institution = demo_school(state, id).await?;
    let secret =
        secrets::decrypt(&state.secret_key, &institution.secret_enc).map_err(AppError::internal)?;
    Ok((institution, secret))
}

/// The school the 演示网校 pages stand for; a 404 if there is none.
pub async fn demo_school(state: &Context, id: i64) -> Result<InstitutionRow, AppError> {
    state
        .store
        .institutions()
        .institution(id)
        .await
        .map_err(|_| AppError::not_found("演示网校不存在"))
}
