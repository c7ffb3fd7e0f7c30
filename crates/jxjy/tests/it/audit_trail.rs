//! The audit trail as an officer reads it: who acted by name, what happened in Chinese, the
//! target as a link, filters by who, what and when; the JSON keeps the codes beside the words;
//! a role that cannot open the log is not offered it.

use serde_json::json;

use crate::admin_partners::admin_token;
use crate::common::spawn_demo;
use crate::console_pages::browser;
use crate::training::api;

#[tokio::test]
async fn the_audit_api_names_the_actor_and_words_the_action() {
    let app = spawn_demo().await;
    let province = admin_token(&app, "province").await;
    // An officer's action: a notice, by `province`.
    let (s, _) = api(
        &app,
        &province,
        "POST",
        "/api/v1/admin/notices",
        Some(json!({"title": "审计测试通知", "body": "正文"})),
    )
    .await;
    assert_eq!(s, 201);
    let (s, page) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=notice.create",
        None,
    )
    .await;
    assert_eq!(s, 200);
    let item = &page["items"][0];
    assert_eq!(item["action"], "notice.create", "the stable code stays");
    assert_eq!(item["action_label"], "发布通知公告");
    assert_eq!(item["actor_kind"], "admin");
    assert_eq!(item["actor_name"], "province（辽宁省财政厅）");
    assert!(
        item["target_label"]
            .as_str()
            .unwrap()
            .starts_with("通知公告 #")
    );

    // A learner's own registration (the demo's) is the learner's name, not `learner`.
    let (_, regs) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=learner.",
        None,
    )
    .await;
    assert!(
        regs["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| !i["action_label"].as_str().unwrap().is_ascii()),
        "{regs}"
    );

    // Who: by username; nobody of that name, nothing.
    let (_, by_who) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?who=province",
        None,
    )
    .await;
    assert!(by_who["total"].as_i64() > Some(0));
    assert!(
        by_who["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["actor_name"].as_str().unwrap().starts_with("province（"))
    );
    let (_, nobody) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?who=nobody",
        None,
    )
    .await;
    assert_eq!(nobody["total"], 0);

    // When: a day range; a future day holds nothing, a bad date is a field error.
    let (_, future) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?from=2099-01-01",
        None,
    )
    .await;
    assert_eq!(future["total"], 0);
    let today = jxjy_app::format::date(jxjy_app::format::now());
    let (_, today_page) = api(
        &app,
        &province,
        "GET",
        &format!("/api/v1/admin/audit?from={today}&to={today}&action=notice.create"),
        None,
    )
    .await;
    assert_eq!(today_page["total"], 1);
    // One action is that action only; a group ends in a dot.
    let (_, exact) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=notice.create",
        None,
    )
    .await;
    assert!(
        exact["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["action"] == "notice.create")
    );
    let (_, prefix) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=notice",
        None,
    )
    .await;
    assert_eq!(
        prefix["total"], 0,
        "without the dot a code is matched exactly"
    );
    let (_, group) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?action=notice.",
        None,
    )
    .await;
    assert!(group["total"].as_i64() >= Some(1), "a group ends in a dot");
    let (s, bad) = api(
        &app,
        &province,
        "GET",
        "/api/v1/admin/audit?from=yesterday",
        None,
    )
    .await;
    assert_eq!(
        (s, bad["error"]["code"].as_str()),
        (400, Some("invalid_query"))
    );
}

#[tokio::test]
async fn the_audit_page_reads_in_chinese_and_district_officers_are_not_offered_it() {
    let app = spawn_demo().await;
    let province = browser(&app, "province").await;
    let (_, html) = crate::console_pages::get(&app, &province, "/admin/audit").await;
    assert!(
        html.contains("写入演示数据") && html.contains(">系统<"),
        "{html}"
    );
    assert!(!html.contains("demo.seed") && !html.contains("如 enrollment."));
    assert!(html.contains(r#"<option value="claim.approve">审核通过学分申报</option>"#));
    assert!(
        html.contains(r#"href="/admin/audit""#),
        "the menu offers it"
    );

    let heping = browser(&app, "heping").await;
    let (_, dash) = crate::console_pages::get(&app, &heping, "/admin").await;
    assert!(
        !dash.contains(r#"href="/admin/audit""#),
        "a district officer is not offered the log"
    );
    let r = heping.get(app.url("/admin/audit")).send().await.unwrap();
    assert_eq!(r.status(), 403);

    // A learner's file: the trail in words, the registration by the learner's name.
    let (_, file) = crate::console_pages::get(&app, &heping, "/admin/learners/1").await;
    let trail = &file[file.find("操作记录").unwrap()..];
    assert!(
        !trail.contains("learner.register") && !trail.contains("（learner）"),
        "{trail}"
    );
}
