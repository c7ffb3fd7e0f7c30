//! Data leaving and entering the console: the national platform's CSV, the roster import, offers
//! following a school's changes.

use crate::admin_partners::admin_token;
use crate::common::spawn_demo;
use crate::training::api;
use serde_json::json;

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
