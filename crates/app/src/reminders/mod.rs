//! 学习提醒 (SPEC section 9): an authority (its region, or a region below it) or an approved
//! employer (its confirmed staff) reminds those who are short. Creating one fixes its audience
//! and shows the count first; delivery is the job of `worker`, which any instance runs; the
//! learner reads the in-app side under 消息 (`inbox`). Shared by the pages and the API.

pub mod inbox;
pub mod view;
pub mod worker;
pub mod yearly;

use std::net::IpAddr;

use jxjy_domain::{Audience, ReminderText, sms_segments, sms_text};
use jxjy_store::audit::{Actor, Entry};
use jxjy_store::console::Thresholds;
use jxjy_store::reminders::{NewReminder, ReminderRow, Scope};
use jxjy_store::{Page, PageRequest, StoreError};
use serde::Deserialize;

use crate::admin::AdminAuth;
use crate::credits::YearJudge;
use crate::employers::EmployerAuth;
use crate::{AppError, Context, format};
pub use view::{Preview, ReminderCreated, ReminderView};

/// Who creates and reads reminders.
#[derive(Clone, Copy)]
pub enum Creator<'a> {
    Admin(&'a AdminAuth),
    Employer(&'a EmployerAuth),
}

#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReminderRequest {
    #[schema(required = true)]
    pub year: i64,
    /// not_met | not_enrolled | all
    #[schema(required = true)]
    pub audience: String,
    /// An admin's narrowing to a region below its own; employers leave it out.
    pub region_code: Option<String>,
    /// Also by SMS (the in-app message always goes).
    pub sms: bool,
    /// With the placeholders {姓名} {年度} {还差}; at most 300 characters.
    #[schema(required = true)]
    pub text: String,
    /// RFC 3339 or `YYYY-MM-DDTHH:MM` (Asia/Shanghai); left out: now.
    pub send_at: Option<String>,
}

/// A request checked: everything a reminder needs, but not yet written.
pub struct Checked {
    pub scope: Scope,
    pub year: i64,
    pub audience: Audience,
    pub text: ReminderText,
    pub send_at: i64,
    pub thresholds: Thresholds,
    pub title: String,
}

pub fn thresholds(judge: &YearJudge) -> Thresholds {
    Thresholds {
        total: judge.rule.total().tenths(),
        professional: judge.rule.professional_required().tenths(),
        public: judge.rule.public_min().tenths(),
    }
}

/// `2026-12-05T09:00` (a form's datetime-local, Asia/Shanghai) or RFC 3339.
fn parse_send_at(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    format::parse_time(raw).or_else(|| format::parse_time(&format!("{raw}:00+08:00")))
}

async fn scope_of(
    cx: &Context,
    creator: Creator<'_>,
    region: Option<&str>,
) -> Result<Scope, AppError> {
    match creator {
        Creator::Employer(e) => {
            e.require_approved()?;
            Ok(Scope::Employer(e.employer_id))
        }
        Creator::Admin(a) => {
            let code = region
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .unwrap_or(&a.session.region_code);
            let outside = || {
                AppError::bad_request("invalid_input", "地区不存在或不在您的管辖范围内")
                    .on_field("region_code")
            };
            let r = cx.store.regions().region(code).await?.ok_or_else(outside)?;
            if !r.path.starts_with(&a.session.region_path) {
                return Err(outside());
            }
            Ok(Scope::Region {
                code: r.code,
                path: r.path,
            })
        }
    }
}

/// Checks a request field by field; every error names its field.
pub async fn check(
    cx: &Context,
    creator: Creator<'_>,
    req: &ReminderRequest,
    now: i64,
) -> Result<Checked, AppError> {
    let scope = scope_of(cx, creator, req.region_code.as_deref()).await?;
    let year = crate::training::parse_year(req.year)?;
    let audience = req.audience.trim().parse::<Audience>().map_err(|_| {
        AppError::bad_request(
            "invalid_input",
            "提醒对象只能是 not_met（未达标）、not_enrolled（未报名）或 all（全部）",
        )
        .on_field("audience")
    })?;
    let text = ReminderText::parse(&req.text)
        .map_err(|e| AppError::bad_request("invalid_input", e.to_string()).on_field("text"))?;
    let send_at = match req
        .send_at
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => now,
        Some(raw) => {
            let at = parse_send_at(raw).ok_or_else(|| {
                AppError::bad_request(
                    "invalid_input",
                    "发送时间格式不正确，请填写如 2026-12-05T09:00",
                )
                .on_field("send_at")
            })?;
            // A minute of slack for the time the form took to send.
            if at < now - 60 {
                return Err(
                    AppError::bad_request("invalid_input", "发送时间不能早于现在")
                        .on_field("send_at"),
                );
            }
            at
        }
    };
    let judge = YearJudge::of(cx, year)?;
    let who = match creator {
        Creator::Admin(a) => a.session.display_name.clone(),
        Creator::Employer(e) => e.name.clone(),
    };
    Ok(Checked {
        scope,
        year,
        audience,
        text,
        send_at,
        thresholds: thresholds(&judge),
        title: format!("{who}：{year} 年度继续教育学习提醒"),
    })
}

