//! A learner's file in the console (`/admin/learners/{id}`): 信息采集, enrollments, each year's
//! compliance, claims, the audit trail, and the support actions — 解除锁定, 更正信息采集 (the
//! document number included; errors beside their fields) and 发送重置验证码. The actions call
//! `admin::console` and `admin::support`, the same use cases as the admin API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::console::pages::{PageAdmin, chrome};
use crate::extract::{Form, Path};
use crate::ui::form::FormState;
use crate::ui::profile::{id_type_options, profile_values, qualification_options};
use crate::{AppState, HttpError};
use jxjy_app::accounts::LearnerView;
use jxjy_app::accounts::input::{EDUCATIONS, ProfileInput};
use jxjy_app::admin::console;
use jxjy_app::admin::support::{self, CorrectionRequest};
use jxjy_app::format;
use jxjy_app::regions::{RegionOption, region_options_in_scope};
use jxjy_app::training::EnrollmentView;

#[derive(Template, WebTemplate)]
#[template(path = "admin_learner.html")]
pub struct LearnerPage {
    pub chrome: crate::ui::chrome::Chrome,
    pub learner: LearnerView,
    pub enrollments: Vec<EnrollmentView>,
    pub years: Vec<jxjy_app::credits::view::YearView>,
    pub claims: Vec<jxjy_app::claims::view::ClaimView>,
    pub locked: bool,
    /// The confirmed employer (单位), if any.
    pub employer: Option<jxjy_app::employers::LinkView>,
    pub audit: Vec<jxjy_app::admin::audit::AuditView>,
    /// A note about the last action (unlock, reset code); errors of the reset are in `reset_error`.
    pub notice: String,
    pub reset_error: String,
    /// The correction form: the stored values, or what was typed with the reasons beside fields.
    pub form: FormState,
    pub id_types: Vec<(&'static str, &'static str)>,
    pub qualifications: Vec<(&'static str, &'static str)>,
    pub educations: [&'static str; 7],
    pub regions: Vec<RegionOption>,
}

fn values_of(l: &LearnerView) -> FormState {
    let document = [
        ("id_type", l.id_type.clone()),
        ("id_number", l.id_number.clone()),
    ];
    FormState::with_values(document.into_iter().chain(profile_values(l)))
}

fn values_typed(req: &CorrectionRequest) -> FormState {
    let p = &req.profile;
    FormState::with_values([
        ("id_type", req.id_type.clone()),
        ("id_number", req.id_number.clone()),
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
    ])
}

/// What the page shows besides the file: a note, a reset error, the correction form's state.
#[derive(Default)]
struct Outcome {
    notice: String,
    reset_error: String,
    form: Option<FormState>,
}

async fn learner_page(
    state: &AppState,
    a: &AdminAuth,
    id: i64,
    outcome: Outcome,
) -> Result<LearnerPage, HttpError> {
    let file = console::learner_file(state, a, id).await?;
    let locked = file.row.locked_until.is_some_and(|t| t > format::now());
    let audit = jxjy_app::admin::audit::of_learner(state, a, id).await?;
    let learner: LearnerView = file.row.into();
    Ok(LearnerPage {
        chrome: chrome(state, "admin_learners", a),
        form: outcome.form.unwrap_or_else(|| values_of(&learner)),
        learner,
        enrollments: file.enrollments,
        // Newest first, as the learner's own 学分查询 lists them.
        years: file.years.into_iter().rev().collect(),
        claims: file.claims,
        employer: file.employer,
        locked,
        audit,
        notice: outcome.notice,
        reset_error: outcome.reset_error,
        id_types: id_type_options(),
        qualifications: qualification_options(),
        educations: EDUCATIONS,
        regions: region_options_in_scope(state, &a.session.region_path).await?,
    })
}

pub async fn show(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Path(id): Path<i64>,
) -> Result<LearnerPage, HttpError> {
    learner_page(&state, &a, id, Outcome::default()).await
}

pub async fn unlock(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<LearnerPage, HttpError> {
    console::unlock(&state, &a, id, ip).await?;
    let outcome = Outcome {
        notice: "已解除锁定".into(),
        ..Outcome::default()
    };
    learner_page(&state, &a, id, outcome).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CorrectionForm {
    pub id_type: String,
    pub id_number: String,
    #[serde(flatten)]
    pub profile: ProfileInput,
}

/// 更正信息采集: saved, the file comes back with a note; refused, with the typed values and the
/// reason beside each field (status 400 or 409).
pub async fn correct(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<CorrectionForm>,
) -> Result<Response, HttpError> {
    let req = CorrectionRequest {
        id_type: f.id_type,
        id_number: f.id_number,
        profile: f.profile,
    };
    match support::correct(&state, &a, ip, id, &req).await {
        Ok(()) => {
            let outcome = Outcome {
                notice: "信息采集已更正".into(),
                ..Outcome::default()
            };
            Ok(learner_page(&state, &a, id, outcome).await?.into_response())
        }
        // Out of scope or missing: the 404 page, as for the file itself.
        Err(e) if crate::error::status_of(e.kind) == StatusCode::NOT_FOUND => Err(e.into()),
        Err(e) => {
            let mut form = values_typed(&req);
            form.fail(&e);
            let outcome = Outcome {
                form: Some(form),
                ..Outcome::default()
            };
            Ok((
                crate::error::status_of(e.kind),
                learner_page(&state, &a, id, outcome).await?,
            )
                .into_response())
        }
    }
}

/// 发送重置验证码: a 重置密码 code goes to the learner's phone.
pub async fn send_reset(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    match support::send_reset_code(&state, &a, ip, id).await {
        Ok(()) => {
            let outcome = Outcome {
                notice: "重置密码验证码已发送到学员手机，请学员在“重置密码”页面用它设置新密码"
                    .into(),
                ..Outcome::default()
            };
            Ok(learner_page(&state, &a, id, outcome).await?.into_response())
        }
        Err(e)
            if crate::error::status_of(e.kind) == StatusCode::NOT_FOUND
                && e.code != "phone_not_registered" =>
        {
            Err(e.into())
        }
        Err(e) => {
            let outcome = Outcome {
                reset_error: e.message.clone(),
                ..Outcome::default()
            };
            Ok((
                crate::error::status_of(e.kind),
                learner_page(&state, &a, id, outcome).await?,
            )
                .into_response())
        }
    }
}
