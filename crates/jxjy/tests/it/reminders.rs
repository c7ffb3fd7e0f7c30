//! 学习提醒 (SPEC section 9) over the API: what a reminder may be and whom it reaches, its
//! progress, cancelling, the learner's settings and 消息. Delivery is driven step by step with
//! `run_once` at times the test chooses (the serve loop is not running in tests).

use serde_json::{Value, json};

use crate::admin_partners::admin_token;
use crate::claims::district_admin;
use crate::common::{TestApp, demo_learner, spawn_with};
use crate::employers::demo_employer;
use crate::training::{api, this_year};
use jxjy_app::reminders::worker::{Tick, run_once};

/// The next 10:00 Asia/Shanghai after now: every reminder sent "now" is due by then, and it
/// lies outside the default quiet hours.
pub fn morning() -> i64 {
    let now = jxjy_app::format::now();
    let day_start = now - (now + 8 * 3600).rem_euclid(86_400);
    let ten = day_start + 10 * 3600;
    if ten > now { ten } else { ten + 86_400 }
}

/// A demo app whose reminders go without a rate limit, quiet hours as given.
pub async fn app_with(quiet: &str) -> TestApp {
    let quiet = quiet.to_string();
    spawn_with(move |s| {
        s.demo = true;
        s.reminder_sms_per_second = 0;
        s.reminder_quiet_hours = quiet;
    })
    .await
}

