//! Disabling and re-enabling admins: province and super admins, within their scope, never an
//! admin above themselves (the rule is `jxjy_domain::AdminRole::may_manage`), never themselves.
//! Shared by the console page and `PUT /api/v1/admin/admins/{id}`.

use std::net::IpAddr;

use jxjy_store::StoreError;
use jxjy_store::admins::AdminRow;

use crate::admin::{AdminAuth, AdminRole};
use crate::{AppError, Context, format};

/// Another admin in scope; outside it a 404, as if there were none.
pub async fn admin_in_scope(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<AdminRow, AppError> {
    state
        .store
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
    let role = target
        .role
        .parse::<AdminRole>()
        .map_err(|_| AppError::internal("stored admin role invalid"))?;
    if !admin.role.may_manage(role) {
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
        .set_admin_disabled(id, disabled, &admin.actor(ip), format::now())
        .await?;
    Ok(())
}
