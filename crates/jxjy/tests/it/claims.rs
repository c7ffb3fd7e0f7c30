//! 学分申报 over HTTP: a claim from submission through rejection, resubmission and approval to a
//! met year; scope (another district's admin can neither see nor decide it); bad input; the
//! evidence files; and the form that works without JavaScript.

use jxjy_store::admins::NewAdmin;
use jxjy_store::audit::Actor;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_demo};
use crate::credits::{credits, register_learner, year_of};
use crate::training::{api, this_year};

pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// A district admin of `region` (password Jxjy@2025), logged in.
pub async fn district_admin(app: &TestApp, username: &str, region: &str) -> String {
    let hash = jxjy_app::password::hash("Jxjy@2025").unwrap();
    app.state
        .store
        .admins()
        .create_admin(
            &NewAdmin {
                username,
                password_hash: &hash,
                role: "district",
                region_code: region,
                display_name: "测试区财政局",
            },
            &Actor::system(),
            jxjy_app::format::now(),
        )
        .await
        .unwrap();
    admin_token(app, username).await
}

pub fn form(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Form {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        // The content type a client claims is ignored: the server reads the bytes.
        let part = Part::bytes(bytes.to_vec())
            .file_name(name.to_string())
            .mime_str("application/pdf")
            .unwrap();
        form = form.part("evidence", part);
    }
    form
}

/// `POST /api/v1/claims` as the learner.
pub async fn submit(
    app: &TestApp,
    token: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &[u8])],
) -> (u16, Value) {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/claims"))
        .bearer_auth(token)
        .multipart(form(fields, files))
        .send()
        .await
        .unwrap();
    let s = r.status().as_u16();
    (s, r.json().await.unwrap_or(Value::Null))
}

pub fn exam(year: &str, title: &str) -> Vec<(&'static str, String)> {
    vec![
        ("year", year.to_string()),
        ("kind", "exam".to_string()),
        ("subjects", "1".to_string()),
        ("title", title.to_string()),
    ]
}

pub fn refs<'a>(v: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    v.iter().map(|(k, s)| (*k, s.as_str())).collect()
}

