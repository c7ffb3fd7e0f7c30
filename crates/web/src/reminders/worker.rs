//! The delivery loop of one `jxjy serve`: it steps `jxjy_app::reminders::worker::run_once` as
//! an instance of its own name, and once a minute creates the day's yearly reminder. Several
//! instances run it side by side; the database leases keep them from sending twice.

use std::time::Duration;

use jxjy_app::format;
use jxjy_app::reminders::worker::{Tick, run_once};
use jxjy_app::reminders::yearly;

use crate::AppState;

/// Messages one step may send before the loop looks again (and renews its lease).
const STEP: usize = 500;

pub fn spawn(state: AppState) {
    let owner = format!(
        "{}-{}",
        std::process::id(),
        jxjy_app::crypto::random_token()
            .map(|t| t[..8].to_string())
            .unwrap_or_default()
    );
    tokio::spawn(async move {
        let mut last_yearly = 0;
        loop {
            let now = format::now();
            if now - last_yearly >= 60 {
                last_yearly = now;
                if let Err(e) = yearly::ensure_today(&state, now).await {
                    tracing::warn!(error = %e.message, "yearly reminder not created");
                }
            }
            let pause = match run_once(&state, &owner, now, STEP).await {
                Ok(Tick::Worked(_) | Tick::Finished(_)) => Duration::ZERO,
                // The next second brings new SMS slots.
                Ok(Tick::RateLimited(_)) => Duration::from_millis(1000 - (now_millis() % 1000)),
                Ok(Tick::Idle | Tick::Waiting | Tick::LostLease) => Duration::from_secs(1),
                Err(e) => {
                    tracing::warn!(error = %e.message, "reminder delivery step failed");
                    Duration::from_secs(5)
                }
            };
            if pause.is_zero() {
                tokio::task::yield_now().await;
            } else {
                tokio::time::sleep(pause).await;
            }
        }
    });
}

fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}
