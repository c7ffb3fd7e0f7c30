//! Delivery under faults: two instances on one database run the same reminder, one of them
//! stops mid-run (its lease held, one message left `sending` as a crash between the mark and the
//! SMS would leave it) and the other takes over; a failing gateway; the yearly dates.

use std::collections::HashMap;

use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_on};
use crate::credits::register_learner;
use crate::reminders::{app_with, morning, reminder, reminder_sms};
use crate::training::{api, this_year};
use jxjy_app::reminders::worker::{LEASE_SECS, Tick, run_once};

/// A second instance on the same database and SMS outbox.
async fn twin(app: &TestApp) -> TestApp {
    let dir = tempfile::tempdir().unwrap();
    let mut s = app.settings.clone();
    s.data_dir = dir.path().to_path_buf();
    s.demo = false;
    spawn_on(dir, s).await
}

async fn progress(app: &TestApp, admin: &str, id: i64) -> serde_json::Value {
    api(
        app,
        admin,
        "GET",
        &format!("/api/v1/admin/reminders/{id}"),
        None,
    )
    .await
    .1
}

#[tokio::test]
async fn two_instances_and_a_crash_still_send_each_learner_at_most_one_sms() {
    let app = app_with("").await;
    for seq in 1..=9 {
        register_learner(&app, seq, |_| {}).await;
    }
    let b = twin(&app).await;
    let heping = admin_token(&app, "heping").await;
    let (_, created) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(this_year(), "all", "{姓名}请学习")),
    )
    .await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        created["audience_count"], 12,
        "the demo's three and nine more"
    );

    // A sends four and "dies": its lease is held, and one more message was marked but not sent.
    assert_eq!(
        run_once(&app.state, "A", morning(), 4).await.unwrap(),
        Tick::Worked(4)
    );
    let marked = sqlx::query(
        "UPDATE reminder_messages SET state = 'sending', attempts = 1 WHERE id = \
         (SELECT MIN(id) FROM reminder_messages WHERE reminder_id = $1 AND state = 'queued')",
    )
    .bind(id)
    .execute(app.state.store.pool())
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(marked, 1);
    // B cannot take it while A's lease lasts; once it has run out, B takes over.
    assert_eq!(
        run_once(&b.state, "B", morning() + 1, 1000).await.unwrap(),
        Tick::Idle
    );
    let after_lease = morning() + LEASE_SECS + 1;
    assert_eq!(
        run_once(&b.state, "B", after_lease, 1000).await.unwrap(),
        Tick::Finished(id)
    );
    // A comes back to life: nothing is left for it.
    assert_eq!(
        run_once(&app.state, "A", after_lease + 1, 1000)
            .await
            .unwrap(),
        Tick::Idle
    );

    let sms = reminder_sms(&app);
    let mut per_phone: HashMap<&str, usize> = HashMap::new();
    for (phone, _) in &sms {
        *per_phone.entry(phone).or_default() += 1;
    }
    assert!(
        per_phone.values().all(|n| *n == 1),
        "at most one SMS each: {per_phone:?}"
    );
    assert_eq!(
        sms.len(),
        11,
        "all but the one cut off between its mark and its SMS"
    );
    let p = progress(&app, &heping, id).await;
    let n = |k: &str| p[k].as_i64().unwrap();
    assert_eq!(
        (n("sent"), n("failed"), n("skipped"), n("queued")),
        (11, 1, 0, 0),
        "{p}"
    );
    assert_eq!(n("sent") + n("failed") + n("skipped"), n("audience_count"));
    assert!(
        p["failures"][0]["error"]
            .as_str()
            .unwrap()
            .contains("不再重发"),
        "{p}"
    );
    let rows: i64 = sqlx::query_scalar("SELECT CAST(COUNT(DISTINCT learner_id) AS BIGINT) FROM reminder_messages WHERE reminder_id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(rows, 12, "one message per learner");
}

#[tokio::test]
async fn two_instances_stepping_at_once_send_each_sms_once() {
    let app = app_with("").await;
    for seq in 1..=7 {
        register_learner(&app, seq, |_| {}).await;
    }
    let b = twin(&app).await;
    let heping = admin_token(&app, "heping").await;
    for _ in 0..2 {
        api(
            &app,
            &heping,
            "POST",
            "/api/v1/admin/reminders",
            Some(reminder(this_year(), "all", "请学习")),
        )
        .await;
    }
    for round in 0..20 {
        let now = morning() + round;
        let (x, y) = tokio::join!(
            run_once(&app.state, "A", now, 3),
            run_once(&b.state, "B", now, 3)
        );
        if matches!((x.unwrap(), y.unwrap()), (Tick::Idle, Tick::Idle)) {
            break;
        }
    }
    let sms = reminder_sms(&app);
    assert_eq!(
        sms.len(),
        20,
        "two reminders to ten learners, each SMS once"
    );
}

