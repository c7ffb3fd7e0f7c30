//! The account use cases of the learner: SMS codes, 注册 with 信息采集, login by password and by
//! SMS, logout, password reset and change, and 个人信息. Shared by the pages and the JSON API,
//! which differ only in how they parse and render.

pub mod input;
pub mod view;

use jxjy_domain::{IdNumber, PersonName};
use jxjy_store::audit::Actor;
use jxjy_store::learners::{Duplicate, NewLearner, Profile};
use jxjy_store::lockout::Account;
use jxjy_store::sessions::SubjectKind;
use jxjy_store::sms::{CodeCheck, SendRefusal, SmsLimits};
use std::net::IpAddr;

use crate::auth::{LearnerAuth, token_hash};
use crate::sms::SmsMessage;
use crate::{AppError, AppState, crypto, format, password};
use input::{Errors, ProfileInput, RegistrationInput, ValidProfile};
pub use view::LearnerView;

/// A new session: the token for the cookie or the Bearer header, and who it is.
pub struct NewSession {
    pub token: String,
    pub learner: LearnerView,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsPurpose {
    Register,
    Login,
    Reset,
}

impl SmsPurpose {
    pub fn parse(raw: &str) -> Result<SmsPurpose, AppError> {
        match raw.trim() {
            "register" => Ok(SmsPurpose::Register),
            "login" => Ok(SmsPurpose::Login),
            "reset" => Ok(SmsPurpose::Reset),
            _ => Err(AppError::bad_request(
                "invalid_input",
                "purpose 只能是 register、login 或 reset",
            )
            .on_field("purpose")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SmsPurpose::Register => "register",
            SmsPurpose::Login => "login",
            SmsPurpose::Reset => "reset",
        }
    }
}

fn actor(kind: &'static str, id: Option<i64>, ip: IpAddr) -> Actor {
    Actor {
        kind,
        id,
        ip: Some(ip.to_string()),
    }
}

fn today() -> Result<jxjy_domain::Date, AppError> {
    format::today().ok_or_else(|| AppError::internal("clock out of range"))
}

fn code_hash(state: &AppState, phone: &str, purpose: SmsPurpose, code: &str) -> String {
    crypto::hmac_hex(
        &state.secret_key,
        format!("sms:{phone}:{}:{code}", purpose.as_str()).as_bytes(),
    )
}

fn sms_limits(state: &AppState) -> SmsLimits {
    let s = &state.settings;
    SmsLimits {
        daily: s.sms_daily_limit,
        cooldown_secs: s.sms_cooldown_secs,
        ttl_secs: s.sms_code_ttl_secs,
        max_attempts: s.sms_max_attempts,
    }
}

fn parse_phone(raw: &str) -> Result<jxjy_domain::Phone, AppError> {
    jxjy_domain::Phone::parse(raw)
        .map_err(|e| AppError::bad_request("invalid_input", e.to_string()).on_field("phone"))
}

/// Sends a code to `phone`. Registration codes go only to phones without an account; login and
/// reset codes only to phones with one. Returns the seconds until the next code may be asked for.
pub async fn send_sms(
    state: &AppState,
    phone_raw: &str,
    purpose: SmsPurpose,
) -> Result<i64, AppError> {
    send_sms_audited(state, phone_raw, purpose, None).await
}

/// As `send_sms`, with an audit record written in the same transaction as the stored code
/// (an admin sending a learner a reset code).
pub async fn send_sms_audited(
    state: &AppState,
    phone_raw: &str,
    purpose: SmsPurpose,
    audit: Option<&jxjy_store::audit::Entry<'_>>,
) -> Result<i64, AppError> {
    let phone = parse_phone(phone_raw)?;
    let registered = state
        .store
        .learner_by_phone(phone.as_str())
        .await?
        .is_some();
    match purpose {
        SmsPurpose::Register if registered => {
            return Err(AppError::conflict(
                "phone_registered",
                "该手机号已注册，请直接登录或重置密码",
            )
            .on_field("phone"));
        }
        SmsPurpose::Login | SmsPurpose::Reset if !registered => {
            return Err(AppError::new(
                axum::http::StatusCode::NOT_FOUND,
                "phone_not_registered",
                "该手机号尚未注册，请先注册",
            )
            .on_field("phone"));
        }
        _ => {}
    }
    let code = crypto::random_digits(6).map_err(AppError::internal)?;
    let now = format::now();
    let limits = sms_limits(state);
    let day = format::date(now);
    let hash = code_hash(state, phone.as_str(), purpose, &code);
    match state
        .store
        .reserve_sms(
            phone.as_str(),
            purpose.as_str(),
            &hash,
            &day,
            limits,
            now,
            audit,
        )
        .await?
    {
        Ok(()) => {}
        Err(SendRefusal::DailyLimit) => {
            return Err(AppError::too_many(
                "sms_daily_limit",
                format!(
                    "同一手机号码一天只能接收{}次短信验证码，请明天再试",
                    limits.daily
                ),
            )
            .on_field("phone"));
        }
        Err(SendRefusal::Cooldown(wait)) => {
            return Err(AppError::too_many(
                "sms_cooldown",
                format!("验证码发送过于频繁，请 {wait} 秒后再试"),
            )
            .on_field("phone"));
        }
    }
    let message = SmsMessage {
        phone: phone.as_str().to_string(),
        code,
        purpose: purpose.as_str().to_string(),
        sent_at: now,
        valid_minutes: (limits.ttl_secs / 60).max(1),
    };
    if let Err(e) = state.sms.send(&message).await {
        tracing::error!(provider = state.sms.name(), phone = %phone.masked(), error = %e, "sms not delivered");
        return Err(AppError::new(
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "sms_unavailable",
            "短信发送失败，请稍后再试",
        ));
    }
    tracing::info!(phone = %phone.masked(), purpose = purpose.as_str(), "sms code sent");
    Ok(limits.cooldown_secs)
}

/// Checks a code; a wrong one says how many tries are left.
async fn check_code(
    state: &AppState,
    phone: &str,
    purpose: SmsPurpose,
    code_raw: &str,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    let Some(code) = input::parse_sms_code(code_raw, &mut errors) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let expected = code_hash(state, phone, purpose, &code);
    let check = state
        .store
        .check_sms_code(
            phone,
            purpose.as_str(),
            |stored| crypto::constant_time_eq(stored, &expected),
            state.settings.sms_max_attempts,
            format::now(),
        )
        .await?;
    match check {
        CodeCheck::Accepted => Ok(()),
        CodeCheck::Wrong(0) => Err(AppError::bad_request(
            "sms_code_invalid",
            "验证码错误次数过多，请重新获取验证码",
        )
        .on_field("sms_code")),
        CodeCheck::Wrong(left) => Err(AppError::bad_request(
            "sms_code_invalid",
            format!("验证码不正确，还可尝试 {left} 次"),
        )
        .on_field("sms_code")),
        CodeCheck::NoCode => Err(AppError::bad_request(
            "sms_code_invalid",
            "验证码已失效或未获取，请重新获取验证码",
        )
        .on_field("sms_code")),
    }
}

async fn start_session(
    state: &AppState,
    learner_id: i64,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    let token = crypto::random_token().map_err(AppError::internal)?;
    let now = format::now();
    // Rotation: the session the browser held before logging in ends.
    if let Some(previous) = previous {
        state.store.delete_session(previous).await?;
    }
    state
        .store
        .create_session(
            &token_hash(&token),
            SubjectKind::Learner,
            learner_id,
            state.settings.session_idle_secs,
            now,
        )
        .await?;
    let learner = view::load(state, learner_id).await?;
    Ok(NewSession { token, learner })
}

async fn region_exists(state: &AppState, code: &str) -> Result<bool, AppError> {
    Ok(!code.is_empty() && state.store.region(code).await?.is_some())
}

fn profile_of(p: &ValidProfile) -> (String, String) {
    (
        p.gender.map(|g| g.as_str().to_string()).unwrap_or_default(),
        p.birth_date.map(|d| d.to_string()).unwrap_or_default(),
    )
}

fn duplicate_error(d: Duplicate) -> AppError {
    match d {
        Duplicate::IdNumber => AppError::conflict(
            "id_number_registered",
            "该证件号已注册，请直接登录，忘记密码可重置密码",
        )
        .on_field("id_number"),
        Duplicate::Phone => {
            AppError::conflict("phone_registered", "该手机号已被其他账号使用").on_field("phone")
        }
    }
}

/// 注册 with 信息采集. On success the learner is logged in.
pub async fn register(
    state: &AppState,
    input: &RegistrationInput,
    ip: IpAddr,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    let today = today()?;
    let mut errors = Errors::default();
    let document = input::parse_document(&input.id_type, &input.id_number, today, &mut errors);
    let profile = input::parse_profile(&input.profile, document.as_ref(), today, &mut errors);
    let password = input::parse_password("password", &input.password, &mut errors);
    input::parse_sms_code(&input.sms_code, &mut errors);
    if let Some(p) = &profile
        && !region_exists(state, &p.region_code).await?
    {
        errors.add("region_code", "请选择有效的主管部门");
    }
    let (Some(document), Some(profile), Some(password), true) =
        (document, profile, password, errors.0.is_empty())
    else {
        return Err(AppError::invalid_fields(errors.0));
    };
    if state
        .store
        .learner_by_id_number(document.as_str())
        .await?
        .is_some()
    {
        return Err(duplicate_error(Duplicate::IdNumber));
    }
    if state
        .store
        .learner_by_phone(profile.phone.as_str())
        .await?
        .is_some()
    {
        return Err(duplicate_error(Duplicate::Phone));
    }
    check_code(
        state,
        profile.phone.as_str(),
        SmsPurpose::Register,
        &input.sms_code,
    )
    .await?;
    let hash = password::hash_async(password.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let (gender, birth_date) = profile_of(&profile);
    let new = NewLearner {
        id_type: document.id_type().as_str(),
        id_number: document.as_str(),
        password_hash: &hash,
        profile: store_profile(&profile, &gender, &birth_date),
    };
    let id = state
        .store
        .create_learner(&new, &actor("learner", None, ip), format::now())
        .await
        .map_err(|e| {
            Duplicate::of(&e)
                .map(duplicate_error)
                .unwrap_or_else(|| e.into())
        })?;
    tracing::info!(learner = id, document = %document.masked(), "learner registered");
    start_session(state, id, previous).await
}

fn store_profile<'a>(p: &'a ValidProfile, gender: &'a str, birth_date: &'a str) -> Profile<'a> {
    Profile {
        name: p.name.as_str(),
        phone: p.phone.as_str(),
        gender,
        birth_date,
        education: &p.education,
        employer: &p.employer,
        region_code: &p.region_code,
        qualification_level: p.qualification_level.as_str(),
        qualification_year: p.qualification_year.map(i64::from),
        work_start_year: p.work_start_year.map(i64::from),
        first_required_year: p.first_required_year.map(i64::from),
    }
}

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
    state: &AppState,
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
            axum::http::StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            BAD_CREDENTIALS,
        )
    };
    let learner = state
        .store
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
        .begin_login_attempt(Account::Learner, learner.id, now)
        .await?
    else {
        let until = state
            .store
            .locked_until(Account::Learner, learner.id)
            .await?
            .unwrap_or(now + s.login_lock_secs);
        return Err(locked_error(until));
    };
    if attempt > s.login_max_failures {
        state
            .store
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
        .end_login_failures(Account::Learner, learner.id)
        .await?;
    start_session(state, learner.id, previous).await
}

