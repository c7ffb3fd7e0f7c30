//! 登录 (two tabs), 注册 with 信息采集, 重置密码 and 退出登录: forms that work without JavaScript.
//! "获取验证码" is a submit button of the same form, so the page comes back with what was typed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{self, ClientIp, MaybeLearner, SESSION_COOKIE};
use crate::extract::{Form, Query};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::ui::profile::{id_type_options, qualification_options};
use crate::{AppError, AppState, HttpError};
use jxjy_app::accounts::input::{EDUCATIONS, RegistrationInput};
use jxjy_app::accounts::{self, NewSession, SmsPurpose};
use jxjy_app::regions::{RegionOption, region_options};

/// Logs in the browser: the cookie is set and it goes on to `next`.
fn logged_in(state: &AppState, session: NewSession, next: &str) -> Response {
    let cookie = auth::session_cookie(SESSION_COOKIE, &session.token, &state.settings);
    let mut response = Redirect::to(&auth::safe_next(next)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}

fn previous(headers: &HeaderMap) -> Option<String> {
    auth::token_from(headers, SESSION_COOKIE).map(|t| auth::token_hash(&t))
}

fn render_with(status: StatusCode, page: impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, axum::response::Html(html)).into_response(),
        Err(e) => HttpError::from(AppError::internal(e)).into_response(),
    }
}

// ---- 登录 ----

#[derive(Template, WebTemplate)]
#[template(path = "login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    /// `password` or `sms`.
    pub tab: String,
    pub next: String,
    pub form: FormState,
    pub sms_daily_limit: i64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginQuery {
    pub tab: String,
    pub next: String,
}

fn login_page(state: &AppState, tab: &str, next: &str, form: FormState) -> LoginPage {
    LoginPage {
        chrome: Chrome::new(state, ""),
        tab: if tab == "sms" {
            "sms".into()
        } else {
            "password".into()
        },
        next: auth::safe_next(next),
        form,
        sms_daily_limit: state.settings.sms_daily_limit,
    }
}

