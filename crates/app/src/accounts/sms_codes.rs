//! SMS codes of the learner's accounts: sending one (per phone and day, apart in time, only to
//! phones with or without an account as the purpose needs) and checking one (wrong tries
//! counted, single use).

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsPurpose {
    Register,
    Login,
    Reset,
    /// An employer's contact phone, before its registration (SPEC section 8).
    EmployerRegister,
    /// An employer's contact phone, for 重置密码 of the employer account.
    EmployerReset,
}

impl SmsPurpose {
    pub fn parse(raw: &str) -> Result<SmsPurpose, AppError> {
        match raw.trim() {
            "register" => Ok(SmsPurpose::Register),
            "login" => Ok(SmsPurpose::Login),
            "reset" => Ok(SmsPurpose::Reset),
            "employer_register" => Ok(SmsPurpose::EmployerRegister),
            "employer_reset" => Ok(SmsPurpose::EmployerReset),
            _ => Err(AppError::bad_request(
                "invalid_input",
                "purpose 只能是 register、login、reset、employer_register 或 employer_reset",
            )
            .on_field("purpose")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SmsPurpose::Register => "register",
            SmsPurpose::Login => "login",
            SmsPurpose::Reset => "reset",
            SmsPurpose::EmployerRegister => "employer_register",
            SmsPurpose::EmployerReset => "employer_reset",
        }
    }
}

fn code_hash(state: &Context, phone: &str, purpose: SmsPurpose, code: &str) -> String {
    crypto::hmac_hex(
        &state.secret_key,
        format!("sms:{phone}:{}:{code}", purpose.as_str()).as_bytes(),
    )
}

fn sms_limits(state: &Context) -> SmsLimits {
    let s = &state.settings;
    SmsLimits {
        daily: s.sms_daily_limit,
        cooldown_secs: s.sms_cooldown_secs,
        ttl_secs: s.sms_code_ttl_secs,
        max_attempts: s.sms_max_attempts,
    }
}

pub(super) fn parse_phone(raw: &str) -> Result<jxjy_domain::Phone, AppError> {
    jxjy_domain::Phone::parse(raw)
        .map_err(|e| AppError::bad_request("invalid_input", e.to_string()).on_field("phone"))
}

/// Sends a code to `phone`. Registration codes go only to phones without an account; login and
/// reset codes only to phones with one. Returns the seconds until the next code may be asked for.
pub async fn send_sms(
    state: &Context,
    phone_raw: &str,
    purpose: SmsPurpose,
) -> Result<i64, AppError> {
    send_sms_audited(state, phone_raw, purpose, None).await
}

/// As `send_sms`, with an audit record written in the same transaction as the stored code
/// (an admin sending a learner a reset code).
pub async fn send_sms_audited(
    state: &Context,
    phone_raw: &str,
    purpose: SmsPurpose,
    audit: Option<&jxjy_store::audit::Entry<'_>>,
) -> Result<i64, AppError> {
    let phone = parse_phone(phone_raw)?;
    let registered = match purpose {
        // An employer's contact may also be a learner: only the employers' phones count.
        SmsPurpose::EmployerRegister => false,
        SmsPurpose::EmployerReset => {
            state
                .store
                .employers()
                .phone_registered(phone.as_str())
                .await?
        }
        _ => state
            .store
            .learners()
            .learner_by_phone(phone.as_str())
            .await?
            .is_some(),
    };
    match purpose {
        SmsPurpose::EmployerReset if !registered => {
            return Err(AppError::new(
                crate::ErrorKind::NotFound,
                "phone_not_registered",
                "该手机号不是任何单位账号的联系电话",
            )
            .on_field("phone"));
        }
        SmsPurpose::Register if registered => {
            return Err(AppError::conflict(
                "phone_registered",
                "该手机号已注册，请直接登录或重置密码",
            )
            .on_field("phone"));
        }
        SmsPurpose::Login | SmsPurpose::Reset if !registered => {
            return Err(phone_not_registered());
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
        .sms_codes()
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
        text: None,
    };
    if let Err(e) = state.sms.send(&message).await {
        tracing::error!(provider = state.sms.name(), phone = %phone.masked(), error = %e, "sms not delivered");
        return Err(AppError::new(
            crate::ErrorKind::Unavailable,
            "sms_unavailable",
            "短信发送失败，请稍后再试",
        ));
    }
    tracing::info!(phone = %phone.masked(), purpose = purpose.as_str(), "sms code sent");
    Ok(limits.cooldown_secs)
}

/// Checks a code; a wrong one says how many tries are left.
pub(crate) async fn check_code(
    state: &Context,
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
        .sms_codes()
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

/// A login or reset code asked for a phone without an account.
pub(super) fn phone_not_registered() -> AppError {
    AppError::new(
        crate::ErrorKind::NotFound,
        "phone_not_registered",
        "该手机号尚未注册，请先注册",
    )
    .on_field("phone")
}
