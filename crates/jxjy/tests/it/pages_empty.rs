//! The learner's pages before anything happened, and the public ones without content: every
//! empty state says what to do next, with a link that gets there.

use crate::common::{TestApp, spawn_demo, spawn_empty};
use crate::credits::register_learner;
use crate::training::this_year;

/// A page as the learner with `token` sees it (pages accept the Bearer token like the API).
async fn page(app: &TestApp, token: &str, path: &str) -> String {
    let r = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

fn assert_has(html: &str, path: &str, texts: &[&str]) {
    for text in texts {
        assert!(html.contains(text), "{path} lacks {text}");
    }
}

#[tokio::test]
async fn a_new_learners_empty_pages_say_what_to_do_next() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 71, |_| {}).await;

    let html = page(&app, &token, "/learner/training").await;
    assert_has(
        &html,
        "training",
        &[
            "还没有报名记录",
            r##"<a href="#offers-heading">选择培训机构</a>"##,
            r#"id="offers-heading""#,
            "【确认报名】",
        ],
    );

    let html = page(&app, &token, "/learner/credits").await;
    assert_has(
        &html,
        "credits",
        &[
            "还没有学习记录",
            r#"<a href="/learner/training">网络培训</a>"#,
            r#"<a href="/learner/claims">学分申报</a>"#,
        ],
    );

    let year = this_year();
    let path = format!("/learner/credits/{year}");
    let html = page(&app, &token, &path).await;
    assert_has(
        &html,
        &path,
        &[
            &format!("{year} 年度还没有学分记录"),
            r#"<a href="/learner/training">网络培训</a>"#,
            r#"<a href="/learner/claims">学分申报</a>"#,
        ],
    );

    let html = page(&app, &token, "/learner/claims").await;
    assert_has(
        &html,
        "claims",
        &[
            "还没有申报记录",
            r##"<a href="#form-heading">填写申报</a>"##,
            r#"id="form-heading""#,
        ],
    );

    // A school nobody has reviewed says how reviews come about.
    let html = page(&app, &token, "/learner/institutions/3").await;
    assert_has(&html, "institution", &["暂无评价", "【去评价】"]);
}

#[tokio::test]
async fn an_empty_notice_board_points_to_the_manual_and_the_faq() {
    let app = spawn_empty().await;
    let (status, html) = app.get_text("/notices").await;
    assert_eq!(status, 200);
    assert_has(
        &html,
        "/notices",
        &[
            "暂无通知公告",
            r#"<a href="/manual">操作手册</a>"#,
            r#"<a href="/faq">常见问题</a>"#,
        ],
    );
    let (_, html) = app.get_text("/").await;
    assert_has(
        &html,
        "/",
        &["暂无通知公告", r#"<a href="/manual">操作手册</a>"#],
    );
}

#[tokio::test]
async fn cancelling_an_enrollment_asks_first_in_a_form_that_needs_no_script() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 72, |_| {}).await;
    let year = this_year();
    let r = app
        .client
        .post(app.url("/api/v1/enrollments"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"year": year, "level": "intermediate", "institution_id": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    // 报名记录 links to a confirmation page, not to an action.
    let html = page(&app, &token, "/learner/training").await;
    assert!(html.contains(&format!(
        r#"<a href="/learner/enrollments/{id}/cancel">取消报名</a>"#
    )));
    let path = format!("/learner/enrollments/{id}/cancel");
    let html = page(&app, &token, &path).await;
    assert_has(
        &html,
        &path,
        &[
            &format!(r#"<form method="post" action="/learner/enrollments/{id}/cancel""#),
            "确定取消报名",
            "不取消，返回",
        ],
    );
    assert!(
        !html.contains("<script>") && !html.contains("onclick"),
        "no script needed: only the layout's optional app.js"
    );
    // Looking at the confirmation changed nothing.
    let html = page(&app, &token, "/learner/training").await;
    assert!(html.contains("已报名"));
}