pub fn field_names(body: &Value) -> Vec<String> {
    body["error"]["fields"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["field"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn ids(list: &Value) -> Vec<i64> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_claim_is_rejected_resubmitted_and_approved_into_a_met_year_by_admins_in_scope_only() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 21, |_| {}).await;
    let y = this_year().to_string();
    let title = "全国会计专业技术中级资格考试（中级会计实务）";
    let (s, first) = submit(
        &app,
        &token,
        &refs(&exam(&y, title)),
        &[("成绩单.pdf", PDF)],
    )
    .await;
    assert_eq!(s, 201, "{first}");
    assert_eq!(
        (
            first["status"].as_str(),
            first["credits"].as_i64(),
            first["kind_label"].as_str()
        ),
        (Some("pending"), Some(90), Some("考试"))
    );
    assert_eq!(first["files"][0]["name"], "成绩单.pdf");
    let id = first["id"].as_i64().unwrap();

    // Another district's admin sees nothing and cannot decide; heping (its district) sees it.
    let dadong = district_admin(&app, "dadong", "210104").await;
    let (s, list) = api(
        &app,
        &dadong,
        "GET",
        "/api/v1/admin/claims?status=pending",
        None,
    )
    .await;
    assert_eq!((s, ids(&list)), (200, vec![]));
    for action in ["approve", "reject"] {
        let (s, _) = api(
            &app,
            &dadong,
            "POST",
            &format!("/api/v1/admin/claims/{id}/{action}"),
            Some(json!({"reason": "不符合"})),
        )
        .await;
        assert_eq!(s, 404, "{action}");
    }
    let file_id = first["files"][0]["id"].as_i64().unwrap();
    let (s, _) = api(
        &app,
        &dadong,
        "GET",
        &format!("/api/v1/admin/claims/{id}/evidence/{file_id}"),
        None,
    )
    .await;
    assert_eq!(s, 404);

    let heping = admin_token(&app, "heping").await;
    let (s, list) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/claims?status=pending",
        None,
    )
    .await;
    assert_eq!((s, ids(&list)), (200, vec![id]));
    let item = &list["items"][0];
    assert_eq!(item["learner"]["name"], "王小丽");
    assert!(
        item["learner"]["id_number"]
            .as_str()
            .unwrap()
            .contains("********")
    );
    assert_eq!(list["total"], 1);
    let (s, body) = api(
        &app,
        &heping,
        "GET",
        "/api/v1/admin/claims?status=maybe",
        None,
    )
    .await;
    assert_eq!((s, field_names(&body)), (400, vec!["status".to_string()]));

    // A rejection needs a reason, and the learner reads it.
    let reject = format!("/api/v1/admin/claims/{id}/reject");
    let (s, body) = api(&app, &heping, "POST", &reject, Some(json!({"reason": ""}))).await;
    assert_eq!((s, field_names(&body)), (400, vec!["reason".to_string()]));
    let (s, rejected) = api(
        &app,
        &heping,
        "POST",
        &reject,
        Some(json!({"reason": "成绩单不清晰，请上传原件扫描件"})),
    )
    .await;
    assert_eq!(
        (s, rejected["status"].as_str()),
        (200, Some("rejected")),
        "{rejected}"
    );
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        &format!("/api/v1/admin/claims/{id}/approve"),
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("claim_decided"))
    );
    let (_, mine) = api(&app, &token, "GET", "/api/v1/claims", None).await;
    assert_eq!(mine["items"][0]["status"], "rejected");
    assert_eq!(mine["items"][0]["reason"], "成绩单不清晰，请上传原件扫描件");
    assert_eq!(
        year_of(&credits(&app, &token).await, this_year())["status"],
        "not_met"
    );

    // The learner submits again; a second submission of the same activity while pending is refused.
    let (s, second) = submit(
        &app,
        &token,
        &refs(&exam(&y, title)),
        &[("成绩单原件.png", PNG)],
    )
    .await;
    assert_eq!(s, 201, "{second}");
    let (s, body) = submit(&app, &token, &refs(&exam(&y, title)), &[("x.pdf", PDF)]).await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("claim_exists"))
    );
    let second_id = second["id"].as_i64().unwrap();

    // The city above the district approves: 90 credits fill an empty year, 60 + 30.
    let shenyang = admin_token(&app, "shenyang").await;
    let (s, approved) = api(
        &app,
        &shenyang,
        "POST",
        &format!("/api/v1/admin/claims/{second_id}/approve"),
        None,
    )
    .await;
    assert_eq!(
        (s, approved["status"].as_str()),
        (200, Some("approved")),
        "{approved}"
    );
    let report = credits(&app, &token).await;
    let now = year_of(&report, this_year());
    assert_eq!(
        (now["status"].as_str(), now["met"].as_bool()),
        (Some("met"), Some(true))
    );
    assert_eq!(
        now["earned"],
        json!({"total": 90, "professional": 60, "public": 30})
    );
    assert_eq!(
        report["rows"],
        json!([{"year": this_year(), "method": "exam", "total": 90, "professional": 60, "public": 30}])
    );
    let (_, detail) = api(&app, &token, "GET", &format!("/api/v1/credits/{y}"), None).await;
    let sources: Vec<&str> = detail["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["claim", "claim"]);
    let (s, _) = api(
        &app,
        &shenyang,
        "POST",
        &format!("/api/v1/admin/claims/{second_id}/approve"),
        None,
    )
    .await;
    assert_eq!(s, 409, "approved once");
    let audit = app
        .state
        .store
        .audit_log()
        .audit_for("claim", &second_id.to_string())
        .await
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(actions, ["claim.approve", "claim.submit"]);
    let (s, list) = api(&app, &heping, "GET", "/api/v1/admin/claims", None).await;
    assert_eq!((s, list["total"].as_i64()), (200, Some(2)));
}

#[tokio::test]
async fn a_claim_fills_what_the_year_lacks_professional_first_then_public() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 22, |_| {}).await;
    let y = this_year();
    let year = y.to_string();
    crate::credits::earn(&app, &token, y, &[("professional", 60.0)]).await;
    let (s, paper) = submit(
        &app,
        &token,
        &[
            ("year", year.as_str()),
            ("kind", "paper"),
            ("role", "first"),
            ("title", "论管理会计的应用"),
        ],
        &[("封面.pdf", PDF)],
    )
    .await;
    assert_eq!((s, paper["credits"].as_i64()), (201, Some(30)), "{paper}");
    let province = admin_token(&app, "province").await;
    let (s, _) = api(
        &app,
        &province,
        "POST",
        &format!("/api/v1/admin/claims/{}/approve", paper["id"]),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let now = year_of(&credits(&app, &token).await, y);
    assert_eq!(
        now["earned"],
        json!({"total": 90, "professional": 60, "public": 30})
    );
    assert_eq!(now["status"], "met");
}

