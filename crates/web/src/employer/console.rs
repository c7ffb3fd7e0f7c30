//! The employer console `/employer`: its account's state, the staff of a year with each
//! person's 达标 status and what is missing, requests to confirm, invitations, 团报 and the
//! export. Every form posts and comes back here; nothing needs JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{ClientIp, PageEmployer};
use crate::extract::{Form, Path, Query};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::employers::group::{self, GroupEnrollmentRequest, GroupEnrollmentResult};
use jxjy_app::employers::staff::{self, StaffQuery};
use jxjy_app::employers::{EmployerAuth, EmployerView, StaffItem, account, links};
use jxjy_app::training;
use jxjy_domain::Level;

pub fn chrome(state: &AppState, e: &EmployerAuth) -> Chrome {
    Chrome {
        employer_name: Some(e.name.clone()),
        ..Chrome::new(state, "employer")
    }
}

/// One open offer a 团报 may choose: `year:level:institution_id`.
pub struct OfferChoice {
    pub value: String,
    pub label: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "employer_console.html")]
pub struct ConsolePage {
    pub chrome: Chrome,
    pub employer: EmployerView,
    pub approved: bool,
    pub items: Vec<StaffItem>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub year: i64,
    pub years: Vec<i64>,
    pub met: String,
    pub enrolled: String,
    pub q: String,
    pub offers: Vec<OfferChoice>,
    /// The invitation form, re-rendered with what was typed and its errors.
    pub invite: FormState,
    /// A notice about the last action, for the whole page.
    pub notice: FormState,
    pub result: Option<GroupEnrollmentResult>,
}

