//! The console pages of issue 6's last part, driven as a browser posts forms: the correction
//! form and the reset button on a learner's file, confirmations before destructive actions,
//! empty states, and the per-institution chart.

use jxjy_store::admins::NewAdmin;
use jxjy_store::audit::Actor;
use reqwest::Client;

use crate::common::{TestApp, form, spawn_demo, spawn_empty};
use crate::console::dalian_learner;

/// A browser logged in to the console as `username` (password Jxjy@2025).
pub async fn browser(app: &TestApp, username: &str) -> Client {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = client
        .post(app.url("/admin/login"))
        .header("sec-fetch-site", "same-origin")
        .form(&form(&[("username", username), ("password", "Jxjy@2025")]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{username} logs in");
    client
}

/// A same-origin form post, as the console's own pages send it.
async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String) {
    let r = client
        .post(app.url(path))
        .header("sec-fetch-site", "same-origin")
        .header("origin", &app.base)
        .form(&form(fields))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

pub async fn get(app: &TestApp, client: &Client, path: &str) -> (u16, String) {
    let r = client.get(app.url(path)).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.text().await.unwrap())
}

async fn audit_count(app: &TestApp, action: &str, target_id: &str) -> i64 {
    sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM audit_log WHERE action = $1 AND target_id = $2",
    )
    .bind(action)
    .bind(target_id)
    .fetch_one(app.state.store.pool())
    .await
    .unwrap()
}

/// The demo learner's 信息采集 as the correction form posts it, with `changes` applied.
fn correction<'a>(changes: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("id_type", "resident_id"),
        ("id_number", "44010319900307883X"),
        ("name", "冯思媛"),
        ("phone", "13800138000"),
        ("gender", ""),
        ("birth_date", ""),
        ("education", "本科"),
        ("employer", "辽宁示例会计服务有限公司"),
        ("region_code", "210102"),
        ("qualification_level", "junior"),
        ("qualification_year", "2015"),
        ("work_start_year", "2013"),
    ];
    for (k, v) in changes {
        if let Some(f) = fields.iter_mut().find(|(name, _)| name == k) {
            f.1 = v;
        }
    }
    fields
}

