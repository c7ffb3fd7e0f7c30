//! 进入系统: the learner's workspace (返回首页 · 网络培训 · 学分查询 · 个人信息 · 常见问题 · 操作说明)
//! and 个人信息, where the 信息采集 is seen and corrected and the password changed.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::{ClientIp, PageLearner};
use crate::extract::{Form, Query};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::ui::profile::{profile_values, qualification_options};
use crate::{AppState, HttpError};
use jxjy_app::accounts::input::{EDUCATIONS, ProfileInput};
use jxjy_app::accounts::{self, LearnerView, SmsPurpose};
use jxjy_app::format;
use jxjy_app::regions::{RegionOption, region_options};

#[derive(Template, WebTemplate)]
#[template(path = "learner_home.html")]
pub struct LearnerHome {
    pub chrome: Chrome,
    pub learner: LearnerView,
    pub this_year: i64,
    /// This year's entry of the credit report: the workspace's headline.
    pub current: Option<jxjy_app::credits::YearView>,
}

pub async fn home(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
) -> Result<LearnerHome, HttpError> {
    let learner = accounts::view::load(&state, auth.learner_id).await?;
    let this_year = i64::from(format::this_year());
    let current = jxjy_app::credits::report(&state, auth.learner_id)
        .await?
        .years
        .into_iter()
        .find(|y| y.year == this_year);
    Ok(LearnerHome {
        chrome: Chrome::for_learner(&state, "learner", &auth),
        learner,
        this_year,
        current,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "profile.html")]
pub struct ProfilePage {
    pub chrome: Chrome,
    pub learner: LearnerView,
    pub form: FormState,
    pub password_form: FormState,
    pub qualifications: Vec<(&'static str, &'static str)>,
    pub educations: [&'static str; 7],
    pub regions: Vec<RegionOption>,
    /// The document carries gender and birth date (an 18-character number): shown, not edited.
    pub derived: bool,
    /// 我的单位: the confirmed employer, the learner's request, invitations waiting.
    pub my_employer: jxjy_app::employers::links::MyEmployer,
    pub employer_form: FormState,
    /// 接收学习提醒短信, and whether it was just saved.
    pub reminder_sms: bool,
    pub settings_saved: bool,
}

fn values_of(l: &LearnerView) -> FormState {
    FormState::with_values(profile_values(l))
}

pub(crate) async fn profile_page(
    state: &AppState,
    auth: &crate::auth::LearnerAuth,
    form: Option<FormState>,
    password_form: FormState,
) -> Result<ProfilePage, HttpError> {
    let learner = accounts::view::load(state, auth.learner_id).await?;
    let derived = learner
        .id_type
        .parse::<jxjy_domain::IdType>()
        .ok()
        .zip(format::today())
        .and_then(|(t, today)| jxjy_domain::IdNumber::parse(t, &learner.id_number, today).ok())
        .is_some_and(|d| d.gender().is_some());
    Ok(ProfilePage {
        derived,
        chrome: Chrome::for_learner(state, "profile", auth),
        form: form.unwrap_or_else(|| values_of(&learner)),
        password_form,
        qualifications: qualification_options(),
        educations: EDUCATIONS,
        regions: region_options(state).await?,
        my_employer: jxjy_app::employers::links::my_employer(state, auth).await?,
        employer_form: FormState::default(),
        reminder_sms: jxjy_app::reminders::inbox::settings(state, auth)
            .await?
            .reminder_sms,
        settings_saved: false,
        learner,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileQuery {
    pub welcome: Option<String>,
    /// What was just done in 我的单位, for its notice.
    pub employer: String,
    /// `saved` after 保存提醒设置.
    pub settings: String,
}

pub async fn profile(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Query(q): Query<ProfileQuery>,
) -> Result<ProfilePage, HttpError> {
    let mut page = profile_page(&state, &auth, None, FormState::default()).await?;
    if q.welcome.is_some() {
        page.form
            .note("注册成功，信息采集已完成。请核对以下信息，如有错误可直接修改。");
    }
    let employer_note = match q.employer.as_str() {
        "requested" => "已提交，等待单位在单位工作台确认；确认后单位可以看到您的学习情况。",
        "accepted" => "已接受邀请，该单位现为您的工作单位。",
        "declined" => "已拒绝该单位的邀请。",
        "left" => "已解除与单位的关系（或撤回申请），该单位不再看到您的学习情况。",
        _ => "",
    };
    page.settings_saved = q.settings == "saved";
    if !employer_note.is_empty() {
        page.employer_form.note(employer_note);
    }
    Ok(page)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ProfileForm {
    #[serde(flatten)]
    pub profile: ProfileInput,
    pub sms_code: String,
    pub action: String,
}

fn render(status: StatusCode, page: ProfilePage) -> Response {
    (status, page).into_response()
}

pub async fn update_profile(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    Form(f): Form<ProfileForm>,
) -> Result<Response, HttpError> {
    let p = &f.profile;
    let mut form = FormState::with_values([
        ("name", p.name.clone()),
        ("phone", p.phone.clone()),
        ("gender", p.gender.clone()),
        ("birth_date", p.birth_date.clone()),
        ("education", p.education.clone()),
        ("employer", p.employer.clone()),
        ("region_code", p.region_code.clone()),
        ("qualification_level", p.qualification_level.clone()),
        ("qualification_year", p.qualification_year.as_text()),
        ("work_start_year", p.work_start_year.as_text()),
    ]);
    if f.action == "send_code" {
        let status = match accounts::send_sms(&state, &p.phone, SmsPurpose::Register).await {
            Ok(_) => {
                form.note("验证码已发送到新手机号，请填写后再保存");
                StatusCode::OK
            }
            Err(e) => {
                form.fail(&e);
                crate::error::status_of(e.kind)
            }
        };
        return Ok(render(
            status,
            profile_page(&state, &auth, Some(form), FormState::default()).await?,
        ));
    }
    match accounts::update_profile(&state, &auth, p, &f.sms_code, ip).await {
        Ok(learner) => {
            let mut form = values_of(&learner);
            form.note("个人信息已保存");
            Ok(render(
                StatusCode::OK,
                profile_page(&state, &auth, Some(form), FormState::default()).await?,
            ))
        }
        Err(e) => {
            form.fail(&e);
            Ok(render(
                crate::error::status_of(e.kind),
                profile_page(&state, &auth, Some(form), FormState::default()).await?,
            ))
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub old_password: String,
    pub new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    Form(f): Form<PasswordForm>,
) -> Result<Response, HttpError> {
    let mut password_form = FormState::default();
    let status = match accounts::change_password(
        &state,
        &auth,
        &f.old_password,
        &f.new_password,
        ip,
    )
    .await
    {
        Ok(()) => {
            password_form.note("密码已修改，其他设备上的登录已退出");
            StatusCode::OK
        }
        Err(e) => {
            password_form.fail(&e);
            crate::error::status_of(e.kind)
        }
    };
    Ok(render(
        status,
        profile_page(&state, &auth, None, password_form).await?,
    ))
}
