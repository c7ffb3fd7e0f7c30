//! The public portal of the manual: 首页, 通知公告, 常见问题, 联系我们, 操作手册, and their JSON.

use jxjy_store::notices::NoticeInput;
use jxjy_web::bootstrap;

use crate::common::{spawn_demo, spawn_empty};

const NOTICE_1: &str = "关于开展2025年度辽宁省会计专业技术人员继续教育工作的通知";
const NOTICE_2: &str = "关于印发《辽宁省会计专业技术人员继续教育管理办法》的通知";

#[tokio::test]
async fn the_home_page_shows_the_manuals_notices_login_box_and_credit_flow() {
    let app = spawn_demo().await;
    let (status, html) = app.get_text("/").await;
    assert_eq!(status, 200);
    for text in [
        "辽宁省会计人员继续教育管理系统",
        "首页",
        "通知公告",
        "常见问题",
        "联系我们",
        NOTICE_1,
        NOTICE_2,
        "2025-02-26",
        "更多",
        "未登录",
        "href=\"/login\"",
        "href=\"/register\"",
        "学分获取流程",
        "版权所有",
    ] {
        assert!(html.contains(text), "home page lacks {text}");
    }
    let steps = [
        "信息采集",
        "系统登录",
        "网络继续教育培训",
        "选择年度",
        "网校缴费学习",
        "获取继续教育学分",
    ];
    let mut at = 0;
    for step in steps {
        let pos = html[at..]
            .find(step)
            .unwrap_or_else(|| panic!("flow step {step} missing or out of order"));
        at += pos;
    }
}