/// Login by phone and SMS code; it also lifts a password lockout.
pub async fn login_sms(
    state: &AppState,
    phone_raw: &str,
    code: &str,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    let phone = parse_phone(phone_raw)?;
    let Some(learner) = state.store.learner_by_phone(phone.as_str()).await? else {
        return Err(AppError::new(
            axum::http::StatusCode::NOT_FOUND,
            "phone_not_registered",
            "该手机号尚未注册，请先注册",
        )
        .on_field("phone"));
    };
    check_code(state, phone.as_str(), SmsPurpose::Login, code).await?;
    state
        .store
        .end_login_failures(Account::Learner, learner.id)
        .await?;
    start_session(state, learner.id, previous).await
}

/// 重置密码 by SMS: sets the password, lifts the lockout, ends every session of the account.
pub async fn reset_password(
    state: &AppState,
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
    let Some(learner) = state.store.learner_by_phone(phone.as_str()).await? else {
        return Err(AppError::new(
            axum::http::StatusCode::NOT_FOUND,
            "phone_not_registered",
            "该手机号尚未注册，请先注册",
        )
        .on_field("phone"));
    };
    check_code(state, phone.as_str(), SmsPurpose::Reset, code).await?;
    let hash = password::hash_async(password.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let who = actor("learner", Some(learner.id), ip);
    state
        .store
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
    state: &AppState,
    auth: &LearnerAuth,
    old: &str,
    new: &str,
    ip: IpAddr,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    let password = input::parse_password("new_password", new, &mut errors);
    let learner = state.store.learner(auth.learner_id).await?;
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
    let who = actor("learner", Some(auth.learner_id), ip);
    state
        .store
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

/// 个人信息: corrects the 信息采集 (never the document). A new phone must be confirmed with a
/// code sent to it (purpose `register`, as for a phone without an account).
pub async fn update_profile(
    state: &AppState,
    auth: &LearnerAuth,
    input: &ProfileInput,
    sms_code: &str,
    ip: IpAddr,
) -> Result<LearnerView, AppError> {
    let current = state.store.learner(auth.learner_id).await?;
    let today = today()?;
    let id_type = current
        .id_type
        .parse()
        .map_err(|_| AppError::internal("stored id_type invalid"))?;
    let document = IdNumber::parse(id_type, &current.id_number, today).ok();
    let mut errors = Errors::default();
    let profile = input::parse_profile(input, document.as_ref(), today, &mut errors);
    if let Some(p) = &profile
        && !region_exists(state, &p.region_code).await?
    {
        errors.add("region_code", "请选择有效的主管部门");
    }
    let (Some(profile), true) = (profile, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let phone_changed = current.phone.as_deref() != Some(profile.phone.as_str());
    if phone_changed {
        if state
            .store
            .learner_by_phone(profile.phone.as_str())
            .await?
            .is_some()
        {
            return Err(duplicate_error(Duplicate::Phone));
        }
        check_code(
            state,
            profile.phone.as_str(),
            SmsPurpose::Register,
            sms_code,
        )
        .await?;
    }
    let (gender, birth_date) = profile_of(&profile);
    let stored = store_profile(&profile, &gender, &birth_date);
    let changed = view::changed_fields(&current, &stored);
    let who = actor("learner", Some(auth.learner_id), ip);
    state
        .store
        .update_profile(auth.learner_id, &stored, &changed, &who, format::now())
        .await
        .map_err(|e| {
            Duplicate::of(&e)
                .map(duplicate_error)
                .unwrap_or_else(|| e.into())
        })?;
    view::load(state, auth.learner_id).await
}

pub async fn logout(state: &AppState, auth: &LearnerAuth) -> Result<(), AppError> {
    state.store.delete_session(&auth.token_hash).await?;
    Ok(())
}
