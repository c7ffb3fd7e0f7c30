//! 学习提醒 (SPEC section 9): who a reminder reaches, the states of a reminder and of each of
//! its messages, the text with its placeholders, quiet hours and SMS segments. Pure rules; the
//! delivery job is in `jxjy-app`.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseCodeError;

/// Who a reminder reaches, of the learners in its scope who must study in its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Audience {
    /// Required and short of the year's rule.
    NotMet,
    /// Required and without an enrollment (not cancelled) for the year.
    NotEnrolled,
    /// Everyone required in the year.
    All,
}

impl Audience {
    pub const ALL: &'static [Audience] = &[Audience::NotMet, Audience::NotEnrolled, Audience::All];

    pub const fn as_str(self) -> &'static str {
        match self {
            Audience::NotMet => "not_met",
            Audience::NotEnrolled => "not_enrolled",
            Audience::All => "all",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Audience::NotMet => "未达标的人员",
            Audience::NotEnrolled => "未报名的人员",
            Audience::All => "全部应参加的人员",
        }
    }
}

impl FromStr for Audience {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Audience::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ParseCodeError::Audience(s.to_string()))
    }
}

/// A reminder's life: scheduled → running → done, or cancelled before it is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReminderStatus {
    Scheduled,
    Running,
    Done,
    Cancelled,
}

impl ReminderStatus {
    pub const ALL: &'static [ReminderStatus] = &[
        ReminderStatus::Scheduled,
        ReminderStatus::Running,
        ReminderStatus::Done,
        ReminderStatus::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            ReminderStatus::Scheduled => "scheduled",
            ReminderStatus::Running => "running",
            ReminderStatus::Done => "done",
            ReminderStatus::Cancelled => "cancelled",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            ReminderStatus::Scheduled => "待发送",
            ReminderStatus::Running => "发送中",
            ReminderStatus::Done => "已完成",
            ReminderStatus::Cancelled => "已取消",
        }
    }

    /// Only what has not finished may be cancelled.
    pub const fn may_cancel(self) -> bool {
        matches!(self, ReminderStatus::Scheduled | ReminderStatus::Running)
    }
}

impl FromStr for ReminderStatus {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReminderStatus::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ParseCodeError::ReminderStatus(s.to_string()))
    }
}

/// One learner's message of a reminder. `Sending` is written before the SMS goes out: found
/// after a crash, it is never sent again (at most one SMS per learner and reminder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MessageState {
    Queued,
    Sending,
    Sent,
    Failed,
    Skipped,
    Cancelled,
}

impl MessageState {
    pub const ALL: &'static [MessageState] = &[
        MessageState::Queued,
        MessageState::Sending,
        MessageState::Sent,
        MessageState::Failed,
        MessageState::Skipped,
        MessageState::Cancelled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            MessageState::Queued => "queued",
            MessageState::Sending => "sending",
            MessageState::Sent => "sent",
            MessageState::Failed => "failed",
            MessageState::Skipped => "skipped",
            MessageState::Cancelled => "cancelled",
        }
    }

    /// The in-app message has reached the learner (the SMS went, failed or was not for them).
    pub const fn is_delivered(self) -> bool {
        matches!(
            self,
            MessageState::Sent | MessageState::Failed | MessageState::Skipped
        )
    }
}

impl FromStr for MessageState {
    type Err = ParseCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MessageState::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ParseCodeError::MessageState(s.to_string()))
    }
}

/// The placeholders a reminder's text may hold, filled per learner.
pub const PLACEHOLDERS: [&str; 3] = ["{姓名}", "{年度}", "{还差}"];
/// The most characters a reminder's text may have (before the placeholders are filled).
pub const TEXT_MOST: usize = 300;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReminderTextError {
    Empty,
    TooLong,
    UnknownPlaceholder(String),
    ControlCharacter,
}

