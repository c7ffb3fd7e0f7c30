//! 网络培训 and the partner API: the journeys of the issue, races, idempotency, and every way a
//! partner request can fail authentication.

use serde_json::{Value, json};

use crate::accounts::{ID_NUMBER, PHONE, register};
use crate::common::{TestApp, spawn_demo};

pub fn this_year() -> i64 {
    i64::from(jxjy_app::format::this_year())
}

/// A signed partner request as school `inst` with `secret`.
pub async fn partner(
    app: &TestApp,
    inst: i64,
    secret: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let nonce = jxjy_app::crypto::random_token().unwrap()[..24].to_string();
    let ts = jxjy_app::format::now();
    let mut req = reqwest::Client::new()
        .request(method.parse().unwrap(), app.url(path))
        .header("content-type", "application/json")
        .body(bytes.clone());
    for (k, v) in
        jxjy_app::partner::signing::headers(inst, secret, method, path, ts, &nonce, &bytes)
    {
        req = req.header(k, v);
    }
    let r = req.send().await.unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub async fn api(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = reqwest::Client::new()
        .request(method.parse().unwrap(), app.url(path))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(&b);
    }
    let r = req.send().await.unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub async fn enroll(app: &TestApp, token: &str, inst: i64) -> (u16, Value) {
    api(
        app,
        token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": inst})),
    )
    .await
}

pub fn pay_body(reference: &str) -> Value {
    json!({"reference": reference, "amount_fen": 12000, "paid_at": jxjy_app::format::rfc3339(jxjy_app::format::now() - 60)})
}

pub fn credits_body(ids: &[(&str, &str, f64)]) -> Value {
    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    json!({"records": ids.iter().map(|(id, cat, c)| json!({"record_id": id, "course": "课程", "category": cat, "credits": c, "completed_at": at})).collect::<Vec<_>>()})
}

#[tokio::test]
async fn enroll_cancel_enroll_elsewhere_pay_refused_cancel_credits_twice_and_review() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (s, offers) = app
        .get_json(&format!("/api/v1/offers?year={}&level=junior", this_year()))
        .await;
    assert_eq!(s, 200);
    assert_eq!(offers["items"].as_array().unwrap().len(), 3);

    let (s, first) = enroll(&app, &token, 1).await;
    assert_eq!(s, 201, "{first}");
    assert_eq!(
        (
            first["status"].as_str(),
            first["institution"]["name"].as_str()
        ),
        (Some("enrolled"), Some("辽宁XX有限公司"))
    );
    assert_eq!(
        first["credits"],
        json!({"total": 0, "professional": 0, "public": 0})
    );
    let (s, body) = enroll(&app, &token, 2).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("already_enrolled"))
    );
    let id1 = first["id"].as_i64().unwrap();
    let (s, cancelled) = api(
        &app,
        &token,
        "DELETE",
        &format!("/api/v1/enrollments/{id1}"),
        None,
    )
    .await;
    assert_eq!((s, cancelled["status"].as_str()), (200, Some("cancelled")));

    let (s, second) = enroll(&app, &token, 2).await;
    assert_eq!(s, 201, "{second}");
    let id = second["id"].as_i64().unwrap();
    let (s, paid) = partner(
        &app,
        2,
        "demo-secret-2",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/payment"),
        Some(pay_body("PAY-1")),
    )
    .await;
    assert_eq!(
        (
            s,
            paid["enrollment"]["status"].as_str(),
            paid["repeat"].as_bool()
        ),
        (200, Some("paid"), Some(false)),
        "{paid}"
    );
    let (s, body) = api(
        &app,
        &token,
        "DELETE",
        &format!("/api/v1/enrollments/{id}"),
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("already_paid"))
    );
    let msg = body["error"]["message"].as_str().unwrap();
    assert!(
        msg.contains("退费") && msg.contains("东北财经网校"),
        "{msg}"
    );

    let records = credits_body(&[("R1", "professional", 60.0), ("R2", "public", 2.5)]);
    let path = format!("/api/v1/partner/enrollments/{id}/credits");
    let (s, body) = partner(
        &app,
        2,
        "demo-secret-2",
        "POST",
        &path,
        Some(records.clone()),
    )
    .await;
    assert_eq!(
        (
            s,
            body["added"].as_i64(),
            body["enrollment"]["status"].as_str()
        ),
        (200, Some(2), Some("credited")),
        "{body}"
    );
    let (s, body) = partner(&app, 2, "demo-secret-2", "POST", &path, Some(records)).await;
    assert_eq!(
        (s, body["added"].as_i64(), body["repeat"].as_bool()),
        (200, Some(0), Some(true)),
        "counted once"
    );
    let (_, list) = api(&app, &token, "GET", "/api/v1/enrollments", None).await;
    let current = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == id)
        .unwrap()
        .clone();
    assert_eq!(current["status"], "credited");
    assert_eq!(
        current["credits"],
        json!({"total": 62.5, "professional": 60, "public": 2.5})
    );
    assert_eq!(
        current["actions"],
        json!({"launch": true, "cancel": false, "review": true})
    );
    assert_eq!(
        list["items"].as_array().unwrap().len(),
        2,
        "the cancelled one is kept in the record"
    );

    let (s, body) = api(
        &app,
        &token,
        "POST",
        &format!("/api/v1/enrollments/{id}/review"),
        Some(json!({"rating": 6})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["fields"][0]["field"].as_str()),
        (400, Some("rating"))
    );
    let (s, body) = api(
        &app,
        &token,
        "POST",
        &format!("/api/v1/enrollments/{id}/review"),
        Some(json!({"rating": 4, "comment": "讲得清楚"})),
    )
    .await;
    assert_eq!((s, body["reviewed"].as_bool()), (201, Some(true)), "{body}");
    let (s, body) = api(
        &app,
        &token,
        "POST",
        &format!("/api/v1/enrollments/{id}/review"),
        Some(json!({"rating": 5})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("already_reviewed"))
    );
    let (_, inst) = app.get_json("/api/v1/institutions/2").await;
    assert_eq!(
        (inst["rating"].as_f64(), inst["rating_count"].as_i64()),
        (Some(4.0), Some(1))
    );
    // Every transition left an audit record with from and to.
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE target_kind = 'enrollment' AND action IN ('enrollment.create', 'enrollment.transition')")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 5, "create, cancel, create, pay, credit");
}

