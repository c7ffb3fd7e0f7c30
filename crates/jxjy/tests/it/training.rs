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

async fn enroll(app: &TestApp, token: &str, inst: i64) -> (u16, Value) {
    api(
        app,
        token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": inst})),
    )
    .await
}

fn pay_body(reference: &str) -> Value {
    json!({"reference": reference, "amount_fen": 12000, "paid_at": jxjy_app::format::rfc3339(jxjy_app::format::now() - 60)})
}

fn credits_body(ids: &[(&str, &str, f64)]) -> Value {
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

#[tokio::test]
async fn twelve_parallel_enrollments_for_one_year_create_exactly_one() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let url = app.url("/api/v1/enrollments");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let body =
                json!({"year": this_year(), "level": "junior", "institution_id": 1 + (i % 3)});
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            201 => created += 1,
            409 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 1);
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrollments WHERE year = $1 AND status <> 'cancelled'",
    )
    .bind(this_year())
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1);
}

#[tokio::test]
async fn every_partner_authentication_failure_is_a_401_naming_the_reason() {
    let app = spawn_demo().await;
    let path = "/api/v1/partner/enrollments";
    let send = |headers: Vec<(&'static str, String)>, body: &'static str| {
        let mut req = reqwest::Client::new().get(app.url(path)).body(body);
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.send()
    };
    let code = |r: reqwest::Response| async move {
        let s = r.status().as_u16();
        let v: Value = r.json().await.unwrap();
        (s, v["error"]["code"].as_str().unwrap_or("").to_string())
    };
    let now = jxjy_app::format::now();
    let signed = |inst: i64, secret: &str, ts: i64, nonce: &str| {
        jxjy_app::partner::signing::headers(inst, secret, "GET", path, ts, nonce, b"").to_vec()
    };

    assert_eq!(
        code(send(vec![], "").await.unwrap()).await,
        (401, "missing_signature".into())
    );
    assert_eq!(
        code(send(signed(99, "x", now, "n1"), "").await.unwrap()).await,
        (401, "unknown_institution".into())
    );
    assert_eq!(
        code(
            send(signed(1, "demo-secret-1", now - 400, "n2"), "")
                .await
                .unwrap()
        )
        .await,
        (401, "stale_timestamp".into())
    );
    assert_eq!(
        code(
            send(signed(1, "demo-secret-1", now + 400, "n3"), "")
                .await
                .unwrap()
        )
        .await,
        (401, "stale_timestamp".into())
    );
    assert_eq!(
        code(
            send(signed(1, "demo-secret-2", now, "n4"), "")
                .await
                .unwrap()
        )
        .await,
        (401, "bad_signature".into())
    );
    assert_eq!(
        code(
            send(signed(1, "demo-secret-1", now, "n5"), "tampered")
                .await
                .unwrap()
        )
        .await,
        (401, "bad_signature".into())
    );
    let good = signed(1, "demo-secret-1", now, "n6");
    assert_eq!(send(good.clone(), "").await.unwrap().status(), 200);
    assert_eq!(
        code(send(good, "").await.unwrap()).await,
        (401, "nonce_reused".into())
    );
    let mut bad_nonce = signed(1, "demo-secret-1", now, "n7");
    bad_nonce[2].1 = "<script>".into();
    assert_eq!(
        code(send(bad_nonce, "").await.unwrap()).await,
        (401, "invalid_nonce".into())
    );
    // The path with its query is signed: a changed query fails.
    let headers =
        jxjy_app::partner::signing::headers(1, "demo-secret-1", "GET", path, now, "n8", b"");
    let mut req = reqwest::Client::new().get(app.url(&format!("{path}?since=c0")));
    for (k, v) in headers {
        req = req.header(k, v);
    }
    assert_eq!(
        code(req.send().await.unwrap()).await,
        (401, "bad_signature".into())
    );
}

#[tokio::test]
async fn another_schools_enrollment_is_a_404_and_bad_records_are_named() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = enroll(&app, &token, 1).await;
    let id = e["id"].as_i64().unwrap();
    let (s, body) = partner(
        &app,
        2,
        "demo-secret-2",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/payment"),
        Some(pay_body("P")),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/payment"),
        Some(pay_body("P")),
    )
    .await;
    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    let bad = json!({"records": [
        {"record_id": "a", "course": "c", "category": "other", "credits": 1, "completed_at": at},
        {"record_id": "b", "course": "c", "category": "public", "credits": 0, "completed_at": at},
        {"record_id": "c", "course": "c", "category": "public", "credits": 90.5, "completed_at": at},
        {"record_id": "d", "course": "c", "category": "public", "credits": 2.55, "completed_at": at},
        {"record_id": "e", "course": "c", "category": "public", "credits": -1, "completed_at": at},
        {"record_id": "f", "course": "c", "category": "public", "credits": 1, "completed_at": "2001-01-01T00:00:00+08:00"},
        {"record_id": "", "course": "", "category": "public", "credits": "x", "completed_at": "soon"}
    ]});
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/credits"),
        Some(bad),
    )
    .await;
    assert_eq!(s, 400);
    let fields: Vec<String> = body["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap().to_string())
        .collect();
    for f in [
        "records[0].category",
        "records[1].credits",
        "records[2].credits",
        "records[3].credits",
        "records[4].credits",
        "records[5].completed_at",
        "records[6].record_id",
        "records[6].course",
        "records[6].credits",
        "records[6].completed_at",
    ] {
        assert!(fields.contains(&f.to_string()), "{f} not in {fields:?}");
    }
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM credit_records WHERE enrollment_id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(n, 0, "nothing of a rejected report is applied");
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/credits"),
        Some(json!("junk")),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("invalid_json"))
    );
}

