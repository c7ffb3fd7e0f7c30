//! The admin API (SPEC section 6) as far as the training flow needs it: login, institutions and
//! offers. The console (learners, stats, claims, notices, exports) builds on the same `AdminAuth`.

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jxjy_store::institutions::NewInstitution;
use serde::{Deserialize, Serialize};

use crate::admin;
use crate::auth::{self, ClientIp};
use crate::auth::{ADMIN_COOKIE, AdminAuth};
use crate::error::ErrorEnvelope;
use crate::extract::Json;
use crate::{AppError, AppState, HttpError, format, secrets, training};

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AdminLoginRequest {
    #[schema(required = true)]
    pub username: String,
    #[schema(required = true)]
    pub password: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AdminToken {
    /// Send as `Authorization: Bearer TOKEN`; also set as the `jxjy_admin` cookie.
    pub token: String,
}

/// Admin login (lockout after 5 wrong passwords, as for learners).
#[utoipa::path(post, path = "/api/v1/admin/login", tag = "管理", request_body = AdminLoginRequest,
    responses((status = 200, body = AdminToken), (status = 401, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
pub async fn login(
    State(state): State<AppState>,
    Json(req): Json<AdminLoginRequest>,
) -> Result<Response, HttpError> {
    let token = admin::login(&state, &req.username, &req.password).await?;
    let cookie = auth::session_cookie(ADMIN_COOKIE, &token, &state.settings);
    let mut response = axum::Json(AdminToken { token }).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewInstitutionRequest {
    /// 1-100 characters, unique.
    #[schema(required = true, min_length = 1, max_length = 100)]
    pub name: String,
    /// Where 进入网校 sends the learner, with `?token=`.
    #[schema(required = true)]
    pub sso_url: String,
    pub intro: String,
    pub contact_phone: String,
    pub contact_person: String,
    pub contact_email: String,
    pub website: String,
    /// Where cancellations are POSTed (signed); optional.
    pub webhook_url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedInstitution {
    pub id: i64,
    /// The partner secret, shown this once; only an encrypted copy is kept.
    pub secret: String,
}

/// Creates a school (super and province admins only).
#[utoipa::path(post, path = "/api/v1/admin/institutions", tag = "管理", request_body = NewInstitutionRequest,
    responses((status = 201, body = CreatedInstitution), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn create_institution(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NewInstitutionRequest>,
) -> Result<Response, HttpError> {
    let created = add_institution(&state, &admin, ip, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(created)).into_response())
}

/// Creates a school: the use case behind the API and the console page.
pub async fn add_institution(
    state: &AppState,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    req: &NewInstitutionRequest,
) -> Result<CreatedInstitution, HttpError> {
    admin.require_institution_manager()?;
    let mut errors = Vec::new();
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(jxjy_app::FieldError {
            field: "name".into(),
            message: "机构名称应为 1-100 个字".into(),
        });
    }
    if !crate::urls::valid(req.sso_url.trim(), true) {
        errors.push(jxjy_app::FieldError {
            field: "sso_url".into(),
            message: "sso_url 应为 http(s):// 开头的地址".into(),
        });
    }
    if !req.webhook_url.trim().is_empty() && !crate::urls::valid(req.webhook_url.trim(), false) {
        errors.push(jxjy_app::FieldError {
            field: "webhook_url".into(),
            message: "webhook_url 应为 http(s):// 开头的地址".into(),
        });
    }
    if req.intro.chars().count() > 2000 {
        errors.push(jxjy_app::FieldError {
            field: "intro".into(),
            message: "机构介绍不能超过 2000 字".into(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors).into());
    }
    let secret = secrets::new_partner_secret().map_err(AppError::internal)?;
    let secret_enc = secrets::encrypt(&state.secret_key, &secret).map_err(AppError::internal)?;
    let webhook = req.webhook_url.trim();
    let new = NewInstitution {
        name,
        sso_url: req.sso_url.trim(),
        webhook_url: (!webhook.is_empty()).then_some(webhook),
        intro: req.intro.trim(),
        contact_person: req.contact_person.trim(),
        contact_phone: req.contact_phone.trim(),
        contact_email: req.contact_email.trim(),
        website: req.website.trim(),
        secret_enc: &secret_enc,
    };
    let id = state
        .store
        .create_institution_audited(&new, &admin.actor(ip), format::now())
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("institution_exists", "同名培训机构已存在").on_field("name")
            } else {
                e.into()
            }
        })?;
    Ok(CreatedInstitution { id, secret })
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewOfferRequest {
    #[schema(required = true)]
    pub year: i64,
    /// junior | intermediate | senior
    #[schema(required = true, value_type = crate::api::schema_types::LevelCode)]
    pub level: String,
    #[schema(required = true)]
    pub institution_id: i64,
    /// Fee in fen; optional.
    pub price_fen: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedOffer {
    pub id: i64,
}

/// Offers a school for a year and level (super and province admins only).
#[utoipa::path(post, path = "/api/v1/admin/offers", tag = "管理", request_body = NewOfferRequest,
    responses((status = 201, body = CreatedOffer), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope),
        (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn create_offer(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NewOfferRequest>,
) -> Result<Response, HttpError> {
    let id = add_offer(&state, &admin, ip, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedOffer { id })).into_response())
}

/// Offers a school for a year and level: the use case behind the API and the console page.
pub async fn add_offer(
    state: &AppState,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    req: &NewOfferRequest,
) -> Result<i64, HttpError> {
    admin.require_institution_manager()?;
    let level = training::parse_level(&req.level)?;
    if !(2000..=2100).contains(&req.year) {
        return Err(
            AppError::bad_request("invalid_input", "year 应为 2000-2100 之间的年份")
                .on_field("year")
                .into(),
        );
    }
    if req.price_fen < 0 {
        return Err(
            AppError::bad_request("invalid_input", "price_fen 不能为负数")
                .on_field("price_fen")
                .into(),
        );
    }
    training::institution(state, req.institution_id)
        .await
        .map_err(|e| e.on_field("institution_id"))?;
    let id = state
        .store
        .create_offer(
            req.year,
            level.as_str(),
            req.institution_id,
            req.price_fen,
            &admin.actor(ip),
            format::now(),
        )
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("offer_exists", "该机构已开设此年度、等级的培训")
            } else {
                e.into()
            }
        })?;
    Ok(id)
}
