//! Every request gets a clear 4xx for what it should not send (issue 14), on both backends:
//! arrays where objects belong, control characters in any text, numbers as strings, partner
//! values out of range; and logins that tell a stranger nothing.

use serde_json::{Value, json};

use crate::accounts::{ID_NUMBER, PHONE, register};
use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_demo};
use crate::training::{api, partner, this_year};

/// A signed partner call as the demo's school 1.
async fn as_school_1(app: &TestApp, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    partner(app, 1, "demo-secret-1", method, path, body).await
}

fn field_named(body: &Value, field: &str) -> bool {
    body["error"]["fields"]
        .as_array()
        .is_some_and(|f| f.iter().any(|x| x["field"] == field))
}

async fn raw_json(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> (u16, Value) {
    let mut req = app
        .client
        .request(method.parse().unwrap(), app.url(path))
        .header("content-type", "application/json")
        .body(body.to_string());
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let r = req.send().await.unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn an_array_where_an_object_belongs_is_a_400_and_changes_nothing() {
    let app = spawn_demo().await;
    let (s, body) = raw_json(
        &app,
        "POST",
        "/api/v1/admin/login",
        None,
        r#"["shenyang","Jxjy@2025"]"#,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("invalid_json")),
        "{body}"
    );
    let province = admin_token(&app, "province").await;
    let (s, body) = raw_json(
        &app,
        "PUT",
        "/api/v1/admin/institutions/1",
        Some(&province),
        r#"["new name"]"#,
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let (_, list) = api(&app, &province, "GET", "/api/v1/admin/institutions", None).await;
    assert!(
        !list.to_string().contains("new name"),
        "the school kept its name"
    );
}

#[tokio::test]
async fn nul_and_control_characters_are_refused_naming_the_field_on_every_edge() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let nul = "a\u{0}b";
    // JSON bodies: logins, registration, notices, FAQ, institutions.
    let cases: Vec<(&str, &str, Option<&str>, Value, &str)> = vec![
        (
            "POST",
            "/api/v1/admin/login",
            None,
            json!({"username": nul, "password": "x"}),
            "username",
        ),
        (
            "POST",
            "/api/v1/login",
            None,
            json!({"name": nul, "id_number": ID_NUMBER, "password": "x"}),
            "name",
        ),
        (
            "POST",
            "/api/v1/register",
            None,
            json!({"name": "王小丽", "employer": nul}),
            "employer",
        ),
        (
            "POST",
            "/api/v1/admin/notices",
            Some(&province),
            json!({"title": nul, "body": "x"}),
            "title",
        ),
        (
            "POST",
            "/api/v1/admin/faqs",
            Some(&province),
            json!({"question": "q", "answer": "a\u{1b}[31m"}),
            "answer",
        ),
        (
            "PUT",
            "/api/v1/admin/institutions/1",
            Some(&province),
            json!({"name": nul}),
            "name",
        ),
    ];
    for (method, path, token, body, field) in cases {
        let (s, answer) = raw_json(&app, method, path, token, &body.to_string()).await;
        assert_eq!(s, 400, "{method} {path}: {answer}");
        assert!(
            field_named(&answer, field),
            "{method} {path} names {field}: {answer}"
        );
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains("控制字符"), "{message}");
    }
    // Query strings.
    for path in [
        "/api/v1/admin/learners?q=%00",
        "/api/v1/admin/audit?action=%00",
    ] {
        let (s, answer) = api(&app, &province, "GET", path, None).await;
        assert_eq!(s, 400, "{path}: {answer}");
        assert!(
            field_named(
                &answer,
                path.rsplit_once('?').unwrap().1.split('=').next().unwrap()
            ),
            "{answer}"
        );
    }
    // A path segment: no such page.
    let (s, _) = app.get_text("/verify/ABCD%00").await;
    assert_eq!(s, 404);
    // The partner API.
    let eid: i64 = sqlx::query_scalar(
        "SELECT id FROM enrollments WHERE institution_id = 1 ORDER BY id LIMIT 1",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    let (s, answer) = as_school_1(&app, "POST", &format!("/api/v1/partner/enrollments/{eid}/credits"),
        Some(json!({"records": [{"record_id": "R\u{0}", "course": "课程", "category": "public", "credits": 1, "completed_at": at}]}))).await;
    assert_eq!(s, 400, "{answer}");
    assert!(field_named(&answer, "records[0].record_id"), "{answer}");
    let (s, answer) = as_school_1(&app, "POST", &format!("/api/v1/partner/enrollments/{eid}/credits"),
        Some(json!({"records": [{"record_id": "R1", "course": "课\u{7}程", "category": "public", "credits": 1, "completed_at": at}]}))).await;
    assert_eq!(s, 400, "{answer}");
    assert!(field_named(&answer, "records[0].course"), "{answer}");
    let (s, answer) = as_school_1(
        &app,
        "POST",
        &format!("/api/v1/partner/enrollments/{eid}/payment"),
        Some(json!({"reference": "P\u{0}1", "amount_fen": 100, "paid_at": at})),
    )
    .await;
    assert_eq!(s, 400, "{answer}");
    assert!(field_named(&answer, "reference"), "{answer}");
}

#[tokio::test]
async fn numbers_must_be_numbers_and_messages_show_no_parser_words() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (s, body) = raw_json(
        &app,
        "POST",
        "/api/v1/enrollments",
        Some(&token),
        &json!({"year": "2026", "level": "junior", "institution_id": 1}).to_string(),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    assert!(field_named(&body, "year"), "{body}");
    let (s, body) = raw_json(
        &app,
        "POST",
        "/api/v1/enrollments",
        Some(&token),
        &json!({"year": this_year(), "level": "junior", "institution_id": 1.5}).to_string(),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("institution_id") && message.contains("整数"),
        "{message}"
    );
    for internal in ["invalid type", "expected", "line 1", "column"] {
        assert!(!body.to_string().contains(internal), "{body}");
    }
    // A school's credits as a string.
    let (_, e) = api(
        &app,
        &token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": 1})),
    )
    .await;
    let eid = e["id"].as_i64().unwrap();
    let paid_at = jxjy_app::format::rfc3339(jxjy_app::format::now());
    let (s, _) = as_school_1(
        &app,
        "POST",
        &format!("/api/v1/partner/enrollments/{eid}/payment"),
        Some(json!({"reference": "P-1", "amount_fen": 12000, "paid_at": paid_at})),
    )
    .await;
    assert_eq!(s, 200);
    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    let (s, body) = as_school_1(&app, "POST", &format!("/api/v1/partner/enrollments/{eid}/credits"),
        Some(json!({"records": [{"record_id": "R1", "course": "课程", "category": "public", "credits": "2.5", "completed_at": at}]}))).await;
    assert_eq!(s, 400, "{body}");
    assert!(field_named(&body, "records[0].credits"), "{body}");
    // An array where a record belongs is not read as its fields in order.
    let (s, body) = as_school_1(
        &app,
        "POST",
        &format!("/api/v1/partner/enrollments/{eid}/credits"),
        Some(json!({"records": [["R2", "课程", "public", 2.5, at]]})),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    assert!(field_named(&body, "records[0]"), "{body}");
}

#[tokio::test]
async fn partner_values_out_of_range_are_refused() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let (_, e) = api(
        &app,
        &token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": 1})),
    )
    .await;
    let eid = e["id"].as_i64().unwrap();
    let pay = |reference: &str, amount: i64, at: i64| json!({"reference": reference, "amount_fen": amount, "paid_at": jxjy_app::format::rfc3339(at)});
    let path = format!("/api/v1/partner/enrollments/{eid}/payment");
    let now = jxjy_app::format::now();
    for amount in [0, -5, jxjy_domain::payment::MAX_AMOUNT_FEN + 1] {
        let (s, body) = as_school_1(&app, "POST", &path, Some(pay("P-1", amount, now))).await;
        assert_eq!(s, 400, "{amount}: {body}");
        assert!(field_named(&body, "amount_fen"), "{body}");
    }
    // Paid a day before the learner enrolled.
    let (s, body) = as_school_1(&app, "POST", &path, Some(pay("P-1", 12000, now - 86_400))).await;
    assert_eq!(s, 400, "{body}");
    assert!(field_named(&body, "paid_at"), "{body}");
    let (s, _) = as_school_1(&app, "POST", &path, Some(pay("P-1", 12000, now))).await;
    assert_eq!(s, 200);
    // The same reference again is a repeat; a new one on a paid enrollment is a conflict.
    let (s, body) = as_school_1(&app, "POST", &path, Some(pay("P-1", 12000, now))).await;
    assert_eq!((s, body["repeat"].as_bool()), (200, Some(true)));
    let (s, body) = as_school_1(&app, "POST", &path, Some(pay("P-2", 12000, now))).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("payment_exists")),
        "{body}"
    );
    // The feed's page size.
    for limit in ["0", "501", "-1"] {
        let (s, body) = as_school_1(
            &app,
            "GET",
            &format!("/api/v1/partner/enrollments?limit={limit}"),
            None,
        )
        .await;
        assert_eq!(
            (s, body["error"]["code"].as_str()),
            (400, Some("invalid_query")),
            "{limit}: {body}"
        );
    }
    let (s, _) = as_school_1(&app, "GET", "/api/v1/partner/enrollments?limit=500", None).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn a_disabled_or_unknown_admin_answers_as_a_wrong_password_and_locks_alike() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let heping: i64 = sqlx::query_scalar("SELECT id FROM admins WHERE username = 'heping'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (s, _) = api(
        &app,
        &province,
        "PUT",
        &format!("/api/v1/admin/admins/{heping}"),
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(s, 200);
    let login = |u: &str, p: &str| json!({"username": u, "password": p});
    let (s1, disabled_right) = app
        .post_json("/api/v1/admin/login", login("heping", "Jxjy@2025"))
        .await;
    let (s2, disabled_wrong) = app
        .post_json("/api/v1/admin/login", login("heping", "Wrong1234"))
        .await;
    let (s3, unknown) = app
        .post_json("/api/v1/admin/login", login("nobody", "Wrong1234"))
        .await;
    let (s4, wrong) = app
        .post_json("/api/v1/admin/login", login("shenyang", "Wrong1234"))
        .await;
    assert_eq!((s1, s2, s3, s4), (401, 401, 401, 401));
    assert!(
        disabled_right == unknown && disabled_wrong == unknown && wrong == unknown,
        "{disabled_right} {unknown} {wrong}"
    );
    // Five failures lock a real account; an unknown username locks just the same.
    for _ in 0..4 {
        app.post_json("/api/v1/admin/login", login("shenyang", "Wrong1234"))
            .await;
        app.post_json("/api/v1/admin/login", login("nobody", "Wrong1234"))
            .await;
    }
    let (s_real, real) = app
        .post_json("/api/v1/admin/login", login("shenyang", "Wrong1234"))
        .await;
    let (s_none, none) = app
        .post_json("/api/v1/admin/login", login("nobody", "Wrong1234"))
        .await;
    assert_eq!((s_real, s_none), (429, 429), "{real} {none}");
    assert_eq!(real["error"]["code"], none["error"]["code"]);
}
