//! Accounts over the API: registration with 信息采集, SMS codes and their limits, login by
//! password and by SMS, lockout, sessions, logout, reset, change password, profile.

use serde_json::{Value, json};

use crate::common::{TestApp, spawn_demo, spawn_on};

pub const PHONE: &str = "13912345678";
/// A valid resident id (check char computed), female (odd 17th digit is male; 4 is even).
pub const ID_NUMBER: &str = "110105199001011240";

pub fn registration(phone: &str, id_number: &str, code: &str) -> Value {
    json!({
        "name": "王小丽", "id_type": "resident_id", "id_number": id_number, "phone": phone, "sms_code": code,
        "password": "Study2026", "region_code": "210102", "education": "本科", "employer": "沈阳示例会计师事务所",
        "qualification_level": "intermediate", "qualification_year": 2021, "work_start_year": 2015
    })
}

/// Registers a learner through the API and returns the session token.
pub async fn register(app: &TestApp, phone: &str, id_number: &str) -> String {
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": phone, "purpose": "register"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let code = app.last_code(phone);
    let (s, body) = app
        .post_json("/api/v1/register", registration(phone, id_number, &code))
        .await;
    assert_eq!(s, 201, "{body}");
    body["token"].as_str().unwrap().to_string()
}

pub async fn me(app: &TestApp, token: &str) -> (u16, Value) {
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub async fn password_login(app: &TestApp, name: &str, id: &str, password: &str) -> (u16, Value) {
    app.post_json(
        "/api/v1/login",
        json!({"name": name, "id_number": id, "password": password}),
    )
    .await
}

pub fn fields(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_learner_registers_with_an_sms_code_and_is_logged_in() {
    let app = spawn_demo().await;
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "register"}),
        )
        .await;
    assert_eq!((s, body["sent"].as_bool()), (200, Some(true)));
    let code = app.last_code(PHONE);
    assert_eq!(code.len(), 6);
    let r = app
        .client
        .post(app.url("/api/v1/register"))
        .json(&registration(PHONE, "11010519491231002x", &code))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let cookie = r
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let body: Value = r.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(
        cookie.starts_with(&format!("jxjy_session={token}"))
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
    );
    let l = &body["learner"];
    assert_eq!(l["name"], "王小丽");
    assert_eq!(
        l["id_number"], "11010519491231002X",
        "lower-case x is stored upper-case"
    );
    assert_eq!(l["gender"], "female");
    assert_eq!(l["birth_date"], "1949-12-31");
    assert_eq!(l["authority"], "和平区财政局");
    assert_eq!(
        l["first_required_year"], 2016,
        "the year after accounting work began, before the qualification"
    );

    // The token works as Bearer and the cookie works alone.
    let (s, me_body) = me(&app, token).await;
    assert_eq!((s, me_body["phone"].as_str()), (200, Some(PHONE)));
    let (s, _) = app.get_json("/api/v1/me").await;
    assert_eq!(s, 200, "the client's cookie jar carries the session");
    // The code was single use.
    let (s, body) = app
        .post_json(
            "/api/v1/register",
            registration("13912345679", "110105199001011267", &code),
        )
        .await;
    assert_eq!(s, 400, "{body}");
}

#[tokio::test]
async fn one_account_per_document_and_per_phone_is_a_409() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "register"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("phone_registered"))
    );
    let (s, _) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "13912340000", "purpose": "register"}),
        )
        .await;
    assert_eq!(s, 200);
    let code = app.last_code("13912340000");
    let (s, body) = app
        .post_json(
            "/api/v1/register",
            registration("13912340000", ID_NUMBER, &code),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("id_number_registered"))
    );
    assert_eq!(fields(&body), ["id_number"]);
}

