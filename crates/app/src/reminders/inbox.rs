//! 消息 for the learner: the in-app side of the reminders that reached them, read once opened,
//! and 接收学习提醒短信 (on unless turned off).

use serde::{Deserialize, Serialize};

use crate::auth::LearnerAuth;
use crate::{AppError, Context, format};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MessageView {
    pub id: i64,
    pub title: String,
    pub text: String,
    /// RFC 3339.
    pub sent_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Messages {
    pub items: Vec<MessageView>,
    pub unread: i64,
}

/// The learner's settings; a PUT must say each one (a missing field is a 400, never "off").
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct LearnerSettings {
    /// 接收学习提醒短信
    #[schema(required = true)]
    pub reminder_sms: bool,
}

/// The newest this many messages are listed.
const MOST: i64 = 100;

fn view(m: jxjy_store::reminder_inbox::InboxRow) -> MessageView {
    MessageView {
        id: m.id,
        title: m.title,
        text: m.text,
        sent_at: format::rfc3339(m.sent_at),
        read: m.read_at.is_some(),
    }
}

pub async fn messages(cx: &Context, auth: &LearnerAuth) -> Result<Messages, AppError> {
    let r = cx.store.reminders();
    let items = r
        .inbox(auth.learner_id, MOST)
        .await?
        .into_iter()
        .map(view)
        .collect();
    Ok(Messages {
        items,
        unread: r.unread(auth.learner_id).await?,
    })
}

pub async fn unread(cx: &Context, learner_id: i64) -> Result<i64, AppError> {
    Ok(cx.store.reminders().unread(learner_id).await?)
}

/// Opens one message: it is read from now on.
pub async fn open(cx: &Context, auth: &LearnerAuth, id: i64) -> Result<MessageView, AppError> {
    let r = cx.store.reminders();
    let m = r
        .message_of(auth.learner_id, id)
        .await
        .map_err(|e| match e {
            jxjy_store::StoreError::NotFound => AppError::not_found("消息不存在"),
            other => other.into(),
        })?;
    r.mark_read(auth.learner_id, id, format::now()).await?;
    Ok(MessageView {
        read: true,
        ..view(m)
    })
}

pub async fn settings(cx: &Context, auth: &LearnerAuth) -> Result<LearnerSettings, AppError> {
    Ok(LearnerSettings {
        reminder_sms: cx.store.reminders().reminder_sms(auth.learner_id).await?,
    })
}

pub async fn save_settings(
    cx: &Context,
    auth: &LearnerAuth,
    s: &LearnerSettings,
) -> Result<LearnerSettings, AppError> {
    cx.store
        .reminders()
        .set_reminder_sms(auth.learner_id, s.reminder_sms)
        .await?;
    settings(cx, auth).await
}
