//! Managing the system from the console API: admins, a learner's 信息采集 (the document
//! included) and password reset, schools (edit, disable, rotate the secret), FAQ, and the year's
//! credits exported for the national platform.

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jxjy_store::admins::NewAdmin;
use jxjy_store::institutions::InstitutionEdit;
use serde::{Deserialize, Serialize};

use crate::accounts::input::{self, Errors};
use crate::accounts::{self, LearnerView};
use crate::admin::AdminRole;
use crate::admin::support;
use crate::api::admin_console::{CreatedId, Done};
use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::error::ErrorEnvelope;
use crate::extract::{Json, Path, Query};
use crate::{AppError, AppState, HttpError, format, password, secrets};

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewAdminRequest {
    #[schema(required = true)]
    pub username: String,
    #[schema(required = true)]
    pub password: String,
    /// super | province | city | district
    #[schema(required = true)]
    pub role: String,
    #[schema(required = true)]
    pub region_code: String,
}

/// Creates an admin inside one's own scope (province and super admins; nobody above oneself).
#[utoipa::path(post, path = "/api/v1/admin/admins", tag = "管理", request_body = NewAdminRequest,
    responses((status = 201, body = CreatedId), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn create_admin(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Json(req): Json<NewAdminRequest>,
) -> Result<Response, HttpError> {
    let id = add_admin(&state, &admin, ip, &req).await?;
    Ok((StatusCode::CREATED, axum::Json(CreatedId { id })).into_response())
}

/// Creates an admin inside one's scope: the use case behind the API and the console page.
pub async fn add_admin(
    state: &AppState,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    req: &NewAdminRequest,
) -> Result<i64, HttpError> {
    admin.require_province_level("创建管理员")?;
    let mut errors = Errors::default();
    let username = req.username.trim();
    if !(3..=32).contains(&username.len())
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        errors.add("username", "用户名须为 3-32 位字母、数字、下划线或点");
    }
    let role = req.role.trim().parse::<AdminRole>().ok();
    if role.is_none() {
        errors.add("role", "角色只能是 super、province、city 或 district");
    }
    let pw = input::parse_password("password", &req.password, &mut errors);
    let region = state.store.region(req.region_code.trim()).await?;
    if region.is_none() {
        errors.add("region_code", "地区代码不存在");
    }
    let (Some(role), Some(pw), Some(region), true) = (role, pw, region, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0).into());
    };
    if !admin.role.may_manage(role) || !region.path.starts_with(&admin.session.region_path) {
        return Err(AppError::forbidden("只能在自己的管辖范围内创建不高于自己级别的管理员").into());
    }
    if !role.fits_region_level(region.level) {
        return Err(AppError::bad_request(
            "invalid_input",
            "角色与地区级别不符：省级对应省，市级对应市，区县级对应区县",
        )
        .on_field("region_code")
        .into());
    }
    let hash = password::hash_async(pw.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let new = NewAdmin {
        username,
        password_hash: &hash,
        role: req.role.trim(),
        region_code: &region.code,
        display_name: &region.authority_name,
    };
    let id = state
        .store
        .create_admin(&new, &admin.actor(ip), format::now())
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("username_taken", "用户名已存在").on_field("username")
            } else {
                e.into()
            }
        })?;
    Ok(id)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AdminItem {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub region_code: String,
    pub display_name: String,
    pub disabled: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AdminList {
    pub items: Vec<AdminItem>,
}

/// The admins inside one's scope.
#[utoipa::path(get, path = "/api/v1/admin/admins", tag = "管理", responses((status = 200, body = AdminList), (status = 401, body = ErrorEnvelope)))]
pub async fn list_admins(
    State(state): State<AppState>,
    admin: AdminAuth,
) -> Result<axum::Json<AdminList>, HttpError> {
    let items = state
        .store
        .admins_in_scope(&admin.session.region_path)
        .await?
        .into_iter()
        .map(|a| AdminItem {
            id: a.id,
            username: a.username,
            role: a.role,
            region_code: a.region_code,
            display_name: a.display_name,
            disabled: a.disabled != 0,
        })
        .collect();
    Ok(axum::Json(AdminList { items }))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AdminChangeRequest {
    /// true disables the admin (its sessions end at once); false re-enables it.
    pub disabled: Option<bool>,
}

/// Disables or re-enables an admin in one's scope (province and super admins; never an admin
/// above oneself, never oneself).
#[utoipa::path(put, path = "/api/v1/admin/admins/{id}", tag = "管理", request_body = AdminChangeRequest, params(("id" = i64, Path, description = "管理员编号")),
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn change_admin(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<AdminChangeRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    let disabled = req.disabled.ok_or_else(|| {
        AppError::bad_request("invalid_input", "请给出 disabled（true 停用，false 启用）")
            .on_field("disabled")
    })?;
    crate::admin::admins::set_disabled(&state, &admin, ip, id, disabled).await?;
    Ok(axum::Json(Done { ok: true }))
}

pub use crate::admin::support::CorrectionRequest;

/// Corrects a learner's 信息采集, the document number included (in scope; audited).
#[utoipa::path(put, path = "/api/v1/admin/learners/{id}/profile", tag = "管理", params(("id" = i64, Path, description = "学员编号")),
    request_body = crate::api::accounts::RegisterRequestDoc,
    responses((status = 200, body = LearnerView), (status = 400, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope), (status = 409, body = ErrorEnvelope)))]
