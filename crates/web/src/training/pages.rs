//! 网络培训: choose 培训年度 and 培训等级, the offered schools with 查看 and 确认报名 (behind a
//! confirmation page), and 报名记录 with 进入网校, 取消报名 and 去评价. Works without JavaScript:
//! every action is a form post answered by a redirect back, or by the page with the reason.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jxjy_domain::Level;
use serde::Deserialize;

use crate::auth::{ClientIp, LearnerAuth, LearnerToken, PageAuthRejection, PageLearner};
use crate::extract::{Form, Path, Query};
use crate::ui::chrome::Chrome;
use crate::{AppError, AppState, HttpError};
use jxjy_app::training::view::yuan;
use jxjy_app::training::{self, EnrollmentView, OfferView};

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "training.html")]
pub struct TrainingPage {
    pub chrome: Chrome,
    pub years: Vec<Choice>,
    pub levels: Vec<Choice>,
    pub year: i64,
    pub level: Level,
    pub offers: Vec<OfferView>,
    pub enrollments: Vec<EnrollmentView>,
    pub note: String,
    pub notice: String,
    pub notice_is_error: bool,
    pub active_this_year: bool,
    /// The enrollment just changed (报名, 取消, 评价, back from the school): highlighted.
    pub changed: Option<i64>,
}

impl TrainingPage {
    pub fn is_changed(&self, id: &i64) -> bool {
        self.changed == Some(*id)
    }

    pub fn price(&self, fen: &i64) -> String {
        yuan(*fen)
    }

