//! The account use cases of the learner: SMS codes, 注册 with 信息采集, login by password and by
//! SMS, logout, password reset and change, and 个人信息. Shared by the pages and the JSON API,
//! which differ only in how they parse and render.

pub mod input;
mod login;
mod sms_codes;
pub mod view;

use jxjy_domain::{IdNumber, PersonName};
use jxjy_store::learners::{Duplicate, NewLearner, Profile};
use jxjy_store::lockout::Account;
use jxjy_store::sessions::SubjectKind;
use jxjy_store::sms::{CodeCheck, SendRefusal, SmsLimits};
use std::net::IpAddr;

use crate::auth::{LearnerAuth, token_hash};
use crate::sms::SmsMessage;
use crate::{AppError, Context, crypto, format, password};
use input::{Errors, ProfileInput, RegistrationInput, ValidProfile};
pub use view::LearnerView;

pub use login::{change_password, login_password, login_sms, reset_password};
pub(crate) use sms_codes::check_code;
pub use sms_codes::{SmsPurpose, send_sms, send_sms_audited};

/// A new session: the token for the cookie or the Bearer header, and who it is.
pub struct NewSession {
    pub token: String,
    pub learner: LearnerView,
}

pub(super) fn today() -> Result<jxjy_domain::Date, AppError> {
    format::today().ok_or_else(|| AppError::internal("clock out of range"))
}

async fn start_session(
    state: &Context,
    learner_id: i64,
    previous: Option<&str>,
) -> Result<NewSession, AppError> {
    let token = crypto::random_token().map_err(AppError::internal)?;
    let now = format::now();
    // Rotation: the session the browser held before logging in ends.
    if let Some(previous) = previous {
        state.store.sessions().delete_session(previous).await?;
    }
    state
        .store
        .sessions()
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

async fn region_exists(state: &Context, code: &str) -> Result<bool, AppError> {
    Ok(!code.is_empty() && state.store.regions().region(code).await?.is_some())
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
    state: &Context,
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
        .learners()
        .learner_by_id_number(document.as_str())
        .await?
        .is_some()
    {
        return Err(duplicate_error(Duplicate::IdNumber));
    }
    if state
        .store
        .learners()
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
        .learners()
        .create_learner(&new, &jxjy_store::audit::Actor::newcomer(ip), format::now())
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

/// 个人信息: corrects the 信息采集 (never the document). A new phone must be confirmed with a
/// code sent to it (purpose `register`, as for a phone without an account).
pub async fn update_profile(
    state: &Context,
    auth: &LearnerAuth,
    input: &ProfileInput,
    sms_code: &str,
    ip: IpAddr,
) -> Result<LearnerView, AppError> {
    let current = state.store.learners().learner(auth.learner_id).await?;
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
            .learners()
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
    let who = auth.actor(ip);
    state
        .store
        .learners()
        .update_profile(auth.learner_id, &stored, &changed, &who, format::now())
        .await
        .map_err(|e| {
            Duplicate::of(&e)
                .map(duplicate_error)
                .unwrap_or_else(|| e.into())
        })?;
    view::load(state, auth.learner_id).await
}

pub async fn logout(state: &Context, auth: &LearnerAuth) -> Result<(), AppError> {
    state
        .store
        .sessions()
        .delete_session(&auth.token_hash)
        .await?;
    Ok(())
}
