//! The signed partner API from a school's side: every authentication failure, another school's
//! enrollment, the change feed, the hand-off, the documented example.

use crate::accounts::{ID_NUMBER, PHONE, register};
use crate::common::spawn_demo;
use crate::training::*;
use serde_json::{Value, json};

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