pub async fn correct_learner(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<CorrectionRequest>,
) -> Result<axum::Json<LearnerView>, HttpError> {
    support::correct(&state, &admin, ip, id, &req).await?;
    Ok(axum::Json(accounts::view::load(&state, id).await?))
}

/// Sends the learner a 重置密码 code by SMS, for a learner who asks the bureau for help (audited).
#[utoipa::path(post, path = "/api/v1/admin/learners/{id}/password-reset", tag = "管理", params(("id" = i64, Path, description = "学员编号")),
    responses((status = 200, body = Done), (status = 404, body = ErrorEnvelope), (status = 429, body = ErrorEnvelope)))]
pub async fn reset_learner_password(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<Done>, HttpError> {
    support::send_reset_code(&state, &admin, ip, id).await?;
    Ok(axum::Json(Done { ok: true }))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionItem {
    pub id: i64,
    pub name: String,
    pub sso_url: String,
    pub webhook_url: Option<String>,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
    pub disabled: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionList {
    pub items: Vec<InstitutionItem>,
}

/// Every school (never the secrets).
#[utoipa::path(get, path = "/api/v1/admin/institutions", tag = "管理", responses((status = 200, body = InstitutionList), (status = 401, body = ErrorEnvelope)))]
pub async fn list_institutions(
    State(state): State<AppState>,
    _admin: AdminAuth,
) -> Result<axum::Json<InstitutionList>, HttpError> {
    let items = state
        .store
        .institutions_all()
        .await?
        .into_iter()
        .map(|i| InstitutionItem {
            id: i.id,
            name: i.name,
            sso_url: i.sso_url,
            webhook_url: i.webhook_url,
            intro: i.intro,
            contact_person: i.contact_person,
            contact_phone: i.contact_phone,
            contact_email: i.contact_email,
            website: i.website,
            disabled: i.disabled != 0,
        })
        .collect();
    Ok(axum::Json(InstitutionList { items }))
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EditInstitutionRequest {
    pub name: Option<String>,
    pub sso_url: Option<String>,
    pub webhook_url: Option<String>,
    pub intro: Option<String>,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub website: Option<String>,
    /// true disables the school: it is no longer offered and its partner calls are refused.
    pub disabled: Option<bool>,
}

/// Edits or disables a school (super and province admins); absent fields stay as they are.
#[utoipa::path(put, path = "/api/v1/admin/institutions/{id}", tag = "管理", request_body = EditInstitutionRequest, params(("id" = i64, Path, description = "机构编号")),
    responses((status = 200, body = Done), (status = 400, body = ErrorEnvelope), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn edit_institution(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Json(req): Json<EditInstitutionRequest>,
) -> Result<axum::Json<Done>, HttpError> {
    change_institution(&state, &admin, ip, id, &req).await?;
    Ok(axum::Json(Done { ok: true }))
}

/// Edits or disables a school: the use case behind the API and the console page.
pub async fn change_institution(
    state: &AppState,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    id: i64,
    req: &EditInstitutionRequest,
) -> Result<(), HttpError> {
    admin.require_institution_manager()?;
    let cur = state
        .store
        .institution(id)
        .await
        .map_err(|_| AppError::not_found("培训机构不存在"))?;
    let pick =
        |new: &Option<String>, old: &str| new.as_deref().map(str::trim).unwrap_or(old).to_string();
    let name = pick(&req.name, &cur.name);
    let sso = pick(&req.sso_url, &cur.sso_url);
    let webhook = pick(&req.webhook_url, cur.webhook_url.as_deref().unwrap_or(""));
    let mut errors = Errors::default();
    if name.is_empty() || name.chars().count() > 100 {
        errors.add("name", "机构名称应为 1-100 个字");
    }
    if !crate::urls::valid(&sso, true) {
        errors.add("sso_url", "sso_url 应为 http(s):// 开头的地址");
    }
    if !webhook.is_empty() && !crate::urls::valid(&webhook, false) {
        errors.add("webhook_url", "webhook_url 应为 http(s):// 开头的地址");
    }
    if !errors.0.is_empty() {
        return Err(AppError::invalid_fields(errors.0).into());
    }
    let (intro, person, phone, email, site) = (
        pick(&req.intro, &cur.intro),
        pick(&req.contact_person, &cur.contact_person),
        pick(&req.contact_phone, &cur.contact_phone),
        pick(&req.contact_email, &cur.contact_email),
        pick(&req.website, &cur.website),
    );
    let edit = InstitutionEdit {
        name: &name,
        sso_url: &sso,
        webhook_url: (!webhook.is_empty()).then_some(webhook.as_str()),
        intro: &intro,
        contact_person: &person,
        contact_phone: &phone,
        contact_email: &email,
        website: &site,
        disabled: req.disabled.unwrap_or(cur.disabled != 0),
    };
    state
        .store
        .update_institution(id, &edit, &admin.actor(ip), format::now())
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("institution_exists", "同名培训机构已存在").on_field("name")
            } else {
                e.into()
            }
        })?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NewSecret {
    /// The new partner secret, shown this once; the old one stops working at once.
    pub secret: String,
}

/// Rotates a school's partner secret.
#[utoipa::path(post, path = "/api/v1/admin/institutions/{id}/secret", tag = "管理", params(("id" = i64, Path, description = "机构编号")),
    responses((status = 200, body = NewSecret), (status = 403, body = ErrorEnvelope), (status = 404, body = ErrorEnvelope)))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<axum::Json<NewSecret>, HttpError> {
    let secret = new_secret(&state, &admin, ip, id).await?;
    Ok(axum::Json(NewSecret { secret }))
}

/// Rotates a school's secret and returns the new one: the use case behind the API and the page.
pub async fn new_secret(
    state: &AppState,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    id: i64,
) -> Result<String, HttpError> {
    admin.require_institution_manager()?;
    let secret = secrets::new_partner_secret().map_err(AppError::internal)?;
    let enc = secrets::encrypt(&state.secret_key, &secret).map_err(AppError::internal)?;
    state
        .store
        .rotate_institution_secret(id, &enc, &admin.actor(ip), format::now())
        .await
        .map_err(|e| match e {
            jxjy_store::StoreError::NotFound => AppError::not_found("培训机构不存在"),
            other => other.into(),
        })?;
    Ok(secret)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportQuery {
    /// `csv`: answer with the rejected rows as a CSV file instead of JSON.
    pub report: String,
}

/// Imports the roster (信息采集) from xlsx or CSV, multipart field `file`; rows outside the
/// admin's scope are rejected. JSON report, or `?report=csv` for the rejected rows as CSV.
#[utoipa::path(post, path = "/api/v1/admin/imports/roster", tag = "管理",
    params(("report" = Option<String>, Query, description = "csv：以 CSV 文件返回被拒绝的行")),
    responses((status = 200, body = crate::admin::roster::ImportReport), (status = 400, body = ErrorEnvelope), (status = 401, body = ErrorEnvelope)))]
pub async fn import_roster(
    State(state): State<AppState>,
    admin: AdminAuth,
    ClientIp(ip): ClientIp,
    Query(q): Query<ImportQuery>,
    mut multipart: axum::extract::Multipart,
) -> Result<Response, HttpError> {
    let mut file = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| AppError::bad_request("invalid_form", "上传内容格式不正确").on_field("file"))?
    {
        if field.name() == Some("file") {
            let bytes = field.bytes().await.map_err(|_| {
                AppError::new(
                    jxjy_app::ErrorKind::TooLarge,
                    "payload_too_large",
                    "文件过大（最大 20 MB）",
                )
                .on_field("file")
            })?;
            file = Some(bytes);
        }
    }
    let bytes = file.ok_or_else(|| {
        AppError::bad_request("invalid_input", "请选择要导入的文件").on_field("file")
    })?;
    let report = crate::admin::roster::import(&state, &admin, &bytes, &admin.actor(ip)).await?;
    if q.report == "csv" {
        return Ok((
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"roster-rejected.csv\"".to_string(),
                ),
            ],
            report.rejected_csv(),
        )
            .into_response());
    }
    Ok(axum::Json(report).into_response())
}
