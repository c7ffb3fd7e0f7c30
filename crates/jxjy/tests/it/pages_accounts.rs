//! The account pages as a browser uses them, without JavaScript: forms post, the server answers
//! with the page again (values kept, errors beside fields) or a redirect.

use crate::accounts::{ID_NUMBER, PHONE};
use crate::common::{form, spawn_demo};

#[tokio::test]
async fn a_person_registers_through_the_form_and_the_home_page_greets_them() {
    let app = spawn_demo().await;
    let (s, html) = app.get_text("/register").await;
    assert_eq!(s, 200);
    for label in [
        "姓名",
        "证件类型",
        "证件号码",
        "手机号",
        "短信验证码",
        "密码",
        "学历",
        "工作单位",
        "主管部门",
        "会计专业技术资格",
        "取得资格年度",
        "开始从事会计工作年度",
        "和平区财政局",
    ] {
        assert!(html.contains(label), "register page lacks {label}");
    }
    let mut fields = form(&[
        ("name", "王小丽"),
        ("id_type", "resident_id"),
        ("id_number", ID_NUMBER),
        ("phone", PHONE),
        ("password", "Study2026"),
        ("education", "本科"),
        ("employer", "沈阳示例会计师事务所"),
        ("region_code", "210102"),
        ("qualification_level", "junior"),
        ("qualification_year", "2020"),
        ("work_start_year", ""),
        ("sms_code", ""),
    ]);
    // 获取验证码: the same form comes back with what was typed, and a note.
    let mut send = fields.clone();
    send.push(("action".into(), "send_code".into()));
    let r = app
        .client
        .post(app.url("/register"))
        .form(&send)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("验证码已发送")
            && html.contains("沈阳示例会计师事务所")
            && !html.contains("Study2026")
    );

    // A wrong code: the error sits beside the code field; values stay, the password does not.
    fields.retain(|(k, _)| k != "sms_code");
    let mut wrong = fields.clone();
    wrong.push(("sms_code".into(), "12".into()));
    let r = app
        .client
        .post(app.url("/register"))
        .form(&wrong)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let html = r.text().await.unwrap();
    assert!(
        html.contains(r#"id="sms_code-error">请输入 6 位短信验证码"#),
        "{html}"
    );
    assert!(html.contains(r#"value="王小丽""#) && !html.contains("Study2026"));

    fields.push(("sms_code".into(), app.last_code(PHONE)));
    let r = app
        .client
        .post(app.url("/register"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/learner/profile?welcome=1");
    let (s, html) = app.get_text("/learner/profile?welcome=1").await;
    assert_eq!(s, 200);
    assert!(html.contains("注册成功") && html.contains(ID_NUMBER) && html.contains("2021 年"));

    let (_, home) = app.get_text("/").await;
    assert!(
        home.contains("你好，王小丽")
            && home.contains("进入系统")
            && home.contains("退出登录")
            && !home.contains("未登录")
    );
    let (s, ws) = app.get_text("/learner").await;
    assert_eq!(s, 200);
    for item in [
        "返回首页",
        "网络培训",
        "学分查询",
        "常见问题",
        "操作说明",
        "温馨提示",
        "和平区财政局",
    ] {
        assert!(ws.contains(item), "workspace lacks {item}");
    }
    // 退出登录.
    let r = app.client.post(app.url("/logout")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let (_, home) = app.get_text("/").await;
    assert!(home.contains("未登录"));
}

#[tokio::test]
async fn the_login_page_has_two_tabs_and_the_manuals_notes() {
    let app = spawn_demo().await;
    let (s, html) = app.get_text("/login").await;
    assert_eq!(s, 200);
    for text in [
        "使用密码登录",
        "手机验证码登录",
        "姓名",
        "身份证号（或证件号）",
        "密码",
        "登录须知",
        "重置密码",
        "注册",
        "一天只能接收5次短信验证码",
    ] {
        assert!(html.contains(text), "login page lacks {text}");
    }
    let (_, sms) = app.get_text("/login?tab=sms").await;
    assert!(sms.contains(r#"action="/login/sms""#) && sms.contains("获取验证码"));
}

#[tokio::test]
async fn logging_in_by_form_goes_to_the_workspace_and_wrong_input_stays_on_the_form() {
    let app = spawn_demo().await;
    let r = app
        .client
        .post(app.url("/login"))
        .form(&form(&[
            ("name", "冯思媛"),
            ("id_number", "44010319900307883X"),
            ("password", "bad"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("姓名、证件号或密码不正确") && html.contains(r#"value="44010319900307883X""#)
    );
    let r = app
        .client
        .post(app.url("/login"))
        .form(&form(&[
            ("name", "冯思媛"),
            ("id_number", "44010319900307883X"),
            ("password", "Jxjy@2025"),
            ("next", "/learner/profile"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/learner/profile");
    assert_eq!(app.get("/learner").await.status(), 200);

    // SMS login by form.
    let fresh = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = fresh
        .post(app.url("/login/sms"))
        .form(&form(&[("phone", "13800138000"), ("action", "send_code")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("验证码已发送"));
    let code = app.last_code("13800138000");
    let r = fresh
        .post(app.url("/login/sms"))
        .form(&form(&[("phone", "13800138000"), ("sms_code", &code)]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        fresh
            .get(app.url("/learner"))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
}

#[tokio::test]
async fn workspace_pages_send_a_stranger_to_login() {
    let app = spawn_demo().await;
    let r = app.get("/learner/profile").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?next=/learner/profile");
}

#[tokio::test]
async fn a_password_is_reset_by_form() {
    let app = spawn_demo().await;
    let (s, html) = app.get_text("/reset-password").await;
    assert_eq!(s, 200);
    assert!(html.contains("新密码"));
    let r = app
        .client
        .post(app.url("/reset-password"))
        .form(&form(&[("phone", "13800138000"), ("action", "send_code")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let code = app.last_code("13800138000");
    let r = app
        .client
        .post(app.url("/reset-password"))
        .form(&form(&[
            ("phone", "13800138000"),
            ("sms_code", &code),
            ("new_password", "Fresh2026x"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("密码已重置"));
    let r = app
        .client
        .post(app.url("/login"))
        .form(&form(&[
            ("name", "冯思媛"),
            ("id_number", "44010319900307883X"),
            ("password", "Fresh2026x"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn the_profile_form_saves_corrections_and_changes_the_password() {
    let app = spawn_demo().await;
    app.client
        .post(app.url("/login"))
        .form(&form(&[
            ("name", "冯思媛"),
            ("id_number", "44010319900307883X"),
            ("password", "Jxjy@2025"),
        ]))
        .send()
        .await
        .unwrap();
    let fields = form(&[
        ("name", "冯思媛"),
        ("phone", "13800138000"),
        ("gender", ""),
        ("birth_date", ""),
        ("education", "硕士研究生"),
        ("employer", "新单位"),
        ("region_code", "210102"),
        ("qualification_level", "junior"),
        ("qualification_year", "2015"),
        ("work_start_year", "2013"),
        ("sms_code", ""),
        ("action", "save"),
    ]);
    let r = app
        .client
        .post(app.url("/learner/profile"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("个人信息已保存") && html.contains(r#"value="新单位""#));
    let r = app
        .client
        .post(app.url("/learner/password"))
        .form(&form(&[
            ("old_password", "Jxjy@2025"),
            ("new_password", "x"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains(r#"id="new_password-error">"#)
    );
    let r = app
        .client
        .post(app.url("/learner/password"))
        .form(&form(&[
            ("old_password", "Jxjy@2025"),
            ("new_password", "Changed2026"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("密码已修改"));
}