#[tokio::test]
async fn enroll_pay_refund_cancels_and_the_learner_may_enroll_again() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = enroll(&app, &token, 1).await;
    let id = e["id"].as_i64().unwrap();
    let base = format!("/api/v1/partner/enrollments/{id}");
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/credits"),
        Some(credits_body(&[("X", "public", 1.0)])),
    )
    .await;
    assert_eq!((s, body["error"]["code"].as_str()), (409, Some("not_paid")));
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/refund"),
        Some(json!({"reference": "RF-1", "refunded_at": "2026-01-01T00:00:00+08:00"})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("refund_not_paid"))
    );
    partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/payment"),
        Some(pay_body("P-9")),
    )
    .await;
    // A repeated payment report is answered as before.
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/payment"),
        Some(pay_body("P-9")),
    )
    .await;
    assert_eq!((s, body["repeat"].as_bool()), (200, Some(true)));
    let refund = json!({"reference": "RF-2", "refunded_at": jxjy_app::format::rfc3339(jxjy_app::format::now())});
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/refund"),
        Some(refund.clone()),
    )
    .await;
    assert_eq!(
        (s, body["enrollment"]["status"].as_str()),
        (200, Some("cancelled")),
        "{body}"
    );
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/refund"),
        Some(refund),
    )
    .await;
    assert_eq!(
        (s, body["repeat"].as_bool()),
        (200, Some(true)),
        "a repeated refund is idempotent"
    );
    let (s, _) = enroll(&app, &token, 3).await;
    assert_eq!(s, 201, "enrolled again after the refund");
}

#[tokio::test]
async fn no_refund_once_credits_are_registered_and_references_belong_to_one_enrollment() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = enroll(&app, &token, 1).await;
    let id = e["id"].as_i64().unwrap();
    let base = format!("/api/v1/partner/enrollments/{id}");
    partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/payment"),
        Some(pay_body("P-1")),
    )
    .await;
    partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/credits"),
        Some(credits_body(&[("C1", "professional", 90.0)])),
    )
    .await;
    let (s, body) = partner(&app, 1, "demo-secret-1", "POST", &format!("{base}/refund"), Some(json!({"reference": "RF", "refunded_at": jxjy_app::format::rfc3339(jxjy_app::format::now())}))).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("refund_after_credits"))
    );
    // The demo learner's 2025 enrollment (id 1) belongs to school 1 too: its payment reference is taken.
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/payment"),
        Some(pay_body("DEMO-PAY-0001")),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("reference_conflict"))
    );
    // The same for a credit record_id used for another enrollment of the school: nothing is applied.
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("{base}/credits"),
        Some(credits_body(&[
            ("NEW-1", "public", 1.0),
            ("DEMO-REC-0001", "public", 1.0),
        ])),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("reference_conflict")),
        "{body}"
    );
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM credit_records WHERE source_ref = '1:NEW-1'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(n, 0, "the report is applied whole or not at all");
}
