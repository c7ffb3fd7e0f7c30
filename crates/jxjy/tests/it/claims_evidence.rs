//! Evidence files served to their owner and admins in scope, the claims page without JavaScript,
//! and racing decisions.

use crate::admin_partners::admin_token;
use crate::claims::*;
use crate::common::spawn_demo;
use crate::credits::register_learner;
use crate::training::{api, this_year};
use serde_json::json;

#[tokio::test]
async fn evidence_is_served_to_the_owner_and_admins_in_scope_under_a_random_name() {
    let app = spawn_demo().await;
    let owner = register_learner(&app, 24, |_| {}).await;
    let year = this_year().to_string();
    let y = year.as_str();
    let (s, claim) = submit(
        &app,
        &owner,
        &[
            ("year", y),
            ("kind", "conference"),
            ("days", "2"),
            ("title", "辽宁省会计学会年会"),
        ],
        &[("../../签到表.png", PNG)],
    )
    .await;
    assert_eq!((s, claim["credits"].as_i64()), (201, Some(20)), "{claim}");
    let file = &claim["files"][0];
    assert_eq!(file["name"], "签到表.png", "the name is cleaned");
    assert_eq!(file["content_type"], "image/png");
    let url = file["url"].as_str().unwrap().to_string();

    let fetch = |token: String, url: String| {
        let app_url = app.url(&url);
        async move {
            reqwest::Client::new()
                .get(app_url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
        }
    };
    let r = fetch(owner.clone(), url.clone()).await;
    assert_eq!(r.status(), 200, "{url} {:?}", r.text().await);
    assert_eq!(r.headers()["content-type"], "image/png");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename*=UTF-8''")
    );
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(&r.bytes().await.unwrap()[..], PNG);

    let stranger = register_learner(&app, 25, |_| {}).await;
    assert_eq!(fetch(stranger, url.clone()).await.status(), 404);
    let admin_url = url.replace("/api/v1/claims/", "/api/v1/admin/claims/");
    let heping = admin_token(&app, "heping").await;
    assert_eq!(fetch(heping, admin_url.clone()).await.status(), 200);
    let dadong = district_admin(&app, "dadong2", "210104").await;
    assert_eq!(fetch(dadong, admin_url).await.status(), 404);

    let names: Vec<String> = std::fs::read_dir(app.settings.data_dir.join("evidence"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names.len(), 1);
    assert!(
        names[0].ends_with(".png") && !names[0].contains("签到"),
        "{names:?}"
    );
}

#[tokio::test]
async fn the_claims_page_works_without_javascript_and_keeps_the_values() {
    let app = spawn_demo().await;
    register_learner(&app, 26, |_| {}).await;
    let (s, html) = app.get_text("/learner/claims").await;
    assert_eq!(s, 200);
    assert!(html.contains(r#"enctype="multipart/form-data""#) && html.contains("温馨提示"));
    assert!(html.contains("还没有申报记录"));
    let (_, credits_page) = app.get_text("/learner/credits").await;
    assert!(
        credits_page.contains(r#"href="/learner/claims""#),
        "reachable from 学分查询"
    );

    let year = this_year().to_string();
    let y = year.as_str();
    let bad = form(
        &[
            ("year", y),
            ("kind", "conference"),
            ("days", "0"),
            ("title", "东北会计论坛"),
        ],
        &[("议程.pdf", PDF)],
    );
    let r = app
        .client
        .post(app.url("/learner/claims"))
        .multipart(bad)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("参加学术会议的天数应为1至30天"),
        "the reason beside the field"
    );
    assert!(html.contains(r#"value="东北会计论坛""#), "values kept");
    assert!(html.contains(r#"<option value="conference" selected>"#));

    let good = form(
        &[
            ("year", y),
            ("kind", "conference"),
            ("days", "3"),
            ("title", "东北会计论坛"),
        ],
        &[("议程.pdf", PDF)],
    );
    let r = app
        .client
        .post(app.url("/learner/claims"))
        .multipart(good)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let id = location
        .strip_prefix("/learner/claims?done=submitted&claim=")
        .and_then(|rest| rest.split('#').next())
        .unwrap_or_else(|| panic!("{location}"))
        .to_string();
    assert!(location.ends_with(&format!("#claim-{id}")), "{location}");
    let (_, html) = app.get_text(&location).await;
    assert!(
        html.contains("申报已提交") && html.contains("审核中") && html.contains("东北会计论坛")
    );
    // The confirmation is at the top (before 温馨提示) and the new claim's row is highlighted.
    let notice = html.find("申报已提交").unwrap();
    assert!(notice < html.find("温馨提示").unwrap());
    assert!(
        html.contains(&format!(r#"<tr id="claim-{id}" class="just-changed">"#)),
        "{html}"
    );
    assert!(html.contains("学术会议 · 3 天") && html.contains(">30<"));
}

#[tokio::test]
async fn racing_approvals_certificates_and_reversals_each_take_effect_once() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 27, |_| {}).await;
    let y = this_year().to_string();
    let (s, claim) = submit(
        &app,
        &token,
        &refs(&exam(&y, "初级会计实务")),
        &[("a.pdf", PDF)],
    )
    .await;
    assert_eq!(s, 201, "{claim}");
    let approve = format!("/api/v1/admin/claims/{}/approve", claim["id"]);
    let heping = admin_token(&app, "heping").await;
    let shenyang = admin_token(&app, "shenyang").await;
    let (a, b) = tokio::join!(
        api(&app, &heping, "POST", &approve, None),
        api(&app, &shenyang, "POST", &approve, None)
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{a:?} {b:?}");
    let (_, detail) = api(&app, &token, "GET", &format!("/api/v1/credits/{y}"), None).await;
    let records = detail["records"].as_array().unwrap().clone();
    assert_eq!(records.len(), 2, "the ledger got the claim once");
    assert_eq!(detail["summary"]["status"], "met");

    let certificate = || {
        let url = app.url(&format!("/api/v1/credits/{y}/certificate"));
        let token = token.clone();
        async move {
            let r = reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.headers()["x-verification-code"]
                .to_str()
                .unwrap()
                .to_string()
        }
    };
    let (c1, c2) = tokio::join!(certificate(), certificate());
    assert_eq!(c1, c2, "one code for the same totals");

    let reverse = format!("/api/v1/admin/credit-records/{}/reverse", records[0]["id"]);
    let body = Some(json!({"reason": "重复登记"}));
    let (a, b) = tokio::join!(
        api(&app, &heping, "POST", &reverse, body.clone()),
        api(&app, &shenyang, "POST", &reverse, body.clone())
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409], "{a:?} {b:?}");
    let (_, detail) = api(&app, &token, "GET", &format!("/api/v1/credits/{y}"), None).await;
    assert_eq!(detail["records"].as_array().unwrap().len(), 3);
}
