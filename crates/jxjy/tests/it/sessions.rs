//! Sessions and guards: code cooldowns, logout and idle expiry, rotation, resets and password
//! changes, the profile, the flood guard, cross-site posts, lock runs.

use crate::accounts::*;
use crate::common::{spawn_demo, spawn_on, spawn_with, test_settings};
use serde_json::{Value, json};

#[tokio::test]
async fn codes_are_at_least_the_cooldown_apart() {
    let app = spawn_with(|s| s.sms_cooldown_secs = 60).await;
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "register"}),
        )
        .await;
    assert_eq!((s, body["cooldown_secs"].as_i64()), (200, Some(60)));
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "register"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (429, Some("sms_cooldown"))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("秒后再试")
    );
    // Once the time has passed (moved back in the database), the next code goes.
    sqlx::query("UPDATE sms_daily SET last_sent_at = last_sent_at - 61")
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (s, _) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "register"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "12345", "purpose": "register"}),
        )
        .await;
    assert_eq!((s, fields(&body)), (400, vec!["phone".to_string()]));
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "spam"}),
        )
        .await;
    assert_eq!((s, fields(&body)), (400, vec!["purpose".to_string()]));
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "13800000009", "purpose": "login"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (404, Some("phone_not_registered"))
    );
}

#[tokio::test]
async fn logout_ends_the_token_and_idle_sessions_expire() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    assert_eq!(me(&app, &token).await.0, 200);
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    assert!(
        r.headers()
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    let (s, body) = me(&app, &token).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );

    let (_, body) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(me(&app, &token).await.0, 200);
    // Two hours without a request: the session has expired.
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(jxjy_app::format::now() - 1)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(me(&app, &token).await.0, 401);
    assert_eq!(me(&app, "not-a-token").await.0, 401);
}

#[tokio::test]
async fn login_rotates_the_session_held_by_the_browser() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    // The test client's cookie jar holds the registration session; logging in replaces it.
    let (_, first) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    let first = first["token"].as_str().unwrap().to_string();
    let (_, second) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    let second = second["token"].as_str().unwrap().to_string();
    assert_ne!(first, second);
    assert_eq!(
        me(&app, &first).await.0,
        401,
        "the earlier session of this browser ended"
    );
    assert_eq!(me(&app, &second).await.0, 200);
}

