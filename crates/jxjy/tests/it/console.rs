//! The 主管部门 console: scope in every list and by id, statistics, support actions, the
//! compliance export, notices with safe formatting, the audit log, and the console pages.

use serde_json::{Value, json};

use crate::accounts::{PHONE, registration};
use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_demo};
use crate::training::api;

/// Registers a learner of 中山区 (Dalian), outside Shenyang.
pub async fn dalian_learner(app: &TestApp) -> i64 {
    app.post_json(
        "/api/v1/sms/send",
        json!({"phone": PHONE, "purpose": "register"}),
    )
    .await;
    let mut body = registration(PHONE, "110105199001011267", &app.last_code(PHONE));
    body["name"] = json!("大连学员");
    body["region_code"] = json!("210202");
    let (s, r) = app.post_json("/api/v1/register", body).await;
    assert_eq!(s, 201, "{r}");
    r["learner"]["id"].as_i64().unwrap()
}

pub fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

pub fn names(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn each_admin_sees_exactly_its_own_region_and_below() {
    let app = spawn_demo().await;
    let dalian = dalian_learner(&app).await;
    let province = admin_token(&app, "province").await;
    let shenyang = admin_token(&app, "shenyang").await;
    let heping = admin_token(&app, "heping").await;
    let (s, all) = api(&app, &province, "GET", "/api/v1/admin/learners", None).await;
    assert_eq!(s, 200);
    // The demo's three (冯思媛 and the demo employer's 李静, 张敏, all 和平区) and the Dalian one.
    assert_eq!(all["total"], 4);
    let (_, sy) = api(&app, &shenyang, "GET", "/api/v1/admin/learners", None).await;
    assert_eq!(sorted(names(&sy)), ["冯思媛", "张敏", "李静"]);
    let (_, hp) = api(&app, &heping, "GET", "/api/v1/admin/learners?q=冯", None).await;
    assert_eq!(names(&hp), ["冯思媛"]);
    assert_eq!(
        hp["items"][0]["id_number"], "440103********883X",
        "masked in lists"
    );
    assert_eq!(hp["items"][0]["phone"], "138****8000");
    // Direct access by id outside the scope is a 404, as if there were nobody.
    let (s, _) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/learners/{dalian}"),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = api(
        &app,
        &shenyang,
        "POST",
        &format!("/api/v1/admin/learners/{dalian}/unlock"),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, file) = api(
        &app,
        &province,
        "GET",
        &format!("/api/v1/admin/learners/{dalian}"),
        None,
    )
    .await;
    assert_eq!(
        (s, file["learner"]["id_number"].as_str()),
        (200, Some("110105199001011267")),
        "full for an in-scope admin"
    );
    // A region filter outside the scope is refused; inside it narrows.
    let (s, _) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/learners?region=210202",
        None,
    )
    .await;
    assert_eq!(s, 403);
    let (_, only) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/learners?region=210200",
        None,
    )
    .await;
    assert_eq!(names(&only), ["大连学员"]);
    // Search by name prefix, document and phone.
    for q in [
        "冯",
        "44010319900307883X",
        "44010319900307883x",
        "13800138000",
    ] {
        let (_, found) = api(
            &app,
            &province,
            "GET",
            &format!("/api/v1/admin/learners?q={}", urlencode(q)),
            None,
        )
        .await;
        assert_eq!(names(&found), ["冯思媛"], "search {q}");
    }
    let (_, none) = api(&app, &province, "GET", "/api/v1/admin/learners?q=%25", None).await;
    assert_eq!(none["total"], 0, "wildcards are not patterns");
    let (s, _) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/learners?met=perhaps",
        None,
    )
    .await;
    assert_eq!(s, 400);
    // The API's `met` is the documented boolean: an empty value is not "all" there.
    for met in ["", "1", "met"] {
        let path = format!("/api/v1/admin/learners?met={met}");
        let (s, body) = api(&app, &province, "GET", &path, None).await;
        assert_eq!(
            (s, body["error"]["code"].as_str()),
            (400, Some("invalid_query")),
            "{met:?}"
        );
    }
    // A learner's token is not an admin's.
    let (_, learner) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    let (s, _) = api(
        &app,
        learner["token"].as_str().unwrap(),
        "GET",
        "/api/v1/admin/learners",
        None,
    )
    .await;
    assert_eq!(s, 401);
}

pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn statistics_count_learners_enrollments_credits_and_the_rule_per_sub_region() {
    let app = spawn_demo().await;
    dalian_learner(&app).await;
    let province = admin_token(&app, "province").await;
    let (s, stats) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/stats?year=2025",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let items = stats["items"].as_array().unwrap();
    assert_eq!(
        items.len(),
        15,
        "the province's own units and its 14 cities"
    );
    assert_eq!(items[0]["authority"], "辽宁省财政厅");
    let sy = items.iter().find(|i| i["code"] == "210100").unwrap();
    assert_eq!(
        (
            sy["learners"].as_i64(),
            sy["enrolled"].as_i64(),
            sy["credited"].as_i64(),
            sy["met"].as_i64()
        ),
        (Some(3), Some(1), Some(1), Some(0)),
        "冯思媛 enrolled and credited; the demo employer's 李静 and 张敏 neither"
    );
    assert_eq!(sy["required"], 3);
    let dl = items.iter().find(|i| i["code"] == "210200").unwrap();
    assert_eq!(
        (dl["learners"].as_i64(), dl["required"].as_i64()),
        (Some(1), Some(1)),
        "qualified 2021, required from 2022"
    );
    // Add 80 credits to the demo learner's 2025: 90 in all, 60 + 30 → met.
    sqlx::query(
        "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, completed_at, created_at) \
         VALUES (1, 2025, 'professional', 500, 'online', 'admin', 'T1', 1, 1), (1, 2025, 'public', 300, 'online', 'admin', 'T2', 1, 1)",
    )
    .execute(app.state.store.pool())
    .await
    .unwrap();
    let heping = admin_token(&app, "heping").await;
    let (_, stats) = api(&app, &heping, "GET", "/api/v1/admin/stats?year=2025", None).await;
    assert_eq!(
        stats["items"].as_array().unwrap().len(),
        1,
        "a district has no sub-regions"
    );
    assert_eq!(
        (
            stats["items"][0]["met"].as_i64(),
            stats["items"][0]["rate"].as_f64()
        ),
        (Some(1), Some(0.3333)),
        "1 of the 3 required in 和平区 met"
    );
    let (_, met) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/learners?year=2025&met=true",
        None,
    )
    .await;
    assert_eq!(names(&met), ["冯思媛"]);
    assert_eq!(met["items"][0]["status"], "met");
    // A learner not yet required is never counted as met, whatever their credits.
    sqlx::query("UPDATE learners SET first_required_year = 2030 WHERE id = 1")
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (_, none_met) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/learners?year=2025&met=true",
        None,
    )
    .await;
    assert_eq!(none_met["total"], 0);
    sqlx::query("UPDATE learners SET first_required_year = 2014 WHERE id = 1")
        .execute(app.state.store.pool())
        .await
        .unwrap();
    let (_, not_met) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/learners?year=2025&met=false",
        None,
    )
    .await;
    assert_eq!(sorted(names(&not_met)), ["大连学员", "张敏", "李静"]);
}

#[tokio::test]
async fn an_admin_unlocks_a_learner_and_exports_the_compliance_list() {
    let app = spawn_demo().await;
    for _ in 0..5 {
        app.post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Wrong1234"}),
        )
        .await;
    }
    let (s, _) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 429);
    let heping = admin_token(&app, "heping").await;
    let (_, file) = api(&app, &heping, "GET", "/api/v1/admin/learners/1", None).await;
    assert_eq!(file["locked"], true);
    let (s, _) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/learners/1/unlock",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, _) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 200);

    let r = reqwest::Client::new()
        .get(app.url("/api/v1/admin/exports/compliance?year=2025"))
        .bearer_auth(&heping)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/admin/exports/stats?year=2025"))
        .bearer_auth(&heping)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..2], b"PK");
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action IN ('learner.unlock', 'export.compliance')",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert_eq!(audited, 2);
}

#[tokio::test]
async fn notices_are_managed_by_the_province_and_never_run_script() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    let heping = admin_token(&app, "heping").await;
    let notice = json!({"title": "关于<b>年度</b>学习的提醒", "body": "第一段\n<script>alert(1)</script>", "published_at": "2026-03-01"});
    let (s, _) = api(
        &app,
        &heping,
        "POST",
        "/api/v1/admin/notices",
        Some(notice.clone()),
    )
    .await;
    assert_eq!(s, 403);
    let (s, created) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/notices",
        Some(notice),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    let (_, html) = app.get_text(&format!("/notices/{id}")).await;
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
            && !html.contains("<script>alert"),
        "stored as text, shown escaped"
    );
    let (s, body) = api(
        &app,
        &province,
        "PUT",
        &format!("/api/v1/admin/notices/{id}"),
        Some(json!({"title": "", "body": ""})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["fields"].as_array().map(Vec::len)),
        (400, Some(2))
    );
    let (s, _) = api(
        &app,
        &province,
        "PUT",
        &format!("/api/v1/admin/notices/{id}"),
        Some(json!({"title": "改过的标题", "body": "正文"})),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(
        app.get_json(&format!("/api/v1/notices/{id}")).await.1["title"],
        "改过的标题"
    );
    let (s, _) = api(
        &app,
        &province,
        "DELETE",
        &format!("/api/v1/admin/notices/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(app.get_json(&format!("/api/v1/notices/{id}")).await.0, 404);
    let (s, _) = api(
        &app,
        &province,
        "DELETE",
        &format!("/api/v1/admin/notices/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 404);
    let (s, log) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=notice.",
        None,
    )
    .await;
    assert_eq!((s, log["total"].as_i64()), (200, Some(3)));
    let (s, _) = api(&app, &heping, "GET", "/api/v1/admin/audit", None).await;
    assert_eq!(s, 403);
}