#[tokio::test]
async fn an_admin_corrects_the_document_on_the_learners_file_page_with_errors_beside_fields() {
    let app = spawn_demo().await;
    let heping = browser(&app, "heping").await;
    let (s, html) = get(&app, &heping, "/admin/learners/1").await;
    assert_eq!(s, 200);
    for text in [
        "更正信息采集",
        r#"action="/admin/learners/1/profile""#,
        r#"<label for="id_number">证件号码</label>"#,
        "发送重置验证码",
    ] {
        assert!(html.contains(text), "the file page lacks {text}");
    }

    let (s, html) = post(
        &app,
        &heping,
        "/admin/learners/1/profile",
        &correction(&[("id_number", "210102199203150025"), ("name", "")]),
    )
    .await;
    assert_eq!(s, 400);
    assert!(
        html.contains(r#"id="id_number-error">身份证号校验位不正确"#),
        "the document's reason is beside it: {html}"
    );
    assert!(html.contains(r#"id="name-error">"#) && html.contains(r#"aria-invalid="true""#));
    assert!(
        html.contains(r#"value="210102199203150025""#),
        "what was typed comes back"
    );
    assert_eq!(audit_count(&app, "learner.admin_correction", "1").await, 0);

    let (s, html) = post(
        &app,
        &heping,
        "/admin/learners/1/profile",
        &correction(&[
            ("id_number", "210102199203150024"),
            ("employer", "和平区某公司"),
        ]),
    )
    .await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("信息采集已更正") && html.contains("210102199203150024"));
    let (number, employer): (String, String) =
        sqlx::query_as("SELECT id_number, employer FROM learners WHERE id = 1")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(
        (number.as_str(), employer.as_str()),
        ("210102199203150024", "和平区某公司")
    );
    assert_eq!(audit_count(&app, "learner.admin_correction", "1").await, 1);

    // A learner of Dalian is outside 和平区: the file and both actions are 404 and change nothing.
    let outside = dalian_learner(&app).await;
    let path = format!("/admin/learners/{outside}/profile");
    let (s, _) = post(&app, &heping, &path, &correction(&[("name", "改名")])).await;
    assert_eq!(s, 404);
    let path = format!("/admin/learners/{outside}/password-reset");
    let (s, _) = post(&app, &heping, &path, &[]).await;
    assert_eq!(s, 404);
    let name: String = sqlx::query_scalar("SELECT name FROM learners WHERE id = $1")
        .bind(outside)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(name, "大连学员");
    assert_eq!(
        audit_count(&app, "learner.password_reset_sent", &outside.to_string()).await,
        0
    );
}

#[tokio::test]
async fn the_reset_button_sends_the_learner_a_reset_code_with_an_audit_entry() {
    let app = spawn_demo().await;
    let heping = browser(&app, "heping").await;
    let (s, html) = post(&app, &heping, "/admin/learners/1/password-reset", &[]).await;
    assert_eq!(s, 200, "{html}");
    assert!(html.contains("重置密码验证码已发送到学员手机"));
    let code = app.last_code("13800138000");
    assert_eq!(
        audit_count(&app, "learner.password_reset_sent", "1").await,
        1
    );
    // The learner uses the code on 重置密码.
    let (s, body) = app
        .post_json(
            "/api/v1/password/reset",
            serde_json::json!({"phone": "13800138000", "sms_code": code, "new_password": "Neu2026pass"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
}

#[tokio::test]
async fn deleting_a_notice_or_an_faq_asks_first_and_only_the_confirmed_post_deletes() {
    let app = spawn_demo().await;
    let province = browser(&app, "province").await;
    let notice_id: i64 = sqlx::query_scalar("SELECT id FROM notices ORDER BY id LIMIT 1")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let notices = || async {
        sqlx::query_scalar::<_, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM notices WHERE id = $1")
            .bind(notice_id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap()
    };
    let id = notice_id.to_string();
    let (s, html) = post(
        &app,
        &province,
        "/admin/notices",
        &[("id", &id), ("action", "delete")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(
        html.contains("确认删除《") && html.contains("此操作不可撤销") && html.contains("取消"),
        "{html}"
    );
    assert!(html.contains(r#"name="confirm" value="yes""#));
    assert_eq!(notices().await, 1, "nothing is deleted before confirming");
    let (s, _) = post(
        &app,
        &province,
        "/admin/notices",
        &[("id", &id), ("action", "delete"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(notices().await, 0, "the confirmed post deletes");

    let (s, html) = get(&app, &province, "/admin/faqs").await;
    assert_eq!(s, 200);
    assert!(html.contains("添加常见问题"));
    let (s, _) = post(
        &app,
        &province,
        "/admin/faqs",
        &[
            ("question", "<b>如何打印？</b>"),
            ("answer", "在学分查询中下载。"),
            ("sort_order", "9"),
            ("action", "save"),
        ],
    )
    .await;
    assert_eq!(s, 303);
    let faq_id: i64 = sqlx::query_scalar("SELECT id FROM faqs WHERE sort_order = 9")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (_, html) = get(&app, &province, "/admin/faqs").await;
    assert!(
        html.contains("如何打印？") && !html.contains("<b>如何打印"),
        "shown escaped"
    );
    let id = faq_id.to_string();
    let (s, html) = post(
        &app,
        &province,
        "/admin/faqs",
        &[("id", &id), ("action", "delete")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(html.contains("确认删除《") && html.contains("此操作不可撤销"));
    let faqs = || async {
        sqlx::query_scalar::<_, i64>("SELECT CAST(COUNT(*) AS BIGINT) FROM faqs WHERE id = $1")
            .bind(faq_id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap()
    };
    assert_eq!(faqs().await, 1);
    let (s, _) = post(
        &app,
        &province,
        "/admin/faqs",
        &[("id", &id), ("action", "delete"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(s, 303);
    assert_eq!(faqs().await, 0);
    assert_eq!(audit_count(&app, "faq.delete", &id).await, 1);

    let heping = browser(&app, "heping").await;
    let (s, _) = post(
        &app,
        &heping,
        "/admin/faqs",
        &[("id", "1"), ("action", "delete"), ("confirm", "yes")],
    )
    .await;
    assert_eq!(s, 403, "a district admin deletes no FAQ");
}

#[tokio::test]
async fn rotating_a_secret_and_disabling_a_school_ask_first() {
    let app = spawn_demo().await;
    let province = browser(&app, "province").await;
    let secret = || async {
        sqlx::query_scalar::<_, String>("SELECT secret_enc FROM institutions WHERE id = 2")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap()
    };
    let before = secret().await;
    let (s, html) = post(&app, &province, "/admin/institutions/2/secret", &[]).await;
    assert_eq!(s, 200);
    assert!(
        html.contains("确认重置") && html.contains("东北财经网校"),
        "{html}"
    );
    assert_eq!(
        secret().await,
        before,
        "the secret is unchanged before confirming"
    );
    let (s, html) = post(
        &app,
        &province,
        "/admin/institutions/2/secret",
        &[("confirm", "yes")],
    )
    .await;
    assert_eq!(s, 200);
    assert!(html.contains("旧密钥已失效"));
    assert_ne!(secret().await, before);

    let disabled = || async {
        sqlx::query_scalar::<_, i64>("SELECT disabled FROM institutions WHERE id = 2")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap()
    };
    let fields = [
        ("name", "东北财经网校"),
        ("sso_url", "https://dbcj.example.cn/sso"),
        ("disabled", "1"),
    ];
    let (s, html) = post(&app, &province, "/admin/institutions/2", &fields).await;
    assert_eq!(s, 200);
    assert!(html.contains("确认停用“东北财经网校”"), "{html}");
    assert!(html.contains(r#"name="sso_url" value="https://dbcj.example.cn/sso""#));
    assert_eq!(disabled().await, 0, "not disabled before confirming");
    let mut confirmed = fields.to_vec();
    confirmed.push(("confirm", "yes"));
    let (s, _) = post(&app, &province, "/admin/institutions/2", &confirmed).await;
    assert_eq!(s, 303);
    assert_eq!(disabled().await, 1);
}

#[tokio::test]
async fn disabling_an_admin_asks_first_ends_its_sessions_and_never_reaches_above() {
    let app = spawn_demo().await;
    let province = browser(&app, "province").await;
    let heping = browser(&app, "heping").await;
    let heping_id: i64 = sqlx::query_scalar("SELECT id FROM admins WHERE username = 'heping'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let super_id: i64 = sqlx::query_scalar("SELECT id FROM admins WHERE username = 'admin'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (_, html) = get(&app, &province, "/admin/users").await;
    assert!(html.contains(&format!(r#"action="/admin/users/{heping_id}/disable""#)));
    assert!(
        !html.contains(&format!(r#"action="/admin/users/{super_id}/disable""#)),
        "no button for an admin above oneself"
    );
    let path = format!("/admin/users/{heping_id}/disable");
    let (s, html) = post(&app, &province, &path, &[]).await;
    assert_eq!(s, 200);
    assert!(html.contains("确认停用管理员“heping”"));
    assert_eq!(get(&app, &heping, "/admin").await.0, 200, "still enabled");
    let (s, _) = post(&app, &province, &path, &[("confirm", "yes")]).await;
    assert_eq!(s, 303);
    assert_eq!(
        get(&app, &heping, "/admin").await.0,
        303,
        "its session ended"
    );
    assert_eq!(
        audit_count(&app, "admin.disable", &heping_id.to_string()).await,
        1
    );

    let path = format!("/admin/users/{super_id}/disable");
    let (s, _) = post(&app, &province, &path, &[("confirm", "yes")]).await;
    assert_eq!(s, 403, "nobody above oneself");
    let shenyang = browser(&app, "shenyang").await;
    let path = format!("/admin/users/{heping_id}/enable");
    let (s, _) = post(&app, &shenyang, &path, &[]).await;
    assert_eq!(s, 403, "a city admin manages no admins");
    let (s, _) = post(&app, &province, &path, &[]).await;
    assert_eq!(s, 303);
    browser(&app, "heping").await;

    // The API shares the use case.
    let token = crate::admin_partners::admin_token(&app, "province").await;
    let (s, body) = crate::training::api(
        &app,
        &token,
        "PUT",
        &format!("/api/v1/admin/admins/{heping_id}"),
        Some(serde_json::json!({"disabled": true})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    let province_id: i64 = sqlx::query_scalar("SELECT id FROM admins WHERE username = 'province'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let (s, body) = crate::training::api(
        &app,
        &token,
        "PUT",
        &format!("/api/v1/admin/admins/{province_id}"),
        Some(serde_json::json!({"disabled": true})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("cannot_disable_self"))
    );
}

#[tokio::test]
async fn empty_admin_lists_say_what_to_do_next() {
    let app = spawn_empty().await;
    let hash = jxjy_app::password::hash("Jxjy@2025").unwrap();
    app.state
        .store
        .admins()
        .create_admin(
            &NewAdmin {
                username: "sheng",
                password_hash: &hash,
                role: "province",
                region_code: "210000",
                display_name: "辽宁省财政厅",
            },
            &Actor::system(),
            jxjy_app::format::now(),
        )
        .await
        .unwrap();
    let client = browser(&app, "sheng").await;
    for (path, text) in [
        ("/admin/learners", "辖区内还没有学员"),
        (
            "/admin/learners?q=%E6%97%A0%E6%AD%A4%E4%BA%BA",
            "没有符合条件的学员",
        ),
        ("/admin/claims", "审核队列已清空"),
        (
            "/admin/notices",
            "还没有通知公告。请在上方填写标题和正文后保存",
        ),
        (
            "/admin/faqs",
            "还没有常见问题。请在上方填写问题和回答后保存",
        ),
        ("/admin/audit?action=nothing.", "没有符合条件的操作记录"),
        ("/admin/institutions", "还没有培训机构。请在下方"),
        ("/admin", "还没有学员报名任何培训机构"),
    ] {
        let (s, html) = get(&app, &client, path).await;
        assert_eq!(s, 200, "{path}");
        assert!(html.contains(text), "{path} lacks {text}");
    }
}

#[tokio::test]
async fn the_dashboard_charts_each_school_next_to_the_sub_regions() {
    let app = spawn_demo().await;
    let province = browser(&app, "province").await;
    let (s, html) = get(&app, &province, "/admin?year=2025").await;
    assert_eq!(s, 200);
    let schools = html
        .split(r#"id="schools-heading""#)
        .nth(1)
        .expect("a per-institution section");
    assert!(schools.contains("<svg") && schools.contains("各培训机构报名、已登记学分与已达标人数"));
    assert!(
        schools.contains("辽宁XX有限公司") && schools.contains("报名 1 · 登记 1"),
        "{schools}"
    );
    assert!(html.contains("各地区达标率"), "the sub-region chart stays");
}
