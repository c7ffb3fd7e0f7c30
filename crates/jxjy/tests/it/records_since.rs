//! `records_since` (SPEC section 2): a year before the platform's records is shown only where it
//! holds records here, as `no_record` (以全国平台为准), and is never counted as non-compliant in
//! the report, the statistics, the learner list or the exports.

use serde_json::Value;

use crate::admin_partners::admin_token;
use crate::common::{demo_learner, download, spawn_demo, spawn_with, xlsx_rows};
use crate::console_pages::browser;
use crate::training::{api, this_year};

fn years_of(report: &Value) -> Vec<(i64, String)> {
    report["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|y| {
            (
                y["year"].as_i64().unwrap(),
                y["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_manuals_learner_sees_this_platforms_years_only_not_a_wall_of_red() {
    let app = spawn_demo().await;
    let token = demo_learner(&app).await;
    let (s, report) = api(&app, &token, "GET", "/api/v1/credits", None).await;
    assert_eq!(s, 200);
    let years = years_of(&report);
    // Required since long before 2025, but the platform's records start on 2025-03-01.
    assert_eq!(years.first().map(|y| y.0), Some(2025), "{years:?}");
    assert_eq!(years.last().map(|y| y.0), Some(this_year()));
    assert!(years.iter().all(|(_, s)| s != "no_record"));
    assert_eq!(years[0].1, "not_met", "2025 is judged: 10 credits of 90");

    // The page leads with this year and says what it lacks, in the manual's words.
    let r = app
        .client
        .get(app.url("/learner/credits"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    let html = r.text().await.unwrap();
    let headline = format!(
        "{} 年度：已获 0 学分，还差专业课 60、公需课 30",
        this_year()
    );
    assert!(html.contains(&headline), "{html}");
    assert!(html.find(&headline).unwrap() < html.find("学习记录").unwrap());
    assert!(!html.contains(">2014<") && !html.contains(">2024<"));
    assert!(html.contains("<h2 id=\"rows-heading\">学习记录</h2>"));
    // The workspace carries the same headline.
    let r = app
        .client
        .get(app.url("/learner"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert!(r.text().await.unwrap().contains(&headline));
}

#[tokio::test]
async fn a_year_before_records_since_with_records_here_is_no_record_everywhere() {
    // Records start this year: the demo's 2025 (an enrollment and 10 credits) is not ours to judge.
    let since = format!("{}-03-01", this_year());
    let app = spawn_with(|s| {
        s.demo = true;
        s.records_since = since.clone();
    })
    .await;
    let token = demo_learner(&app).await;
    let (_, report) = api(&app, &token, "GET", "/api/v1/credits", None).await;
    assert_eq!(
        years_of(&report),
        [
            (2025, "no_record".to_string()),
            (this_year(), "not_met".to_string())
        ]
    );
    let y2025 = &report["years"][0];
    assert_eq!(y2025["met"], false);
    assert_eq!(y2025["missing"]["total"], 0, "no verdict, nothing missing");
    let (s, body) = api(
        &app,
        &token,
        "GET",
        "/api/v1/credits/2025/certificate",
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("year_no_record"))
    );
    let html = app
        .client
        .get(app.url("/learner/credits"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("以全国平台为准") && html.contains("status-no_record"));

    // Statistics: nobody required, nobody met, the rate a dash.
    let heping = admin_token(&app, "heping").await;
    let (s, stats) = api(&app, &heping, "GET", "/api/v1/admin/stats?year=2025", None).await;
    assert_eq!(s, 200);
    let rows = stats["items"].as_array().unwrap();
    assert!(
        rows.iter().all(|r| r["required"] == 0 && r["met"] == 0),
        "{stats}"
    );
    assert!(rows.iter().any(|r| r["learners"].as_i64() > Some(0)));
    let console = browser(&app, "heping").await;
    let (_, dash) = crate::console_pages::get(&app, &console, "/admin?year=2025").await;
    assert!(
        dash.contains("达标情况以全国会计人员统一服务管理平台为准")
            && dash.contains("<strong>—</strong>")
    );

    // The learner list: not met matches no one; the row says 以全国平台为准.
    let (_, not_met) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/learners?year=2025&met=false",
        None,
    )
    .await;
    assert_eq!(not_met["total"], 0);
    let (_, all) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/learners?year=2025",
        None,
    )
    .await;
    assert!(
        all["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["status"] == "no_record")
    );
    let (_, now) = api(
        &app,
        &heping,
        "GET",
        &format!("/api/v1/admin/learners?year={}&met=false", this_year()),
        None,
    )
    .await;
    assert!(now["total"].as_i64() > Some(0), "this year is judged");

    // The compliance export: 以全国平台为准, never 未达标.
    let (s, bytes) = download(&app, &heping, "/api/v1/admin/exports/compliance?year=2025").await;
    assert_eq!(s, 200);
    let statuses: Vec<String> = xlsx_rows(&bytes)
        .iter()
        .skip(1)
        .map(|r| r[7].clone())
        .collect();
    assert!(!statuses.is_empty());
    assert!(
        statuses.iter().all(|s| s == "以全国平台为准"),
        "{statuses:?}"
    );

    // The statistics xlsx: 应参加, 已达标 and 达标率 are a dash, not 0.
    let sheet = xlsx_rows(
        &download(&app, &heping, "/api/v1/admin/exports/stats?year=2025")
            .await
            .1,
    );
    let first = &sheet[1];
    assert_eq!(
        (
            first[2].to_string(),
            first[5].to_string(),
            first[6].to_string()
        ),
        ("—".to_string(), "—".to_string(), "—".to_string())
    );

    // The learner list exported as filtered: 以全国平台为准 too, and 未达标 matches no one.
    let sheet = xlsx_rows(
        &download(&app, &heping, "/api/v1/admin/exports/learners?year=2025")
            .await
            .1,
    );
    let statuses: Vec<String> = sheet.iter().skip(1).map(|r| r[7].clone()).collect();
    assert!(!statuses.is_empty() && statuses.iter().all(|s| s == "以全国平台为准"));
    let sheet = xlsx_rows(
        &download(
            &app,
            &heping,
            "/api/v1/admin/exports/learners?year=2025&met=false",
        )
        .await
        .1,
    );
    assert_eq!(sheet.len(), 1, "the heading only");
}

#[test]
fn a_malformed_records_since_stops_start_up_with_a_clear_message() {
    let mut settings = jxjy_web::Settings {
        records_since: "2025/03/01".into(),
        ..Default::default()
    };
    let err = settings.validate().unwrap_err();
    assert!(err.contains("records_since"), "{err}");
    settings.records_since = "2025-03-01".into();
    assert!(settings.validate().is_ok());
}

#[tokio::test]
async fn the_demo_learner_stays_not_met_in_a_judged_year_in_statistics() {
    let app = spawn_demo().await;
    let heping = admin_token(&app, "heping").await;
    let (_, stats) = api(&app, &heping, "GET", "/api/v1/admin/stats?year=2025", None).await;
    let total_required: i64 = stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["required"].as_i64().unwrap())
        .sum();
    assert!(total_required > 0, "2025 is judged by default: {stats}");
}