impl ConsolePage {
    /// The list's address with the current filters, at page `p`.
    pub fn at_page(&self, p: i64) -> String {
        let (year, page) = (self.year.to_string(), p.to_string());
        let pairs = [
            ("year", &year),
            ("met", &self.met),
            ("enrolled", &self.enrolled),
            ("q", &self.q),
            ("page", &page),
        ];
        let kept: Vec<_> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        format!("?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConsoleQuery {
    pub year: Option<i64>,
    pub met: String,
    pub enrolled: String,
    pub q: String,
    pub page: Option<i64>,
    /// The action just done, for the notice.
    pub done: String,
}

fn flag(raw: &str) -> Option<bool> {
    match raw {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

async fn offer_choices(state: &AppState) -> Result<Vec<OfferChoice>, HttpError> {
    let mut choices = Vec::new();
    for year in training::enrollable_years() {
        for level in Level::ALL {
            for o in training::offers(state, year, *level).await? {
                choices.push(OfferChoice {
                    value: format!("{year}:{}:{}", level.as_str(), o.institution.id),
                    label: format!(
                        "{year} 年度 · {} · {}（{} 元）",
                        level.label(),
                        o.institution.name,
                        training::view::yuan(o.price_fen)
                    ),
                });
            }
        }
    }
    Ok(choices)
}

async fn console(
    state: &AppState,
    e: &EmployerAuth,
    q: ConsoleQuery,
) -> Result<ConsolePage, HttpError> {
    let employer = account::load(state, e.employer_id).await?;
    let approved = e.require_approved().is_ok();
    let this_year = i64::from(jxjy_app::format::this_year());
    let mut page = ConsolePage {
        chrome: chrome(state, e),
        employer,
        approved,
        items: Vec::new(),
        total: 0,
        page: 1,
        pages: 1,
        year: q.year.unwrap_or(this_year),
        years: (this_year - 4..=this_year).rev().collect(),
        met: q.met.clone(),
        enrolled: q.enrolled.clone(),
        q: q.q.clone(),
        offers: Vec::new(),
        invite: FormState::default(),
        notice: FormState::default(),
        result: None,
    };
    if !approved {
        return Ok(page);
    }
    let query = StaffQuery {
        year: q.year,
        met: flag(&q.met),
        enrolled: flag(&q.enrolled),
        q: q.q,
        page: q.page,
    };
    let (list, year) = staff::list(state, e, &query).await?;
    page.pages = list.pages();
    page.items = list.items;
    page.total = list.total;
    page.page = list.page;
    page.year = year;
    page.offers = offer_choices(state).await?;
    let note = match q.done.as_str() {
        "confirmed" => "已确认，该人员的学习情况已列入本单位人员名单。",
        "removed" => "已解除（或撤回），本单位不再看到该人员的学习情况。",
        _ => "",
    };
    if !note.is_empty() {
        page.notice.note(note);
    }
    Ok(page)
}

pub async fn show(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    Query(q): Query<ConsoleQuery>,
) -> Result<ConsolePage, HttpError> {
    console(&state, &e, q).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct InviteForm {
    pub name: String,
    pub id_number: String,
}

pub async fn invite(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Form(f): Form<InviteForm>,
) -> Result<Response, HttpError> {
    let outcome = links::invite(&state, &e, &f.name, &f.id_number, ip).await;
    let mut page = console(&state, &e, ConsoleQuery::default()).await?;
    match outcome {
        Ok(()) => {
            page.invite.note(format!(
                "邀请已发出。{} 登录后在【个人信息】中接受，即列入本单位人员名单（若证件号尚未注册，对方注册后也可看到邀请）。",
                f.name.trim()
            ));
            Ok(page.into_response())
        }
        Err(err) => {
            page.invite = FormState::with_values([("name", f.name), ("id_number", f.id_number)]);
            page.invite.fail(&err);
            Ok((crate::error::status_of(err.kind), page).into_response())
        }
    }
}

pub async fn confirm(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Path(learner_id): Path<i64>,
) -> Result<Redirect, HttpError> {
    links::confirm(&state, &e, learner_id, ip).await?;
    Ok(Redirect::to("/employer?done=confirmed"))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    pub confirm: String,
}

pub async fn remove(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Path(learner_id): Path<i64>,
    Form(f): Form<RemoveForm>,
) -> Result<Response, HttpError> {
    if !crate::console::pages::confirm::confirmed(&f.confirm) {
        let page = crate::console::pages::confirm::ConfirmPage::new(
            chrome(&state, &e),
            "解除人员关系",
            "确认解除与该人员的关系（或撤回邀请、拒绝其申请）？".to_string(),
            format!("/employer/staff/{learner_id}/remove"),
        )
        .detail("解除后本单位不再看到该人员的学习情况；之后如需恢复，须由学员重新申请或本单位重新邀请并经对方确认。")
        .confirm_label("确认解除")
        .cancel("/employer");
        return Ok(page.into_response());
    }
    links::remove(&state, &e, learner_id, ip).await?;
    Ok(Redirect::to("/employer?done=removed").into_response())
}

/// The 团报 form: `offer` (`year:level:institution_id`, one of the open offers) and a
/// `learner_ids` checkbox per chosen person, read as pairs because the name repeats.
pub async fn group_enroll(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, HttpError> {
    let offer = pairs
        .iter()
        .find(|(k, _)| k == "offer")
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    let mut learner_ids = Vec::new();
    for (_, v) in pairs.iter().filter(|(k, _)| k == "learner_ids") {
        let id = v.trim().parse::<i64>().map_err(|_| {
            jxjy_app::AppError::bad_request("invalid_input", "所选人员不正确，请刷新页面后重新选择")
                .on_field("learner_ids")
        })?;
        learner_ids.push(id);
    }
    let mut parts = offer.splitn(3, ':');
    let (year, level, institution) = (parts.next(), parts.next(), parts.next());
    let request = GroupEnrollmentRequest {
        year: year.and_then(|y| y.parse().ok()).unwrap_or(0),
        level: level.unwrap_or("").to_string(),
        institution_id: institution.and_then(|i| i.parse().ok()).unwrap_or(0),
        learner_ids,
    };
    let outcome = if offer.is_empty() {
        Err(
            jxjy_app::AppError::bad_request("invalid_input", "请选择培训年度、等级和培训机构")
                .on_field("offer"),
        )
    } else {
        group::enroll(&state, &e, &request, ip).await
    };
    let mut page = console(
        &state,
        &e,
        ConsoleQuery {
            year: Some(request.year).filter(|y| *y > 0),
            ..Default::default()
        },
    )
    .await?;
    match outcome {
        Ok(result) => {
            page.notice.note(format!(
                "团报完成：{} 人已报名，{} 人跳过。已报名的人员可在【网络培训】中看到“由单位报名”，缴费前可自行取消。",
                result.enrolled.len(),
                result.skipped.len()
            ));
            page.result = Some(result);
            Ok(page.into_response())
        }
        Err(err) => {
            page.notice.fail(&err);
            if let Some(f) = err.fields.first() {
                page.notice.notice = f.message.clone();
            }
            Ok((crate::error::status_of(err.kind), page).into_response())
        }
    }
}

/// The staff export as a page download (the same file as the API's).
pub async fn export(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Query(q): Query<ConsoleQuery>,
) -> Result<Response, HttpError> {
    crate::download::send(staff::export(&state, &e, q.year, ip).await?)
}
