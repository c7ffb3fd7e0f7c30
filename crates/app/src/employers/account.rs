//! The employer account: registration with the contact phone's SMS code, login by USCC and
//! password (the learners' lockout), sessions (`jxjy_employer`), logout and 重置密码.

use std::net::IpAddr;

use jxjy_domain::{EmployerStatus, PersonName, Phone, Uscc};
use jxjy_store::audit::{Actor, Entry};
use jxjy_store::employers::{self, EmployerRow, NewEmployer};
use jxjy_store::lockout::Account;
use jxjy_store::{Conflict, StoreError};
use serde::Deserialize;

use super::view::EmployerView;
use crate::accounts::input::{Errors, parse_password, parse_sms_code};
use crate::accounts::{SmsPurpose, check_code};
use crate::auth::token_hash;
use crate::{AppError, Context, ErrorKind, crypto, format, password};

/// A logged-in employer (approved or not: a pending one sees its status).
#[derive(Debug, Clone)]
pub struct EmployerAuth {
    pub employer_id: i64,
    pub name: String,
    pub uscc: String,
    pub status: EmployerStatus,
    pub token_hash: String,
}

/// The employer whose live session `token` is, if any.
pub async fn employer_session(cx: &Context, token: &str) -> Result<Option<EmployerAuth>, AppError> {
    let hash = token_hash(token);
    let Some(id) = cx
        .store
        .employers()
        .session(&hash, cx.settings.session_idle_secs, format::now())
        .await?
    else {
        return Ok(None);
    };
    Ok(cx.store.employers().by_id(id).await?.map(|e| EmployerAuth {
        employer_id: e.id,
        name: e.name,
        uscc: e.uscc,
        status: e.status,
        token_hash: hash,
    }))
}

#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EmployerRegistration {
    /// 单位名称
    #[schema(required = true)]
    pub name: String,
    /// 统一社会信用代码 (18 characters)
    #[schema(required = true)]
    pub uscc: String,
    /// 主管部门 region code (`GET /api/v1/regions`)
    #[schema(required = true)]
    pub region_code: String,
    /// 联系人
    #[schema(required = true)]
    pub contact_name: String,
    /// 联系电话 (mobile), verified by the code of `purpose: employer_register`
    #[schema(required = true)]
    pub phone: String,
    #[schema(required = true)]
    pub sms_code: String,
    #[schema(required = true)]
    pub password: String,
}

fn parse_name(raw: &str, errors: &mut Errors) -> Option<String> {
    let name: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = name.chars().count();
    if !(2..=100).contains(&n) {
        errors.add("name", "请输入单位名称（2-100 个字，与营业执照一致）");
        return None;
    }
    if name.chars().any(char::is_control) {
        errors.add("name", "单位名称含有不可见字符");
        return None;
    }
    Some(name)
}