/// The reminder SMS in the outbox: (phone, text).
pub fn reminder_sms(app: &TestApp) -> Vec<(String, String)> {
    let path = app.settings.sms_outbox.clone().unwrap();
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["purpose"] == "reminder")
        .map(|v| {
            (
                v["phone"].as_str().unwrap().to_string(),
                v["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn reminder(year: i64, audience: &str, text: &str) -> Value {
    json!({"year": year, "audience": audience, "sms": true, "text": text})
}

pub fn field_of(body: &Value) -> String {
    body["error"]["fields"][0]["field"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

/// Runs delivery to the end at `now` as one instance.
pub async fn deliver_all(app: &TestApp, now: i64) {
    for _ in 0..100 {
        match run_once(&app.state, "solo", now, 1000).await.unwrap() {
            Tick::Idle | Tick::Waiting => return,
            _ => {}
        }
    }
}

#[tokio::test]
async fn bad_reminders_are_refused_naming_the_field() {
    let app = app_with("").await;
    let heping = admin_token(&app, "heping").await;
    let y = this_year();
    let cases = [
        (reminder(y, "not_met", ""), "text"),
        (reminder(y, "not_met", &"字".repeat(301)), "text"),
        (reminder(y, "not_met", "{姓名}请于{截止日期}前完成"), "text"),
        (reminder(y, "everyone", "请完成学习"), "audience"),
        (reminder(2019, "not_met", "请完成学习"), "year"),
        (reminder(y + 1, "not_met", "请完成学习"), "year"),
        (
            json!({"year": y, "audience": "all", "sms": true, "text": "请完成学习", "send_at": "2020-01-01T09:00:00+08:00"}),
            "send_at",
        ),
        (
            json!({"year": y, "audience": "all", "sms": true, "text": "请完成学习", "send_at": "明天上午"}),
            "send_at",
        ),
        (
            json!({"year": y, "audience": "all", "sms": true, "text": "请完成学习", "region_code": "210202"}),
            "region_code",
        ),
        (
            json!({"year": y, "audience": "all", "sms": true, "text": "请完成学习", "region_code": "999999"}),
            "region_code",
        ),
    ];
    for (body, field) in cases {
        let (s, answer) = api(
            &app,
            &heping,
            "POST",
            "/api/v1/admin/reminders",
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (s, field_of(&answer)),
            (400, field.to_string()),
            "{body} → {answer}"
        );
    }
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders/preview",
        Some(reminder(y, "all", "{姓名}：{年度} 年度还差{还差}")),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(
        body["audience_count"], 3,
        "冯思媛, 李静, 张敏 of 和平区: {body}"
    );
    assert!(
        body["sample"]
            .as_str()
            .unwrap()
            .starts_with("【辽宁会计】冯思媛："),
        "{body}"
    );
    let (_, list) = api(&app, &heping, "GET", "/api/v1/admin/reminders", None).await;
    assert_eq!(list["total"], 0, "a preview creates nothing");
}

#[tokio::test]
async fn a_reminder_reaches_its_audience_once_with_the_placeholders_filled_and_counts_add_up() {
    let app = app_with("").await;
    let heping = admin_token(&app, "heping").await;
    let y = this_year();
    let (s, created) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(
            y,
            "not_met",
            "{姓名}您好，{年度} 年度还差{还差}。",
        )),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["audience_count"], 3);
    let id = created["id"].as_i64().unwrap();
    let (_, before) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/reminders/{id}"),
        None,
    )
    .await;
    assert_eq!(
        (before["status"].as_str(), before["queued"].as_i64()),
        (Some("scheduled"), Some(3)),
        "{before}"
    );

    deliver_all(&app, morning()).await;
    let (_, after) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/reminders/{id}"),
        None,
    )
    .await;
    assert_eq!(after["status"], "done", "{after}");
    let n = |k: &str| after[k].as_i64().unwrap();
    assert_eq!(
        (n("queued"), n("sent"), n("failed"), n("skipped")),
        (0, 3, 0, 0)
    );
    assert_eq!(n("sent") + n("failed") + n("skipped"), n("audience_count"));

    let sms = reminder_sms(&app);
    assert_eq!(sms.len(), 3, "{sms:?}");
    let fsy = sms.iter().find(|(p, _)| p == "13800138000").unwrap();
    assert_eq!(
        fsy.1,
        format!("【辽宁会计】冯思媛您好，{y} 年度还差专业课 60 学分、公需课 30 学分。")
    );
    // Running again sends nothing more.
    deliver_all(&app, morning() + 3600).await;
    assert_eq!(reminder_sms(&app).len(), 3);

    // The learner's 消息: unread until opened; another's message is a 404.
    let learner = demo_learner(&app).await;
    let (_, inbox) = api(&app, &learner, "GET", "/api/v1/me/messages", None).await;
    assert_eq!(inbox["unread"], 1, "{inbox}");
    let mid = inbox["items"][0]["id"].as_i64().unwrap();
    assert!(
        inbox["items"][0]["text"]
            .as_str()
            .unwrap()
            .starts_with("冯思媛您好")
    );
    let (s, read) = api(
        &app,
        &learner,
        "POST",
        &format!("/api/v1/me/messages/{mid}/read"),
        None,
    )
    .await;
    assert_eq!((s, read["read"].as_bool()), (200, Some(true)));
    let (_, inbox) = api(&app, &learner, "GET", "/api/v1/me/messages", None).await;
    assert_eq!(inbox["unread"], 0);
    let (s, _) = api(
        &app,
        &learner,
        "POST",
        &format!("/api/v1/me/messages/{}/read", mid + 1),
        None,
    )
    .await;
    assert_eq!(s, 404);

    // Audited; the record names the reminder.
    let province = admin_token(&app, "province").await;
    let (_, audit) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=reminder.create",
        None,
    )
    .await;
    assert_eq!(audit["items"][0]["action_label"], "创建学习提醒", "{audit}");
}

#[tokio::test]
async fn an_opted_out_learner_gets_the_message_but_no_sms() {
    let app = app_with("").await;
    let learner = demo_learner(&app).await;
    let (_, s0) = api(&app, &learner, "GET", "/api/v1/me/settings", None).await;
    assert_eq!(s0, json!({"reminder_sms": true}));
    let (s, body) = api(
        &app,
        &learner,
        "PUT",
        "/api/v1/me/settings",
        Some(json!({"reminder_sms": false})),
    )
    .await;
    assert_eq!((s, body), (200, json!({"reminder_sms": false})));
    let heping = admin_token(&app, "heping").await;
    let (_, created) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(this_year(), "all", "{姓名}请学习")),
    )
    .await;
    deliver_all(&app, morning()).await;
    let (_, r) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/reminders/{}", created["id"]),
        None,
    )
    .await;
    assert_eq!(
        (r["sent"].as_i64(), r["skipped"].as_i64()),
        (Some(2), Some(1)),
        "{r}"
    );
    assert!(!reminder_sms(&app).iter().any(|(p, _)| p == "13800138000"));
    let (_, inbox) = api(&app, &learner, "GET", "/api/v1/me/messages", None).await;
    assert_eq!(
        inbox["items"].as_array().unwrap().len(),
        1,
        "the in-app message still goes"
    );
}

