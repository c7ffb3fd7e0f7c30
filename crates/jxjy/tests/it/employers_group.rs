//! 团报 and the staff export (SPEC section 8): each chosen learner gets an ordinary enrollment,
//! those already enrolled or not confirmed staff are skipped and named, the learner sees 由单位报名
//! and may cancel while unpaid; the export reads back with Chinese headings.

use serde_json::{Value, json};

use crate::admin_partners::admin_token;
use crate::common::{TestApp, download, spawn_demo, xlsx_rows};
use crate::employers::{USCC_B, demo_employer, employer_login, register_employer};
use crate::training::{api, this_year};

async fn staff_login(app: &TestApp, name: &str, id_number: &str) -> String {
    let (s, body) = app
        .post_json(
            "/api/v1/login",
            json!({"name": name, "id_number": id_number, "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    body["token"].as_str().unwrap().to_string()
}

fn group(learner_ids: &[i64], institution_id: i64) -> Value {
    json!({"year": this_year(), "level": "junior", "institution_id": institution_id, "learner_ids": learner_ids})
}

#[tokio::test]
async fn group_enrollment_enrolls_each_learner_skips_and_names_the_rest() {
    let app = spawn_demo().await;
    let employer = demo_employer(&app).await;
    // The demo staff: 冯思媛 #1, 李静 #2, 张敏 #3. 李静 has enrolled herself this year.
    let lijing = staff_login(&app, "李静", "210102198805120020").await;
    let (s, own) = api(
        &app,
        &lijing,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": this_year(), "level": "junior", "institution_id": 2})),
    )
    .await;
    assert_eq!(s, 201, "{own}");

    // Bad input first: nothing is enrolled by any of it.
    let (s, body) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/group-enrollments",
        Some(group(&[1], 999)),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (404, Some("offer_not_found")),
        "{body}"
    );
    let (s, body) = api(&app, &employer, "POST", "/api/v1/employer/group-enrollments",
        Some(json!({"year": this_year(), "level": "expert", "institution_id": 1, "learner_ids": [1]}))).await;
    assert_eq!(s, 400, "{body}");
    let (s, body) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/group-enrollments",
        Some(group(&[], 1)),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let (s, body) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/group-enrollments",
        Some(json!({"year": 1999, "level": "junior", "institution_id": 1, "learner_ids": [1]})),
    )
    .await;
    assert_eq!(s, 400, "{body}");
    let (_, list) = api(
        &app,
        &employer,
        "GET",
        "/api/v1/employer/staff?enrolled=false",
        None,
    )
    .await;
    assert_eq!(
        list["total"], 2,
        "冯思媛 and 张敏 are not enrolled yet: {list}"
    );

    let (s, result) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/group-enrollments",
        Some(group(&[1, 2, 3, 999_999], 1)),
    )
    .await;
    assert_eq!(s, 200, "{result}");
    let enrolled: Vec<i64> = result["enrolled"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["learner_id"].as_i64().unwrap())
        .collect();
    assert_eq!(enrolled, vec![1, 3], "{result}");
    let skipped = result["skipped"].as_array().unwrap();
    let lj = skipped.iter().find(|k| k["learner_id"] == 2).unwrap();
    assert_eq!(
        (lj["reason"].as_str(), lj["name"].as_str()),
        (Some("already_enrolled"), Some("李静")),
        "{lj}"
    );
    let stranger = skipped.iter().find(|k| k["learner_id"] == 999_999).unwrap();
    assert_eq!(stranger["reason"], "not_staff");
    assert!(stranger["name"].is_null(), "nobody else's name is told");

    // 张敏 sees an ordinary enrollment marked 由单位报名 and cancels it while unpaid.
    let zhangmin = staff_login(&app, "张敏", "210102199209180048").await;
    let (_, mine) = api(&app, &zhangmin, "GET", "/api/v1/enrollments", None).await;
    let e = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["year"] == this_year())
        .unwrap()
        .clone();
    assert_eq!(e["enrolled_by"], "辽宁示例会计服务有限公司", "{e}");
    assert_eq!(e["status"], "enrolled", "{e}");
    let (s, body) = api(
        &app,
        &zhangmin,
        "DELETE",
        &format!("/api/v1/enrollments/{}", e["id"]),
        None,
    )
    .await;
    assert_eq!(s, 200, "{body}");
    // Cancelled, the employer may enroll her again; the school's feed saw the enrollment.
    let (_, again) = api(
        &app,
        &employer,
        "POST",
        "/api/v1/employer/group-enrollments",
        Some(group(&[3], 1)),
    )
    .await;
    assert_eq!(again["enrolled"][0]["learner_id"], 3, "{again}");

    // The same audit record as 确认报名, with the employer as the actor.
    let province = admin_token(&app, "province").await;
    let (_, audit) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=enrollment.create&who=辽宁示例会计服务有限公司",
        None,
    )
    .await;
    assert!(audit["total"].as_i64().unwrap() >= 3, "{audit}");
}

