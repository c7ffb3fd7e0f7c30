//! Administrators of the 主管部门 and the system: roles, sessions and scope.
//! An admin's scope is its region and every region below it (`path` prefix); institutions and
//! offers are for super and province admins only.

pub mod admins;
pub mod audit;
pub mod console;
pub mod export;
pub mod faqs;
pub mod institutions;
pub mod learner_export;
pub mod notices;
pub mod roster;
pub mod stats;
pub mod support;

use jxjy_store::admins::AdminSession;
use jxjy_store::lockout::Account;
use jxjy_store::sessions::SubjectKind;

use crate::auth::token_hash;
use crate::{AppError, Context, crypto, format, password};

/// The roles and their rules live in the domain crate (`jxjy_domain::admin`).
pub use jxjy_domain::AdminRole;

/// A logged-in admin.
#[derive(Debug, Clone)]
pub struct AdminAuth {
    pub session: AdminSession,
    pub role: AdminRole,
    pub token_hash: String,
}

impl AdminAuth {
    /// This admin as the actor of an audit record.
    pub fn actor(&self, ip: std::net::IpAddr) -> jxjy_store::audit::Actor {
        jxjy_store::audit::Actor::admin(self.session.id, ip)
    }

    /// Province and super admins only; anyone else gets a 403 that says who may `what`.
    pub fn require_province_level(&self, what: &str) -> Result<(), AppError> {
        if self.role.manages_institutions() {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "只有省级主管部门和系统管理员可以{what}"
            )))
        }
    }

    pub fn require_institution_manager(&self) -> Result<(), AppError> {
        self.require_province_level("管理培训机构与开课")
    }

    /// Notices (and their page and API) are published by the province.
    pub fn require_publisher(&self) -> Result<(), AppError> {
        self.require_province_level("发布通知公告")
    }
}

/// The admin whose live session `token` is, if any.
pub async fn admin_session(cx: &Context, token: &str) -> Result<Option<AdminAuth>, AppError> {
    let hash = token_hash(token);
    let Some(session) = cx
        .store
        .admins()
        .admin_session(&hash, cx.settings.session_idle_secs, format::now())
        .await?
    else {
        return Ok(None);
    };
    let role = session.role;
    Ok(Some(AdminAuth {
        session,
        role,
        token_hash: hash,
    }))
}

/// Admin login with the learners' lockout rule; returns the session token.
pub async fn login(
    state: &Context,
    username: &str,
    password_raw: &str,
) -> Result<String, AppError> {
    let bad = || AppError::unauthorized("用户名或密码不正确").with_code("invalid_credentials");
    if username.trim().is_empty() || password_raw.is_empty() {
        return Err(bad());
    }
    let now = format::now();
    let s = &state.settings;
    let locked = |until: i64| {
        AppError::too_many(
            "account_locked",
            format!(
                "密码连续输错次数过多，账号已锁定至 {}",
                format::datetime(until)
            ),
        )
    };
    let admin = state
        .store
        .admins()
        .admin_credentials(username.trim())
        .await?;
    // A disabled admin answers as an unknown username does, whatever the password, and both
    // "lock" after as many attempts as a real account: no answer tells whether a username
    // exists or is disabled.
    let Some(admin) = admin.filter(|a| a.disabled == 0) else {
        password::verify_nothing(password_raw.to_string()).await;
        let window = s.login_lock_secs.max(60);
        let start = now - now.rem_euclid(window);
        let name: String = username.trim().to_lowercase().chars().take(64).collect();
        let bucket = format!("admin_login:{name}");
        if state
            .store
            .rate_limits()
            .hit_rate_counter(&bucket, start)
            .await?
            > s.login_max_failures
        {
            return Err(locked(start + window));
        }
        return Err(bad());
    };
    // As for learners: the attempt is taken before the slow hash.
    let Some(attempt) = state
        .store
        .lockout()
        .begin_login_attempt(Account::Admin, admin.id, now)
        .await?
    else {
        let until = state
            .store
            .lockout()
            .locked_until(Account::Admin, admin.id)
            .await?
            .unwrap_or(now + s.login_lock_secs);
        return Err(locked(until));
    };
    if attempt > s.login_max_failures {
        state
            .store
            .lockout()
            .lock_account(Account::Admin, admin.id, now + s.login_lock_secs)
            .await?;
        return Err(locked(now + s.login_lock_secs));
    }
    if !password::verify_async(password_raw.to_string(), admin.password_hash.clone()).await {
        if attempt >= s.login_max_failures {
            state
                .store
                .lockout()
                .lock_account(Account::Admin, admin.id, now + s.login_lock_secs)
                .await?;
            return Err(locked(now + s.login_lock_secs));
        }
        return Err(bad());
    }
    state
        .store
        .lockout()
        .end_login_failures(Account::Admin, admin.id)
        .await?;
    let token = crypto::random_token().map_err(AppError::internal)?;
    state
        .store
        .sessions()
        .create_session(
            &token_hash(&token),
            SubjectKind::Admin,
            admin.id,
            state.settings.session_idle_secs,
            now,
        )
        .await?;
    Ok(token)
}

/// Ends the admin's session.
pub async fn logout(state: &Context, admin: &AdminAuth) -> Result<(), AppError> {
    state
        .store
        .sessions()
        .delete_session(&admin.token_hash)
        .await?;
    Ok(())
}
