//! The console's queues and lists: claims decided from the queue, admins listed and added, a notice
//! on the home page the moment it changes.

use crate::admin_partners::admin_token;
use crate::common::{form, spawn_demo};
use crate::training::api;
use serde_json::json;

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
