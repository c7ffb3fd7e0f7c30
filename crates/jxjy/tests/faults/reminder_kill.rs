//! A reminder's delivery survives SIGKILL of the real binary mid-run: after the restart the
//! dead instance's lease runs out, the new process takes the reminder over and finishes it,
//! and no learner gets a second SMS (docs/reminders.md). The kill lands once the outbox holds
//! the first reminder SMS.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::{Value, json};

use crate::common::fresh_database_url;
use crate::server::Server;

fn reminder_phones(outbox: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(outbox)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["purpose"] == "reminder")
        .filter_map(|v| v["phone"].as_str().map(str::to_string))
        .collect()
}

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    token: &str,
    body: Option<Value>,
) -> Value {
    let mut req = http.request(method, url).bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    req.send().await.unwrap().json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_killed_mid_run_is_taken_over_and_sends_no_sms_twice() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let outbox = dir.path().join("outbox.jsonl");
    let outbox_arg = outbox.display().to_string();
    let mut server = Server::new(url, dir.path())
        .setting("JXJY_SMS_OUTBOX", &outbox_arg)
        .setting("JXJY_REMINDER_SMS_PER_SECOND", "0")
        .setting("JXJY_REMINDER_QUIET_HOURS", "");
    let manifest = server.bench_data(3000).await;
    server.start().await;
    let http = reqwest::Client::new();
    let base = server.base();
    let admin = &manifest["admin"];
    let login: Value = http
        .post(format!("{base}/api/v1/admin/login"))
        .json(&json!({"username": admin["username"], "password": admin["password"]}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_string();
    let year = i64::from(jxjy_app::format::this_year());
    let created = call(
        &http,
        reqwest::Method::POST,
        format!("{base}/api/v1/admin/reminders"),
        &token,
        Some(json!({"year": year, "audience": "all", "sms": true, "text": "{姓名}请学习"})),
    )
    .await;
    let id = created["id"].as_i64().expect("created");
    let audience = created["audience_count"].as_i64().unwrap();
    assert!(audience > 1000, "{created}");

    // SIGKILL as soon as the first SMS are out (bounded: 60 s).
    for _ in 0..6000 {
        if !reminder_phones(&outbox).is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.kill9().await;
    let at_kill = reminder_phones(&outbox).len() as i64;
    assert!(at_kill > 0, "the reminder had started");
    eprintln!("reminder {id}: {at_kill} of {audience} SMS out when killed");

    // Restarted, the new process waits for the dead lease and finishes (bounded: 180 s).
    server.start().await;
    let token = {
        let login: Value = http
            .post(format!("{base}/api/v1/admin/login"))
            .json(&json!({"username": admin["username"], "password": admin["password"]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        login["token"].as_str().unwrap().to_string()
    };
    let mut r = Value::Null;
    for _ in 0..1800 {
        r = call(
            &http,
            reqwest::Method::GET,
            format!("{base}/api/v1/admin/reminders/{id}"),
            &token,
            None,
        )
        .await;
        if r["status"] == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(r["status"], "done", "{r}");
    let n = |k: &str| r[k].as_i64().unwrap();
    assert_eq!(n("sent") + n("failed") + n("skipped"), audience, "{r}");
    let phones = reminder_phones(&outbox);
    let mut per_phone: HashMap<&str, usize> = HashMap::new();
    for p in &phones {
        *per_phone.entry(p).or_default() += 1;
    }
    assert!(
        per_phone.values().all(|c| *c == 1),
        "no learner got two SMS"
    );
    // Every SMS counted as sent went out; the batch cut off by the kill counts as failed
    // (interrupted), whether or not its SMS had gone, and is never sent again.
    let went = phones.len() as i64;
    assert!(
        n("sent") <= went && went <= n("sent") + n("failed"),
        "{went} SMS, {r}"
    );
    assert!(n("failed") <= 100, "{r}");
    server.terminate(Duration::from_secs(30)).await;
}
