//! 网络培训 in the browser's way, through the 演示网校: enroll, 进入网校, pay and finish there,
//! back to 报名记录, 去评价; and the refused cancel after payment.

use crate::common::{form, spawn_demo};
use crate::training::this_year;

#[tokio::test]
async fn the_learner_enrolls_studies_at_the_demo_school_and_reviews() {
    let app = spawn_demo().await;
    let r = app
        .client
        .post(app.url("/login"))
        .form(&form(&[
            ("name", "冯思媛"),
            ("id_number", "44010319900307883X"),
            ("password", "Jxjy@2025"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (s, html) = app.get_text("/learner/training").await;
    assert_eq!(s, 200);
    for text in [
        "温馨提示",
        "培训年度",
        "培训等级",
        "辽宁XX有限公司",
        "查看",
        "确认报名",
        "报名记录",
        "仅展示2025年3月1日后在此平台报名的数据",
        "年度",
        "培训机构",
        "报名等级",
        "状态",
        "报名时间",
        "已获学分",
        "专业课学分",
        "公需课学分",
        "操作",
        "学分已登记",
        "2025-02-26 17:34",
    ] {
        assert!(html.contains(text), "training page lacks {text}");
    }
    assert!(
        html.contains(r#"<option value="junior" selected>"#),
        "the level defaults from the qualification"
    );
    let year = this_year().to_string();
    let (s, html) = app
        .get_text(&format!(
            "/learner/training/confirm?year={year}&level=junior&institution_id=2"
        ))
        .await;
    assert_eq!(s, 200);
    assert!(html.contains("东北财经网校") && html.contains("报名后"));
    let (s, html) = app.get_text("/learner/institutions/2").await;
    assert_eq!(s, 200);
    assert!(html.contains("0411-84710002") && html.contains("暂无评价"));

    let r = app
        .client
        .post(app.url("/learner/enrollments"))
        .form(&form(&[
            ("year", &year),
            ("level", "junior"),
            ("institution_id", "2"),
        ]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let (_, html) = app.get_text(&location).await;
    assert!(html.contains("报名成功") && html.contains("东北财经网校"));
    // The confirmation is focused and the new enrollment highlighted where the page lands.
    assert!(location.contains("done=enrolled&enrollment="), "{location}");
    let landed = location.rsplit('#').next().unwrap().to_string();
    assert!(
        html.contains(&format!(r#"<tr id="{landed}" class="just-changed">"#)),
        "{html}"
    );
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM enrollments WHERE year = $1 AND status = 'enrolled'")
            .bind(this_year())
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();

    // 进入网校 → the demo school, signed in by the hand-off token.
    let r = app
        .client
        .post(app.url(&format!("/learner/enrollments/{id}/launch")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let sso = r.headers()["location"].to_str().unwrap().to_string();
    assert!(sso.starts_with("/demo-school/2/sso?token="));
    let (s, html) = app.get_text(&sso).await;
    assert_eq!(s, 200, "{html}");
    assert!(
        html.contains("冯思媛")
            && html.contains("已报名，待缴费")
            && html.contains("440103********883X")
    );
    // The school's own site, not the government's header; 返回 leads to this enrollment.
    assert!(html.contains(r#"class="school-header""#) && !html.contains(r#"class="site-header""#));
    assert!(html.contains(&format!(
        "done=returned&#38;enrollment={id}#enrollment-{id}"
    )));
    let (_, back) = app
        .get_text(&format!(
            "/learner/training?year={year}&done=returned&enrollment={id}"
        ))
        .await;
    assert!(back.contains("您已从网校返回") && back.contains("data-focus-on-load"));
    assert!(back.contains(&format!(
        r#"<tr id="enrollment-{id}" class="just-changed">"#
    )));
    let (s, html) = app.get_text(&sso).await;
    assert_eq!(s, 409, "the token works once");
    assert!(html.contains("令牌已使用过"));

    let r = app
        .client
        .post(app.url(&format!("/demo-school/2/enrollments/{id}/pay")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("已缴费，学习中"));
    // Now cancelling is refused with the reason, naming 退费 and the school.
    let (_, html) = app
        .get_text(&format!("/learner/enrollments/{id}/cancel"))
        .await;
    assert!(html.contains("不能取消") && html.contains("东北财经网校"));
    let r = app
        .client
        .post(app.url(&format!("/learner/enrollments/{id}/cancel")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    let html = r.text().await.unwrap();
    assert!(html.contains("请联系东北财经网校办理退费"), "{html}");

    let r = app
        .client
        .post(app.url(&format!("/demo-school/2/enrollments/{id}/finish")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("学分已登记"));
    let (_, html) = app.get_text("/learner/training").await;
    assert!(
        html.contains(&format!("/learner/enrollments/{id}/review")),
        "去评价 offered once credited"
    );

    let (s, html) = app
        .get_text(&format!("/learner/enrollments/{id}/review"))
        .await;
    assert_eq!(s, 200);
    assert!(html.contains("评价 东北财经网校"));
    let r = app
        .client
        .post(app.url(&format!("/learner/enrollments/{id}/review")))
        .form(&form(&[("comment", "好")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400, "a rating is required");
    let r = app
        .client
        .post(app.url(&format!("/learner/enrollments/{id}/review")))
        .form(&form(&[("rating", "5"), ("comment", "课程实用")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = app.get_text("/learner/institutions/2").await;
    assert!(html.contains("5.0 分（1 人评价）"));
}

#[tokio::test]
async fn an_unpaid_enrollment_is_cancelled_after_a_confirmation_and_refunds_cancel_too() {
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
    let year = this_year().to_string();
    app.client
        .post(app.url("/learner/enrollments"))
        .form(&form(&[
            ("year", &year),
            ("level", "junior"),
            ("institution_id", "1"),
        ]))
        .send()
        .await
        .unwrap();
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM enrollments WHERE year = $1 AND status = 'enrolled'")
            .bind(this_year())
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    let (_, html) = app
        .get_text(&format!("/learner/enrollments/{id}/cancel"))
        .await;
    assert!(html.contains("确定取消报名"));
    let r = app
        .client
        .post(app.url(&format!("/learner/enrollments/{id}/cancel")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, html) = app
        .get_text(r.headers()["location"].to_str().unwrap())
        .await;
    assert!(html.contains("已取消报名") && html.contains("已取消"));

    app.client
        .post(app.url("/learner/enrollments"))
        .form(&form(&[
            ("year", &year),
            ("level", "junior"),
            ("institution_id", "3"),
        ]))
        .send()
        .await
        .unwrap();
    let id: i64 =
        sqlx::query_scalar("SELECT id FROM enrollments WHERE year = $1 AND status = 'enrolled'")
            .bind(this_year())
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    // Without having come through 进入网校, the demo school refuses to act.
    let r = app
        .client
        .post(app.url(&format!("/demo-school/3/enrollments/{id}/pay")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = app
        .client
        .post(app.url(&format!("/learner/enrollments/{id}/launch")))
        .send()
        .await
        .unwrap();
    let sso = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(app.get(&sso).await.status(), 200);
    let r = app
        .client
        .post(app.url(&format!("/demo-school/3/enrollments/{}/pay", id - 1)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "only the enrollment whose token was redeemed"
    );
    app.client
        .post(app.url(&format!("/demo-school/3/enrollments/{id}/pay")))
        .send()
        .await
        .unwrap();
    let r = app
        .client
        .post(app.url(&format!("/demo-school/3/enrollments/{id}/refund")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("已自动取消报名"));
    let status: String = sqlx::query_scalar("SELECT status FROM enrollments WHERE id = $1")
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(status, "cancelled");
    // Another learner's enrollment is not found, not shown.
    let stranger = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = stranger
        .get(app.url(&format!("/learner/enrollments/{id}/cancel")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "a stranger is sent to login");
}
