//! 单位 (SPEC section 8) over the API: registration with the contact phone's code through the
//! authority's approval, both ways of linking staff, what each side sees, and bad input.

use serde_json::{Value, json};

use crate::admin_partners::admin_token;
use crate::claims::district_admin;
use crate::common::{TestApp, spawn_demo};
use crate::credits::{id_number, register_learner};
use crate::training::api;

pub const DEMO_USCC: &str = "91210102MA0XJY2067";
/// Valid codes (GB 32100-2015) of employers registered in the tests.
pub const USCC_A: &str = "91210102MA0XJY310B";
pub const USCC_B: &str = "91210202MA0XJY425N";

/// Logs in an employer by USCC (password `pw`) and returns the token.
pub async fn employer_login(app: &TestApp, uscc: &str, pw: &str) -> (u16, Value) {
    app.post_json(
        "/api/v1/employer/login",
        json!({"uscc": uscc, "password": pw}),
    )
    .await
}

pub async fn demo_employer(app: &TestApp) -> String {
    let (s, body) = employer_login(app, DEMO_USCC, "Jxjy@2025").await;
    assert_eq!(s, 200, "{body}");
    body["token"].as_str().unwrap().to_string()
}

pub fn registration(uscc: &str, region: &str, phone: &str, code: &str) -> Value {
    json!({"name": "沈阳示例财务咨询有限公司", "uscc": uscc, "region_code": region, "contact_name": "刘洋",
        "phone": phone, "sms_code": code, "password": "Firm2026"})
}

/// Registers an employer (pending) and returns its id.
pub async fn register_employer(app: &TestApp, uscc: &str, region: &str, phone: &str) -> i64 {
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": phone, "purpose": "employer_register"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let code = app.last_code(phone);
    let (s, body) = app
        .post_json(
            "/api/v1/employer/register",
            registration(uscc, region, phone, &code),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["status"], "pending");
    body["id"].as_i64().unwrap()
}

pub fn staff_of(list: &Value) -> Vec<(String, String)> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["name"].as_str().unwrap().to_string(),
                i["link"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

pub fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

fn field_named(body: &Value, field: &str) -> bool {
    body["error"]["fields"]
        .as_array()
        .is_some_and(|a| a.iter().any(|f| f["field"] == field))
}

#[tokio::test]
async fn an_employer_registers_waits_for_review_and_acts_once_approved() {
    let app = spawn_demo().await;
    // Bad input: each field named, nothing stored.
    let (s, body) = app
        .post_json(
            "/api/v1/employer/register",
            registration("91210102MA0XJY3188", "999999", "13700000001", "000000"),
        )
        .await;
    assert_eq!(s, 400, "{body}");
    assert!(
        field_named(&body, "uscc") && field_named(&body, "region_code"),
        "{body}"
    );
    let (s, body) = app
        .post_json(
            "/api/v1/employer/register",
            registration(USCC_A, "210102", "13700000001", "123456"),
        )
        .await;
    assert_eq!(s, 400, "a code never sent: {body}");
    let id = register_employer(&app, USCC_A, "210102", "13700000001").await;
    // One account per USCC.
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": "13700000002", "purpose": "employer_register"}),
    )
    .await;
    let again = registration(
        USCC_A,
        "210102",
        "13700000002",
        &app.last_code("13700000002"),
    );
    let (s, body) = app.post_json("/api/v1/employer/register", again).await;
    assert_eq!((s, code(&body)), (409, "uscc_registered"), "{body}");

    // Pending: it logs in and sees why it may not act yet.
    let (s, body) = employer_login(&app, USCC_A, "Firm2026").await;
    assert_eq!(s, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_string();
    assert_eq!(body["employer"]["status"], "pending");
    let (s, body) = api(&app, &token, "GET", "/api/v1/employer/staff", None).await;
    assert_eq!((s, code(&body)), (403, "employer_pending"));

    // An admin out of scope (大连 中山区) sees nothing of it and cannot decide it.
    let zhongshan = district_admin(&app, "zhongshan", "210202").await;
    let (_, list) = api(
        &app,
        &zhongshan,
        "GET",
        "/api/v1/admin/employers?status=pending",
        None,
    )
    .await;
    assert_eq!(list["total"], 0, "{list}");
    let (s, _) = api(
        &app,
        &zhongshan,
        "POST",
        &format!("/api/v1/admin/employers/{id}/approve"),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = api(
        &app,
        &zhongshan,
        "GET",
        &format!("/api/v1/admin/employers/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 404);

    // The authority in scope sees it in the queue, with its details, and approves it.
    let heping = admin_token(&app, "heping").await;
    let (s, body) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/employers?status=bogus",
        None,
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let (_, list) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/employers?status=pending",
        None,
    )
    .await;
    let item = &list["items"][0];
    assert_eq!(
        (item["uscc"].as_str(), item["contact_name"].as_str()),
        (Some(USCC_A), Some("刘洋"))
    );
    assert_eq!(item["authority"], "和平区财政局");
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/employers/{id}/reject"),
        Some(json!({"reason": ""})),
    )
    .await;
    assert!(s == 400 && field_named(&body, "reason"), "{body}");
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/employers/{id}/approve"),
        None,
    )
    .await;
    assert_eq!(
        (s, body["status"].as_str()),
        (200, Some("approved")),
        "{body}"
    );
    let (s, _) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/employers/{id}/reject"),
        Some(json!({"reason": "材料不全"})),
    )
    .await;
    assert_eq!(s, 409, "a decided account is not decided again");
    let (s, body) = api(&app, &token, "GET", "/api/v1/employer/staff", None).await;
    assert_eq!((s, body["total"].as_i64()), (200, Some(0)), "{body}");

    // The decision is audited with the admin and the employer named.
    let province = admin_token(&app, "province").await;
    let (_, audit) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=employer.approve",
        None,
    )
    .await;
    let entry = &audit["items"][0];
    assert_eq!(entry["action_label"], "审核通过单位注册", "{audit}");
    assert!(
        entry["target_label"]
            .as_str()
            .unwrap()
            .contains("沈阳示例财务咨询有限公司"),
        "{entry}"
    );
}