#[tokio::test]
async fn a_failing_gateway_is_retried_then_the_message_fails_with_its_reason() {
    // The outbox is a directory: every write fails, as a gateway that refuses.
    let dir = tempfile::tempdir().unwrap();
    let url = crate::common::fresh_database_url(&dir).await;
    let mut s = crate::common::test_settings(&dir, url);
    s.demo = true;
    s.reminder_sms_per_second = 0;
    s.reminder_quiet_hours = String::new();
    let outbox_dir = dir.path().join("outbox-is-a-directory");
    std::fs::create_dir_all(&outbox_dir).unwrap();
    s.sms_outbox = Some(outbox_dir);
    let app = spawn_on(dir, s).await;
    let heping = admin_token(&app, "heping").await;
    let (_, created) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(this_year(), "all", "请学习")),
    )
    .await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        run_once(&app.state, "A", morning(), 100).await.unwrap(),
        Tick::Waiting,
        "all three refused, to be retried"
    );
    let p = progress(&app, &heping, id).await;
    assert_eq!(
        (p["queued"].as_i64(), p["failed"].as_i64()),
        (Some(3), Some(0)),
        "first refusal: retried later: {p}"
    );
    assert_eq!(
        run_once(&app.state, "A", morning() + 1, 100).await.unwrap(),
        Tick::Waiting,
        "not due again yet"
    );
    run_once(&app.state, "A", morning() + 61, 100)
        .await
        .unwrap();
    run_once(&app.state, "A", morning() + 200, 100)
        .await
        .unwrap();
    assert_eq!(
        run_once(&app.state, "A", morning() + 400, 100)
            .await
            .unwrap(),
        Tick::Idle
    );
    let p = progress(&app, &heping, id).await;
    assert_eq!(
        (p["status"].as_str(), p["failed"].as_i64()),
        (Some("done"), Some(3)),
        "{p}"
    );
    assert!(
        p["failures"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with("短信网关未发送"),
        "{p}"
    );
    assert_eq!(p["failures"][0]["phone"], "138****8000");
    // The in-app message went all the same.
    let learner = crate::common::demo_learner(&app).await;
    let (_, inbox) = api(&app, &learner, "GET", "/api/v1/me/messages", None).await;
    assert_eq!(inbox["unread"], 1);
}

#[tokio::test]
async fn a_reminder_date_creates_one_reminder_across_instances() {
    let today = jxjy_app::format::date_of(jxjy_app::format::now()).unwrap();
    let date = format!("{:02}-{:02}", today.month(), today.day());
    let app = crate::common::spawn_with(move |s| {
        s.demo = true;
        s.reminder_dates = vec!["01-01".into(), date];
    })
    .await;
    let b = twin(&app).await;
    let now = jxjy_app::format::now();
    let first = jxjy_app::reminders::yearly::ensure_today(&app.state, now)
        .await
        .unwrap();
    let second = jxjy_app::reminders::yearly::ensure_today(&b.state, now + 60)
        .await
        .unwrap();
    assert!(first.is_some() && second.is_none(), "{first:?} {second:?}");
    let province = admin_token(&app, "province").await;
    let (_, list) = api(&app, &province, "GET", "/api/v1/admin/reminders", None).await;
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["items"][0]["audience"], "not_met");
    let (_, audit) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=reminder.create",
        None,
    )
    .await;
    assert_eq!(audit["items"][0]["actor_kind"], "system", "{audit}");
}

#[tokio::test]
async fn the_sms_rate_is_shared_by_every_instance() {
    let app = crate::common::spawn_with(|s| {
        s.demo = true;
        s.reminder_sms_per_second = 2;
        s.reminder_quiet_hours = String::new();
    })
    .await;
    for seq in 1..=5 {
        register_learner(&app, seq, |_| {}).await;
    }
    let b = twin(&app).await;
    let heping = admin_token(&app, "heping").await;
    api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(this_year(), "all", "请学习")),
    )
    .await;
    api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(this_year(), "all", "请学习")),
    )
    .await;
    let second = morning();
    let x = run_once(&app.state, "A", second, 100).await.unwrap();
    let y = run_once(&b.state, "B", second, 100).await.unwrap();
    assert!(
        matches!(x, Tick::RateLimited(_)) && matches!(y, Tick::RateLimited(_)),
        "{x:?} {y:?}"
    );
    assert_eq!(
        reminder_sms(&app).len(),
        2,
        "two a second across both instances"
    );
    // The SMS quota of codes is not touched: a code still goes to the same phone.
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            serde_json::json!({"phone": "13800138000", "purpose": "login"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let z = run_once(&app.state, "A", second + 1, 100).await.unwrap();
    assert!(matches!(z, Tick::RateLimited(_)));
    assert_eq!(reminder_sms(&app).len(), 4);
}
