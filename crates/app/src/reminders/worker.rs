//! The delivery job, one step at a time: `run_once` claims a due reminder with a lease, sends
//! what may go now and returns; it never sleeps, so the caller owns the clock (the serve loop
//! passes the time of day, the tests a time they choose). What keeps each learner to at most
//! one SMS a reminder is in the store: the message row exists before the SMS, and it is
//! committed `sending` before the gateway is called.

use jxjy_domain::{Credits, ReminderText, YearCredits, sms_text};
use jxjy_store::reminder_jobs::{Outcome, QueuedMessage, SmsResult};
use jxjy_store::reminders::ReminderRow;

use crate::credits::YearJudge;
use crate::credits::view::YearView;
use crate::sms::SmsMessage;
use crate::{AppError, Context};

/// A lease lasts this long; each batch renews it, so only a dead instance's lease runs out.
pub const LEASE_SECS: i64 = 30;
/// Messages read at a time (keyset pages of the queue, never the whole audience).
const BATCH: i64 = 100;
/// A refused SMS is tried this many times in all before it counts as failed.
pub const MOST_ATTEMPTS: i64 = 3;

/// What one step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tick {
    /// Nothing is due.
    Idle,
    /// It sent `n` messages and stopped at its budget (the lease is kept: call again).
    Worked(usize),
    /// This second's SMS are used up (by any instance): call again in the next second.
    RateLimited(usize),
    /// Quiet hours, or retries not yet due: the lease is let go until then.
    Waiting,
    /// The reminder is done.
    Finished(i64),
    /// Another instance took the reminder over, or it was cancelled.
    LostLease,
}

/// `专业课 10 学分、公需课 30 学分` (the `{还差}` of the text), judged by the learner's own rule.
fn missing_phrase(judge: &YearJudge, m: &QueuedMessage) -> String {
    let earned = YearCredits::new(
        Credits::from_tenths(m.professional_tenths),
        Credits::from_tenths(m.public_tenths),
    );
    let eval = judge.evaluate(m.first_required_year, earned);
    let view = YearView::new(judge.year, earned, &eval, &judge.rule);
    match view.missing.description.strip_prefix("还差") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => "0 学分".to_string(),
    }
}

/// One step of delivery as instance `owner` at `now`, sending at most `budget` messages.
pub async fn run_once(
    cx: &Context,
    owner: &str,
    now: i64,
    budget: usize,
) -> Result<Tick, AppError> {
    let reminders = cx.store.reminders();
    let Some(r) = reminders.claim_due(owner, now, now + LEASE_SECS).await? else {
        return Ok(Tick::Idle);
    };
    if r.sms != 0
        && cx
            .settings
            .quiet_hours()
            .and_then(|q| q.quiet_until(now))
            .is_some()
    {
        // 免打扰: nothing goes; the messages wait, and go when the quiet hours end.
        reminders.release(r.id, owner).await?;
        return Ok(Tick::Waiting);
    }
    let judge = YearJudge::of(cx, r.year)?;
    let mut done = 0usize;
    loop {
        if done >= budget {
            return Ok(Tick::Worked(done));
        }
        let most = BATCH.min((budget - done) as i64);
        let batch = reminders.next_batch(&r, now, most).await?;
        if batch.is_empty() {
            if reminders.finish_if_done(r.id, now).await? {
                return Ok(Tick::Finished(r.id));
            }
            reminders.release(r.id, owner).await?;
            return Ok(Tick::Waiting);
        }
        let step = deliver_batch(cx, &r, &judge, &batch, now).await?;
        done += step.done;
        match step.then {
            Then::RateLimited => return Ok(Tick::RateLimited(done)),
            Then::Stopped => return Ok(Tick::LostLease),
            Then::Go if !reminders.renew(r.id, owner, now + LEASE_SECS).await? => {
                return Ok(Tick::LostLease);
            }
            Then::Go => {}
        }
    }
}

/// What one batch did, and whether the step goes on.
struct Step {
    done: usize,
    then: Then,
}

enum Then {
    Go,
    /// This second's SMS are used up.
    RateLimited,
    /// The reminder no longer runs (cancelled).
    Stopped,
}

/// One batch: the text of each, what needs no SMS ended and the SMS marked `sending` in one
/// commit, the SMS sent, their outcomes in a second commit.
async fn deliver_batch(
    cx: &Context,
    r: &ReminderRow,
    judge: &YearJudge,
    batch: &[QueuedMessage],
    now: i64,
) -> Result<Step, AppError> {
    let reminders = cx.store.reminders();
    let per_second = cx.settings.reminder_sms_per_second;
    let text = ReminderText::parse(&r.text).ok();
    let mut in_app = Vec::new();
    // (message, text) of each SMS to go, and the message it is.
    let mut sms: Vec<(i64, String)> = Vec::new();
    let mut to_send: Vec<&QueuedMessage> = Vec::new();
    let mut rate_limited = false;
    for m in batch {
        let body = match &text {
            Some(t) => t.render(&m.name, r.year, &missing_phrase(judge, m)),
            None => r.text.clone(),
        };
        if r.sms == 0 {
            in_app.push((m.id, Outcome::Sent, body));
        } else if m.reminder_sms == 0 || m.phone.trim().is_empty() {
            in_app.push((m.id, Outcome::Skipped, body));
        } else if per_second > 0 && !reminders.take_sms_slot(now, per_second).await? {
            // This second's SMS are used up; the rest of the batch waits for the next.
            rate_limited = true;
            break;
        } else {
            sms.push((m.id, body));
            to_send.push(m);
        }
    }
    let Some(marked) = reminders.start_batch(r.id, &in_app, &sms, now).await? else {
        return Ok(Step {
            done: 0,
            then: Then::Stopped,
        });
    };
    let mut results = Vec::with_capacity(marked.len());
    for (m, (_, body)) in to_send
        .iter()
        .zip(&sms)
        .filter(|(m, _)| marked.contains(&m.id))
    {
        let message = SmsMessage {
            phone: m.phone.clone(),
            code: String::new(),
            purpose: "reminder".into(),
            sent_at: now,
            valid_minutes: 0,
            text: Some(sms_text(&cx.settings.sms_signature, body)),
        };
        let result = match cx.sms.send(&message).await {
            Ok(()) => SmsResult::Sent,
            Err(e) => {
                let reason: String = format!("短信网关未发送：{e}").chars().take(200).collect();
                tracing::warn!(reminder = r.id, message = m.id, error = %e, "reminder sms refused");
                if m.attempts + 1 >= MOST_ATTEMPTS {
                    SmsResult::Failed(reason)
                } else {
                    SmsResult::Retry(reason, now + 60 * (m.attempts + 1))
                }
            }
        };
        results.push((m.id, result));
    }
    reminders.finish_batch(&results, now).await?;
    Ok(Step {
        done: in_app.len() + marked.len(),
        then: if rate_limited {
            Then::RateLimited
        } else {
            Then::Go
        },
    })
}
