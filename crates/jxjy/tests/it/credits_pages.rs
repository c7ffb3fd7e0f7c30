//! 学时证明 verified by a stranger, and the credits pages as a learner and a visitor see them.

use crate::common::spawn_demo;
use crate::credits::*;
use crate::training::this_year;

#[tokio::test]
async fn a_certificate_verifies_with_a_masked_number_keeps_its_code_and_a_forged_code_is_404() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 6, |_| {}).await;
    let y = this_year();
    let id = earn(&app, &token, y, &[("professional", 62.5), ("public", 30.0)]).await;
    let get = |path: String| {
        let client = app.client.clone();
        let url = app.url(&path);
        let token = token.clone();
        async move { client.get(url).bearer_auth(token).send().await.unwrap() }
    };
    let r = get(format!("/api/v1/credits/{y}/certificate")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with(&format!(
                "filename*=UTF-8''{y}%E5%B9%B4%E5%BA%A6%E5%AD%A6%E6%97%B6%E8%AF%81%E6%98%8E.pdf"
            )),
        "{y}年度学时证明.pdf"
    );
    let code = r.headers()["x-verification-code"]
        .to_str()
        .unwrap()
        .to_string();
    let pdf = r.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(pdf.len() < 300_000, "fonts are embedded as subsets");

    // The same totals keep the same code.
    let again = get(format!("/api/v1/credits/{y}/certificate")).await;
    assert_eq!(again.headers()["x-verification-code"], code.as_str());

    let (s, html) = app.get_text(&format!("/verify/{code}")).await;
    assert_eq!(s, 200);
    let full = id_number(6);
    let masked = format!("{}********{}", &full[..6], &full[14..]);
    assert!(html.contains("王小丽") && html.contains(&masked), "{html}");
    assert!(!html.contains(&full), "the full number is never shown");
    assert!(html.contains(&format!("{y} 年度")) && html.contains("92.5") && html.contains("62.5"));
    let (s, _) = app
        .get_text(&format!("/verify/{}", code.to_lowercase()))
        .await;
    assert_eq!(s, 200, "codes are read in any case");

    let (s, html) = app.get_text("/verify/ABCD-EFGH-JKLM-NPQR").await;
    assert_eq!(s, 404);
    assert!(html.contains("伪造") || html.contains("核对"), "{html}");
    let (s, _) = app.get_text("/verify/%27%20OR%201%3D1").await;
    assert_eq!(s, 404);

    // New credits change the totals: a new code, and the old one says the ledger changed.
    report_more(&app, id, "N", &[("public", 5.0)]).await;
    let newer = get(format!("/api/v1/credits/{y}/certificate")).await;
    let new_code = newer.headers()["x-verification-code"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(new_code, code);
    let (_, html) = app.get_text(&format!("/verify/{code}")).await;
    assert!(html.contains("已有变更"), "{html}");
    let (_, html) = app.get_text(&format!("/verify/{new_code}")).await;
    assert!(!html.contains("已有变更") && html.contains("97.5"));
    let issued = app
        .state
        .store
        .audit_log()
        .audit_for("certificate", &code)
        .await
        .unwrap();
    assert_eq!(issued.len(), 1, "issued once, with its audit entry");
}

#[tokio::test]
async fn the_credits_page_shows_the_tips_the_learner_the_table_and_each_years_compliance() {
    let app = spawn_demo().await;
    register_learner(&app, 7, |_| {}).await;
    let (s, html) = app.get_text("/learner/credits").await;
    assert_eq!(s, 200);
    assert!(html.contains("温馨提示"));
    assert!(html.contains("1.本页面学分查询及完成情况仅展示网校学习情况") || html.contains("本页面学分查询及完成情况仅展示网校学习情况，实际学习以及完成情况以全国会计人员统一服务管理平台数据为准。"));
    assert!(
        html.contains("还没有学习记录"),
        "empty state tells what to do"
    );
    assert!(html.contains("/learner/training") && html.contains("/learner/claims"));

    let token = crate::credits::register_learner(&app, 8, |_| {}).await;
    let y = this_year();
    earn(&app, &token, y, &[("professional", 60.0), ("public", 30.0)]).await;
    let (s, html) = app.get_text("/learner/credits").await;
    assert_eq!(s, 200);
    for text in [
        "姓名",
        "身份证号",
        "主管部门",
        "和平区财政局",
        &id_number(8),
        "年度",
        "学习方式",
        "已获总学分",
        "专业课学分",
        "公需课学分",
        "操作",
        "网络培训",
        "详情",
        "已达标",
        "未达标",
        "下载学时证明",
        "还差专业课 60 学分、公需课 30 学分",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
    assert!(html.contains(&format!("/learner/credits/{y}/certificate")));
    assert!(
        !html.contains(&format!("/learner/credits/{}/certificate", y - 1)),
        "only met years"
    );

    let (s, html) = app.get_text(&format!("/learner/credits/{y}")).await;
    assert_eq!(s, 200);
    assert!(
        html.contains(&format!("{y} 年度学分详情"))
            && html.contains("课程0")
            && html.contains("辽宁XX有限公司")
    );
    let r = app.get(&format!("/learner/credits/{y}/certificate")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let (s, html) = app
        .get_text(&format!("/learner/credits/{}/certificate", y - 1))
        .await;
    assert_eq!(s, 409);
    assert!(
        html.contains("还差"),
        "a friendly page says what is missing"
    );
}

#[tokio::test]
async fn the_credits_pages_send_a_visitor_to_login() {
    let app = spawn_demo().await;
    let r = app.get("/learner/credits").await;
    assert_eq!(r.status(), 303);
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=/learner/credits")
    );
    let r = app.get("/learner/claims").await;
    assert_eq!(r.status(), 303);
}
