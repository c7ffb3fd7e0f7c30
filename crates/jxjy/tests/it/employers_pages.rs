//! The employer's pages and the learner's 我的单位, as a browser posts forms: registration with
//! 获取验证码, login, the console's staff list and filters, 团报 from checkboxes, and the admin's
//! 单位审核 queue.

use reqwest::Client;

use crate::common::{TestApp, post_form, spawn_demo};
use crate::console_pages::{browser, get};
use crate::credits::{id_number, register_learner};
use crate::employers::{DEMO_USCC, USCC_A};
use crate::training::this_year;

fn client() -> Client {
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn employer_browser(app: &TestApp) -> Client {
    let c = client();
    let (s, location, body) = post_form(
        app,
        &c,
        "/employer/login",
        &[("uscc", DEMO_USCC), ("password", "Jxjy@2025")],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, "/employer"), "{body}");
    c
}

#[tokio::test]
async fn an_employer_registers_on_the_page_and_the_authority_approves_it_on_the_queue() {
    let app = spawn_demo().await;
    let c = client();
    let (s, html) = get(&app, &c, "/employer/register").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("单位注册")
            && html.contains("统一社会信用代码")
            && html.contains("和平区财政局")
    );
    let typed = [
        ("name", "沈阳示例财务咨询有限公司"),
        ("uscc", USCC_A),
        ("region_code", "210102"),
        ("contact_name", "刘洋"),
        ("phone", "13700000001"),
    ];
    let mut with = typed.to_vec();
    with.push(("action", "send_code"));
    let (s, _, html) = post_form(&app, &c, "/employer/register", &with).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("验证码已发送") && html.contains(USCC_A),
        "the form keeps what was typed"
    );
    let code = app.last_code("13700000001");
    let mut bad = typed.to_vec();
    bad.extend([
        ("sms_code", code.as_str()),
        ("password", "short"),
        ("action", "register"),
    ]);
    let (s, _, html) = post_form(&app, &c, "/employer/register", &bad).await;
    assert_eq!(s, 400);
    assert!(html.contains("id=\"password-error\"") && html.contains("aria-invalid=\"true\""));
    let mut good = typed.to_vec();
    good.extend([
        ("sms_code", code.as_str()),
        ("password", "Firm2026"),
        ("action", "register"),
    ]);
    let (s, _, html) = post_form(&app, &c, "/employer/register", &good).await;
    assert_eq!(s, 200);
    assert!(html.contains("注册已提交，请等待主管部门审核"), "{html}");

    // Logged in while pending: the console says so and shows no staff.
    let (s, location, _) = post_form(
        &app,
        &c,
        "/employer/login",
        &[("uscc", USCC_A), ("password", "Firm2026")],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, "/employer"));
    let (_, html) = get(&app, &c, "/employer").await;
    assert!(
        html.contains("正在等待和平区财政局审核") && !html.contains("发出邀请"),
        "{html}"
    );

    // The queue of 和平区, with the details, and 通过.
    let admin = browser(&app, "heping").await;
    let (s, html) = get(&app, &admin, "/admin/employers").await;
    assert_eq!(s, 200);
    assert!(
        html.contains("沈阳示例财务咨询有限公司")
            && html.contains(USCC_A)
            && html.contains("13700000001")
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM employers WHERE uscc = $1")
        .bind(USCC_A)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (s, _, html) = post_form(
        &app,
        &admin,
        &format!("/admin/employers/{id}"),
        &[("action", "reject"), ("reason", "")],
    )
    .await;
    assert_eq!(s, 400);
    assert!(html.contains("不予通过的原因"), "{html}");
    let (s, location, _) = post_form(
        &app,
        &admin,
        &format!("/admin/employers/{id}"),
        &[("action", "approve")],
    )
    .await;
    assert_eq!(
        (s, location.as_str()),
        (
            303,
            format!("/admin/employers?done=approved&employer={id}").as_str()
        )
    );
    let (_, html) = get(&app, &admin, &location).await;
    assert!(
        html.contains("已通过沈阳示例财务咨询有限公司的注册"),
        "{html}"
    );
    let (_, html) = get(&app, &c, "/employer").await;
    assert!(
        html.contains("发出邀请") && html.contains("还没有人员"),
        "{html}"
    );
}

