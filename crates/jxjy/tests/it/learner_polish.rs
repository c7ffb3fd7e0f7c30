//! What a learner on a phone meets: 获取验证码 comes back to the code field with the wait, the
//! claim form asks only what its kind needs and says what it is worth, and the pages a careful
//! person looks for before typing an ID number (隐私保护, 版权声明, 联系我们, 证明核验) exist.

use crate::common::{form, spawn_demo, spawn_with};
use crate::credits::register_learner;

#[tokio::test]
async fn getting_a_code_returns_to_the_code_field_with_focus_and_the_wait() {
    let app = spawn_demo().await;
    let (_, page) = app.get_text("/register").await;
    assert!(
        page.contains(r##"formaction="/register#sms_code""##),
        "{page}"
    );
    assert!(
        !page.contains("data-countdown"),
        "no wait before a code was asked for"
    );
    let r = app
        .client
        .post(app.url("/register"))
        .form(&form(&[("phone", "13900139001"), ("action", "send_code")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let wait = app.settings.sms_cooldown_secs.max(1);
    assert!(
        html.contains(&format!(r#"data-countdown="{wait}""#)),
        "{html}"
    );
    assert!(html.contains(&format!("{wait} 秒后可重新获取")));
    let field = &html[html.find(r#"id="sms_code""#).unwrap()..];
    assert!(field[..field.find('>').unwrap()].contains("autofocus"));
    // The same on 手机验证码登录 and 重置密码.
    for (path, action) in [
        ("/login?tab=sms", "/login/sms"),
        ("/reset-password", "/reset-password"),
    ] {
        let (_, page) = app.get_text(path).await;
        assert!(
            page.contains(&format!(r##"formaction="{action}#sms_code""##)),
            "{path}"
        );
    }
}

#[tokio::test]
async fn the_claim_form_shows_the_fields_of_its_kind_and_the_credits_it_is_worth() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 81, |_| {}).await;
    let page = |path: &'static str| {
        let (app, token) = (&app, &token);
        async move {
            let r = app
                .client
                .get(app.url(path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }
    };
    // Before a kind: nothing kind-specific, 选择类型 for a browser without JavaScript.
    let html = page("/learner/claims").await;
    assert!(
        html.contains(r#"<div class="field" data-kinds="exam" hidden>"#),
        "{html}"
    );
    assert!(html.contains(r#"<div class="field" data-kinds="conference" hidden>"#));
    assert!(html.contains("选择类型") && !html.contains("不适用"));
    // An exam with two subjects: only 通过科目数, and 180 credits by the server's rule.
    let html = page("/learner/claims?kind=exam&subjects=2").await;
    assert!(html.contains(r#"<div class="field" data-kinds="exam">"#));
    assert!(html.contains(r#"<div class="field" data-kinds="conference" hidden>"#));
    assert!(html.contains(r#"<div class="field" data-kinds="research paper book" hidden>"#));
    assert!(html.contains("本次申报可折算 180 学分"));
    // A paper: its three roles only.
    let html = page("/learner/claims?kind=paper&role=first").await;
    assert!(html.contains("本次申报可折算 30 学分"));
    assert!(html.contains(">第一作者<") && !html.contains(">主持<"));
    // The live preview's table is the rule, written by the server.
    assert!(html.contains("data-credit-table=") && html.contains("exam::3"));
}

#[tokio::test]
async fn privacy_copyright_contact_and_certificate_check_are_real_pages() {
    let app = spawn_with(|s| {
        s.demo = true;
        s.contact_phone = "024-12345678".into();
    })
    .await;
    let (s, home) = app.get_text("/").await;
    assert_eq!(s, 200);
    assert!(
        home.contains(r#"<a href="/privacy">隐私保护</a>"#)
            && home.contains(r#"<a href="/copyright">版权声明</a>"#)
    );
    let (s, privacy) = app.get_text("/privacy").await;
    assert_eq!(s, 200);
    assert!(
        privacy.contains("<h1 id=\"policy-heading\">隐私保护</h1>")
            && privacy.contains("证件类型与号码")
    );
    let (s, copyright) = app.get_text("/copyright").await;
    assert_eq!(s, 200);
    assert!(copyright.contains("版权所有"));
    let (_, contact) = app.get_text("/contact").await;
    assert!(
        contact.contains(r#"<a href="tel:02412345678">024-12345678</a>"#),
        "{contact}"
    );

    let (s, verify) = app.get_text("/verify").await;
    assert_eq!(s, 200);
    assert!(verify.contains(r#"<form method="get" action="/verify""#) && verify.contains("核验码"));
    let (s, wrong) = app.get_text("/verify?code=ABCD-EFGH-JKLM-NPQR").await;
    assert_eq!(s, 404);
    assert!(wrong.contains("未找到该核验码") && wrong.contains(r#"value="ABCD-EFGH-JKLM-NPQR""#));
}

#[tokio::test]
async fn another_province_sets_its_own_policy_texts() {
    let app = spawn_with(|s| {
        s.privacy_text = "吉林省的隐私说明第一段\n第二段".into();
        s.copyright_text = "吉林省财政厅版权所有".into();
    })
    .await;
    let (_, privacy) = app.get_text("/privacy").await;
    assert!(privacy.contains("<p>吉林省的隐私说明第一段</p>") && privacy.contains("<p>第二段</p>"));
    let (_, copyright) = app.get_text("/copyright").await;
    assert!(copyright.contains("吉林省财政厅版权所有"));
}
