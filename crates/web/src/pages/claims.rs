//! 学分申报: a form that works without JavaScript (a multipart post; a refused submission comes
//! back with the reason beside each field and the values kept) and the learner's claims with
//! their status and, when rejected, the reason.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use jxjy_domain::{ClaimKind, ClaimRole};
use serde::Deserialize;

use crate::auth::{ClientIp, LearnerAuth, PageLearner};
use crate::claims::{self, ClaimView, upload};
use crate::extract::Query;
use crate::pages::chrome::Chrome;
use crate::pages::form::FormState;
use crate::{AppError, AppState, training};

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
    pub roles: Vec<(&'static str, &'static str)>,
}

async fn claims_page(
    state: &AppState,
    auth: &LearnerAuth,
    form: FormState,
) -> Result<ClaimsPage, AppError> {
    Ok(ClaimsPage {
        chrome: Chrome::for_learner(state, "credits", auth),
        form,
        claims: claims::list(state, auth).await?,
        years: training::enrollable_years(),
        kinds: kind_options(),
        roles: ClaimRole::ALL
            .iter()
            .map(|r| (r.as_str(), r.label()))
            .collect(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClaimsQuery {
    pub done: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Query(q): Query<ClaimsQuery>,
) -> Result<ClaimsPage, AppError> {
    let mut form = FormState::default();
    if q.done.as_deref() == Some("submitted") {
        form.note(
            "申报已提交，请等待主管部门审核。审核通过后学分计入申报年度，可在【学分查询】中查看。",
        );
    }
    claims_page(&state, &auth, form).await
}

pub async fn submit(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, AppError> {
    let multipart = multipart.map_err(upload::rejection)?;
    let (upload, result) = match upload::read(multipart).await {
        Ok(upload) => {
            let result = claims::submit(&state, &auth, &upload, ip).await;
            (upload, result)
        }
        Err(e) => (upload::ClaimUpload::default(), Err(e)),
    };
    match result {
        Ok(_) => Ok(Redirect::to("/learner/claims?done=submitted").into_response()),
        Err(e) if e.status.is_server_error() => Err(e),
        Err(e) => {
            let mut form = FormState::with_values(upload.values());
            form.fail(&e);
            if e.fields.is_empty() {
                form.notice = e.message.clone();
            } else {
                form.notice =
                    "申报未提交，请按提示修改；出于安全原因，证明材料需要重新选择。".into();
            }
            Ok((e.status, claims_page(&state, &auth, form).await?).into_response())
        }
    }
}