#[tokio::test]
async fn the_console_lists_filters_and_group_enrolls_from_checkboxes() {
    let app = spawn_demo().await;
    let c = employer_browser(&app).await;
    let (s, html) = get(&app, &c, "/employer?year=2025").await;
    assert_eq!(s, 200);
    for name in ["冯思媛", "李静", "张敏"] {
        assert!(html.contains(name), "{name}");
    }
    assert!(html.contains("还差") && html.contains("导出 2025 年度人员学习情况"));
    let (_, html) = get(&app, &c, "/employer?q=%E6%9D%8E").await;
    assert!(
        html.contains("李静") && !html.contains("张敏"),
        "search by the name's start"
    );
    let (s, _) = get(&app, &c, "/employer?met=maybe&year=abc").await;
    assert_eq!(s, 400, "a bad filter is a 400, never a 500");

    let offer = format!("{}:junior:1", this_year());
    let (s, _, html) = post_form(
        &app,
        &c,
        "/employer/group-enrollments",
        &[
            ("offer", &offer),
            ("learner_ids", "1"),
            ("learner_ids", "3"),
        ],
    )
    .await;
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains("团报完成：2 人已报名，0 人跳过") && html.contains("已报名：冯思媛、张敏"),
        "{html}"
    );
    let (s, _, html) = post_form(
        &app,
        &c,
        "/employer/group-enrollments",
        &[("offer", &offer), ("learner_ids", "3")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(html.contains("跳过 张敏"), "{html}");
    let (s, _, html) = post_form(
        &app,
        &c,
        "/employer/group-enrollments",
        &[("offer", ""), ("learner_ids", "3")],
    )
    .await;
    assert_eq!(s, 400);
    assert!(html.contains("请选择培训年度、等级和培训机构"));
    let (s, _, _) = post_form(
        &app,
        &c,
        "/employer/group-enrollments",
        &[("offer", &offer), ("learner_ids", "x")],
    )
    .await;
    assert_eq!(s, 400);

    let r = c
        .get(app.url("/employer/export?year=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(&r.bytes().await.unwrap()[..2], b"PK");
}

#[tokio::test]
async fn a_learner_names_the_employer_on_the_profile_and_the_employer_confirms_it() {
    let app = spawn_demo().await;
    register_learner(&app, 5, |_| {}).await; // the app's own client now holds the learner's cookie
    let learner = &app.client;
    let (s, html) = get(&app, learner, "/learner/profile").await;
    assert_eq!(s, 200);
    assert!(html.contains("我的单位") && html.contains("申请加入该单位"));
    let (s, _, html) = post_form(
        &app,
        learner,
        "/learner/employer",
        &[("uscc", "91210102MA0XJY2068")],
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        html.contains("id=\"employer-uscc-error\"") && html.contains("91210102MA0XJY2068"),
        "kept with its error"
    );
    let (s, location, _) =
        post_form(&app, learner, "/learner/employer", &[("uscc", DEMO_USCC)]).await;
    assert_eq!(
        (s, location.as_str()),
        (303, "/learner/profile?employer=requested#employer")
    );
    let (_, html) = get(&app, learner, "/learner/profile?employer=requested").await;
    assert!(
        html.contains("已申请加入") && html.contains("等待单位在单位工作台确认"),
        "{html}"
    );

    let c = employer_browser(&app).await;
    let (_, html) = get(&app, &c, "/employer").await;
    assert!(
        html.contains("王小丽") && html.contains("本人申请，待本单位确认"),
        "{html}"
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM learners WHERE id_number = $1")
        .bind(id_number(5))
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (s, location, _) = post_form(&app, &c, &format!("/employer/staff/{id}/confirm"), &[]).await;
    assert_eq!((s, location.as_str()), (303, "/employer?done=confirmed"));
    let (_, html) = get(&app, learner, "/learner/profile").await;
    assert!(
        html.contains("当前单位：<strong>辽宁示例会计服务有限公司</strong>"),
        "{html}"
    );

    // 解除 asks first, then ends the link.
    let (s, _, html) = post_form(&app, &c, &format!("/employer/staff/{id}/remove"), &[]).await;
    assert_eq!(s, 200);
    assert!(html.contains("确认解除"), "{html}");
    let (s, location, _) = post_form(
        &app,
        &c,
        &format!("/employer/staff/{id}/remove"),
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!((s, location.as_str()), (303, "/employer?done=removed"));
    let (_, html) = get(&app, learner, "/learner/profile").await;
    assert!(html.contains("申请加入该单位"), "{html}");
}
