//! The pages everybody opens at a deadline (学分查询 JSON and page, 网络培训) read the session
//! and their data in one read of the store (on SQLite its own connections, on PostgreSQL the
//! native driver): they answer exactly as the statement-by-statement path does, refuse an
//! expired session alike, show the unread 消息 and push the session's idle expiry forward.

use reqwest::Client;
use reqwest::redirect::Policy;
use serde_json::Value;

use crate::common::{TestApp, demo_learner, spawn_demo};

async fn learner_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT id FROM learners WHERE id_number = '44010319900307883X'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

async fn credits_json(app: &TestApp, token: &str) -> (u16, Value) {
    let r = Client::new()
        .get(app.url("/api/v1/credits"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
}

/// A page with the session cookie: status, `Location`, body.
async fn page(app: &TestApp, token: &str, path: &str) -> (u16, String, String) {
    let r = Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .header("cookie", format!("jxjy_session={token}"))
        .send()
        .await
        .unwrap();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (r.status().as_u16(), location, r.text().await.unwrap())
}

/// A delivered 消息 for the learner, unread.
async fn deliver_message(app: &TestApp, learner_id: i64) {
    let now = jxjy_app::format::now();
    let year = i64::from(jxjy_app::format::this_year());
    let pool = app.state.store.pool();
    sqlx::query(
        "INSERT INTO reminders (id, creator_kind, region_code, year, audience, sms, title, text, send_at, status, \
         audience_count, created_at) \
         SELECT 9001, 'system', region_code, $1, 'all', 0, '学习提醒', '请按时完成学习', $2, 'done', 1, $2 \
         FROM learners WHERE id = $3",
    )
    .bind(year)
    .bind(now)
    .bind(learner_id)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO reminder_messages (reminder_id, learner_id, state, sent_at) VALUES (9001, $1, 'sent', $2)",
    )
    .bind(learner_id)
    .bind(now)
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn the_one_read_answers_as_the_statement_by_statement_path() {
    let app = spawn_demo().await;
    let token = demo_learner(&app).await;
    let id = learner_id(&app).await;
    // Records of two more methods and years beside the demo's, one reversed.
    for (year, category, tenths, method, source_ref) in [
        (2026, "public", 120, "exam", "t:1"),
        (2026, "professional", 300, "online", "t:2"),
        (2025, "public", 50, "conference", "t:3"),
        (2025, "public", -50, "conference", "t:4"),
    ] {
        sqlx::query(
            "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, \
             completed_at, created_at) VALUES ($1, $2, $3, $4, $5, 'admin', $6, 1767225600, 1767225600)",
        )
        .bind(id)
        .bind(year)
        .bind(category)
        .bind(tenths)
        .bind(method)
        .bind(source_ref)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    }
    let (s, body) = credits_json(&app, &token).await;
    assert_eq!(s, 200, "{body}");
    let expected = jxjy_app::credits::report(&app.state, id).await.unwrap();
    assert_eq!(body, serde_json::to_value(&expected).unwrap());
    assert!(
        body["rows"].as_array().is_some_and(|r| r.len() == 4),
        "the demo learner has credits in more than one year: {body}"
    );

    // 网络培训's one read: the same enrollments, learner and unread count as read one by one.
    let store = &app.state.store;
    let hash = jxjy_app::auth::token_hash(&token);
    let now = jxjy_app::format::now();
    let training = store
        .learner_training_by_session(&hash, 7200, now)
        .await
        .unwrap()
        .expect("a live session");
    let enrollments = store
        .enrollments()
        .enrollments_of_learner(id)
        .await
        .unwrap();
    assert!(!enrollments.is_empty());
    assert_eq!(training.enrollments, enrollments);
    assert_eq!(
        training.learner,
        store.learners().learner(id).await.unwrap()
    );
    assert_eq!(training.unread, store.reminders().unread(id).await.unwrap());
    assert!(
        store
            .learner_training_by_session("no-such-hash", 7200, now)
            .await
            .unwrap()
            .is_none()
    );

    // A learner with no credits and no enrollment answers alike.
    let token =
        crate::accounts::register(&app, crate::accounts::PHONE, crate::accounts::ID_NUMBER).await;
    let new_id: i64 = sqlx::query_scalar("SELECT id FROM learners WHERE id_number = $1")
        .bind(crate::accounts::ID_NUMBER)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (s, body) = credits_json(&app, &token).await;
    assert_eq!(s, 200, "{body}");
    let expected = jxjy_app::credits::report(&app.state, new_id).await.unwrap();
    assert_eq!(body, serde_json::to_value(&expected).unwrap());
    assert_eq!(body["rows"].as_array().map(Vec::len), Some(0), "{body}");
    let training = store
        .learner_training_by_session(&jxjy_app::auth::token_hash(&token), 7200, now)
        .await
        .unwrap()
        .expect("a live session");
    assert!(training.enrollments.is_empty());
    assert_eq!(training.learner.id, new_id);
}

#[tokio::test]
async fn the_hot_pages_show_unread_messages_and_refuse_an_expired_session_alike() {
    let app = spawn_demo().await;
    let token = demo_learner(&app).await;
    let id = learner_id(&app).await;
    deliver_message(&app, id).await;
    for path in ["/learner/credits", "/learner/training"] {
        let (s, _, html) = page(&app, &token, path).await;
        assert_eq!(s, 200, "{path}");
        assert!(
            html.contains("1<span class=\"visually-hidden\"> 条未读</span>"),
            "{path}: {html}"
        );
    }
    let (_, _, training) = page(&app, &token, "/learner/training").await;
    let enrolled: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM enrollments WHERE learner_id = $1")
            .bind(id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert!(enrolled > 0 && training.contains("进入网校"), "{training}");

    // Expired: the API says 401, the pages send the browser to 登录 and back.
    sqlx::query("UPDATE sessions SET expires_at = $1")
        .bind(jxjy_app::format::now() - 1)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (s, body) = credits_json(&app, &token).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
    for (path, next) in [
        ("/learner/credits", "/login?next=/learner/credits"),
        ("/learner/training", "/login?next=/learner/training"),
    ] {
        let (s, location, _) = page(&app, &token, path).await;
        assert_eq!((s, location.as_str()), (303, next), "{path}");
        let (s, location, _) = page(&app, "not-a-token", path).await;
        assert_eq!((s, location.as_str()), (303, next), "{path}");
    }
    let r = Client::new()
        .get(app.url("/api/v1/credits"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_session_used_on_a_hot_page_has_its_idle_expiry_pushed_forward() {
    let app = spawn_demo().await;
    let token = demo_learner(&app).await;
    for use_it in ["/api/v1/credits", "/learner/credits", "/learner/training"] {
        let now = jxjy_app::format::now();
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2")
            .bind(now - 300)
            .bind(now + 10)
            .execute(app.state.store.pool())
            .await
            .unwrap();
        if use_it.starts_with("/api") {
            assert_eq!(credits_json(&app, &token).await.0, 200);
        } else {
            assert_eq!(page(&app, &token, use_it).await.0, 200);
        }
        app.state.store.sessions().write_pending_touches().await;
        let expires: i64 =
            sqlx::query_scalar("SELECT expires_at FROM sessions WHERE subject_kind = 'learner'")
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        assert!(
            expires >= now + app.settings.session_idle_secs,
            "{use_it}: idle expiry pushed forward: {expires}"
        );
    }
}