#[tokio::test]
async fn the_staff_export_reads_back_with_chinese_headings_and_name() {
    let app = spawn_demo().await;
    let employer = demo_employer(&app).await;
    let r = app
        .client
        .get(app.url("/api/v1/employer/exports/staff?year=2025"))
        .bearer_auth(&employer)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.contains("filename*=UTF-8''"), "{disposition}");
    let bytes = r.bytes().await.unwrap();
    let rows = xlsx_rows(&bytes);
    assert!(
        rows[0].iter().any(|h| h == "姓名") && rows[0].iter().any(|h| h.contains("达标")),
        "{:?}",
        rows[0]
    );
    let fsy = rows
        .iter()
        .find(|r| r.iter().any(|c| c == "冯思媛"))
        .expect("冯思媛 is listed");
    assert!(
        fsy.iter().any(|c| c.contains('*')),
        "the document is masked: {fsy:?}"
    );
    assert_eq!(rows.len(), 4, "three staff and the heading: {rows:?}");

    // Without a session: 401; a bad year: 400, never a 500.
    let (s, _) = download(&app, "nonsense", "/api/v1/employer/exports/staff").await;
    assert_eq!(s, 401);
    let (s, _) = download(&app, &employer, "/api/v1/employer/exports/staff?year=abc").await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn statistics_group_by_employer_and_the_learner_file_names_it() {
    let app = spawn_demo().await;
    // An employer of 大连 (out of 和平区's scope) with no staff.
    let id = register_employer(&app, USCC_B, "210202", "13700000009").await;
    let province = admin_token(&app, "province").await;
    let (s, _) = api(
        &app,
        &province,
        "POST",
        &format!("/api/v1/admin/employers/{id}/approve"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = employer_login(&app, USCC_B, "Firm2026").await;
    assert_eq!(s, 200);
    let heping = admin_token(&app, "heping").await;
    let (_, stats) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/stats?year={}", this_year()),
        None,
    )
    .await;
    let employers = stats["employers"].as_array().unwrap();
    assert_eq!(employers.len(), 1, "{stats}");
    assert_eq!(
        (
            employers[0]["name"].as_str(),
            employers[0]["staff"].as_i64()
        ),
        (Some("辽宁示例会计服务有限公司"), Some(3))
    );
    let (_, file) = api(&app, &heping, "GET", "/api/v1/admin/learners/1", None).await;
    assert_eq!(
        file["employer"]["employer_name"], "辽宁示例会计服务有限公司",
        "{file}"
    );
    let (s, bytes) = download(
        &app,
        &heping,
        &format!("/api/v1/admin/exports/stats?year={}", this_year()),
    )
    .await;
    assert_eq!(s, 200);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    use calamine::Reader;
    let sheet = book.worksheet_range("各单位").unwrap();
    let names: Vec<String> = sheet.rows().map(|r| r[0].to_string()).collect();
    assert_eq!(
        names,
        vec!["单位".to_string(), "辽宁示例会计服务有限公司".to_string()]
    );
}