#[tokio::test]
async fn nothing_goes_in_quiet_hours_and_the_waiting_messages_go_when_they_end() {
    let app = app_with("21-8").await;
    let heping = admin_token(&app, "heping").await;
    let (_, created) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/reminders",
        Some(reminder(this_year(), "all", "请学习")),
    )
    .await;
    let night = morning() + 12 * 3600; // 22:00
    assert_eq!(
        run_once(&app.state, "a", night, 1000).await.unwrap(),
        Tick::Waiting
    );
    assert_eq!(
        run_once(&app.state, "a", night + 9 * 3600, 1000)
            .await
            .unwrap(),
        Tick::Waiting,
        "07:00"
    );
    assert!(reminder_sms(&app).is_empty());
    let (_, r) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/reminders/{}", created["id"]),
        None,
    )
    .await;
    assert_eq!(r["queued"], 3, "{r}");
    deliver_all(&app, night + 10 * 3600).await; // 08:00
    assert_eq!(reminder_sms(&app).len(), 3);
}

#[tokio::test]
async fn a_cancelled_reminder_sends_nothing_more_and_scope_is_kept() {
    let app = app_with("").await;
    let heping = admin_token(&app, "heping").await;
    let later = jxjy_app::format::rfc3339(jxjy_app::format::now() + 86_400);
    let (s, created) = api(&app, &heping, "POST", "/api/v1/admin/reminders",
        Some(json!({"year": this_year(), "audience": "all", "sms": true, "text": "请学习", "send_at": later}))).await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    // Another district's admin sees nothing of it.
    let zhongshan = district_admin(&app, "zhongshan", "210202").await;
    for (m, p) in [
        ("GET", format!("/api/v1/admin/reminders/{id}")),
        ("POST", format!("/api/v1/admin/reminders/{id}/cancel")),
    ] {
        let (s, _) = api(&app, &zhongshan, m, &p, None).await;
        assert_eq!(s, 404, "{m} {p}");
    }
    assert_eq!(
        run_once(&app.state, "a", jxjy_app::format::now(), 10)
            .await
            .unwrap(),
        Tick::Idle,
        "not due yet"
    );
    let (s, r) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/reminders/{id}/cancel"),
        None,
    )
    .await;
    assert_eq!(
        (s, r["status"].as_str(), r["cancelled"].as_i64()),
        (200, Some("cancelled"), Some(3)),
        "{r}"
    );
    let (s, _) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/reminders/{id}/cancel"),
        None,
    )
    .await;
    assert_eq!(s, 409);
    deliver_all(&app, jxjy_app::format::now() + 2 * 86_400).await;
    assert!(reminder_sms(&app).is_empty());

    // An employer reaches only its confirmed staff, and sees only its own reminders.
    let employer = demo_employer(&app).await;
    let (s, e) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/reminders",
        Some(reminder(this_year(), "all", "{姓名}请学习")),
    )
    .await;
    assert_eq!((s, e["audience_count"].as_i64()), (201, Some(3)), "{e}");
    let (s, _) = api(
        &app,
        &employer,
        "GET",
        &format!("/api/v1/employer/reminders/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 404, "the admin's reminder is not the employer's");
    let (s, _) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/reminders/{}", e["id"]),
        None,
    )
    .await;
    assert_eq!(s, 404, "nor the employer's the admin's");
    let (s, body) = api(&app, &employer, "POST", "/api/v1/employer/reminders",
        Some(json!({"year": this_year(), "audience": "all", "sms": false, "text": "请学习", "region_code": "210000"}))).await;
    assert_eq!(
        s, 201,
        "an employer's region is ignored, its staff are its scope: {body}"
    );
}
