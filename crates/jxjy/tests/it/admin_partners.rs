//! Institutions and offers by admins; webhooks to schools from the outbox.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};

use crate::accounts::{ID_NUMBER, PHONE, register};
use crate::common::{TestApp, spawn_demo};
use crate::training::{api, this_year};

pub async fn admin_token(app: &TestApp, username: &str) -> String {
    let (s, body) = app
        .post_json(
            "/api/v1/admin/login",
            json!({"username": username, "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    body["token"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn province_admins_create_schools_and_offers_and_district_admins_may_not() {
    let app = spawn_demo().await;
    let (s, body) = app
        .post_json(
            "/api/v1/admin/login",
            json!({"username": "province", "password": "wrong"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    let heping = admin_token(&app, "heping").await;
    let new = json!({"name": "新网校", "sso_url": "https://new.example.cn/sso", "intro": "介绍", "contact_phone": "024-1"});
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/institutions",
        Some(new.clone()),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (403, Some("forbidden"))
    );
    let province = admin_token(&app, "province").await;
    let (s, created) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/institutions",
        Some(new.clone()),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    assert_eq!(secret.len(), 64);
    let stored: String = sqlx::query_scalar("SELECT secret_enc FROM institutions WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert!(!stored.contains(&secret), "only an encrypted copy is kept");
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/institutions",
        Some(new),
    )
    .await;
    assert_eq!(s, 409);
    let (s, body) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/institutions",
        Some(json!({"name": "", "sso_url": "javascript:alert(1)"})),
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(body["error"]["fields"].as_array().unwrap().len(), 2);

    let offer = json!({"year": this_year(), "level": "senior", "institution_id": id});
    let (s, _) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/offers",
        Some(offer.clone()),
    )
    .await;
    assert_eq!(s, 403);
    let (s, body) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/offers",
        Some(offer.clone()),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let (s, _) = api(&app, &province, "POST", "/api/v1/admin/offers", Some(offer)).await;
    assert_eq!(s, 409);
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/offers",
        Some(json!({"year": this_year(), "level": "expert", "institution_id": id})),
    )
    .await;
    assert_eq!(s, 400);
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/offers",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": 999})),
    )
    .await;
    assert_eq!(s, 404);
    let (_, offers) = app
        .get_json(&format!("/api/v1/offers?year={}&level=senior", this_year()))
        .await;
    assert!(
        offers["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["institution"]["id"] == id)
    );

    // The new school's secret signs partner requests at once.
    let (s, _) = crate::training::partner(
        &app,
        id,
        &secret,
        "GET",
        "/api/v1/partner/enrollments",
        None,
    )
    .await;
    assert_eq!(s, 200);
    // A learner's token is no admin's.
    let learner = register(&app, PHONE, ID_NUMBER).await;
    let (s, _) = api(
        &app,
        &learner,
        "POST",
        "/api/v1/admin/offers",
        Some(json!({})),
    )
    .await;
    assert_eq!(s, 401);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('institution.create', 'offer.create')",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

#[derive(Clone, Default)]
struct Hook {
    received: Arc<Mutex<Vec<(HeaderMap, String)>>>,
    failing: Arc<Mutex<bool>>,
}

#[tokio::test]
async fn a_cancellation_reaches_the_school_by_a_signed_webhook_and_failures_are_retried() {
    let hook = Hook::default();
    let h = hook.clone();
    let router = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: String| {
            let h = h.clone();
            async move {
                h.received.lock().unwrap().push((headers, body));
                if *h.failing.lock().unwrap() {
                    StatusCode::SERVICE_UNAVAILABLE
                } else {
                    StatusCode::NO_CONTENT
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let (_, created) = api(&app, &province, "POST", "/api/v1/admin/institutions", Some(json!({
        "name": "带回调的网校", "sso_url": "https://hook.example.cn/sso", "webhook_url": format!("http://{addr}/hook?src=jxjy")
    }))).await;
    let id = created["id"].as_i64().unwrap();
    let secret = created["secret"].as_str().unwrap().to_string();
    api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/offers",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": id})),
    )
    .await;
    let learner = register(&app, PHONE, ID_NUMBER).await;

    // The school is down: the learner's cancel still succeeds at once.
    *hook.failing.lock().unwrap() = true;
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
    assert_eq!(
        jxjy_web::partner::webhooks::deliver_due(&app.state).await,
        0
    );
    let rows = app
        .state
        .store
        .webhooks()
        .webhooks_of_institution(id)
        .await
        .unwrap();
    assert_eq!((rows[0].attempts, rows[0].delivered_at), (1, None));
    assert!(rows[0].last_error.as_deref().unwrap().contains("503"));
    assert!(
        rows[0].next_attempt_at > jxjy_app::format::now() + 20,
        "retried later, with backoff"
    );

    // Back up; the retry is due (moved forward in the database instead of waiting).
    *hook.failing.lock().unwrap() = false;
    sqlx::query("UPDATE webhook_outbox SET next_attempt_at = 0")
        .execute(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(
        jxjy_web::partner::webhooks::deliver_due(&app.state).await,
        1
    );
    let rows = app
        .state
        .store
        .webhooks()
        .webhooks_of_institution(id)
        .await
        .unwrap();
    assert!(rows[0].delivered_at.is_some());
    assert_eq!(rows[0].attempts, 2);
    assert_eq!(
        jxjy_web::partner::webhooks::deliver_due(&app.state).await,
        0,
        "delivered once"
    );

    let (headers, body) = hook.received.lock().unwrap().last().unwrap().clone();
    let payload: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (payload["event"].as_str(), payload["enrollment_id"].as_i64()),
        (Some("enrollment.cancelled"), Some(eid))
    );
    let h = |n: &str| headers.get(n).unwrap().to_str().unwrap().to_string();
    assert_eq!(h("x-institution-id"), id.to_string());
    assert!(jxjy_app::partner::signing::verify(
        &secret,
        "POST",
        "/hook?src=jxjy",
        h("x-timestamp").parse().unwrap(),
        &h("x-nonce"),
        body.as_bytes(),
        &h("x-signature")
    ));
}