#[tokio::test]
async fn every_rejected_field_is_named_in_chinese() {
    let app = spawn_demo().await;
    let mut bad = registration("123", "110105199002301234", "12");
    bad["name"] = json!("");
    bad["password"] = json!("short");
    bad["region_code"] = json!("");
    bad["employer"] = json!("");
    bad["qualification_year"] = json!("19x");
    let (s, body) = app.post_json("/api/v1/register", bad).await;
    assert_eq!(s, 400);
    assert_eq!(body["error"]["code"], "invalid_input");
    let named = fields(&body);
    for f in [
        "id_number",
        "name",
        "phone",
        "employer",
        "region_code",
        "qualification_year",
        "password",
        "sms_code",
    ] {
        assert!(named.contains(&f.to_string()), "{f} not named in {named:?}");
    }
    for f in body["error"]["fields"].as_array().unwrap() {
        assert!(
            f["message"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{f}"
        );
    }
    // An unknown region, a future birth date, a wrong check character.
    let mut bad = registration(PHONE, "110105199001011245", "123456");
    bad["region_code"] = json!("999999");
    let (s, body) = app.post_json("/api/v1/register", bad).await;
    assert_eq!(s, 400);
    assert!(fields(&body).contains(&"id_number".to_string()));
    let (s, body) = app
        .post_json("/api/v1/register", json!("not an object"))
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (400, Some("invalid_json"))
    );
    let r = app
        .client
        .post(app.url("/api/v1/register"))
        .header("content-type", "application/json")
        .body(vec![0xff, 0xfe, b'{'])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn password_login_needs_the_matching_name_and_locks_after_five_wrong_passwords() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    let (s, body) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    assert_eq!(s, 200, "{body}");
    assert!(body["token"].is_string() && body["learner"]["name"] == "王小丽");
    let (s, body) = password_login(&app, "王大丽", ID_NUMBER, "Study2026").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (401, Some("invalid_credentials")),
        "the name must match"
    );
    // Wrong names never count toward the owner's lock: a stranger who has only the number
    // cannot lock the account, and learns nothing from trying.
    for _ in 0..6 {
        let (s, body) = password_login(&app, "王大丽", ID_NUMBER, "Wrong1234").await;
        assert_eq!(
            (s, body["error"]["code"].as_str()),
            (401, Some("invalid_credentials"))
        );
    }
    let (s, unknown) = password_login(&app, "王大丽", "11010519491231002X", "Wrong1234").await;
    assert_eq!(
        (s, &unknown),
        (401, &body),
        "an unknown number answers as a wrong name"
    );
    for _ in 0..4 {
        let (s, _) = password_login(&app, "王小丽", ID_NUMBER, "Wrong1234").await;
        assert_eq!(s, 401);
    }
    // The fifth failure in a row locks.
    let (s, body) = password_login(&app, "王小丽", ID_NUMBER, "Wrong1234").await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (429, Some("account_locked")),
        "{body}"
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("锁定至")
    );
    let (s, _) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    assert_eq!(s, 429, "the right password does not open a locked account");
    // An SMS login lifts the lock.
    let (s, _) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": PHONE, "purpose": "login"}),
        )
        .await;
    assert_eq!(s, 200);
    let (s, body) = app
        .post_json(
            "/api/v1/login",
            json!({"phone": PHONE, "sms_code": app.last_code(PHONE)}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let (s, _) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    assert_eq!(s, 200);
    // The demo learner logs in with the demo password.
    let (s, body) = password_login(&app, "冯思媛", "44010319900307883x", "Jxjy@2025").await;
    assert_eq!(s, 200, "{body}");
}

#[tokio::test]
async fn the_lock_ends_when_its_time_has_passed() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    for _ in 0..5 {
        password_login(&app, "王小丽", ID_NUMBER, "Wrong1234").await;
    }
    let (s, _) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    assert_eq!(s, 429);
    sqlx::query("UPDATE learners SET locked_until = 1 WHERE id_number = $1")
        .bind(ID_NUMBER)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (s, _) = password_login(&app, "王小丽", ID_NUMBER, "Study2026").await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn sms_codes_are_single_use_and_allow_five_wrong_tries() {
    let app = spawn_demo().await;
    register(&app, PHONE, ID_NUMBER).await;
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "login"}),
    )
    .await;
    let code = app.last_code(PHONE);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let (s, body) = app
            .post_json("/api/v1/login", json!({"phone": PHONE, "sms_code": wrong}))
            .await;
        assert_eq!(s, 400);
        assert!(
            body["error"]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("还可尝试 {left} 次")),
            "{body}"
        );
    }
    let (s, _) = app
        .post_json("/api/v1/login", json!({"phone": PHONE, "sms_code": wrong}))
        .await;
    assert_eq!(s, 400);
    let (s, body) = app
        .post_json("/api/v1/login", json!({"phone": PHONE, "sms_code": code}))
        .await;
    assert_eq!(
        s, 400,
        "after five wrong tries the right code is dead too: {body}"
    );

    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "login"}),
    )
    .await;
    let code = app.last_code(PHONE);
    let (s, _) = app
        .post_json("/api/v1/login", json!({"phone": PHONE, "sms_code": code}))
        .await;
    assert_eq!(s, 200);
    let (s, _) = app
        .post_json("/api/v1/login", json!({"phone": PHONE, "sms_code": code}))
        .await;
    assert_eq!(s, 400, "single use");

    // A code is valid 5 minutes.
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "login"}),
    )
    .await;
    let code = app.last_code(PHONE);
    sqlx::query("UPDATE sms_codes SET expires_at = 1 WHERE phone = $1")
        .bind(PHONE)
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (s, body) = app
        .post_json("/api/v1/login", json!({"phone": PHONE, "sms_code": code}))
        .await;
    assert_eq!(s, 400);
    assert!(body["error"]["message"].as_str().unwrap().contains("失效"));
    // A code for another purpose does not log in.
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "reset"}),
    )
    .await;
    let (s, _) = app
        .post_json(
            "/api/v1/login",
            json!({"phone": PHONE, "sms_code": app.last_code(PHONE)}),
        )
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn ten_parallel_sms_requests_let_at_most_the_daily_limit_through_across_two_instances() {
    let a = spawn_demo().await;
    // A second instance on the same database, as a second `jxjy serve` would be.
    let dir = tempfile::tempdir().unwrap();
    let settings = jxjy_web::Settings {
        sms_outbox: Some(dir.path().join("sms.jsonl")),
        demo: false,
        ..a.settings.clone()
    };
    let b = spawn_on(dir, settings).await;
    let phone = "13700001111";
    let mut tasks = Vec::new();
    for i in 0..10 {
        let url = if i % 2 == 0 {
            a.url("/api/v1/sms/send")
        } else {
            b.url("/api/v1/sms/send")
        };
        tasks.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .json(&json!({"phone": phone, "purpose": "register"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            200 => ok += 1,
            429 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(ok, 5, "exactly the daily limit goes through");
    let (s, body) = a
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": phone, "purpose": "register"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (429, Some("sms_daily_limit"))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("一天只能接收5次")
    );
}