/// 注册: the account waits for review (`pending`). A rejected account's USCC applies again.
pub async fn register(
    cx: &Context,
    input: &EmployerRegistration,
    ip: IpAddr,
) -> Result<EmployerView, AppError> {
    let mut errors = Errors::default();
    let name = parse_name(&input.name, &mut errors);
    let uscc = Uscc::parse(&input.uscc)
        .map_err(|e| errors.add("uscc", e))
        .ok();
    let contact = PersonName::parse(&input.contact_name)
        .map_err(|e| errors.add("contact_name", e))
        .ok();
    let phone = Phone::parse(&input.phone)
        .map_err(|e| errors.add("phone", e))
        .ok();
    let password = parse_password("password", &input.password, &mut errors);
    parse_sms_code(&input.sms_code, &mut errors);
    let region = input.region_code.trim();
    if region.is_empty() || cx.store.regions().region(region).await?.is_none() {
        errors.add("region_code", "请选择主管部门所在地区（地区代码不存在）");
    }
    let (Some(name), Some(uscc), Some(contact), Some(phone), Some(password), true) =
        (name, uscc, contact, phone, password, errors.0.is_empty())
    else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let existing = cx.store.employers().by_uscc(uscc.as_str()).await?;
    if existing
        .as_ref()
        .is_some_and(|e| e.status != EmployerStatus::Rejected)
    {
        return Err(uscc_taken());
    }
    check_code(
        cx,
        phone.as_str(),
        SmsPurpose::EmployerRegister,
        &input.sms_code,
    )
    .await?;
    let hash = password::hash_async(password.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let new = NewEmployer {
        name: &name,
        uscc: uscc.as_str(),
        region_code: region,
        contact_name: contact.as_str(),
        phone: phone.as_str(),
        password_hash: &hash,
    };
    let now = format::now();
    let mut w = cx.store.begin_audited().await?;
    let (id, action) = match &existing {
        Some(e) => {
            if employers::reapply(&mut *w, e.id, &new, now).await? != 1 {
                w.rollback().await?;
                return Err(uscc_taken());
            }
            (e.id, "employer.reapply")
        }
        None => match employers::insert(&mut *w, &new, EmployerStatus::Pending, now).await {
            Ok(id) => (id, "employer.register"),
            Err(StoreError::Conflict(Conflict::DuplicateUscc)) => return Err(uscc_taken()),
            Err(e) => return Err(e.into()),
        },
    };
    let actor = Actor {
        kind: "employer",
        id: Some(id),
        ip: Some(ip.to_string()),
    };
    let detail =
        serde_json::json!({"name": name, "uscc": uscc.as_str(), "region_code": region}).to_string();
    w.commit(&Entry::new(
        now,
        &actor,
        action,
        ("employer", &id.to_string()),
        &detail,
    ))
    .await?;
    load(cx, id).await
}

fn uscc_taken() -> AppError {
    AppError::conflict(
        "uscc_registered",
        "该统一社会信用代码已注册单位账号，请直接登录；忘记密码可重置密码",
    )
    .on_field("uscc")
}

pub async fn load(cx: &Context, id: i64) -> Result<EmployerView, AppError> {
    let row = cx
        .store
        .employers()
        .by_id(id)
        .await?
        .ok_or_else(|| AppError::not_found("单位不存在"))?;
    Ok(EmployerView::from(row))
}

/// A new employer session: the token, and the account.
pub struct NewEmployerSession {
    pub token: String,
    pub employer: EmployerView,
}

const BAD_CREDENTIALS: &str = "统一社会信用代码或密码不正确";

fn locked(until: i64) -> AppError {
    AppError::too_many(
        "account_locked",
        format!(
            "密码连续输错次数过多，账号已锁定至 {}，请稍后再试，或重置密码解除锁定",
            format::datetime(until)
        ),
    )
}

/// Login by USCC and password; an unknown USCC answers as a wrong password, after the same work.
pub async fn login(
    cx: &Context,
    uscc_raw: &str,
    password_raw: &str,
    previous: Option<&str>,
) -> Result<NewEmployerSession, AppError> {
    let mut errors = Errors::default();
    if uscc_raw.trim().is_empty() {
        errors.add("uscc", "请输入统一社会信用代码");
    }
    if password_raw.is_empty() {
        errors.add("password", "请输入密码");
    }
    if !errors.0.is_empty() {
        return Err(AppError::invalid_fields(errors.0));
    }
    let wrong = || {
        AppError::new(
            ErrorKind::Unauthorized,
            "invalid_credentials",
            BAD_CREDENTIALS,
        )
    };
    let found = match Uscc::parse(uscc_raw) {
        Ok(u) => cx.store.employers().by_uscc(u.as_str()).await?,
        Err(_) => None,
    };
    let Some(employer) = found else {
        password::verify_nothing(password_raw.to_string()).await;
        return Err(wrong());
    };
    let now = format::now();
    let s = &cx.settings;
    let lockout = cx.store.lockout();
    let Some(attempt) = lockout
        .begin_login_attempt(Account::Employer, employer.id, now)
        .await?
    else {
        let until = lockout
            .locked_until(Account::Employer, employer.id)
            .await?
            .unwrap_or(now + s.login_lock_secs);
        return Err(locked(until));
    };
    if attempt > s.login_max_failures {
        lockout
            .lock_account(Account::Employer, employer.id, now + s.login_lock_secs)
            .await?;
        return Err(locked(now + s.login_lock_secs));
    }
    if !password::verify_async(password_raw.to_string(), employer.password_hash.clone()).await {
        if attempt >= s.login_max_failures {
            lockout
                .lock_account(Account::Employer, employer.id, now + s.login_lock_secs)
                .await?;
            return Err(locked(now + s.login_lock_secs));
        }
        return Err(wrong());
    }
    lockout
        .end_login_failures(Account::Employer, employer.id)
        .await?;
    start_session(cx, employer, previous).await
}

async fn start_session(
    cx: &Context,
    employer: EmployerRow,
    previous: Option<&str>,
) -> Result<NewEmployerSession, AppError> {
    let token = crypto::random_token().map_err(AppError::internal)?;
    if let Some(previous) = previous {
        cx.store.employers().delete_session(previous).await?;
    }
    cx.store
        .employers()
        .create_session(
            &token_hash(&token),
            employer.id,
            cx.settings.session_idle_secs,
            format::now(),
        )
        .await?;
    Ok(NewEmployerSession {
        token,
        employer: EmployerView::from(employer),
    })
}

pub async fn logout(cx: &Context, auth: &EmployerAuth) -> Result<(), AppError> {
    cx.store
        .employers()
        .delete_session(&auth.token_hash)
        .await?;
    Ok(())
}

#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EmployerReset {
    #[schema(required = true)]
    pub uscc: String,
    /// The registered 联系电话, with the code of `purpose: employer_reset`
    #[schema(required = true)]
    pub phone: String,
    #[schema(required = true)]
    pub sms_code: String,
    #[schema(required = true)]
    pub new_password: String,
}