#[tokio::test]
async fn the_change_feed_pages_with_an_opaque_cursor() {
    let app = spawn_demo().await;
    let (s, page) = partner(
        &app,
        1,
        "demo-secret-1",
        "GET",
        "/api/v1/partner/enrollments?limit=1",
        None,
    )
    .await;
    assert_eq!(s, 200, "{page}");
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["learner_name"], "冯思媛");
    let cursor = page["next_cursor"].as_str().unwrap().to_string();
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = enroll(&app, &token, 1).await;
    let (_, page) = partner(
        &app,
        1,
        "demo-secret-1",
        "GET",
        &format!("/api/v1/partner/enrollments?since={cursor}"),
        None,
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["id"], e["id"]);
    assert_eq!(page["has_more"], false);
    let (_, other) = partner(
        &app,
        2,
        "demo-secret-2",
        "GET",
        "/api/v1/partner/enrollments",
        None,
    )
    .await;
    assert!(
        other["items"].as_array().unwrap().is_empty(),
        "a school sees only its own enrollments"
    );
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "GET",
        "/api/v1/partner/enrollments?since=zzz",
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("invalid_cursor"))
    );
}

#[tokio::test]
async fn the_handoff_token_is_redeemed_once_by_its_own_school() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = enroll(&app, &token, 1).await;
    let id = e["id"].as_i64().unwrap();
    let (s, launch) = api(
        &app,
        &token,
        "POST",
        &format!("/api/v1/enrollments/{id}/launch"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let url = launch["url"].as_str().unwrap();
    assert!(url.starts_with("/demo-school/1/sso?token="), "{url}");
    let jws = url.split("token=").nth(1).unwrap().to_string();
    assert_eq!(jws.split('.').count(), 3, "a JWS");
    let (s, body) = partner(
        &app,
        2,
        "demo-secret-2",
        "POST",
        "/api/v1/partner/handoff/verify",
        Some(json!({"token": jws})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("token_invalid")),
        "another school cannot redeem it"
    );
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        "/api/v1/partner/handoff/verify",
        Some(json!({"token": jws})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["learner"]["name"], "王小丽");
    assert_eq!(body["learner"]["id_number"], ID_NUMBER);
    assert_eq!(body["learner"]["phone"], "139****5678");
    assert_eq!(body["enrollment"]["id"], id);
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        "/api/v1/partner/handoff/verify",
        Some(json!({"token": jws})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("token_used"))
    );
    let (s, body) = partner(
        &app,
        1,
        "demo-secret-1",
        "POST",
        "/api/v1/partner/handoff/verify",
        Some(json!({"token": "a.b.c"})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("token_invalid"))
    );
    // Someone else's enrollment cannot be launched.
    let (_, demo) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    let (s, _) = api(
        &app,
        demo["token"].as_str().unwrap(),
        "POST",
        &format!("/api/v1/enrollments/{id}/launch"),
        None,
    )
    .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn docs_partner_api_example_is_correct() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/partner-api.md"
    ))
    .unwrap();
    let value = |key: &str| {
        doc.lines()
            .find_map(|l| l.strip_prefix(&format!("{key}: ")))
            .unwrap_or_else(|| panic!("docs/partner-api.md lacks `{key}:`"))
            .to_string()
    };
    let body = value("body");
    assert_eq!(
        jxjy_app::crypto::sha256_hex(body.as_bytes()),
        value("body_sha256")
    );
    let sig = jxjy_app::partner::signing::sign(
        &value("secret"),
        &value("method"),
        &value("path"),
        value("timestamp").parse().unwrap(),
        &value("nonce"),
        body.as_bytes(),
    );
    assert_eq!(sig, value("signature"));
    assert!(
        doc.contains(&format!("# {sig}")),
        "the shell example shows the same signature"
    );
}

