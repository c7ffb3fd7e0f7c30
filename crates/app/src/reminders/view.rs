//! What the pages and the API show of a reminder: its definition, and its progress counted in
//! learners (sent + failed + skipped = audience_count once it is done).

use jxjy_store::reminders::{FailureRow, Progress, ReminderRow};
use serde::Serialize;

use crate::format;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReminderCreated {
    pub id: i64,
    pub audience_count: i64,
}

/// The count a reminder would reach, and the SMS its first learner would read.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Preview {
    pub audience_count: i64,
    /// The SMS for an example learner, the signature first.
    pub sample: String,
    /// Segments the gateway bills for it (70 characters in one, 67 each once split).
    pub segments: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FailureView {
    pub learner_id: i64,
    pub name: String,
    /// Masked: `138****8000`.
    pub phone: String,
    pub error: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReminderView {
    pub id: i64,
    /// scheduled | running | done | cancelled
    pub status: String,
    pub status_label: String,
    pub year: i64,
    /// not_met | not_enrolled | all
    pub audience: String,
    pub audience_label: String,
    pub region_code: Option<String>,
    pub sms: bool,
    pub title: String,
    pub text: String,
    /// RFC 3339.
    pub send_at: String,
    pub audience_count: i64,
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    pub skipped: i64,
    /// Messages that never went because the reminder was cancelled.
    pub cancelled: i64,
    /// 0-100: the share of the audience that is done with.
    pub percent: i64,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// The first failures (at most 50), on the reminder's own view only.
    pub failures: Vec<FailureView>,
}

impl ReminderView {
    pub fn new(r: ReminderRow, p: Progress, failures: Vec<FailureRow>) -> ReminderView {
        let done = p.sent + p.failed + p.skipped + p.cancelled;
        let percent = if r.audience_count > 0 {
            (done * 100 / r.audience_count).clamp(0, 100)
        } else {
            100
        };
        ReminderView {
            id: r.id,
            status: r.status.as_str().to_string(),
            status_label: r.status.label().to_string(),
            year: r.year,
            audience: r.audience.as_str().to_string(),
            audience_label: r.audience.label().to_string(),
            region_code: r.region_code,
            sms: r.sms != 0,
            title: r.title,
            text: r.text,
            send_at: format::rfc3339(r.send_at),
            audience_count: r.audience_count,
            queued: p.queued,
            sent: p.sent,
            failed: p.failed,
            skipped: p.skipped,
            cancelled: p.cancelled,
            percent,
            created_at: format::rfc3339(r.created_at),
            finished_at: r.finished_at.map(format::rfc3339),
            failures: failures
                .into_iter()
                .map(|f| FailureView {
                    learner_id: f.learner_id,
                    name: f.name,
                    phone: crate::admin::console::mask_phone(&f.phone),
                    error: f.error.unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// `2026-12-05 09:00`, for the pages.
    pub fn send_at_text(&self) -> String {
        format::parse_time(&self.send_at)
            .map(format::datetime)
            .unwrap_or_default()
    }
}
