//! Logging in (by password, by SMS), the lockout after wrong passwords, and setting a password
//! (重置密码 by SMS, 修改密码 while logged in).

use super::sms_codes::{parse_phone, phone_not_registered};
use super::*;

const BAD_CREDENTIALS: &str = "姓名、证件号或密码不正确";

fn locked_error(until: i64) -> AppError {
    AppError::too_many(
        "account_locked",
        format!(
            "密码连续输错次数过多，账号已锁定至 {}，请稍后再试，或使用手机验证码登录、重置密码解除锁定",
            format::datetime(until)
        ),
    )
}

/// Login by 姓名 + 证件号 + 密码. The name must match the document's account.
pub async fn login_password(
    state: &Context,
    name: &str,
    id_number: &str,
    password_raw: &str,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    let mut errors = Errors::default();
    if name.trim().is_empty() {
        errors.add("name", "请输入姓名");
    }
    if id_number.trim().is_empty() {
        errors.add("id_number", "请输入身份证号（或证件号）");
    }
    if password_raw.is_empty() {
        errors.add("password", "请输入密码");
    }
    if !errors.0.is_empty() {
        return Err(AppError::invalid_fields(errors.0));
    }
    let unauthorized = || {
        AppError::new(
            crate::ErrorKind::Unauthorized,
            "invalid_credentials",
            BAD_CREDENTIALS,
        )
    };
    let learner = state
        .store
        .learners()
        .learner_by_id_number(&IdNumber::normalize_for_lookup(id_number))
        .await?;
    // The name is compared as registration stored it (normalised separators and spaces). An
    // unknown number and a known number with another name answer alike, after the same work,
    // and neither counts toward the owner's lock: only someone who knows both can lock it.
    let learner = learner.filter(|l| PersonName::parse(name).is_ok_and(|n| n.as_str() == l.name));
    let Some(learner) = learner else {
        password::verify_nothing(password_raw.to_string()).await;
        return Err(unauthorized());
    };
    let now = format::now();
    let s = &state.settings;
    // The attempt is taken before the slow hash, so parallel guesses cannot pass the limit.
    let Some(attempt) = state
        .store
        .lockout()
        .begin_login_attempt(Account::Learner, learner.id, now)
        .await?
    else {
        let until = state
            .store
            .lockout()
            .locked_until(Account::Learner, learner.id)
            .await?
            .unwrap_or(now + s.login_lock_secs);
        return Err(locked_error(until));
    };
    if attempt > s.login_max_failures {
        state
            .store
            .lockout()
            .lock_account(Account::Learner, learner.id, now + s.login_lock_secs)
            .await?;
        return Err(locked_error(now + s.login_lock_secs));
    }
    let password_ok = match learner.password_hash.clone().filter(|h| !h.is_empty()) {
        Some(hash) => password::verify_async(password_raw.to_string(), hash).await,
        None => {
            password::verify_nothing(password_raw.to_string()).await;
            false
        }
    };
    if !password_ok {
        if attempt >= s.login_max_failures {
            state
                .store
                .lockout()
                .lock_account(Account::Learner, learner.id, now + s.login_lock_secs)
                .await?;
            tracing::warn!(
                learner = learner.id,
                "account locked after repeated wrong passwords"
            );
            return Err(locked_error(now + s.login_lock_secs));
        }
        return Err(unauthorized());
    }
    state
        .store
        .lockout()
        .end_login_failures(Account::Learner, learner.id)
        .await?;
    start_session(state, learner.id, previous).await
}

/// Login by phone and SMS code; it also lifts a password lockout.
pub async fn login_sms(
    state: &Context,
    phone_raw: &str,
    code: &str,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    let phone = parse_phone(phone_raw)?;
    let Some(learner) = state
        .store
        .learners()
        .learner_by_phone(phone.as_str())
        .await?
    else {
        return Err(phone_not_registered());
    };
    check_code(state, phone.as_str(), SmsPurpose::Login, code).await?;
    state
        .store
        .lockout()
        .end_login_failures(Account::Learner, learner.id)
        .await?;
    start_session(state, learner.id, previous).await
}

/// 重置密码 by SMS: sets the password, lifts the lockout, ends every session of the account.
pub async fn reset_password(
    state: &Context,
    phone_raw: &str,
    code: &str,
    new_password: &str,
    ip: IpAddr,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    let phone = jxjy_domain::Phone::parse(phone_raw)
        .map_err(|e| errors.add("phone", e))
        .ok();
    let password = input::parse_password("new_password", new_password, &mut errors);
    input::parse_sms_code(code, &mut errors);
    let (Some(phone), Some(password), true) = (phone, password, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let Some(learner) = state
        .store
        .learners()
        .learner_by_phone(phone.as_str())
        .await?
    else {
        return Err(phone_not_registered());
    };
    check_code(state, phone.as_str(), SmsPurpose::Reset, code).await?;
    let hash = password::hash_async(password.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let who = jxjy_store::audit::Actor::learner(learner.id, ip);
    state
        .store
        .learners()
        .set_learner_password(
            learner.id,
            &hash,
            None,
            "learner.password_reset",
            &who,
            format::now(),
        )
        .await?;
    Ok(())
}

/// 修改密码 while logged in: the other sessions of the account end, this one stays.
pub async fn change_password(
    state: &Context,
    auth: &LearnerAuth,
    old: &str,
    new: &str,
    ip: IpAddr,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    let password = input::parse_password("new_password", new, &mut errors);
    let learner = state.store.learners().learner(auth.learner_id).await?;
    // An imported learner (no password yet, logged in by SMS) sets a first one without an old one.
    let has_password = learner
        .password_hash
        .as_deref()
        .is_some_and(|h| !h.is_empty());
    if has_password
        && !password::verify_async(
            old.to_string(),
            learner.password_hash.clone().unwrap_or_default(),
        )
        .await
    {
        errors.add("old_password", "原密码不正确");
    }
    let (Some(password), true) = (password, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let hash = password::hash_async(password.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let who = auth.actor(ip);
    state
        .store
        .learners()
        .set_learner_password(
            auth.learner_id,
            &hash,
            Some(&auth.token_hash),
            "learner.password_change",
            &who,
            format::now(),
        )
        .await?;
    Ok(())
}
