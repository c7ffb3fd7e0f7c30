//! Delivering the outbox: each due message is POSTed to the school's `webhook_url`, signed with
//! the scheme of the partner API (the school checks it as we check theirs). A failure is
//! recorded and retried with backoff; a failing school never blocks a learner, because the
//! learner's change committed before any delivery is tried.

use std::time::Duration;

use crate::AppState;
use crate::partner::signing;
use jxjy_app::crypto;
use jxjy_app::format;
use jxjy_app::secrets;

/// Delivers the messages due now, one claim at a time (at most a round of them); returns how
/// many were delivered.
pub async fn deliver_due(state: &AppState) -> usize {
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "webhook client");
            return 0;
        }
    };
    let mut delivered = 0;
    for _ in 0..jxjy_store::webhooks::ROUND {
        let msg = match state
            .store
            .webhooks()
            .claim_next_webhook(format::now())
            .await
        {
            Ok(Some(msg)) => msg,
            Ok(None) => break,
            Err(e) => {
                tracing::warn!(error = %e, "webhook outbox unreadable");
                break;
            }
        };
        let result = deliver_one(state, &client, msg.institution_id, &msg.payload).await;
        let now = format::now();
        let saved = match &result {
            Ok(()) => state.store.webhooks().webhook_delivered(msg.id, now).await,
            Err(e) => {
                state
                    .store
                    .webhooks()
                    .webhook_failed(msg.id, msg.attempts, e, now)
                    .await
            }
        };
        if let Err(e) = saved {
            tracing::warn!(error = %e, id = msg.id, "webhook outcome not saved");
        }
        match result {
            Ok(()) => delivered += 1,
            Err(e) => {
                tracing::warn!(id = msg.id, institution = msg.institution_id, attempt = msg.attempts, error = %e, "webhook delivery failed")
            }
        }
    }
    delivered
}

async fn deliver_one(
    state: &AppState,
    client: &reqwest::Client,
    institution_id: i64,
    payload: &str,
) -> Result<(), String> {
    let inst = state
        .store
        .institutions()
        .institution(institution_id)
        .await
        .map_err(|e| e.to_string())?;
    let url = inst
        .webhook_url
        .filter(|u| !u.is_empty())
        .ok_or("机构未设置 webhook_url")?;
    let parsed = reqwest::Url::parse(&url).map_err(|e| format!("webhook_url 无效: {e}"))?;
    let path = match parsed.query() {
        Some(q) => format!("{}?{q}", parsed.path()),
        None => parsed.path().to_string(),
    };
    let secret = secrets::decrypt(&state.secret_key, &inst.secret_enc)?;
    let nonce = crypto::random_token().map_err(|e| e.to_string())?;
    let ts = format::now();
    let mut request = client
        .post(parsed)
        .header("content-type", "application/json")
        .body(payload.to_string());
    for (name, value) in signing::headers(
        institution_id,
        &secret,
        "POST",
        &path,
        ts,
        &nonce[..32],
        payload.as_bytes(),
    ) {
        request = request.header(name, value);
    }
    let response = request.send().await.map_err(|e| format!("无法连接: {e}"))?;
    if response.status().is_success() {
        Ok(())
    } else {
        Err(format!("对方返回 {}", response.status()))
    }
}

/// Runs the delivery every `every` until the process ends.
pub fn spawn_worker(state: AppState, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            deliver_due(&state).await;
        }
    });
}
