//! The employer's account pages: 单位登录, 单位注册 (with the contact phone's SMS code),
//! 重置密码 and 退出. Forms work without JavaScript: 获取验证码 is a submit button of the form.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{self, ClientIp, EMPLOYER_COOKIE, MaybeEmployer};
use crate::extract::Form;
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::accounts::SmsPurpose;
use jxjy_app::employers::account::{self, EmployerRegistration, EmployerReset};
use jxjy_app::regions::{RegionOption, region_options};

fn with_cookie(mut response: Response, cookie: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

// ---- 单位登录 ----

#[derive(Template, WebTemplate)]
#[template(path = "employer_login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub form: FormState,
}

pub async fn login_form(
    State(state): State<AppState>,
    MaybeEmployer(employer): MaybeEmployer,
) -> Response {
    if employer.is_some() {
        return Redirect::to("/employer").into_response();
    }
    LoginPage {
        chrome: Chrome::new(&state, "employer"),
        form: FormState::default(),
    }
    .into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub uscc: String,
    pub password: String,
}

pub async fn login(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let previous = auth::token_from(&headers, EMPLOYER_COOKIE).map(|t| auth::token_hash(&t));
    match account::login(&state, &f.uscc, &f.password, previous.as_deref()).await {
        Ok(s) => with_cookie(
            Redirect::to("/employer").into_response(),
            &auth::session_cookie(EMPLOYER_COOKIE, &s.token, &state.settings),
        ),
        Err(e) => {
            let mut form = FormState::with_values([("uscc", f.uscc.clone())]);
            form.fail(&e);
            (
                crate::error::status_of(e.kind),
                LoginPage {
                    chrome: Chrome::new(&state, "employer"),
                    form,
                },
            )
                .into_response()
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    MaybeEmployer(employer): MaybeEmployer,
) -> Result<Response, HttpError> {
    if let Some(e) = employer {
        account::logout(&state, &e).await?;
    }
    Ok(with_cookie(
        Redirect::to("/employer/login").into_response(),
        &auth::clear_cookie(EMPLOYER_COOKIE, &state.settings),
    ))
}

// ---- 单位注册 ----

#[derive(Template, WebTemplate)]
#[template(path = "employer_register.html")]
pub struct RegisterPage {
    pub chrome: Chrome,
    pub regions: Vec<RegionOption>,
    pub form: FormState,
}

async fn register_page(state: &AppState, form: FormState) -> Result<RegisterPage, HttpError> {
    Ok(RegisterPage {
        chrome: Chrome::new(state, "employer"),
        regions: region_options(state).await?,
        form,
    })
}

pub async fn register_form(State(state): State<AppState>) -> Result<RegisterPage, HttpError> {
    register_page(&state, FormState::default()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    #[serde(flatten)]
    pub input: EmployerRegistration,
    pub action: String,
}

pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<RegisterForm>,
) -> Result<Response, HttpError> {
    let i = &f.input;
    let mut form = FormState::with_values([
        ("name", i.name.clone()),
        ("uscc", i.uscc.clone()),
        ("region_code", i.region_code.clone()),
        ("contact_name", i.contact_name.clone()),
        ("phone", i.phone.clone()),
    ]);
    if f.action == "send_code" {
        let status =
            crate::ui::form::send_code(&state, &i.phone, SmsPurpose::EmployerRegister, &mut form)
                .await;
        return Ok((status, register_page(&state, form).await?).into_response());
    }
    match account::register(&state, i, ip).await {
        Ok(_) => {
            let mut form = FormState::with_values([("uscc", i.uscc.trim().to_uppercase())]);
            form.note("注册已提交，请等待主管部门审核。审核期间可登录查看审核状态。");
            Ok(LoginPage {
                chrome: Chrome::new(&state, "employer"),
                form,
            }
            .into_response())
        }
        Err(e) => {
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                register_page(&state, form).await?,
            )
                .into_response())
        }
    }
}

// ---- 重置密码 ----

#[derive(Template, WebTemplate)]
#[template(path = "employer_reset.html")]
pub struct ResetPage {
    pub chrome: Chrome,
    pub form: FormState,
    pub done: bool,
}

pub async fn reset_form(State(state): State<AppState>) -> ResetPage {
    ResetPage {
        chrome: Chrome::new(&state, "employer"),
        form: FormState::default(),
        done: false,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    #[serde(flatten)]
    pub input: EmployerReset,
    pub action: String,
}

pub async fn reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<ResetForm>,
) -> Response {
    let i = &f.input;
    let mut form = FormState::with_values([("uscc", i.uscc.clone()), ("phone", i.phone.clone())]);
    let page = |form, done| ResetPage {
        chrome: Chrome::new(&state, "employer"),
        form,
        done,
    };
    if f.action == "send_code" {
        let status =
            crate::ui::form::send_code(&state, &i.phone, SmsPurpose::EmployerReset, &mut form)
                .await;
        return (status, page(form, false)).into_response();
    }
    match account::reset_password(&state, i, ip).await {
        Ok(()) => {
            form.note("密码已重置，请使用新密码登录");
            page(form, true).into_response()
        }
        Err(e) => {
            form.fail(&e);
            (crate::error::status_of(e.kind), page(form, false)).into_response()
        }
    }
}
