//! What a school sees around faults and races (issue 13): a webhook delivery cut off by a
//! crash is recorded as an attempt and retried within a minute; concurrent credit reports for
//! one enrollment all succeed instead of answering 409 `state_changed`.

use serde_json::{Value, json};

use crate::accounts::{ID_NUMBER, PHONE, register};
use crate::admin_partners::admin_token;
use crate::common::spawn_demo;
use crate::training::{api, partner, this_year};

#[tokio::test]
async fn a_webhook_delivery_cut_off_by_a_crash_counts_as_an_attempt_and_is_retried_within_a_minute()
{
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let (_, created) = api(&app, &province, "POST", "/api/v1/admin/institutions", Some(json!({
        "name": "回调网校", "sso_url": "https://hook.example.cn/sso", "webhook_url": "http://127.0.0.1:9/hook"
    }))).await;
    let id = created["id"].as_i64().unwrap();
    api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/offers",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": id})),
    )
    .await;
    let learner = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = api(
        &app,
        &learner,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": id})),
    )
    .await;
    let eid = e["id"].as_i64().unwrap();
    let (s, _) = api(
        &app,
        &learner,
        "DELETE",
        &format!("/api/v1/enrollments/{eid}"),
        None,
    )
    .await;
    assert_eq!(s, 200);

    // An instance claims the message and dies before it learns the outcome.
    let store = &app.state.store;
    let now = jxjy_app::format::now();
    let claimed = store
        .webhooks()
        .claim_next_webhook(now)
        .await
        .unwrap()
        .expect("a message is due");
    assert_eq!(claimed.attempts, 1);
    let rows = store.webhooks().webhooks_of_institution(id).await.unwrap();
    assert_eq!(
        rows[0].attempts, 1,
        "the attempt is on record before the delivery"
    );
    assert_eq!(
        rows[0].last_error.as_deref(),
        Some(jxjy_store::webhooks::INTERRUPTED)
    );
    // Meanwhile no other instance takes it…
    assert!(
        store
            .webhooks()
            .claim_next_webhook(now + 1)
            .await
            .unwrap()
            .is_none()
    );
    // …and within a minute it is tried again.
    let again = store
        .webhooks()
        .claim_next_webhook(now + jxjy_store::webhooks::CLAIM_SECS)
        .await
        .unwrap()
        .expect("retried within a minute");
    assert_eq!((again.id, again.attempts), (claimed.id, 2));
    const { assert!(jxjy_store::webhooks::CLAIM_SECS <= 60) };
}

#[tokio::test]
async fn concurrent_credit_reports_for_one_paid_enrollment_all_succeed() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (s, e) = api(
        &app,
        &token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": 1})),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    let eid = e["id"].as_i64().unwrap();
    let paid_at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 120);
    let (s, _) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("/api/v1/partner/enrollments/{eid}/payment"),
        Some(json!({"reference": "P-1", "amount_fen": 12000, "paid_at": paid_at})),
    )
    .await;
    assert_eq!(s, 200);

    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    let reports: Vec<_> = (0..8)
        .map(|i| {
            let body = json!({"records": [{"record_id": format!("C{i}"), "course": "课程", "category": "professional", "credits": 2.5, "completed_at": at}]});
            let path = format!("/api/v1/partner/enrollments/{eid}/credits");
            let app = &app;
            async move { partner(app, 1, "demo-secret-1", "POST", &path, Some(body)).await }
        })
        .collect();
    let answers: Vec<(u16, Value)> = futures_util::future::join_all(reports).await;
    for (s, b) in &answers {
        assert_eq!(*s, 200, "a concurrent report answered {s}: {b}");
    }
    let (_, list) = api(&app, &token, "GET", "/api/v1/enrollments", None).await;
    let mine = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == eid)
        .unwrap();
    assert_eq!(
        (mine["status"].as_str(), mine["credits"]["total"].as_f64()),
        (Some("credited"), Some(20.0))
    );
}