/// How many it reaches and what the first of them would read, before anything is sent.
pub async fn preview(
    cx: &Context,
    creator: Creator<'_>,
    req: &ReminderRequest,
) -> Result<Preview, AppError> {
    let c = check(cx, creator, req, format::now()).await?;
    let count = cx
        .store
        .reminders()
        .audience_count(&c.scope, c.year, c.audience, c.thresholds)
        .await?;
    let sample = c
        .text
        .render("冯思媛", c.year, "专业课 10 学分、公需课 30 学分");
    let sms = sms_text(&cx.settings.sms_signature, &sample);
    Ok(Preview {
        audience_count: count,
        segments: sms_segments(&sms) as i64,
        sample: sms,
    })
}

pub async fn create(
    cx: &Context,
    creator: Creator<'_>,
    req: &ReminderRequest,
    ip: IpAddr,
) -> Result<ReminderCreated, AppError> {
    let now = format::now();
    let c = check(cx, creator, req, now).await?;
    let (kind, id, actor) = match creator {
        Creator::Admin(a) => ("admin", a.session.id, a.actor(ip)),
        Creator::Employer(e) => ("employer", e.employer_id, e.actor(ip)),
    };
    let new = NewReminder {
        creator_kind: kind,
        creator_id: Some(id),
        scope: c.scope,
        year: c.year,
        audience: c.audience,
        sms: req.sms,
        title: &c.title,
        text: c.text.as_str(),
        send_at: c.send_at,
        thresholds: c.thresholds,
        yearly_key: None,
    };
    let (id, count) = cx
        .store
        .reminders()
        .create(&new, &actor, now)
        .await?
        .ok_or_else(|| AppError::internal("reminder not created"))?;
    Ok(ReminderCreated {
        id,
        audience_count: count,
    })
}

fn not_found(e: StoreError) -> AppError {
    match e {
        StoreError::NotFound => AppError::not_found("提醒不存在或不在您的管辖范围内"),
        other => other.into(),
    }
}

async fn row(cx: &Context, creator: Creator<'_>, id: i64) -> Result<ReminderRow, AppError> {
    let reminders = cx.store.reminders();
    match creator {
        Creator::Admin(a) => reminders.in_region_scope(id, &a.session.region_path).await,
        Creator::Employer(e) => reminders.of_employer(id, e.employer_id).await,
    }
    .map_err(not_found)
}

pub async fn show(cx: &Context, creator: Creator<'_>, id: i64) -> Result<ReminderView, AppError> {
    let r = row(cx, creator, id).await?;
    let progress = cx.store.reminders().progress(id).await?;
    let failures = cx.store.reminders().failures(id, 50).await?;
    Ok(ReminderView::new(r, progress, failures))
}

pub async fn cancel(
    cx: &Context,
    creator: Creator<'_>,
    id: i64,
    ip: IpAddr,
) -> Result<ReminderView, AppError> {
    let r = row(cx, creator, id).await?;
    let actor: Actor = match creator {
        Creator::Admin(a) => a.actor(ip),
        Creator::Employer(e) => e.actor(ip),
    };
    let target = id.to_string();
    let detail = serde_json::json!({"year": r.year}).to_string();
    let now = format::now();
    let entry = Entry::new(
        now,
        &actor,
        "reminder.cancel",
        ("reminder", &target),
        &detail,
    );
    if !cx.store.reminders().cancel(id, &entry, now).await? {
        return Err(AppError::conflict(
            "reminder_finished",
            "该提醒已发送完毕或已取消，无法取消",
        ));
    }
    show(cx, creator, id).await
}

pub async fn list(
    cx: &Context,
    creator: Creator<'_>,
    page: Option<i64>,
) -> Result<Page<ReminderView>, AppError> {
    let scope = match creator {
        Creator::Admin(a) => Scope::Region {
            code: a.session.region_code.clone(),
            path: a.session.region_path.clone(),
        },
        Creator::Employer(e) => {
            e.require_approved()?;
            Scope::Employer(e.employer_id)
        }
    };
    let rows = cx
        .store
        .reminders()
        .page(&scope, PageRequest::new(page, 20))
        .await?;
    let mut items = Vec::with_capacity(rows.items.len());
    for r in rows.items {
        let progress = cx.store.reminders().progress(r.id).await?;
        items.push(ReminderView::new(r, progress, Vec::new()));
    }
    Ok(Page {
        items,
        total: rows.total,
        page: rows.page,
        per_page: rows.per_page,
    })
}
