//! The 进入网校 hand-off: a JWS (HS256) naming the enrollment, learner, year, level and school,
//! valid 5 minutes and usable once (its `jti` is recorded and consumed on redemption).

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use jxjy_store::enrollments::EnrollmentRow;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{AppError, Context, crypto, format};

pub const TTL_SECS: i64 = 300;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    /// `institution:{id}`: only that school can redeem it.
    pub aud: String,
    /// The learner id.
    pub sub: String,
    pub jti: String,
    pub iat: i64,
    pub exp: i64,
    pub enrollment_id: i64,
    pub institution_id: i64,
    pub year: i64,
    pub level: String,
}

fn key(state: &Context) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"jxjy handoff v1\0");
    h.update(&state.secret_key);
    h.finalize().to_vec()
}

pub async fn issue(state: &Context, e: &EnrollmentRow) -> Result<String, AppError> {
    let now = format::now();
    let jti = crypto::random_token().map_err(AppError::internal)?;
    let claims = Claims {
        iss: "jxjy".into(),
        aud: format!("institution:{}", e.institution_id),
        sub: e.learner_id.to_string(),
        jti: jti.clone(),
        iat: now,
        exp: now + TTL_SECS,
        enrollment_id: e.id,
        institution_id: e.institution_id,
        year: e.year,
        level: e.level.as_str().to_string(),
    };
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(&key(state)),
    )
    .map_err(AppError::internal)?;
    state
        .store
        .partner()
        .create_handoff(&jti, e.id, now + TTL_SECS)
        .await?;
    Ok(token)
}

/// Checks the token for `institution_id` and consumes it.
pub async fn redeem(state: &Context, token: &str, institution_id: i64) -> Result<Claims, AppError> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[format!("institution:{institution_id}")]);
    validation.set_issuer(&["jxjy"]);
    validation.leeway = 0;
    let data = jsonwebtoken::decode::<Claims>(
        token.trim(),
        &DecodingKey::from_secret(&key(state)),
        &validation,
    )
    .map_err(|e| {
        use jsonwebtoken::errors::ErrorKind;
        match e.kind() {
            ErrorKind::ExpiredSignature => {
                AppError::unauthorized("令牌已过期，请让学员重新点击【进入网校】")
                    .with_code("token_expired")
            }
            ErrorKind::InvalidAudience => {
                AppError::unauthorized("令牌不是签发给本机构的").with_code("token_invalid")
            }
            _ => AppError::unauthorized("令牌无效").with_code("token_invalid"),
        }
    })?;
    if !state
        .store
        .partner()
        .consume_handoff(&data.claims.jti, format::now())
        .await?
    {
        return Err(AppError::conflict(
            "token_used",
            "令牌已使用过，请让学员重新点击【进入网校】",
        ));
    }
    Ok(data.claims)
}
