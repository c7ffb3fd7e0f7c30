//! The console's pages for a logged-in admin, and schools, offers and the roster managed from them.

use crate::common::{form, spawn_demo};

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