#[tokio::test]
async fn bad_claims_are_refused_naming_the_field() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 23, |_| {}).await;
    let year = this_year().to_string();
    let y = year.as_str();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (
            vec![("year", y), ("kind", "patent"), ("title", "专利")],
            "kind",
        ),
        (
            vec![
                ("year", y),
                ("kind", "research"),
                ("role", "boss"),
                ("title", "课题"),
            ],
            "role",
        ),
        (
            vec![
                ("year", y),
                ("kind", "research"),
                ("role", "first"),
                ("title", "课题"),
            ],
            "role",
        ),
        (
            vec![
                ("year", y),
                ("kind", "conference"),
                ("days", "0"),
                ("title", "会议"),
            ],
            "days",
        ),
        (
            vec![
                ("year", y),
                ("kind", "conference"),
                ("days", "-3"),
                ("title", "会议"),
            ],
            "days",
        ),
        (
            vec![("year", y), ("kind", "exam"), ("title", "考试")],
            "subjects",
        ),
        (
            vec![
                ("year", "1999"),
                ("kind", "degree_course"),
                ("title", "课程"),
            ],
            "year",
        ),
        (
            vec![("year", y), ("kind", "degree_course"), ("title", "")],
            "title",
        ),
    ];
    for (fields, expected) in cases {
        let (s, body) = submit(&app, &token, &fields, &[("a.pdf", PDF)]).await;
        assert_eq!(
            (s, field_names(&body)),
            (400, vec![expected.to_string()]),
            "{fields:?}"
        );
    }
    let ok = [
        ("year", y),
        ("kind", "degree_course"),
        ("title", "中级财务会计"),
    ];

    // Files: judged by content, at most 5, at most 5 MB each, at least one.
    let (s, body) = submit(
        &app,
        &token,
        &ok,
        &[("scan.pdf", b"<html><script>alert(1)</script>")],
    )
    .await;
    assert_eq!((s, field_names(&body)), (400, vec!["evidence".to_string()]));
    assert!(
        body["error"]["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("scan")
    );
    let (s, body) = submit(&app, &token, &ok, &[]).await;
    assert_eq!((s, field_names(&body)), (400, vec!["evidence".to_string()]));
    let six: Vec<(&str, &[u8])> = (0..6).map(|_| ("p.pdf", PDF)).collect();
    let (s, body) = submit(&app, &token, &ok, &six).await;
    assert_eq!((s, field_names(&body)), (400, vec!["evidence".to_string()]));
    let mut big = PDF.to_vec();
    big.resize(5 * 1024 * 1024 + 1, b' ');
    let (s, body) = submit(&app, &token, &ok, &[("big.pdf", &big)]).await;
    assert_eq!(s, 413, "{body}");
    assert_eq!(field_names(&body), ["evidence"]);
    assert!(body["error"]["message"].as_str().unwrap().contains("5 MB"));
    let mut exactly = PDF.to_vec();
    exactly.resize(5 * 1024 * 1024, b' ');
    let (s, body) = submit(&app, &token, &ok, &[("max.pdf", &exactly)]).await;
    assert_eq!(s, 201, "5 MB exactly is allowed: {body}");

    // Not multipart, not logged in.
    let (s, body) = api(
        &app,
        &token,
        "POST",
        "/api/v1/claims",
        Some(json!({"kind": "exam"})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (415, Some("unsupported_media_type"))
    );
    let (s, _) = submit(&app, "not-a-token", &ok, &[("a.pdf", PDF)]).await;
    assert_eq!(s, 401);
    let (_, mine) = api(&app, &token, "GET", "/api/v1/claims", None).await;
    assert_eq!(
        mine["items"].as_array().unwrap().len(),
        1,
        "only the valid claim was kept"
    );
    let stored = std::fs::read_dir(app.settings.data_dir.join("evidence"))
        .unwrap()
        .count();
    assert_eq!(stored, 1, "refused submissions leave no files behind");
}
