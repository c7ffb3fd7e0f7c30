//! 学分申报: a form that works without JavaScript (a multipart post; a refused submission comes
//! back with the reason beside each field and the values kept) and the learner's claims with
//! their status and, when rejected, the reason.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use jxjy_domain::ClaimKind;
use serde::Deserialize;

use crate::auth::{ClientIp, LearnerAuth, PageLearner};
use crate::claims::form as claim_form;
use crate::claims::upload;
use crate::extract::Query;
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::claims::{self, ClaimView};
use jxjy_app::training;

/// A kind of claim with what it is worth, for the form and the table of 温馨提示.
pub struct KindOption {
    pub value: &'static str,
    pub label: &'static str,
    pub worth: &'static str,
}

fn kind_options() -> Vec<KindOption> {
    ClaimKind::ALL
        .iter()
        .map(|k| KindOption {
            value: k.as_str(),
            label: k.label(),
            worth: match k {
                ClaimKind::Exam => "每通过一科 90 学分（填写通过科目数）",
                ClaimKind::Conference => "每天 10 学分（填写参会天数）",
                ClaimKind::DegreeCourse => "当年每通过一门课程 90 学分",
                ClaimKind::Research => "主持 90 学分，参与 60 学分（选择本人角色）",
                ClaimKind::Paper => "独立完成或第一作者 30 学分，其他作者 10 学分",
                ClaimKind::Book => "独立完成或第一作者 90 学分，其他作者 60 学分",
            },
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "claims.html")]
pub struct ClaimsPage {
    pub chrome: Chrome,
    pub form: FormState,
    pub claims: Vec<ClaimView>,
    pub years: Vec<i64>,
    pub kinds: Vec<KindOption>,
    /// Value, label and the kinds that use it.
    pub roles: Vec<(&'static str, &'static str, String)>,
    pub preview: Option<String>,
    pub credit_table: String,
    /// The claim just submitted: its row is highlighted and the confirmation sits above it.
    pub just_submitted: Option<i64>,
}

impl ClaimsPage {
    /// Whether a kind-specific field shows (see `claim_form`).
    pub fn shows(&self, kinds: &str) -> bool {
        claim_form::shows(&self.form, kinds)
    }

    pub fn is_just_submitted(&self, id: &i64) -> bool {
        self.just_submitted == Some(*id)
    }
}

async fn claims_page(
    state: &AppState,
    auth: &LearnerAuth,
    form: FormState,
) -> Result<ClaimsPage, HttpError> {
    Ok(ClaimsPage {
        chrome: Chrome::for_learner(state, "credits", auth),
        roles: claim_form::role_options(&form),
        preview: claim_form::preview(&form),
        credit_table: claim_form::credit_table_json(),
        just_submitted: None,
        form,
        claims: claims::list(state, auth).await?,
        years: training::enrollable_years(),
        kinds: kind_options(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClaimsQuery {
    pub done: Option<String>,
    /// The claim just submitted, highlighted in 我的申报.
    pub claim: Option<i64>,
    /// 选择类型 without JavaScript: the form's values so far, kept on the page.
    pub year: String,
    pub kind: String,
    pub title: String,
    pub role: String,
    pub subjects: String,
    pub days: String,
}

pub async fn page(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Query(q): Query<ClaimsQuery>,
) -> Result<ClaimsPage, HttpError> {
    let mut form = FormState::with_values([
        ("year", q.year),
        ("kind", q.kind),
        ("title", q.title),
        ("role", q.role),
        ("subjects", q.subjects),
        ("days", q.days),
    ]);
    let submitted = q.done.as_deref() == Some("submitted");
    if submitted {
        form = FormState::default();
    }
    let mut page = claims_page(&state, &auth, form).await?;
    if submitted {
        page.just_submitted = q.claim.filter(|id| page.claims.iter().any(|c| c.id == *id));
    }
    Ok(page)
}

pub async fn submit(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, HttpError> {
    let multipart = multipart.map_err(upload::rejection)?;
    let (upload, result) = match upload::read(multipart).await {
        Ok(upload) => {
            let result = claims::submit(&state, &auth, &upload, ip).await;
            (upload, result)
        }
        Err(e) => (upload::ClaimUpload::default(), Err(e.error)),
    };
    match result {
        Ok(c) => Ok(Redirect::to(&format!(
            "/learner/claims?done=submitted&claim={}#claim-{}",
            c.id, c.id
        ))
        .into_response()),
        Err(e) if crate::error::status_of(e.kind).is_server_error() => Err(e.into()),
        Err(e) => {
            let mut form = FormState::with_values(upload.values());
            form.fail(&e);
            if e.fields.is_empty() {
                form.notice = e.message.clone();
            } else {
                form.notice =
                    "申报未提交，请按提示修改；出于安全原因，证明材料需要重新选择。".into();
            }
            Ok((
                crate::error::status_of(e.kind),
                claims_page(&state, &auth, form).await?,
            )
                .into_response())
        }
    }
}
