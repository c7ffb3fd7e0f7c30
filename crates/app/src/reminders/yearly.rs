//! `reminder_dates`: on each configured date (Asia/Shanghai) a reminder to every `not_met`
//! learner of the province is created by itself, once across all instances (the date is the
//! reminder's unique `yearly_key`), audited as the system's.

use jxjy_domain::{Audience, ReminderText};
use jxjy_store::audit::Actor;
use jxjy_store::reminders::{NewReminder, Scope};

use crate::credits::YearJudge;
use crate::settings::reminder_date;
use crate::{AppError, Context, format};

/// Creates today's yearly reminder if today is one of the dates and nobody has yet; returns its id.
pub async fn ensure_today(cx: &Context, now: i64) -> Result<Option<i64>, AppError> {
    let Some(today) = format::date_of(now) else {
        return Ok(None);
    };
    let is_today = cx
        .settings
        .reminder_dates
        .iter()
        .filter_map(|d| reminder_date(d))
        .any(|(m, d)| (m, d) == (today.month(), today.day()));
    if !is_today {
        return Ok(None);
    }
    let year = i64::from(today.year());
    let key = format!("{year}-{:02}-{:02}", today.month(), today.day());
    let root = cx
        .store
        .regions()
        .region(&cx.settings.province_code)
        .await?
        .ok_or_else(|| AppError::internal("the province's region is missing"))?;
    let text = ReminderText::parse(&cx.settings.reminder_yearly_text)
        .map_err(|e| AppError::internal(format!("reminder_yearly_text: {e}")))?;
    let judge = YearJudge::of(cx, year)?;
    let title = format!(
        "{}：{year} 年度继续教育学习提醒",
        cx.settings.province_authority
    );
    let new = NewReminder {
        creator_kind: "system",
        creator_id: None,
        scope: Scope::Region {
            code: root.code.clone(),
            path: root.path.clone(),
        },
        year,
        audience: Audience::NotMet,
        sms: true,
        title: &title,
        text: text.as_str(),
        send_at: now,
        thresholds: super::thresholds(&judge),
        yearly_key: Some(&key),
    };
    let created = cx
        .store
        .reminders()
        .create(&new, &Actor::system(), now)
        .await?;
    if let Some((id, count)) = created {
        tracing::info!(reminder = id, audience = count, date = %key, "yearly reminder created");
    }
    Ok(created.map(|(id, _)| id))
}