    pub fn rating(&self, o: &OfferView) -> String {
        match o.rating {
            Some(r) => format!("{r:.1} 分（{} 人评价）", o.rating_count),
            None => "暂无评价".into(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrainingQuery {
    pub year: Option<i64>,
    pub level: Option<String>,
    pub done: Option<String>,
    /// The enrollment the notice is about.
    pub enrollment: Option<i64>,
}

fn done_message(done: &str) -> &'static str {
    match done {
        "enrolled" => "报名成功。请点击报名记录中的【进入网校】缴费学习。",
        "cancelled" => "已取消报名，可以重新选择网校报名。",
        "reviewed" => "感谢您的评价。",
        "returned" => {
            "您已从网校返回。网校报告的缴费和登记的学分会显示在下方报名记录中，也可在【学分查询】中查看。"
        }
        _ => "",
    }
}

async fn default_level(state: &AppState, auth: &LearnerAuth) -> Result<Level, HttpError> {
    Ok(training::default_level(state, auth).await?)
}

async fn training_page(
    state: &AppState,
    auth: &LearnerAuth,
    year: Option<i64>,
    level: Option<&str>,
) -> Result<TrainingPage, HttpError> {
    let default_level = default_level(state, auth).await?;
    let enrollments = training::enrollments(state, auth).await?;
    training_page_of(state, auth, year, level, default_level, enrollments).await
}

async fn training_page_of(
    state: &AppState,
    auth: &LearnerAuth,
    year: Option<i64>,
    level: Option<&str>,
    default_level: Level,
    enrollments: Vec<EnrollmentView>,
) -> Result<TrainingPage, HttpError> {
    let years = training::enrollable_years();
    let year = year.filter(|y| years.contains(y)).unwrap_or(years[0]);
    let level = level
        .and_then(|l| l.parse::<Level>().ok())
        .unwrap_or(default_level);
    let offers = training::offers(state, year, level).await?;
    let active_this_year = enrollments
        .iter()
        .any(|e| e.year == year && e.status != "cancelled");
    Ok(TrainingPage {
        chrome: Chrome::for_learner(state, "training", auth),
        years: years
            .iter()
            .map(|y| Choice {
                value: y.to_string(),
                label: format!("{y} 年度"),
                selected: *y == year,
            })
            .collect(),
        levels: Level::ALL
            .iter()
            .map(|l| Choice {
                value: l.as_str().into(),
                label: l.label().into(),
                selected: *l == level,
            })
            .collect(),
        year,
        level,
        offers,
        enrollments,
        note: state.settings.enrollment_note.clone(),
        notice: String::new(),
        notice_is_error: false,
        active_this_year,
        changed: None,
    })
}

/// 网络培训: the session, the learner's level and 报名记录 are one read of the store.
pub async fn page(
    State(state): State<AppState>,
    session: LearnerToken,
    Query(q): Query<TrainingQuery>,
) -> Result<TrainingPage, PageAuthRejection> {
    let found = match &session.token {
        Some(token) => training::page_by_session(&state, token).await?,
        None => None,
    };
    let Some(found) = found else {
        return Err(session.to_login());
    };
    let auth = LearnerAuth(found.auth);
    let mut page = training_page_of(
        &state,
        &auth,
        q.year,
        q.level.as_deref(),
        found.default_level,
        found.enrollments,
    )
    .await
    .map_err(PageAuthRejection::Error)?;
    page.notice = done_message(q.done.as_deref().unwrap_or("")).to_string();
    page.changed = q
        .enrollment
        .filter(|id| page.enrollments.iter().any(|e| e.id == *id));
    Ok(page)
}

/// The training page again, with the reason an action was refused.
async fn refused(state: &AppState, auth: &LearnerAuth, e: AppError) -> Result<Response, HttpError> {
    let mut page = training_page(state, auth, None, None).await?;
    page.notice = e.message.clone();
    page.notice_is_error = true;
    let status = if crate::error::status_of(e.kind).is_server_error() {
        StatusCode::INTERNAL_SERVER_ERROR
    } else {
        crate::error::status_of(e.kind)
    };
    Ok((status, page).into_response())
}

// ---- 确认报名 ----

#[derive(Template, WebTemplate)]
#[template(path = "enroll_confirm.html")]
pub struct ConfirmPage {
    pub chrome: Chrome,
    pub year: i64,
    pub level: Level,
    pub offer: OfferView,
}

impl ConfirmPage {
    pub fn price(&self) -> String {
        yuan(self.offer.price_fen)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmQuery {
    pub year: i64,
    pub level: String,
    pub institution_id: i64,
}

pub async fn confirm(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Query(q): Query<ConfirmQuery>,
) -> Result<ConfirmPage, HttpError> {
    let level = training::parse_level(&q.level)?;
    let year = training::parse_year(q.year)?;
    let offer = training::offers(&state, year, level)
        .await?
        .into_iter()
        .find(|o| o.institution.id == q.institution_id)
        .ok_or_else(|| AppError::not_found("该培训机构未开设此年度、等级的培训"))?;
    Ok(ConfirmPage {
        chrome: Chrome::for_learner(&state, "training", &auth),
        year,
        level,
        offer,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EnrollForm {
    pub year: i64,
    pub level: String,
    pub institution_id: i64,
}

pub async fn enroll(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    Form(f): Form<EnrollForm>,
) -> Result<Response, HttpError> {
    let result = match training::parse_level(&f.level) {
        Ok(level) => training::enroll(&state, &auth, f.year, level, f.institution_id, ip)
            .await
            .map(|e| (e.id, e.year, level)),
        Err(e) => Err(e),
    };
    match result {
        Ok((id, year, level)) => Ok(Redirect::to(&format!(
            "/learner/training?year={year}&level={}&done=enrolled&enrollment={id}#enrollment-{id}",
            level.as_str()
        ))
        .into_response()),
        Err(e) => refused(&state, &auth, e).await,
    }
}

// ---- 取消报名 ----

#[derive(Template, WebTemplate)]
#[template(path = "enroll_cancel.html")]
pub struct CancelPage {
    pub chrome: Chrome,
    pub enrollment: EnrollmentView,
}

async fn own_view(
    state: &AppState,
    auth: &LearnerAuth,
    id: i64,
) -> Result<EnrollmentView, HttpError> {
    Ok(training::own_view(state, auth, id).await?)
}

pub async fn cancel_confirm(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Path(id): Path<i64>,
) -> Result<CancelPage, HttpError> {
    let enrollment = own_view(&state, &auth, id).await?;
    Ok(CancelPage {
        chrome: Chrome::for_learner(&state, "training", &auth),
        enrollment,
    })
}

pub async fn cancel(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    match training::cancel(&state, &auth, id, ip).await {
        Ok(e) => Ok(Redirect::to(&format!(
            "/learner/training?year={}&done=cancelled&enrollment={id}#enrollment-{id}",
            e.year
        ))
        .into_response()),
        Err(e) => refused(&state, &auth, e).await,
    }
}

// ---- 进入网校 ----

pub async fn launch(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    match training::launch(&state, &auth, id).await {
        Ok(url) => Ok(Redirect::to(&url).into_response()),
        Err(e) => refused(&state, &auth, e).await,
    }
}

// ---- 去评价 ----

#[derive(Template, WebTemplate)]
#[template(path = "review.html")]
pub struct ReviewPage {
    pub chrome: Chrome,
    pub enrollment: EnrollmentView,
    pub form: crate::ui::form::FormState,
}

pub async fn review_form(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Path(id): Path<i64>,
) -> Result<ReviewPage, HttpError> {
    let enrollment = own_view(&state, &auth, id).await?;
    Ok(ReviewPage {
        chrome: Chrome::for_learner(&state, "training", &auth),
        enrollment,
        form: Default::default(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub rating: String,
    pub comment: String,
}

pub async fn review(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ReviewForm>,
) -> Result<Response, HttpError> {
    let rating = f.rating.trim().parse::<i64>().unwrap_or(0);
    match training::review(&state, &auth, id, rating, &f.comment, ip).await {
        Ok(e) => Ok(Redirect::to(&format!(
            "/learner/training?year={}&done=reviewed&enrollment={id}#enrollment-{id}",
            e.year
        ))
        .into_response()),
        Err(e) => {
            let enrollment = own_view(&state, &auth, id).await?;
            let mut form = crate::ui::form::FormState::with_values([
                ("rating", f.rating.clone()),
                ("comment", f.comment.clone()),
            ]);
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                ReviewPage {
                    chrome: Chrome::for_learner(&state, "training", &auth),
                    enrollment,
                    form,
                },
            )
                .into_response())
        }
    }
}

// ---- 查看 ----

#[derive(Template, WebTemplate)]
#[template(path = "institution.html")]
pub struct InstitutionPage {
    pub chrome: Chrome,
    pub institution: jxjy_store::institutions::InstitutionRow,
    pub paragraphs: Vec<String>,
    pub rating: String,
}

pub async fn institution(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Path(id): Path<i64>,
) -> Result<InstitutionPage, HttpError> {
    let institution = training::institution(&state, id).await?;
    let training::RatingSummary { average, count } = training::rating(&state, id).await?;
    let rating = match average {
        Some(r) => format!("{r:.1} 分（{count} 人评价）"),
        None => "暂无评价。学员在网校学完、学分登记后，可在报名记录中点击【去评价】".into(),
    };
    let paragraphs = crate::ui::paragraphs(&institution.intro);
    Ok(InstitutionPage {
        chrome: Chrome::for_learner(&state, "training", &auth),
        institution,
        paragraphs,
        rating,
    })
}