#[tokio::test]
async fn staff_link_both_ways_and_only_a_confirmed_link_shows_anything() {
    let app = spawn_demo().await;
    let employer = demo_employer(&app).await;
    register_learner(&app, 1, |r| r["name"] = json!("王小丽")).await;
    let b = register_learner(&app, 2, |r| r["name"] = json!("赵明")).await;
    // Registering 赵明 on the same client ended 王小丽's session: she logs in again.
    // (On a client of its own, so that 赵明's session in the app's cookie jar lives on.)
    let body: Value = reqwest::Client::new()
        .post(app.url("/api/v1/login"))
        .json(&json!({"name": "王小丽", "id_number": id_number(1), "password": "Study2026"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let a = body["token"].as_str().unwrap().to_string();

    // The learner names the employer by USCC: bad, unknown, then the real one.
    let (s, body) = api(
        &app,
        &a,
        "PUT",
        "/api/v1/me/employer",
        Some(json!({"uscc": "91210102MA0XJY2068"})),
    )
    .await;
    assert!(s == 400 && field_named(&body, "uscc"), "{body}");
    let (s, body) = api(
        &app,
        &a,
        "PUT",
        "/api/v1/me/employer",
        Some(json!({"uscc": USCC_A})),
    )
    .await;
    assert_eq!((s, code(&body)), (404, "employer_not_found"), "{body}");
    let (s, body) = api(
        &app,
        &a,
        "PUT",
        "/api/v1/me/employer",
        Some(json!({"uscc": DEMO_USCC})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["request"]["link"], "requested");
    assert!(body["current"].is_null());

    // Requested: listed, with nothing of the learner's year.
    let (_, list) = api(&app, &employer, "GET", "/api/v1/employer/staff", None).await;
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "王小丽")
        .unwrap()
        .clone();
    assert_eq!(item["link"], "requested");
    assert!(
        item["status"].is_null() && item["missing"].is_null() && item["earned"].is_null(),
        "{item}"
    );
    let a_id = item["learner_id"].as_i64().unwrap();
    let (s, _) = api(
        &app,
        &employer,
        "POST",
        &format!("/api/v1/employer/staff/{a_id}/confirm"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (_, mine) = api(&app, &a, "GET", "/api/v1/me/employer", None).await;
    assert_eq!(mine["current"]["uscc"], DEMO_USCC, "{mine}");
    let (_, list) = api(&app, &employer, "GET", "/api/v1/employer/staff", None).await;
    let item = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["name"] == "王小丽")
        .unwrap()
        .clone();
    assert_eq!(item["link"], "confirmed");
    assert!(
        item["status"].is_string() && item["missing"].is_object(),
        "{item}"
    );
    assert!(
        item["id_number"].as_str().unwrap().contains('*'),
        "masked: {item}"
    );

    // Naming the same employer again changes nothing; one current employer: another is refused.
    let (s, body) = api(
        &app,
        &a,
        "PUT",
        "/api/v1/me/employer",
        Some(json!({"uscc": DEMO_USCC})),
    )
    .await;
    assert_eq!(
        (s, body["current"]["uscc"].as_str()),
        (200, Some(DEMO_USCC)),
        "{body}"
    );
    let other = register_employer(&app, USCC_A, "210102", "13700000001").await;
    let heping = admin_token(&app, "heping").await;
    api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/employers/{other}/approve"),
        None,
    )
    .await;
    let (s, body) = api(
        &app,
        &a,
        "PUT",
        "/api/v1/me/employer",
        Some(json!({"uscc": USCC_A})),
    )
    .await;
    assert_eq!(s, 409, "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("辽宁示例会计服务有限公司"),
        "{body}"
    );

    // The employer invites by 姓名 + 证件号; a document without an account is answered alike.
    let (s, body) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/staff/invite",
        Some(json!({"name": "赵明", "id_number": id_number(2)})),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let (s, unknown) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/staff/invite",
        Some(json!({"name": "查无此人", "id_number": id_number(77)})),
    )
    .await;
    assert_eq!((s, &unknown), (201, &body), "numbers cannot be probed");
    let (s, body) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/staff/invite",
        Some(json!({"name": "赵明", "id_number": "210102198506120011"})),
    )
    .await;
    assert!(s == 400 && field_named(&body, "id_number"), "{body}");
    let (_, list) = api(&app, &employer, "GET", "/api/v1/employer/staff", None).await;
    assert!(
        staff_of(&list).contains(&("赵明".into(), "invited".into())),
        "{list}"
    );
    assert!(!staff_of(&list).iter().any(|(n, _)| n == "查无此人"));
    let (_, mine) = api(&app, &b, "GET", "/api/v1/me/employer", None).await;
    assert_eq!(mine["invitations"][0]["uscc"], DEMO_USCC, "{mine}");
    let (s, body) = api(
        &app,
        &b,
        "POST",
        "/api/v1/me/employer/accept",
        Some(json!({})),
    )
    .await;
    assert_eq!(
        (s, body["current"]["link"].as_str()),
        (200, Some("confirmed")),
        "{body}"
    );

    // Either side ends it; an ended link shows nothing and is not confirmed again.
    let (s, _) = api(
        &app,
        &employer,
        "POST",
        &format!("/api/v1/employer/staff/{a_id}/remove"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (_, list) = api(&app, &employer, "GET", "/api/v1/employer/staff", None).await;
    assert!(
        !staff_of(&list).iter().any(|(n, _)| n == "王小丽"),
        "{list}"
    );
    let (s, _) = api(
        &app,
        &employer,
        "POST",
        &format!("/api/v1/employer/staff/{a_id}/confirm"),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (_, mine) = api(&app, &a, "GET", "/api/v1/me/employer", None).await;
    assert!(mine["current"].is_null(), "{mine}");
    let (s, _) = api(&app, &b, "DELETE", "/api/v1/me/employer", None).await;
    assert_eq!(s, 200);
    let (_, list) = api(&app, &employer, "GET", "/api/v1/employer/staff", None).await;
    assert!(!staff_of(&list).iter().any(|(n, _)| n == "赵明"), "{list}");

    // Every step is audited, with the employer as the actor where it acted.
    let province = admin_token(&app, "province").await;
    let (_, audit) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=staff.",
        None,
    )
    .await;
    let labels: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["action_label"].as_str().unwrap())
        .collect();
    for l in [
        "学员申请加入单位",
        "单位确认人员",
        "单位邀请人员",
        "学员接受单位邀请",
        "单位解除人员关系",
        "学员解除与单位的关系",
    ] {
        assert!(labels.contains(&l), "{l} in {labels:?}");
    }
    let confirm = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["action"] == "staff.confirm")
        .unwrap();
    assert_eq!(
        confirm["actor_name"], "单位 辽宁示例会计服务有限公司",
        "{confirm}"
    );
}