pub async fn login_form(
    State(state): State<AppState>,
    MaybeLearner(learner): MaybeLearner,
    Query(q): Query<LoginQuery>,
) -> Response {
    if learner.is_some() {
        return Redirect::to(&auth::safe_next(&q.next)).into_response();
    }
    login_page(&state, &q.tab, &q.next, FormState::default()).into_response()
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordLoginForm {
    pub name: String,
    pub id_number: String,
    pub password: String,
    pub next: String,
}

pub async fn login_password(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<PasswordLoginForm>,
) -> Response {
    match accounts::login_password(
        &state,
        &f.name,
        &f.id_number,
        &f.password,
        previous(&headers).as_deref(),
    )
    .await
    {
        Ok(session) => logged_in(&state, session, &f.next),
        Err(e) => {
            let mut form = FormState::with_values([
                ("name", f.name.clone()),
                ("id_number", f.id_number.clone()),
            ]);
            form.fail(&e);
            render_with(
                crate::error::status_of(e.kind),
                login_page(&state, "password", &f.next, form),
            )
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SmsLoginForm {
    pub phone: String,
    pub sms_code: String,
    pub next: String,
    /// `send_code` asks for a code; anything else logs in.
    pub action: String,
}

pub async fn login_sms(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(f): Form<SmsLoginForm>,
) -> Response {
    let mut form = FormState::with_values([("phone", f.phone.clone())]);
    if f.action == "send_code" {
        return match accounts::send_sms(&state, &f.phone, SmsPurpose::Login).await {
            Ok(_) => {
                form.code_sent(state.settings.sms_cooldown_secs);
                login_page(&state, "sms", &f.next, form).into_response()
            }
            Err(e) => {
                form.fail(&e);
                render_with(
                    crate::error::status_of(e.kind),
                    login_page(&state, "sms", &f.next, form),
                )
            }
        };
    }
    match accounts::login_sms(&state, &f.phone, &f.sms_code, previous(&headers).as_deref()).await {
        Ok(session) => logged_in(&state, session, &f.next),
        Err(e) => {
            form.fail(&e);
            render_with(
                crate::error::status_of(e.kind),
                login_page(&state, "sms", &f.next, form),
            )
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    MaybeLearner(learner): MaybeLearner,
) -> Result<Response, HttpError> {
    if let Some(learner) = learner {
        accounts::logout(&state, &learner).await?;
    }
    let mut response = Redirect::to("/").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(SESSION_COOKIE, &state.settings)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

// ---- 注册 ----

#[derive(Template, WebTemplate)]
#[template(path = "register.html")]
pub struct RegisterPage {
    pub chrome: Chrome,
    pub form: FormState,
    pub id_types: Vec<(&'static str, &'static str)>,
    pub qualifications: Vec<(&'static str, &'static str)>,
    pub educations: [&'static str; 7],
    pub regions: Vec<RegionOption>,
}

async fn register_page(state: &AppState, form: FormState) -> Result<RegisterPage, HttpError> {
    Ok(RegisterPage {
        chrome: Chrome::new(state, ""),
        id_types: id_type_options(),
        qualifications: qualification_options(),
        educations: EDUCATIONS,
        regions: region_options(state).await?,
        form,
    })
}

pub async fn register_form(State(state): State<AppState>) -> Result<RegisterPage, HttpError> {
    register_page(
        &state,
        FormState::with_values([("id_type", "resident_id".to_string())]),
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RegisterForm {
    #[serde(flatten)]
    pub input: RegistrationInput,
    pub action: String,
}

fn registration_values(i: &RegistrationInput) -> FormState {
    let p = &i.profile;
    FormState::with_values([
        ("name", p.name.clone()),
        ("id_type", i.id_type.clone()),
        ("id_number", i.id_number.clone()),
        ("phone", p.phone.clone()),
        ("gender", p.gender.clone()),
        ("birth_date", p.birth_date.clone()),
        ("education", p.education.clone()),
        ("employer", p.employer.clone()),
        ("region_code", p.region_code.clone()),
        ("qualification_level", p.qualification_level.clone()),
        ("qualification_year", p.qualification_year.as_text()),
        ("work_start_year", p.work_start_year.as_text()),
    ])
}

pub async fn register(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Form(f): Form<RegisterForm>,
) -> Result<Response, HttpError> {
    let mut form = registration_values(&f.input);
    if f.action == "send_code" {
        let status = crate::ui::form::send_code(
            &state,
            &f.input.profile.phone,
            SmsPurpose::Register,
            &mut form,
        )
        .await;
        return Ok(render_with(status, register_page(&state, form).await?));
    }
    match accounts::register(&state, &f.input, ip, previous(&headers).as_deref()).await {
        Ok(session) => Ok(logged_in(&state, session, "/learner/profile?welcome=1")),
        Err(e) => {
            form.fail(&e);
            Ok(render_with(
                crate::error::status_of(e.kind),
                register_page(&state, form).await?,
            ))
        }
    }
}

// ---- 重置密码 ----

#[derive(Template, WebTemplate)]
#[template(path = "reset.html")]
pub struct ResetPage {
    pub chrome: Chrome,
    pub form: FormState,
    pub done: bool,
}

pub async fn reset_form(State(state): State<AppState>) -> ResetPage {
    ResetPage {
        chrome: Chrome::new(&state, ""),
        form: FormState::default(),
        done: false,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ResetForm {
    pub phone: String,
    pub sms_code: String,
    pub new_password: String,
    pub action: String,
}

pub async fn reset(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    Form(f): Form<ResetForm>,
) -> Response {
    let mut form = FormState::with_values([("phone", f.phone.clone())]);
    let page = |form, done| ResetPage {
        chrome: Chrome::new(&state, ""),
        form,
        done,
    };
    if f.action == "send_code" {
        let status =
            crate::ui::form::send_code(&state, &f.phone, SmsPurpose::Reset, &mut form).await;
        return render_with(status, page(form, false));
    }
    match accounts::reset_password(&state, &f.phone, &f.sms_code, &f.new_password, ip).await {
        Ok(()) => {
            form.note("密码已重置，请使用新密码登录");
            page(form, true).into_response()
        }
        Err(e) => {
            form.fail(&e);
            render_with(crate::error::status_of(e.kind), page(form, false))
        }
    }
}
