//! Disabling and re-enabling admins: province and super admins, within their scope, never an
//! admin above themselves (the rule is `jxjy_domain::AdminRole::may_manage`), never themselves.
//! Shared by the console page and `PUT /api/v1/admin/admins/{id}`.

use std::net::IpAddr;

use jxjy_store::StoreError;
use jxjy_store::admins::{AdminRow, NewAdmin};
use serde::{Deserialize, Serialize};

use crate::accounts::input::{self, Errors};
use crate::admin::{AdminAuth, AdminRole};
use crate::{AppError, Context, format, password};

/// Another admin in scope; outside it a 404, as if there were none.
pub async fn admin_in_scope(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<AdminRow, AppError> {
    state
        .store
        .admins()
        .admin_in_scope(id, &admin.session.region_path)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("管理员不存在或不在您的管辖范围内"),
            other => other.into(),
        })
}

/// The checks before a change: who may, and whom. Returns the target.
pub async fn check_manageable(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<AdminRow, AppError> {
    admin.require_province_level("管理管理员账号")?;
    let target = admin_in_scope(state, admin, id).await?;
    if target.id == admin.session.id {
        return Err(AppError::conflict(
            "cannot_disable_self",
            "不能停用自己的账号，请由其他管理员操作",
        ));
    }
    if !admin.role.may_manage(target.role) {
        return Err(AppError::forbidden("不能管理级别高于自己的管理员"));
    }
    Ok(target)
}

/// Disables (`true`) or re-enables an admin; disabling ends its sessions. Audited.
pub async fn set_disabled(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
    disabled: bool,
) -> Result<(), AppError> {
    check_manageable(state, admin, id).await?;
    state
        .store
        .admins()
        .set_admin_disabled(id, disabled, &admin.actor(ip), format::now())
        .await?;
    Ok(())
}

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

/// Creates an admin inside one's scope: the use case behind the API and the console page.
pub async fn add_admin(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    req: &NewAdminRequest,
) -> Result<i64, AppError> {
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
    let region = state.store.regions().region(req.region_code.trim()).await?;
    if region.is_none() {
        errors.add("region_code", "地区代码不存在");
    }
    let (Some(role), Some(pw), Some(region), true) = (role, pw, region, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    if !admin.role.may_manage(role) || !region.path.starts_with(&admin.session.region_path) {
        return Err(AppError::forbidden(
            "只能在自己的管辖范围内创建不高于自己级别的管理员",
        ));
    }
    if !role.fits_region_level(region.level) {
        return Err(AppError::bad_request(
            "invalid_input",
            "角色与地区级别不符：省级对应省，市级对应市，区县级对应区县",
        )
        .on_field("region_code"));
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
        .admins()
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
pub async fn list(state: &Context, admin: &AdminAuth) -> Result<AdminList, AppError> {
    let items = state
        .store
        .console()
        .admins_in_scope(&admin.session.region_path)
        .await?
        .into_iter()
        .map(|a| AdminItem {
            id: a.id,
            username: a.username,
            role: a.role.as_str().to_string(),
            region_code: a.region_code,
            display_name: a.display_name,
            disabled: a.disabled != 0,
        })
        .collect();
    Ok(AdminList { items })
}

/// The admins inside one's scope as stored, for the console's page.
pub async fn rows_in_scope(state: &Context, admin: &AdminAuth) -> Result<Vec<AdminRow>, AppError> {
    Ok(state
        .store
        .console()
        .admins_in_scope(&admin.session.region_path)
        .await?)
}
