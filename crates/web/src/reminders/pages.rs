//! The reminder pages: the console's and the employer's 学习提醒 (a form that first shows how
//! many it reaches, then creates; a list; each reminder's progress, refreshing by itself while
//! it runs, with its failures and 取消), and the learner's 消息 and 接收学习提醒短信.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::{ClientIp, PageEmployer, PageLearner};
use crate::console::pages::PageAdmin;
use crate::extract::{Form, Path};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::regions::{RegionOption, region_options_within};
use jxjy_app::reminders::inbox::{self, MessageView};
use jxjy_app::reminders::{self, Creator, Preview, ReminderRequest, ReminderView};

pub const DEFAULT_TEXT: &str =
    "{姓名}您好：您 {年度} 年度的会计继续教育还差{还差}，请于 12 月 31 日前完成学习。";

#[derive(Template, WebTemplate)]
#[template(path = "reminders.html")]
pub struct RemindersPage {
    pub chrome: Chrome,
    /// `/admin/reminders` or `/employer/reminders`.
    pub base: &'static str,
    pub items: Vec<ReminderView>,
    pub years: Vec<i64>,
    /// The admin's regions (empty for an employer).
    pub regions: Vec<RegionOption>,
    pub form: FormState,
    pub preview: Option<Preview>,
}

#[derive(Template, WebTemplate)]
#[template(path = "reminder.html")]
pub struct ReminderPage {
    pub chrome: Chrome,
    pub base: &'static str,
    pub r: ReminderView,
    pub notice: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReminderForm {
    pub year: String,
    pub audience: String,
    pub region_code: String,
    pub sms: String,
    pub text: String,
    pub send_at: String,
    /// `preview` (count first) or `create`.
    pub action: String,
}

impl ReminderForm {
    fn request(&self) -> ReminderRequest {
        ReminderRequest {
            year: self.year.trim().parse().unwrap_or(0),
            audience: self.audience.clone(),
            region_code: Some(self.region_code.clone()).filter(|r| !r.trim().is_empty()),
            sms: self.sms == "on" || self.sms == "true",
            text: self.text.clone(),
            send_at: Some(self.send_at.clone()).filter(|s| !s.trim().is_empty()),
        }
    }