#[tokio::test]
async fn a_password_reset_ends_every_session_and_lifts_the_lock() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    for _ in 0..5 {
        password_login(&app, "王小丽", ID_NUMBER, "Wrong1234").await;
    }
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "reset"}),
    )
    .await;
    let code = app.last_code(PHONE);
    let (s, body) = app
        .post_json(
            "/api/v1/password/reset",
            json!({"phone": PHONE, "sms_code": code, "new_password": "weak"}),
        )
        .await;
    assert_eq!((s, fields(&body)), (400, vec!["new_password".to_string()]));
    let (s, body) = app
        .post_json(
            "/api/v1/password/reset",
            json!({"phone": PHONE, "sms_code": code, "new_password": "NewPass2026"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(me(&app, &token).await.0, 401, "every session ended");
    assert_eq!(
        password_login(&app, "王小丽", ID_NUMBER, "Study2026")
            .await
            .0,
        401
    );
    assert_eq!(
        password_login(&app, "王小丽", ID_NUMBER, "NewPass2026")
            .await
            .0,
        200
    );
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'learner.password_reset'",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn changing_the_password_keeps_this_session_and_ends_the_others() {
    let app = spawn_demo().await;
    let other = register(&app, PHONE, ID_NUMBER).await;
    let (_, body) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "王小丽", "id_number": ID_NUMBER, "password": "Study2026"}),
        )
        .await;
    let this = body["token"].as_str().unwrap().to_string();
    let client = reqwest::Client::new();
    let r = client
        .post(app.url("/api/v1/me/password"))
        .bearer_auth(&this)
        .json(&json!({"old_password": "nope", "new_password": "Another2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = client
        .post(app.url("/api/v1/me/password"))
        .bearer_auth(&this)
        .json(&json!({"old_password": "Study2026", "new_password": "Another2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(me(&app, &this).await.0, 200);
    assert_eq!(me(&app, &other).await.0, 401);
}

#[tokio::test]
async fn the_learner_corrects_the_profile_but_never_the_document() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let client = reqwest::Client::new();
    let mut update = registration(PHONE, "11010519491231002X", "");
    update["employer"] = json!("大连示例集团");
    update["region_code"] = json!("210202");
    update["qualification_level"] = json!("none");
    update["work_start_year"] = json!(2018);
    let r = client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let l: Value = r.json().await.unwrap();
    assert_eq!(l["employer"], "大连示例集团");
    assert_eq!(l["authority"], "中山区财政局");
    assert_eq!(l["id_number"], ID_NUMBER, "the document number stays");
    assert_eq!(l["first_required_year"], 2019);
    assert!(l["qualification_year"].is_null());
    // A new phone needs a code sent to it.
    update["phone"] = json!("13600000000");
    let r = client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": "13600000000", "purpose": "register"}),
    )
    .await;
    update["sms_code"] = json!(app.last_code("13600000000"));
    let r = client
        .put(app.url("/api/v1/me/profile"))
        .bearer_auth(&token)
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let detail: String = sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'learner.profile_update' ORDER BY id DESC LIMIT 1")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert!(detail.contains("phone"), "{detail}");
    let r = client
        .put(app.url("/api/v1/me/profile"))
        .json(&update)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn the_flood_guard_limits_sensitive_requests_per_client_but_not_pages() {
    // The guard counts in fixed one-minute windows, so a run that crosses into the next minute
    // starts a fresh count there. Such a run is repeated once on a fresh instance: a few
    // seconds cannot cross two minute boundaries.
    let minute = || jxjy_app::format::now() / 60;
    let mut outcome = None;
    for _ in 0..2 {
        let dir = tempfile::tempdir().unwrap();
        let url = crate::common::fresh_database_url(&dir).await;
        let mut settings = test_settings(&dir, url);
        settings.sensitive_per_ip_per_minute = 3;
        let app = spawn_on(dir, settings).await;
        let started = minute();
        for _ in 0..3 {
            let (s, _) = password_login(&app, "某人", "110105199001011244", "Wrong1234").await;
            assert_eq!(s, 401);
        }
        let r = app
            .client
            .post(app.url("/api/v1/login"))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        if minute() == started {
            outcome = Some((app, r));
            break;
        }
    }
    let (app, r) = outcome.expect("one of two runs stays within a minute");
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("retry-after").is_some());
    for _ in 0..5 {
        assert_eq!(app.get("/").await.status(), 200);
        assert_eq!(app.get("/api/v1/notices").await.status(), 200);
    }
}

#[tokio::test]
async fn cross_site_posts_with_the_session_cookie_are_refused() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    let r = app
        .client
        .post(app.url("/api/v1/logout"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "cross_site_request");
    let r = app
        .client
        .post(app.url("/logout"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(app.get_json("/api/v1/me").await.0, 200, "still logged in");
    let r = app
        .client
        .post(app.url("/api/v1/logout"))
        .header("origin", &app.base)
        .header("sec-fetch-site", "same-origin")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
}

#[tokio::test]
async fn an_ended_lock_starts_a_new_run_and_parallel_guesses_cannot_pass_the_limit() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    // Ten wrong guesses at once: none of them gets past the lock, and the account is locked.
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let url = app.url("/api/v1/login");
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .json(&json!({"name": "王小丽", "id_number": ID_NUMBER, "password": "Wrong1234"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(
        statuses.iter().filter(|s| **s == 401).count() <= 4,
        "at most four plain refusals before the lock: {statuses:?}"
    );
    assert_eq!(
        password_login(&app, "王小丽", ID_NUMBER, "Study2026")
            .await
            .0,
        429
    );
    // The lock ends: one wrong password is the first of a new run, not a new lock.
    sqlx::query("UPDATE learners SET locked_until = 1 WHERE id_number = $1")
        .bind(ID_NUMBER)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(
        password_login(&app, "王小丽", ID_NUMBER, "Wrong1234")
            .await
            .0,
        401
    );
    assert_eq!(
        password_login(&app, "王小丽", ID_NUMBER, "Study2026")
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_name_is_compared_as_it_was_stored() {
    let app = spawn_demo().await;
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "register"}),
    )
    .await;
    let mut body = registration(PHONE, ID_NUMBER, &app.last_code(PHONE));
    body["name"] = json!("买买提•艾力");
    let (s, r) = app.post_json("/api/v1/register", body).await;
    assert_eq!(
        (s, r["learner"]["name"].as_str()),
        (201, Some("买买提·艾力"))
    );
    assert_eq!(
        password_login(&app, "买买提•艾力", ID_NUMBER, "Study2026")
            .await
            .0,
        200,
        "typed as at registration"
    );
    assert_eq!(
        password_login(&app, "买买提·艾力", ID_NUMBER, "Study2026")
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn a_session_in_use_has_its_idle_expiry_pushed_forward() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let now = jxjy_app::format::now();
    // Last used five minutes ago, and ten seconds from expiring.
    sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2")
        .bind(now - 300)
        .bind(now + 10)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(me(&app, &token).await.0, 200);
    // The request does not wait for the touch; it is written with the others queued with it.
    app.state.store.sessions().write_pending_touches().await;
    let (last_seen, expires): (i64, i64) = sqlx::query_as(
        "SELECT last_seen_at, expires_at FROM sessions WHERE subject_kind = 'learner'",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    let idle = app.settings.session_idle_secs;
    assert!(last_seen >= now, "last use recorded: {last_seen} < {now}");
    assert!(
        expires >= now + idle,
        "idle expiry pushed forward: {expires}"
    );
    assert_eq!(me(&app, &token).await.0, 200);
}
