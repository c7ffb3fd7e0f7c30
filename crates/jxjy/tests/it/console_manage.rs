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

#[tokio::test]
async fn the_years_credits_leave_for_the_national_platform_as_csv_within_scope() {
    let app = spawn_demo().await;
    let heping = admin_token(&app, "heping").await;
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/admin/exports/credits?year=2025"))
        .bearer_auth(&heping)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = r.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].contains("证件号码")
            && lines[1].contains("44010319900307883X")
            && lines[1].contains(",10,")
            && lines[1].contains("企业会计准则解读")
    );
    let dalian = reqwest::Client::new()
        .get(app.url("/api/v1/admin/exports/credits?year=2024"))
        .bearer_auth(&heping)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        dalian.lines().count(),
        1,
        "no records that year: the header only"
    );
    let province = admin_token(&app, "province").await;
    let (_, stats) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/stats?year=2025",
        None,
    )
    .await;
    assert_eq!(stats["institutions"][0]["name"], "辽宁XX有限公司");
    assert_eq!(stats["institutions"][0]["credited"], 1);
}

#[tokio::test]
async fn the_roster_imports_row_by_row_reports_rejections_and_never_creates_twice() {
    let app = spawn_demo().await;
    let heping = admin_token(&app, "heping").await;
    let csv = "\u{feff}姓名,证件类型,证件号码,手机号,学历,工作单位,主管部门代码,资格等级,取得资格年度,从事会计工作年度\n\
               王小丽,居民身份证,110105199001011240,13912345678,本科,单位甲,210102,初级,2020,\n\
               冯思媛,居民身份证,44010319900307883X,13800138999,本科,单位乙,210102,初级,2015,\n\
               张三,居民身份证,110105199001011241,13912345600,本科,单位丙,210102,无,,2019\n\
               李四,居民身份证,110105199001011267,13912345601,本科,单位丁,210202,无,,2019\n\
               赵五,居民身份证,11010519491231002X,13912345678,本科,单位戊,210102,中级,2010,\n";
    let send = |report: &'static str| {
        let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("roster.csv");
        let form = reqwest::multipart::Form::new().part("file", part);
        reqwest::Client::new()
            .post(app.url(&format!("/api/v1/admin/imports/roster{report}")))
            .bearer_auth(&heping)
            .multipart(form)
            .send()
    };
    let r = send("").await.unwrap();
    assert_eq!(r.status(), 200);
    let report: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        (
            report["rows"].as_i64(),
            report["created"].as_i64(),
            report["existing"].as_i64()
        ),
        (Some(5), Some(1), Some(1)),
        "{report}"
    );
    let rejected = report["rejected"].as_array().unwrap();
    let reasons: Vec<(i64, &str)> = rejected
        .iter()
        .map(|r| (r["row"].as_i64().unwrap(), r["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons[0].0 == 4 && reasons[0].1.contains("id_number"));
    assert!(reasons[1].0 == 5 && reasons[1].1.contains("管辖范围"));
    assert!(reasons[2].0 == 6 && reasons[2].1.contains("手机号"));
    assert!(
        rejected
            .iter()
            .all(|r| r["id_number"].as_str().unwrap().contains('*')),
        "masked in the report"
    );
    // Twice: nobody twice.
    let again: serde_json::Value = send("").await.unwrap().json().await.unwrap();
    assert_eq!(
        (again["created"].as_i64(), again["existing"].as_i64()),
        (Some(0), Some(2))
    );
    let csv_report = send("?report=csv").await.unwrap().text().await.unwrap();
    assert_eq!(csv_report.lines().count(), 4, "{csv_report}");
    // The imported learner logs in by SMS and sets a first password.
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": "13912345678", "purpose": "login"}),
    )
    .await;
    let (s, login) = app
        .post_json(
            "/api/v1/login",
            json!({"phone": "13912345678", "sms_code": app.last_code("13912345678")}),
        )
        .await;
    assert_eq!(s, 200, "{login}");
    let token = login["token"].as_str().unwrap();
    let (s, _) = api(
        &app,
        token,
        "POST",
        "/api/v1/me/password",
        Some(json!({"old_password": "", "new_password": "First2026"})),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "王小丽", "id_number": "110105199001011240", "password": "First2026"}),
        )
        .await;
    assert_eq!(s, 200);
    // Junk files are refused clearly.
    let part = reqwest::multipart::Part::bytes(vec![0xff, 0xfe, 0x00]).file_name("x.csv");
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/admin/imports/roster"))
        .bearer_auth(&heping)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'learner.import' AND actor_kind = 'admin'",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert_eq!(audited, 1);
}

async fn junior_offers(app: &crate::common::TestApp) -> usize {
    let (s, offers) = app.get_json("/api/v1/offers?level=junior").await;
    assert_eq!(s, 200, "{offers}");
    offers["items"].as_array().unwrap().len()
}

#[tokio::test]
async fn the_offer_list_follows_a_schools_changes_at_once() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    // The first read fills the in-memory copy of the open offers.
    assert_eq!(junior_offers(&app).await, 3);
    for (disabled, expected) in [(true, 2), (false, 3)] {
        let (s, _) = api(
            &app,
            &province,
            "PUT",
            "/api/v1/admin/institutions/3",
            Some(json!({"disabled": disabled})),
        )
        .await;
        assert_eq!(s, 200);
        assert_eq!(junior_offers(&app).await, expected, "disabled = {disabled}");
    }
}