    fn values(&self) -> FormState {
        FormState::with_values([
            ("year", self.year.clone()),
            ("audience", self.audience.clone()),
            ("region_code", self.region_code.clone()),
            (
                "sms",
                if self.sms.is_empty() {
                    String::new()
                } else {
                    "on".into()
                },
            ),
            ("text", self.text.clone()),
            ("send_at", self.send_at.clone()),
        ])
    }
}

fn fresh_form() -> FormState {
    FormState::with_values([
        ("year", jxjy_app::format::this_year().to_string()),
        ("audience", "not_met".into()),
        ("sms", "on".into()),
        ("text", DEFAULT_TEXT.into()),
    ])
}

async fn list_page(
    state: &AppState,
    c: Creator<'_>,
    chrome: Chrome,
    base: &'static str,
    form: FormState,
) -> Result<RemindersPage, HttpError> {
    let regions = match c {
        Creator::Admin(a) => region_options_within(state, &a.session.region_path).await?,
        Creator::Employer(_) => Vec::new(),
    };
    Ok(RemindersPage {
        chrome,
        base,
        items: reminders::list(state, c, Some(1)).await?.items,
        years: jxjy_app::training::enrollable_years(),
        regions,
        form,
        preview: None,
    })
}

async fn submit(
    state: &AppState,
    c: Creator<'_>,
    chrome: Chrome,
    base: &'static str,
    ip: std::net::IpAddr,
    f: ReminderForm,
) -> Result<Response, HttpError> {
    let req = f.request();
    let outcome = if f.action == "create" {
        reminders::create(state, c, &req, ip)
            .await
            .map(|r| Err(r.id))
    } else {
        reminders::preview(state, c, &req).await.map(Ok)
    };
    let mut page = list_page(state, c, chrome, base, f.values()).await?;
    match outcome {
        Ok(Err(id)) => Ok(Redirect::to(&format!("{base}/{id}?created=1")).into_response()),
        Ok(Ok(preview)) => {
            page.form.note(format!(
                "将提醒 {} 人。请核对短信内容后点击【确认发送】。",
                preview.audience_count
            ));
            page.preview = Some(preview);
            Ok(page.into_response())
        }
        Err(e) => {
            page.form.fail(&e);
            Ok((crate::error::status_of(e.kind), page).into_response())
        }
    }
}

fn employer_chrome(state: &AppState, e: &jxjy_app::employers::EmployerAuth) -> Chrome {
    crate::employer::console::chrome(state, e)
}

pub async fn admin_list(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
) -> Result<RemindersPage, HttpError> {
    let chrome = crate::console::pages::chrome(&state, "admin_reminders", &a);
    list_page(
        &state,
        Creator::Admin(&a),
        chrome,
        "/admin/reminders",
        fresh_form(),
    )
    .await
}

pub async fn admin_create(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Form(f): Form<ReminderForm>,
) -> Result<Response, HttpError> {
    let chrome = crate::console::pages::chrome(&state, "admin_reminders", &a);
    submit(
        &state,
        Creator::Admin(&a),
        chrome,
        "/admin/reminders",
        ip,
        f,
    )
    .await
}

pub async fn employer_list(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
) -> Result<RemindersPage, HttpError> {
    e.require_approved()?;
    list_page(
        &state,
        Creator::Employer(&e),
        employer_chrome(&state, &e),
        "/employer/reminders",
        fresh_form(),
    )
    .await
}

pub async fn employer_create(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Form(f): Form<ReminderForm>,
) -> Result<Response, HttpError> {
    submit(
        &state,
        Creator::Employer(&e),
        employer_chrome(&state, &e),
        "/employer/reminders",
        ip,
        f,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShowQuery {
    pub created: Option<String>,
    pub cancelled: Option<String>,
}

fn notice_of(q: &ShowQuery) -> String {
    if q.created.is_some() {
        "提醒已创建，将在发送时间开始发送；本页会自动刷新发送进度。".into()
    } else if q.cancelled.is_some() {
        "提醒已取消，尚未发送的不再发送。".into()
    } else {
        String::new()
    }
}

pub async fn admin_show(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Path(id): Path<i64>,
    crate::extract::Query(q): crate::extract::Query<ShowQuery>,
) -> Result<ReminderPage, HttpError> {
    Ok(ReminderPage {
        chrome: crate::console::pages::chrome(&state, "admin_reminders", &a),
        base: "/admin/reminders",
        r: reminders::show(&state, Creator::Admin(&a), id).await?,
        notice: notice_of(&q),
    })
}

pub async fn employer_show(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    Path(id): Path<i64>,
    crate::extract::Query(q): crate::extract::Query<ShowQuery>,
) -> Result<ReminderPage, HttpError> {
    Ok(ReminderPage {
        chrome: employer_chrome(&state, &e),
        base: "/employer/reminders",
        r: reminders::show(&state, Creator::Employer(&e), id).await?,
        notice: notice_of(&q),
    })
}

pub async fn admin_cancel(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<Redirect, HttpError> {
    reminders::cancel(&state, Creator::Admin(&a), id, ip).await?;
    Ok(Redirect::to(&format!("/admin/reminders/{id}?cancelled=1")))
}

pub async fn employer_cancel(
    State(state): State<AppState>,
    PageEmployer(e): PageEmployer,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<Redirect, HttpError> {
    reminders::cancel(&state, Creator::Employer(&e), id, ip).await?;
    Ok(Redirect::to(&format!(
        "/employer/reminders/{id}?cancelled=1"
    )))
}

// ---- 消息 ----

#[derive(Template, WebTemplate)]
#[template(path = "messages.html")]
pub struct MessagesPage {
    pub chrome: Chrome,
    pub items: Vec<MessageView>,
    /// The message opened, if one is.
    pub open: Option<MessageView>,
}

pub async fn messages(
    State(state): State<AppState>,
    PageLearner(l): PageLearner,
) -> Result<MessagesPage, HttpError> {
    let m = inbox::messages(&state, &l).await?;
    Ok(MessagesPage {
        chrome: Chrome::for_learner(&state, "messages", &l),
        items: m.items,
        open: None,
    })
}

pub async fn message(
    State(state): State<AppState>,
    PageLearner(mut l): PageLearner,
    Path(id): Path<i64>,
) -> Result<MessagesPage, HttpError> {
    let open = inbox::open(&state, &l, id).await?;
    l.0.unread = Some(inbox::unread(&state, l.learner_id).await?);
    let m = inbox::messages(&state, &l).await?;
    Ok(MessagesPage {
        chrome: Chrome::for_learner(&state, "messages", &l),
        items: m.items,
        open: Some(open),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub reminder_sms: String,
}

pub async fn save_settings(
    State(state): State<AppState>,
    PageLearner(l): PageLearner,
    Form(f): Form<SettingsForm>,
) -> Result<Redirect, HttpError> {
    let on = f.reminder_sms == "on" || f.reminder_sms == "true";
    inbox::save_settings(&state, &l, &inbox::LearnerSettings { reminder_sms: on }).await?;
    Ok(Redirect::to("/learner/profile?settings=saved#settings"))
}