/// 重置密码 by the contact phone's code: the lock lifts and every session ends.
pub async fn reset_password(
    cx: &Context,
    input: &EmployerReset,
    ip: IpAddr,
) -> Result<(), AppError> {
    let mut errors = Errors::default();
    let uscc = Uscc::parse(&input.uscc)
        .map_err(|e| errors.add("uscc", e))
        .ok();
    let phone = Phone::parse(&input.phone)
        .map_err(|e| errors.add("phone", e))
        .ok();
    let password = parse_password("new_password", &input.new_password, &mut errors);
    parse_sms_code(&input.sms_code, &mut errors);
    let (Some(uscc), Some(phone), Some(password), true) =
        (uscc, phone, password, errors.0.is_empty())
    else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let Some(employer) = cx
        .store
        .employers()
        .by_uscc_and_phone(uscc.as_str(), phone.as_str())
        .await?
    else {
        return Err(AppError::not_found("没有以该手机号为联系电话的此单位账号").on_field("phone"));
    };
    check_code(
        cx,
        phone.as_str(),
        SmsPurpose::EmployerReset,
        &input.sms_code,
    )
    .await?;
    let hash = password::hash_async(password.as_str().to_string())
        .await
        .map_err(AppError::internal)?;
    let now = format::now();
    let mut w = cx.store.begin_audited().await?;
    employers::set_password(&mut *w, employer.id, &hash).await?;
    employers::end_sessions(&mut *w, employer.id).await?;
    let actor = Actor {
        kind: "employer",
        id: Some(employer.id),
        ip: Some(ip.to_string()),
    };
    w.commit(&Entry::new(
        now,
        &actor,
        "employer.password_reset",
        ("employer", &employer.id.to_string()),
        "{}",
    ))
    .await?;
    Ok(())
}