/// Learners straight in the database, each with a session token (the setup of a load, not what
/// is tested: registration has its own tests).
async fn learners_with_sessions(app: &TestApp, n: usize) -> Vec<(i64, String)> {
    let store = &app.state.store;
    let now = jxjy_app::format::now();
    let region: String = sqlx::query_scalar("SELECT region_code FROM learners LIMIT 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO learners (name, id_type, id_number, phone, region_code, qualification_level, created_at, updated_at) \
             VALUES ($1, 'resident_id', $2, $3, $4, 'junior', $5, $5) RETURNING id",
        )
        .bind(format!("并发学员{i}"))
        .bind(format!("GROUP{i:013}"))
        .bind(format!("1990000{i:04}"))
        .bind(&region)
        .bind(now)
        .fetch_one(store.pool())
        .await
        .unwrap();
        let token = format!("group-commit-token-{i}");
        store
            .create_session(
                &jxjy_app::auth::token_hash(&token),
                jxjy_store::sessions::SubjectKind::Learner,
                id,
                7200,
                now,
            )
            .await
            .unwrap();
        out.push((id, token));
    }
    out
}

#[tokio::test]
async fn learners_enrolling_at_once_each_get_their_enrollment_change_number_and_audit_record() {
    let app = spawn_demo().await;
    let learners = learners_with_sessions(&app, 24).await;
    let before: i64 =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'enrollment_change'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    // Everyone at once, and the first learner twice (a double submit): requests that arrive
    // together are committed together, and each still gets its own answer.
    let mut tasks = Vec::new();
    for (k, (_, token)) in learners.iter().chain(learners.iter().take(1)).enumerate() {
        let url = app.url("/api/v1/enrollments");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let body =
                json!({"year": this_year(), "level": "junior", "institution_id": 1 + (k % 3)});
            let r = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }));
    }
    let mut created = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            201 => created.push(body),
            409 => {
                assert_eq!(body["error"]["code"], "already_enrolled");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((created.len(), refused), (24, 1));
    let mut owners: Vec<i64> = Vec::new();
    for body in &created {
        let id = body["id"].as_i64().unwrap();
        let (learner_id, status): (i64, String) =
            sqlx::query_as("SELECT learner_id, status FROM enrollments WHERE id = $1")
                .bind(id)
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(status, "enrolled");
        owners.push(learner_id);
        let audited: Vec<(Option<i64>, String)> = sqlx::query_as(
            "SELECT actor_id, detail FROM audit_log WHERE action = 'enrollment.create' AND target_id = $1",
        )
        .bind(id.to_string())
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
        assert_eq!(audited.len(), 1, "one audit record for enrollment {id}");
        assert_eq!(audited[0].0, Some(learner_id), "the learner is the actor");
        assert!(audited[0].1.contains("\"to\":\"enrolled\""));
    }
    owners.sort_unstable();
    let mut expected: Vec<i64> = learners.iter().map(|(id, _)| *id).collect();
    expected.sort_unstable();
    assert_eq!(owners, expected, "each learner got their own enrollment");
    // Every new enrollment has its own change number, above all earlier ones, and the counter
    // stands at least at the highest.
    let seqs: Vec<i64> = sqlx::query_scalar(
        "SELECT change_seq FROM enrollments WHERE learner_id IN (SELECT id FROM learners WHERE name LIKE '并发学员%') ORDER BY change_seq",
    )
    .fetch_all(app.state.store.pool())
    .await
    .unwrap();
    let mut distinct = seqs.clone();
    distinct.dedup();
    assert_eq!((seqs.len(), distinct.len()), (24, 24));
    assert!(seqs[0] > before);
    let counter: i64 =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'enrollment_change'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert!(counter >= seqs[23]);
}
