//! The employer's account beyond the happy path: rejection with a reason and applying again,
//! lockout after wrong passwords, 重置密码 by the contact phone, logout; and that another
//! employer sees nothing of one's staff.

use serde_json::json;

use crate::admin_partners::admin_token;
use crate::common::spawn_demo;
use crate::credits::id_number;
use crate::employers::{DEMO_USCC, USCC_A, code, employer_login, register_employer};
use crate::training::api;

#[tokio::test]
async fn a_rejected_employer_reads_why_and_applies_again() {
    let app = spawn_demo().await;
    let id = register_employer(&app, USCC_A, "210102", "13700000001").await;
    let heping = admin_token(&app, "heping").await;
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/employers/{id}/reject"),
        Some(json!({"reason": "单位名称与营业执照不一致"})),
    )
    .await;
    assert_eq!((s, body["status"].as_str()), (200, Some("rejected")));
    let (_, body) = employer_login(&app, USCC_A, "Firm2026").await;
    assert_eq!(
        body["employer"]["reject_reason"],
        "单位名称与营业执照不一致"
    );
    let token = body["token"].as_str().unwrap().to_string();
    let (s, body) = api(
        &app,
        &token,
        "POST",
        "/api/v1/employer/staff/invite",
        Some(json!({"name": "王小丽", "id_number": id_number(1)})),
    )
    .await;
    assert_eq!((s, code(&body)), (403, "employer_rejected"));
    // Applying again with the same USCC puts it back in the queue.
    let again = register_employer(&app, USCC_A, "210102", "13700000003").await;
    assert_eq!(again, id);
    let (_, list) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/employers?status=pending",
        None,
    )
    .await;
    assert_eq!(list["total"], 1);
}

#[tokio::test]
async fn wrong_passwords_lock_the_employer_and_a_reset_by_the_contact_phone_lifts_it() {
    let app = spawn_demo().await;
    let (_, first) = employer_login(&app, DEMO_USCC, "Jxjy@2025").await;
    let old = first["token"].as_str().unwrap().to_string();
    let (s, body) = employer_login(&app, "91210102MA0XJY2068", "Whatever1").await;
    assert_eq!(
        (s, code(&body)),
        (401, "invalid_credentials"),
        "an invalid code answers as a wrong password"
    );
    for _ in 0..5 {
        employer_login(&app, DEMO_USCC, "Wrong1234").await;
    }
    let (s, body) = employer_login(&app, DEMO_USCC, "Jxjy@2025").await;
    assert_eq!((s, code(&body)), (429, "account_locked"), "{body}");

    // 重置密码: the code goes to the registered contact phone only.
    let (s, _) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "13700000077", "purpose": "employer_reset"}),
        )
        .await;
    assert_eq!(s, 404, "no employer has this phone");
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "13800138100", "purpose": "employer_reset"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let reset = json!({"uscc": DEMO_USCC, "phone": "13800138100", "sms_code": app.last_code("13800138100"), "new_password": "NewFirm2027"});
    let (s, body) = app
        .post_json("/api/v1/employer/password/reset", reset)
        .await;
    assert_eq!(s, 200, "{body}");
    let (s, _) = api(&app, &old, "GET", "/api/v1/employer/me", None).await;
    assert_eq!(s, 401, "the reset ended every session");
    let (s, body) = employer_login(&app, DEMO_USCC, "NewFirm2027").await;
    assert_eq!(s, 200, "the lock is lifted: {body}");
    let token = body["token"].as_str().unwrap().to_string();
    let (s, _) = api(&app, &token, "POST", "/api/v1/employer/logout", None).await;
    assert_eq!(s, 204);
    let (s, _) = api(&app, &token, "GET", "/api/v1/employer/me", None).await;
    assert_eq!(s, 401);
}

#[tokio::test]
async fn another_employer_sees_nothing_of_the_demo_employers_staff() {
    let app = spawn_demo().await;
    let id = register_employer(&app, USCC_A, "210102", "13700000001").await;
    let heping = admin_token(&app, "heping").await;
    api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/employers/{id}/approve"),
        None,
    )
    .await;
    let (_, body) = employer_login(&app, USCC_A, "Firm2026").await;
    let other = body["token"].as_str().unwrap().to_string();
    let (_, list) = api(
        &app,
        &other,
        "GET",
        "/api/v1/employer/staff?year=2025",
        None,
    )
    .await;
    assert_eq!(list["total"], 0, "{list}");
    // 冯思媛 (learner 1) is the demo employer's: a 404 here, never a hint.
    for action in ["confirm", "remove"] {
        let (s, _) = api(
            &app,
            &other,
            "POST",
            &format!("/api/v1/employer/staff/1/{action}"),
            None,
        )
        .await;
        assert_eq!(s, 404, "{action}");
    }
    let (_, export) =
        crate::common::download(&app, &other, "/api/v1/employer/exports/staff?year=2025").await;
    let rows = crate::common::xlsx_rows(&export);
    assert!(
        rows.iter().all(|r| !r.iter().any(|c| c == "冯思媛")),
        "{rows:?}"
    );
}
