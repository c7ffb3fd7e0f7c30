//! The reminder pages as a browser posts them: the console's form (预览人数, then 确认发送), the
//! progress page and 取消; the employer's; the learner's 消息 with the unread count, and
//! 接收学习提醒短信 on 个人信息.

use reqwest::Client;

use crate::common::post_form;
use crate::console_pages::{browser, get};
use crate::reminders::{app_with, deliver_all, morning};
use crate::training::this_year;

#[tokio::test]
async fn an_officer_previews_the_count_sends_and_watches_the_progress() {
    let app = app_with("").await;
    let admin = browser(&app, "heping").await;
    let (s, html) = get(&app, &admin, "/admin/reminders").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("预览人数") && html.contains("{姓名}") && !html.contains("value=\"create\""),
        "{html}"
    );
    let year = this_year().to_string();
    let fields = [
        ("year", year.as_str()),
        ("audience", "not_met"),
        ("region_code", ""),
        ("sms", "on"),
        ("text", "{姓名}您好，请完成{年度}年度学习"),
        ("send_at", ""),
    ];
    let mut preview = fields.to_vec();
    preview.push(("action", "preview"));
    let (s, _, html) = post_form(&app, &admin, "/admin/reminders", &preview).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("将提醒 3 人")
            && html.contains("确认发送")
            && html.contains("【辽宁会计】冯思媛您好"),
        "{html}"
    );
    let mut bad = fields.to_vec();
    bad[4] = ("text", "{单位}请学习");
    bad.push(("action", "create"));
    let (s, _, html) = post_form(&app, &admin, "/admin/reminders", &bad).await;
    assert_eq!(s, 400);
    assert!(
        html.contains("不是可用的占位符") && html.contains("id=\"text-error\""),
        "{html}"
    );
    let mut create = fields.to_vec();
    create.push(("action", "create"));
    let (s, location, _) = post_form(&app, &admin, "/admin/reminders", &create).await;
    assert_eq!(s, 303);
    assert!(
        location.starts_with("/admin/reminders/") && location.ends_with("?created=1"),
        "{location}"
    );
    let (_, html) = get(&app, &admin, &location).await;
    assert!(
        html.contains("<progress")
            && html.contains("http-equiv=\"refresh\"")
            && html.contains("取消提醒"),
        "{html}"
    );
    deliver_all(&app, morning()).await;
    let (_, html) = get(&app, &admin, &location).await;
    assert!(
        html.contains("已完成")
            && html.contains("发送进度 100%")
            && !html.contains("http-equiv=\"refresh\""),
        "{html}"
    );

    // The learner: the unread count in the nav, the message, then read.
    let learner = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (s, _, _) = post_form(
        &app,
        &learner,
        "/login",
        &[
            ("name", "冯思媛"),
            ("id_number", "44010319900307883X"),
            ("password", "Jxjy@2025"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let (_, home) = get(&app, &learner, "/learner").await;
    assert!(
        home.contains("1<span class=\"visually-hidden\"> 条未读</span>")
            && home.contains("您有 1 条未读消息"),
        "{home}"
    );
    assert!(
        home.contains("请于 12 月 31 日前完成"),
        "this year's shortfall with the deadline"
    );
    let (_, list) = get(&app, &learner, "/learner/messages").await;
    assert!(list.contains("[未读]"), "{list}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM reminder_messages WHERE learner_id = 1")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (s, html) = get(&app, &learner, &format!("/learner/messages/{id}")).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("冯思媛您好，请完成") && !html.contains("[未读]") && !html.contains("条未读"),
        "{html}"
    );
    let (s, _) = get(&app, &learner, "/learner/messages/999999").await;
    assert_eq!(s, 404);

    // 接收学习提醒短信 off, on 个人信息.
    let (_, profile) = get(&app, &learner, "/learner/profile").await;
    assert!(
        profile.contains("接收学习提醒短信")
            && profile.contains("name=\"reminder_sms\" value=\"on\" checked")
    );
    let (s, location, _) = post_form(&app, &learner, "/learner/settings", &[]).await;
    assert_eq!(
        (s, location.as_str()),
        (303, "/learner/profile?settings=saved#settings")
    );
    let (_, profile) = get(&app, &learner, "/learner/profile?settings=saved").await;
    assert!(
        profile.contains("提醒设置已保存") && !profile.contains("value=\"on\" checked>"),
        "{profile}"
    );
}

#[tokio::test]
async fn an_employer_reminds_its_staff_and_cancels_a_later_one() {
    let app = app_with("").await;
    let c = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (s, _, _) = post_form(
        &app,
        &c,
        "/employer/login",
        &[
            ("uscc", crate::employers::DEMO_USCC),
            ("password", "Jxjy@2025"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let (s, html) = get(&app, &c, "/employer/reminders").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("本单位已确认的人员") && !html.contains("整个辖区"),
        "no region choice for an employer"
    );
    let year = this_year().to_string();
    let later = jxjy_app::format::datetime(jxjy_app::format::now() + 86_400).replace(' ', "T");
    let (s, location, html) = post_form(
        &app,
        &c,
        "/employer/reminders",
        &[
            ("year", &year),
            ("audience", "all"),
            ("text", "请完成学习"),
            ("send_at", &later),
            ("action", "create"),
        ],
    )
    .await;
    assert_eq!(s, 303, "{html}");
    let id = location
        .trim_start_matches("/employer/reminders/")
        .trim_end_matches("?created=1")
        .to_string();
    let (s, location, _) =
        post_form(&app, &c, &format!("/employer/reminders/{id}/cancel"), &[]).await;
    assert_eq!(
        (s, location),
        (303, format!("/employer/reminders/{id}?cancelled=1"))
    );
    let (_, html) = get(&app, &c, &format!("/employer/reminders/{id}?cancelled=1")).await;
    assert!(
        html.contains("已取消") && html.contains("尚未发送的不再发送"),
        "{html}"
    );
}
