//! Managing from the console API: admins within scope, corrections of a learner's document,
//! password reset codes, schools (edit, disable, rotate), FAQ, the national credits export.

use serde_json::json;

use crate::admin_partners::admin_token;
use crate::common::spawn_demo;
use crate::training::{api, partner};

#[tokio::test]
async fn admins_are_created_only_within_scope_and_rank() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let shenyang = admin_token(&app, "shenyang").await;
    let new = |u: &str, role: &str, region: &str| json!({"username": u, "password": "Strong2026", "role": role, "region_code": region});
    let (s, _) = api(
        &app,
        &shenyang,
        "POST",
        "/api/v1/admin/admins",
        Some(new("sy2", "district", "210103")),
    )
    .await;
    assert_eq!(s, 403, "a city admin creates no admins");
    let (s, body) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/admins",
        Some(new("shenhe", "district", "210103")),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/admins",
        Some(new("boss", "super", "210000")),
    )
    .await;
    assert_eq!(s, 403, "nobody above oneself");
    let (s, body) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/admins",
        Some(new("xone", "city", "210103")),
    )
    .await;
    assert_eq!(
        (s, body["error"]["fields"][0]["field"].as_str()),
        (400, Some("region_code")),
        "a city admin needs a city"
    );
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/admins",
        Some(new("shenhe", "district", "210104")),
    )
    .await;
    assert_eq!(s, 409);
    let (s, body) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/admins",
        Some(json!({"username": "a", "password": "x", "role": "king", "region_code": "0"})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["fields"].as_array().map(Vec::len)),
        (400, Some(4))
    );
    let (s, login) = app
        .post_json(
            "/api/v1/admin/login",
            json!({"username": "shenhe", "password": "Strong2026"}),
        )
        .await;
    assert_eq!(s, 200, "{login}");
    let token = login["token"].as_str().unwrap().to_string();
    let (_, mine) = api(&app, &token, "GET", "/api/v1/admin/learners", None).await;
    assert_eq!(mine["total"], 0, "沈河区 has nobody yet");
    let (_, list) = api(&app, &shenyang, "GET", "/api/v1/admin/admins", None).await;
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["shenyang", "heping", "shenhe"]);
}

#[tokio::test]
async fn an_admin_corrects_the_document_number_and_sends_a_reset_code() {
    let app = spawn_demo().await;
    let heping = admin_token(&app, "heping").await;
    let body = json!({
        "id_type": "resident_id", "id_number": "11010519491231002x", "name": "冯思媛", "phone": "13800138000",
        "education": "本科", "employer": "更正后的单位", "region_code": "210102", "qualification_level": "junior",
        "qualification_year": 2015, "work_start_year": 2013
    });
    let (s, l) = api(
        &app,
        &heping,
        "PUT",
        "/api/v1/admin/learners/1/profile",
        Some(body.clone()),
    )
    .await;
    assert_eq!(s, 200, "{l}");
    assert_eq!(
        (
            l["id_number"].as_str(),
            l["employer"].as_str(),
            l["gender"].as_str()
        ),
        (
            Some("11010519491231002X"),
            Some("更正后的单位"),
            Some("female")
        )
    );
    let detail: String = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'learner.admin_correction'",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert!(
        detail.contains("id_number") && detail.contains("employer"),
        "{detail}"
    );
    let (s, _) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "11010519491231002X", "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 200, "the learner logs in with the corrected number");
    let mut bad = body.clone();
    bad["id_number"] = json!("110105194912310021");
    let (s, b) = api(
        &app,
        &heping,
        "PUT",
        "/api/v1/admin/learners/1/profile",
        Some(bad),
    )
    .await;
    assert_eq!(
        (s, b["error"]["fields"][0]["field"].as_str()),
        (400, Some("id_number"))
    );
    let mut away = body.clone();
    away["region_code"] = json!("210202");
    let (s, b) = api(
        &app,
        &heping,
        "PUT",
        "/api/v1/admin/learners/1/profile",
        Some(away),
    )
    .await;
    assert_eq!(
        (s, b["error"]["fields"][0]["field"].as_str()),
        (400, Some("region_code")),
        "no moving a learner out of one's scope"
    );
    let (s, _) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/learners/1/password-reset",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let code = app.last_code("13800138000");
    let (s, _) = app
        .post_json(
            "/api/v1/password/reset",
            json!({"phone": "13800138000", "sms_code": code, "new_password": "Helped2026"}),
        )
        .await;
    assert_eq!(s, 200);
    let shenhe_scope = admin_token(&app, "shenyang").await;
    let (s, _) = api(
        &app,
        &shenhe_scope,
        "PUT",
        "/api/v1/admin/learners/999/profile",
        Some(body),
    )
    .await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn schools_are_edited_disabled_and_their_secrets_rotated() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let heping = admin_token(&app, "heping").await;
    let (_, list) = api(&app, &heping, "GET", "/api/v1/admin/institutions", None).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 3);
    assert!(
        !list.to_string().contains("secret"),
        "secrets are never listed"
    );
    let (s, _) = api(
        &app,
        &heping,
        "PUT",
        "/api/v1/admin/institutions/3",
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(s, 403);
    let (s, _) = api(
        &app,
        &province,
        "PUT",
        "/api/v1/admin/institutions/3",
        Some(json!({"contact_phone": "024-99999999"})),
    )
    .await;
    assert_eq!(s, 200);
    assert!(app.get_text("/faq").await.1.contains("024-99999999"));
    let (s, _) = api(
        &app,
        &province,
        "PUT",
        "/api/v1/admin/institutions/3",
        Some(json!({"disabled": true})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, offers) = app.get_json("/api/v1/offers?level=junior").await;
    assert_eq!(s, 200, "{offers}");
    assert_eq!(
        offers["items"].as_array().unwrap().len(),
        2,
        "a disabled school is not offered"
    );
    let (s, body) = partner(
        &app,
        3,
        "demo-secret-3",
        "GET",
        "/api/v1/partner/enrollments",
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (403, Some("institution_disabled"))
    );

    let (s, rotated) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/institutions/1/secret",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let secret = rotated["secret"].as_str().unwrap().to_string();
    let (s, _) = partner(
        &app,
        1,
        "demo-secret-1",
        "GET",
        "/api/v1/partner/enrollments",
        None,
    )
    .await;
    assert_eq!(s, 401, "the old secret stops working");
    let (s, _) = partner(&app, 1, &secret, "GET", "/api/v1/partner/enrollments", None).await;
    assert_eq!(s, 200);
}

#[tokio::test]
async fn faq_entries_are_managed_and_shown_safely() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let (s, c) = api(&app, &province, "POST", "/api/v1/admin/faqs", Some(json!({"question": "学分可以补登吗?<img src=x>", "answer": "不可以。", "sort_order": 9}))).await;
    assert_eq!(s, 201);
    let id = c["id"].as_i64().unwrap();
    let (_, html) = app.get_text("/faq").await;
    assert!(html.contains("学分可以补登吗?&#60;img") && !html.contains("<img src=x>"));
    let (s, _) = api(
        &app,
        &province,
        "PUT",
        &format!("/api/v1/admin/faqs/{id}"),
        Some(json!({"question": "改", "answer": "改了"})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = api(
        &app,
        &province,
        "DELETE",
        &format!("/api/v1/admin/faqs/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        app.get_json("/api/v1/faqs").await.1["items"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/faqs",
        Some(json!({"question": "", "answer": ""})),
    )
    .await;
    assert_eq!(s, 400);
}