#[tokio::test]
async fn the_home_page_is_readable_on_a_phone() {
    let app = spawn_demo().await;
    let (_, html) = app.get_text("/").await;
    assert!(
        html.contains(r#"<meta name="viewport" content="width=device-width, initial-scale=1">"#)
    );
    assert!(html.contains(r#"<html lang="zh-CN">"#));
    let css = app.get("/static/app.css").await.text().await.unwrap();
    assert!(
        css.contains("@media (max-width: 640px)"),
        "tables must turn into cards on a phone"
    );
}

#[tokio::test]
async fn notices_are_listed_newest_first_with_pages() {
    let app = spawn_empty().await;
    for i in 1..=13_i64 {
        let title = format!("测试通知 {i:02}");
        app.state
            .store
            .notices()
            .create_notice(
                &NoticeInput {
                    title: &title,
                    body: "正文\n第二段",
                    published_at: 1_750_000_000 + i * 86_400,
                },
                1,
            )
            .await
            .unwrap();
    }
    let (status, page1) = app.get_text("/notices").await;
    assert_eq!(status, 200);
    assert!(page1.contains("测试通知 13") && page1.contains("测试通知 04"));
    assert!(
        !page1.contains("测试通知 03"),
        "page 1 holds only 10 notices"
    );
    assert!(page1.contains("下一页") && page1.contains("共 13 条"));
    let (_, page2) = app.get_text("/notices?page=2").await;
    assert!(
        page2.contains("测试通知 03")
            && page2.contains("测试通知 01")
            && !page2.contains("测试通知 13")
    );

    let (status, json) = app.get_json("/api/v1/notices?page=2").await;
    assert_eq!(status, 200);
    assert_eq!(json["total"], 13);
    assert_eq!(json["page"], 2);
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    assert_eq!(json["items"][0]["title"], "测试通知 03");
}

#[tokio::test]
async fn a_notice_has_its_own_page_and_json_and_an_unknown_one_is_404() {
    let app = spawn_demo().await;
    let (_, list) = app.get_json("/api/v1/notices").await;
    let id = list["items"][0]["id"].as_i64().unwrap();
    assert_eq!(list["items"][0]["title"], NOTICE_1);
    assert_eq!(list["items"][0]["date"], "2025-02-26");

    let (status, html) = app.get_text(&format!("/notices/{id}")).await;
    assert_eq!(status, 200);
    assert!(html.contains(NOTICE_1) && html.contains("发布日期") && html.contains("90学分"));

    let (status, json) = app.get_json(&format!("/api/v1/notices/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(json["title"], NOTICE_1);
    assert!(
        json["body"]
            .as_str()
            .unwrap()
            .contains("专业科目不少于60学分")
    );
    assert_eq!(json["published_at"], "2025-02-26T10:00:00+08:00");

    let (status, json) = app.get_json("/api/v1/notices/987654").await;
    assert_eq!(status, 404);
    assert_eq!(json["error"]["code"], "not_found");
    let (status, html) = app.get_text("/notices/987654").await;
    assert_eq!(status, 404);
    assert!(html.contains("该通知不存在或已删除") && html.contains("返回首页"));
}

#[tokio::test]
async fn the_faq_shows_the_manuals_answers_and_every_schools_contacts() {
    let app = spawn_demo().await;
    let (status, html) = app.get_text("/faq").await;
    assert_eq!(status, 200);
    for text in [
        "会计人员网络继续教育应该在哪个网站学习?",
        "会计人员需要从何时开始参加继续教育?",
        "会计人员继续教育学分有什么要求?",
        "专业科目不少于60学分，公需科目不少于30学分",
        "辽宁XX有限公司",
        "东北财经网校",
        "沈阳会计学院继续教育中心",
        "024-23450001",
    ] {
        assert!(html.contains(text), "faq lacks {text}");
    }
    let (status, json) = app.get_json("/api/v1/faqs").await;
    assert_eq!(status, 200);
    assert_eq!(json["items"].as_array().unwrap().len(), 3);
    assert_eq!(json["institutions"].as_array().unwrap().len(), 3);
    assert_eq!(json["institutions"][0]["contact_phone"], "024-23450001");
}

#[tokio::test]
async fn contact_and_manual_pages_say_what_a_user_needs() {
    let app = spawn_demo().await;
    let (status, html) = app.get_text("/contact").await;
    assert_eq!(status, 200);
    assert!(html.contains("辽宁省财政厅") && html.contains("北陵大街45-13号"));
    let (status, html) = app.get_text("/manual").await;
    assert_eq!(status, 200);
    for text in [
        "功能介绍",
        "网络培训",
        "学分查询",
        "进入网校",
        "取消报名",
        "去评价",
        "重置密码",
        "不少于 90 学分",
        "常见问题",
    ] {
        assert!(html.contains(text), "manual lacks {text}");
    }
}

#[tokio::test]
async fn the_province_is_configuration() {
    let app = crate::common::spawn_with(|s| {
        s.site_title = "吉林省会计人员继续教育管理系统".into();
        s.province_code = "220000".into();
        s.province_name = "吉林省".into();
        s.province_authority = "吉林省财政厅".into();
        s.footer_lines = vec!["吉林省财政厅 版权所有".into()];
    })
    .await;
    let (_, html) = app.get_text("/").await;
    assert!(
        html.contains("吉林省会计人员继续教育管理系统") && html.contains("吉林省财政厅 版权所有")
    );
    assert!(!html.contains("辽宁"));
    assert!(
        app.state
            .store
            .regions()
            .region("220000")
            .await
            .unwrap()
            .is_some()
    );
}

#[tokio::test]
async fn demo_data_is_seeded_once_and_survives_a_restart() {
    let app = spawn_demo().await;
    assert!(!app.demo_skipped);
    let store = &app.state.store;
    let regions = store.regions().all().await.unwrap();
    assert_eq!(
        regions.iter().filter(|r| r.level == 2).count(),
        14,
        "Liaoning's 14 cities"
    );
    let heping = store.regions().region("210102").await.unwrap().unwrap();
    assert_eq!(heping.authority_name, "和平区财政局");
    assert_eq!(heping.parent_code.as_deref(), Some("210100"));
    assert!(
        store.regions().region("210283").await.unwrap().is_some(),
        "Dalian's 庄河市"
    );
    assert_eq!(
        store
            .regions()
            .region_children("210100")
            .await
            .unwrap()
            .len(),
        13,
        "every district of Shenyang"
    );
    assert!(
        store
            .admins()
            .admin_by_username("heping")
            .await
            .unwrap()
            .is_some()
    );

    let count = |sql: &'static str| async move {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(store.pool())
            .await
            .unwrap()
    };
    let before = (
        count("SELECT COUNT(*) FROM learners").await,
        count("SELECT COUNT(*) FROM notices").await,
        count("SELECT COUNT(*) FROM institutions").await,
    );
    assert_eq!(
        before,
        (3, 2, 3),
        "冯思媛 and the demo employer's two more staff"
    );
    let credits: i64 = sqlx::query_scalar(
        "SELECT CAST(SUM(c.credits_tenths) AS BIGINT) FROM credit_records c JOIN learners l ON l.id = c.learner_id \
         WHERE l.id_number = '44010319900307883X' AND c.year = 2025 AND c.category = 'professional'",
    )
    .fetch_one(store.pool())
    .await
    .unwrap();
    assert_eq!(credits, 100, "10 professional credits, in tenths");
    let status: String = sqlx::query_scalar("SELECT status FROM enrollments WHERE year = 2025")
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert_eq!(status, "credited");
    let offers_this_year: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM offers WHERE year = $1")
        .bind(i64::from(jxjy_app::format::this_year()))
        .fetch_one(store.pool())
        .await
        .unwrap();
    assert!(offers_this_year >= 3);

    // A restart with --demo on the same database changes nothing and says so.
    let again = bootstrap::boot(app.settings.clone()).await.unwrap();
    assert!(again.demo.is_none() && again.demo_skipped);
    let after = (
        count("SELECT COUNT(*) FROM learners").await,
        count("SELECT COUNT(*) FROM notices").await,
        count("SELECT COUNT(*) FROM institutions").await,
    );
    assert_eq!(before, after);
}

/// The `src` of every `<img>` of a page, in order.
fn image_sources(html: &str) -> Vec<String> {
    html.split("<img ")
        .skip(1)
        .filter_map(|tag| {
            let start = tag.find("src=\"")? + 5;
            let len = tag[start..].find('"')?;
            Some(tag[start..start + len].replace("&amp;", "&"))
        })
        .collect()
}

#[tokio::test]
async fn every_image_of_the_manual_is_served_as_an_image_with_long_caching() {
    let app = spawn_demo().await;
    let (status, html) = app.get_text("/manual").await;
    assert_eq!(status, 200);
    let sources = image_sources(&html);
    let figures: Vec<&String> = sources
        .iter()
        .filter(|s| s.starts_with("/static/manual/"))
        .collect();
    assert!(
        figures.len() >= 20,
        "the manual shows its screens: {sources:?}"
    );
    for src in &sources {
        let r = app.get(src).await;
        assert_eq!(r.status(), 200, "{src} is served");
        let content_type = r.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(
            content_type.starts_with("image/"),
            "{src} is {content_type}"
        );
        assert_eq!(
            r.headers()["cache-control"],
            "public, max-age=31536000, immutable"
        );
        let body = r.bytes().await.unwrap();
        if src.starts_with("/static/manual/") {
            assert!(src.contains("?v="), "{src} carries its version");
            assert!(body.starts_with(b"\x89PNG\r\n\x1a\n"), "{src} is a PNG");
        }
    }
    // Every embedded screenshot is shown somewhere: nothing is shipped that nobody sees.
    for name in jxjy_web::ui::manual_shots::names() {
        assert!(
            figures
                .iter()
                .any(|s| s.starts_with(&format!("/static/manual/{name}?"))),
            "{name} is embedded but the manual does not show it"
        );
    }
}

#[tokio::test]
async fn the_manuals_figures_are_lazy_captioned_and_described() {
    let app = spawn_demo().await;
    let (_, html) = app.get_text("/manual").await;
    let figures: Vec<&str> = html.split("<figure").skip(1).collect();
    assert!(figures.len() >= 20);
    for f in figures {
        let f = &f[..f.find("</figure>").expect("a closed figure")];
        assert!(f.contains("loading=\"lazy\""), "lazy: {f}");
        assert!(
            f.contains("width=\"") && f.contains("height=\""),
            "sized: {f}"
        );
        let alt = f.split("alt=\"").nth(1).and_then(|a| a.split('"').next());
        assert!(
            alt.is_some_and(|a| a.chars().count() >= 8),
            "a meaningful alt: {f}"
        );
        assert!(f.contains("<figcaption>"), "captioned: {f}");
    }
    for step in [
        "确认报名",
        "进入网校",
        "学分已登记",
        "去评价",
        "详情",
        "学分申报",
        "学时证明",
    ] {
        assert!(html.contains(step), "the manual explains {step}");
    }
}

#[tokio::test]
async fn an_unknown_manual_figure_is_a_404() {
    let app = spawn_demo().await;
    assert_eq!(app.get("/static/manual/no-such.png").await.status(), 404);
    assert_eq!(app.get("/static/manual/..%2Fapp.css").await.status(), 404);
}

#[tokio::test]
async fn the_credit_flow_says_what_to_do_at_each_step() {
    let app = spawn_demo().await;
    let (_, html) = app.get_text("/").await;
    assert_eq!(html.matches("class=\"step-hint\"").count(), 6);
    assert!(html.contains("点击【进入网校】，缴费后学习课程"));
}
