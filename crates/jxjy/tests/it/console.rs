//! The 主管部门 console: scope in every list and by id, statistics, support actions, the
//! compliance export, notices with safe formatting, the audit log, and the console pages.

use serde_json::{Value, json};

use crate::accounts::{PHONE, registration};
use crate::admin_partners::admin_token;
use crate::common::{TestApp, form, spawn_demo};
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

fn names(page: &Value) -> Vec<String> {
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
    assert_eq!(all["total"], 2);
    let (_, sy) = api(&app, &shenyang, "GET", "/api/v1/admin/learners", None).await;
    assert_eq!(names(&sy), ["冯思媛"]);
    let (_, hp) = api(&app, &heping, "GET", "/api/v1/admin/learners", None).await;
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

fn urlencode(s: &str) -> String {
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
        (Some(1), Some(1), Some(1), Some(0))
    );
    assert_eq!(sy["required"], 1);
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
        (Some(1), Some(1.0))
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
    assert_eq!(names(&not_met), ["大连学员"]);
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

#[tokio::test]
async fn the_console_pages_work_for_a_logged_in_admin() {
    let app = spawn_demo().await;
    let r = app.get("/admin").await;
    assert_eq!(
        (
            r.status().as_u16(),
            r.headers()["location"].to_str().unwrap()
        ),
        (303, "/admin/login")
    );
    let r = app
        .client
        .post(app.url("/admin/login"))
        .form(&form(&[("username", "shenyang"), ("password", "bad")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("用户名或密码不正确"));
    let r = app
        .client
        .post(app.url("/admin/login"))
        .form(&form(&[
            ("username", "shenyang"),
            ("password", "Jxjy@2025"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (s, html) = app.get_text("/admin?year=2025").await;
    assert_eq!(s, 200);
    for text in [
        "2025 年度继续教育统计",
        "沈阳市财政局",
        "和平区财政局",
        "达标率",
        "<svg",
        "导出达标名单",
    ] {
        assert!(html.contains(text), "dashboard lacks {text}");
    }
    let (s, html) = app.get_text("/admin/learners?q=%E5%86%AF").await;
    assert_eq!(s, 200);
    assert!(html.contains("冯思媛") && html.contains("440103********883X"));
    let (s, html) = app.get_text("/admin/learners/1").await;
    assert_eq!(s, 200);
    assert!(html.contains("44010319900307883X") && html.contains("辽宁XX有限公司"));
    let (s, _) = app.get_text("/admin/audit").await;
    assert_eq!(s, 403, "a city admin has no audit log page");
    let (s, html) = app.get_text("/admin/notices").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("关于开展2025年度") && !html.contains("发布通知"),
        "a city admin sees notices but cannot publish"
    );
    let r = app
        .client
        .post(app.url("/admin/logout"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(app.get("/admin").await.status(), 303);

    let province = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    province
        .post(app.url("/admin/login"))
        .form(&form(&[
            ("username", "province"),
            ("password", "Jxjy@2025"),
        ]))
        .send()
        .await
        .unwrap();
    let r = province
        .post(app.url("/admin/notices"))
        .form(&form(&[
            ("title", "页面发布的通知"),
            ("body", "内容"),
            ("published_at", "2026-05-01"),
            ("action", "save"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(app.get_text("/notices").await.1.contains("页面发布的通知"));
    let r = province
        .post(app.url("/admin/notices"))
        .form(&form(&[("title", ""), ("body", ""), ("action", "save")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(r#"id="title-error">标题应为"#)
    );
    let r = province
        .get(app.url("/admin/audit?action=notice."))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn schools_offers_and_the_roster_are_managed_from_console_pages() {
    let app = spawn_demo().await;
    app.client
        .post(app.url("/admin/login"))
        .form(&form(&[
            ("username", "province"),
            ("password", "Jxjy@2025"),
        ]))
        .send()
        .await
        .unwrap();
    let (s, html) = app.get_text("/admin/institutions").await;
    assert_eq!(s, 200);
    assert!(html.contains("辽宁XX有限公司") && html.contains("新增培训机构"));
    let r = app
        .client
        .post(app.url("/admin/institutions"))
        .form(&form(&[("name", ""), ("sso_url", "ftp://x")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="name-error">机构名称"#)
            && html.contains(r#"id="sso_url-error">sso_url"#)
    );
    let r = app
        .client
        .post(app.url("/admin/institutions"))
        .form(&form(&[
            ("name", "页面新网校"),
            ("sso_url", "https://p.example.cn/sso"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("只显示这一次") && html.contains("机构 #4 已创建"));
    let r = app
        .client
        .post(app.url("/admin/institutions/4/offers"))
        .form(&form(&[
            ("year", "2026"),
            ("level", "senior"),
            ("price_yuan", "150"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = app.get_text("/admin/institutions/4").await;
    assert!(html.contains("2026 年度 · 高级") && html.contains("150 元"));
    let r = app
        .client
        .post(app.url("/admin/institutions/4"))
        .form(&form(&[
            ("name", "页面新网校"),
            ("sso_url", "https://p.example.cn/sso"),
            ("disabled", "1"),
            ("confirm", "yes"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let disabled: i64 = sqlx::query_scalar("SELECT disabled FROM institutions WHERE id = 4")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(disabled, 1);
    let r = app
        .client
        .post(app.url("/admin/institutions/4/secret"))
        .form(&form(&[("confirm", "yes")]))
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains("旧密钥已失效"));

    let (s, html) = app.get_text("/admin/tools").await;
    assert_eq!(s, 200);
    assert!(html.contains("导入学员名册") && html.contains("/api/v1/admin/exports/credits"));
    let csv = "姓名,证件号码,手机号,主管部门代码,资格等级,取得资格年度\n赵六,110105199001011240,13912340001,210103,初级,2020\n坏行,123,1,210103,,\n";
    let part = reqwest::multipart::Part::bytes(csv.as_bytes().to_vec()).file_name("r.csv");
    let r = app
        .client
        .post(app.url("/admin/tools/import"))
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("新建 1 人") && html.contains("未通过 1 行"),
        "{html}"
    );
    let heping = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    heping
        .post(app.url("/admin/login"))
        .form(&form(&[("username", "heping"), ("password", "Jxjy@2025")]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        heping
            .get(app.url("/admin/institutions/1"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
}

#[tokio::test]
async fn claims_are_decided_from_the_console_queue() {
    let app = spawn_demo().await;
    let (_, login) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    let token = login["token"].as_str().unwrap().to_string();
    let year = crate::training::this_year().to_string();
    let pdf = b"%PDF-1.4\n% evidence\n".as_slice();
    let (s, c) = crate::claims::submit(
        &app,
        &token,
        &[
            ("year", &year),
            ("kind", "exam"),
            ("subjects", "1"),
            ("title", "中级会计实务"),
        ],
        &[("成绩单.pdf", pdf)],
    )
    .await;
    assert_eq!(s, 201, "{c}");
    let id = c["id"].as_i64().unwrap();
    app.client
        .post(app.url("/admin/login"))
        .form(&form(&[("username", "heping"), ("password", "Jxjy@2025")]))
        .send()
        .await
        .unwrap();
    let (s, html) = app.get_text("/admin/claims").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("冯思媛")
            && html.contains("中级会计实务")
            && html.contains("成绩单.pdf")
            && html.contains("440103********883X")
    );
    let r = app
        .client
        .post(app.url(&format!("/admin/claims/{id}")))
        .form(&form(&[("action", "reject"), ("reason", "")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("请填写不予通过的原因"));
    // 通过 asks once more, naming the learner, the year and the credits; nothing is decided yet.
    let r = app
        .client
        .post(app.url(&format!("/admin/claims/{id}")))
        .form(&form(&[("action", "approve")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let confirm = r.text().await.unwrap();
    assert!(
        confirm.contains("确认通过 冯思媛 的")
            && confirm.contains("折算 90 学分")
            && confirm.contains(r#"name="confirm" value="yes""#),
        "{confirm}"
    );
    let (_, still) = crate::training::api(&app, &token, "GET", "/api/v1/claims", None).await;
    assert_eq!(
        still["items"][0]["status"], "pending",
        "not approved before the confirmation"
    );
    let r = app
        .client
        .post(app.url(&format!("/admin/claims/{id}")))
        .form(&form(&[("action", "approve"), ("confirm", "yes")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let next = r.headers()["location"].to_str().unwrap().to_string();
    let (_, html) = app.get_text(&next).await;
    assert!(
        html.contains("已通过冯思媛的") && html.contains("90 学分已计入该学员"),
        "{html}"
    );
    let (_, html) = app.get_text("/admin/claims?status=approved").await;
    assert!(html.contains("中级会计实务"));
    let (_, report) = crate::training::api(&app, &token, "GET", "/api/v1/credits", None).await;
    let now = report["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"].as_i64() == Some(crate::training::this_year()))
        .unwrap()
        .clone();
    assert_eq!(now["status"], "met", "one approved exam completes a year");
    // The learner's file shows the claim and the year's compliance, in the API and on the page.
    let heping = crate::admin_partners::admin_token(&app, "heping").await;
    let (s, file) =
        crate::training::api(&app, &heping, "GET", "/api/v1/admin/learners/1", None).await;
    assert_eq!(s, 200);
    assert_eq!(file["claims"][0]["title"], "中级会计实务");
    assert!(
        file["years"]
            .as_array()
            .unwrap()
            .iter()
            .any(|y| y["status"] == "met")
    );
    let (_, html) = app.get_text("/admin/learners/1").await;
    assert!(
        html.contains("各年度学分") && html.contains("中级会计实务") && html.contains("已达标")
    );
    // Outside the scope, the claim cannot be decided.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    crate::training::api(&app, &crate::admin_partners::admin_token(&app, "province").await, "POST", "/api/v1/admin/admins", Some(json!({"username": "shenhe", "password": "Strong2026", "role": "district", "region_code": "210103"}))).await;
    other
        .post(app.url("/admin/login"))
        .form(&form(&[("username", "shenhe"), ("password", "Strong2026")]))
        .send()
        .await
        .unwrap();
    let (_, html) = (
        200,
        other
            .get(app.url("/admin/claims?status=approved"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert!(!html.contains("中级会计实务"));
}

#[tokio::test]
async fn admins_are_listed_and_added_from_the_console() {
    let app = spawn_demo().await;
    app.client
        .post(app.url("/admin/login"))
        .form(&form(&[
            ("username", "province"),
            ("password", "Jxjy@2025"),
        ]))
        .send()
        .await
        .unwrap();
    let (s, html) = app.get_text("/admin/users").await;
    assert_eq!(s, 200);
    assert!(html.contains("heping") && html.contains("添加管理员"));
    let r = app
        .client
        .post(app.url("/admin/users"))
        .form(&form(&[
            ("username", "dd"),
            ("password", "x"),
            ("role", "district"),
            ("region_code", "210103"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="username-error">用户名须为"#)
            && html.contains(r#"id="password-error">"#)
    );
    let r = app
        .client
        .post(app.url("/admin/users"))
        .form(&form(&[
            ("username", "shenhe"),
            ("password", "Strong2026"),
            ("role", "district"),
            ("region_code", "210103"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(app.get_text("/admin/users").await.1.contains("shenhe"));
    let heping = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    heping
        .post(app.url("/admin/login"))
        .form(&form(&[("username", "heping"), ("password", "Jxjy@2025")]))
        .send()
        .await
        .unwrap();
    let html = heping
        .get(app.url("/admin/users"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !html.contains("shenhe") && !html.contains("添加管理员"),
        "a district admin sees itself only and adds nobody"
    );
}

#[tokio::test]
async fn the_home_page_shows_a_notice_the_moment_it_is_published_changed_or_deleted() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    // The first visit fills the home page's in-memory copy of the newest notices.
    let (s, html) = app.get_text("/").await;
    assert_eq!(s, 200);
    assert!(!html.contains("首页缓存测试通知"));
    let (s, created) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/notices",
        Some(json!({"title": "首页缓存测试通知", "body": "正文"})),
    )
    .await;
    assert_eq!(s, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert!(app.get_text("/").await.1.contains("首页缓存测试通知"));
    let (s, _) = api(
        &app,
        &province,
        "PUT",
        &format!("/api/v1/admin/notices/{id}"),
        Some(json!({"title": "首页缓存改过的标题", "body": "正文"})),
    )
    .await;
    assert_eq!(s, 200);
    let html = app.get_text("/").await.1;
    assert!(html.contains("首页缓存改过的标题") && !html.contains("首页缓存测试通知"));
    let (s, _) = api(
        &app,
        &province,
        "DELETE",
        &format!("/api/v1/admin/notices/{id}"),
        None,
    )
    .await;
    assert_eq!(s, 200);
    assert!(!app.get_text("/").await.1.contains("首页缓存改过的标题"));
}