impl fmt::Display for ReminderTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReminderTextError::Empty => write!(f, "请填写提醒内容"),
            ReminderTextError::TooLong => write!(f, "提醒内容最多 {TEXT_MOST} 个字"),
            ReminderTextError::UnknownPlaceholder(p) => write!(
                f,
                "提醒内容中的 {p} 不是可用的占位符；可用的有 {{姓名}}、{{年度}}、{{还差}}"
            ),
            ReminderTextError::ControlCharacter => write!(f, "提醒内容含有不可见字符"),
        }
    }
}

/// A reminder's text: at most `TEXT_MOST` characters, braces only around a known placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderText(String);

impl ReminderText {
    pub fn parse(raw: &str) -> Result<ReminderText, ReminderTextError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(ReminderTextError::Empty);
        }
        if text.chars().count() > TEXT_MOST {
            return Err(ReminderTextError::TooLong);
        }
        if text.chars().any(|c| c.is_control() && c != '\n') {
            return Err(ReminderTextError::ControlCharacter);
        }
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            let tail = &rest[open..];
            match PLACEHOLDERS.iter().find(|p| tail.starts_with(**p)) {
                Some(p) => rest = &tail[p.len()..],
                None => {
                    let shown: String = tail
                        .chars()
                        .take_while(|c| *c != '}')
                        .chain(std::iter::once('}'))
                        .take(12)
                        .collect();
                    return Err(ReminderTextError::UnknownPlaceholder(shown));
                }
            }
        }
        Ok(ReminderText(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text for one learner; `missing` reads like `专业课 10 学分、公需课 30 学分`.
    pub fn render(&self, name: &str, year: i64, missing: &str) -> String {
        self.0
            .replace("{姓名}", name)
            .replace("{年度}", &year.to_string())
            .replace("{还差}", missing)
    }
}

/// The SMS as the gateway sends it: the province's signature first, in 【】.
pub fn sms_text(signature: &str, body: &str) -> String {
    if signature.trim().is_empty() {
        body.to_string()
    } else {
        format!("【{}】{body}", signature.trim())
    }
}

/// How many segments the gateway bills for `text`: Chinese SMS count every character as one,
/// 70 in a single segment, 67 a segment once it is split (the rest carries the joining header).
pub fn sms_segments(text: &str) -> usize {
    let n = text.chars().count();
    if n <= 70 { 1 } else { n.div_ceil(67) }
}

/// Asia/Shanghai, which keeps no daylight saving time.
const SHANGHAI_OFFSET: i64 = 8 * 3600;

/// Hours of the day (Asia/Shanghai) in which no reminder SMS goes: `21-8` is 21:00 to 08:00.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start: u8,
    pub end: u8,
}

impl QuietHours {
    /// `"21-8"`; an empty setting turns quiet hours off (`None`).
    pub fn parse(raw: &str) -> Result<Option<QuietHours>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let bad = || format!("免打扰时段应写作 开始-结束 的整点，如 21-8，而不是 {raw}");
        let (a, b) = raw.split_once('-').ok_or_else(bad)?;
        let hour = |s: &str| s.trim().parse::<u8>().ok().filter(|h| *h < 24);
        match (hour(a), hour(b)) {
            (Some(start), Some(end)) if start != end => Ok(Some(QuietHours { start, end })),
            _ => Err(bad()),
        }
    }

    fn contains_hour(self, hour: u8) -> bool {
        if self.start < self.end {
            (self.start..self.end).contains(&hour)
        } else {
            hour >= self.start || hour < self.end
        }
    }

    /// When `now` (Unix seconds) is quiet, the moment the quiet hours end; else `None`.
    pub fn quiet_until(self, now: i64) -> Option<i64> {
        let local = now + SHANGHAI_OFFSET;
        let hour = local.rem_euclid(86_400) / 3600;
        if !self.contains_hour(hour as u8) {
            return None;
        }
        let hours_left = (i64::from(self.end) - hour).rem_euclid(24);
        let start_of_hour = now - local.rem_euclid(3600);
        Some(start_of_hour + hours_left * 3600)
    }
}

#[cfg(test)]
#[path = "reminder_tests.rs"]
mod tests;
