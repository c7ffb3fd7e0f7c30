//! `jxjy bench-data` on a database that holds the demo: the demo stays as it was, and every kind
//! of identity in the manifest works against the running application.

use std::process::Stdio;

use serde_json::{Value, json};
use tokio::process::Command;

use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_demo};
use crate::training::{api, partner, this_year};

async fn bench_data(app: &TestApp, learners: &str, manifest: &std::path::Path) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_jxjy"))
        .args([
            "bench-data",
            "--learners",
            learners,
            "--database-url",
            &app.settings.database_url,
            "--manifest",
        ])
        .arg(manifest)
        .arg("--data-dir")
        .arg(&app.settings.data_dir)
        .env_remove("JXJY_DATABASE_URL")
        .env("JXJY_SECRET_KEY", &app.settings.secret_key)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .await
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    assert!(text.contains("完成"), "{text}");
    serde_json::from_str(&std::fs::read_to_string(manifest).unwrap()).unwrap()
}

async fn demo_credits(app: &TestApp) -> Value {
    let (s, body) = app
        .post_json(
            "/api/v1/login",
            json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let token = body["token"].as_str().unwrap().to_string();
    let (s, credits) = api(app, &token, "GET", "/api/v1/credits", None).await;
    assert_eq!(s, 200);
    credits
}

async fn province_learners(app: &TestApp) -> i64 {
    let admin = admin_token(app, "province").await;
    let path = format!("/api/v1/admin/stats?year={}", this_year());
    let (s, stats) = api(app, &admin, "GET", &path, None).await;
    assert_eq!(s, 200, "{stats}");
    stats["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["learners"].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn bench_data_adds_a_province_beside_the_demo_and_its_manifest_works() {
    let app = spawn_demo().await;
    let before = demo_credits(&app).await;
    assert_eq!(
        province_learners(&app).await,
        3,
        "the demo's three learners"
    );
    let manifest_path = app.settings.data_dir.join("bench/manifest.json");
    let m = bench_data(&app, "300", &manifest_path).await;

    // The demo is intact.
    assert_eq!(demo_credits(&app).await, before);
    assert_eq!(province_learners(&app).await, 303);
    assert_eq!(m["password"], "Bench@2025");
    assert_eq!(m["learners"], 300);

    // Password login of a sampled learner, with the documented password.
    let sample = &m["login_sample"][0];
    let (s, body) = app
        .post_json(
            "/api/v1/login",
            json!({"name": sample["name"], "id_number": sample["id_number"], "password": "Bench@2025"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(m["login_sample"].as_array().unwrap().len(), 300);

    // A ready-made session reads its credits.
    let reader = &m["read_sessions"][0];
    let (s, body) = api(
        &app,
        reader["token"].as_str().unwrap(),
        "GET",
        "/api/v1/credits",
        None,
    )
    .await;
    assert_eq!(s, 200, "{body}");
    assert!(!body["years"].as_array().unwrap().is_empty(), "{body}");

    // A learner without an enrollment this year enrolls with the offer the manifest names.
    let e = &m["enroll_sessions"][0];
    assert_eq!(e["year"], this_year());
    let (s, body) = api(
        &app,
        e["token"].as_str().unwrap(),
        "POST",
        "/api/v1/enrollments",
        Some(
            json!({"year": e["year"], "level": e["level"], "institution_id": e["institution_id"]}),
        ),
    )
    .await;
    assert_eq!(s, 201, "{body}");

    // A paid enrollment accepts a signed credit report from its school.
    let p = &m["paid_enrollments"][0];
    let inst = p["institution_id"].as_i64().unwrap();
    let secret = m["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == inst)
        .unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(secret.starts_with("bench-secret-"));
    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    let records: Vec<Value> = (1..=5)
        .map(|i| json!({"record_id": format!("T{i}"), "course": "课程", "category": if i < 4 { "professional" } else { "public" }, "credits": 20, "completed_at": at}))
        .collect();
    let path = format!("/api/v1/partner/enrollments/{}/credits", p["enrollment_id"]);
    let (s, body) = partner(
        &app,
        inst,
        &secret,
        "POST",
        &path,
        Some(json!({"records": records})),
    )
    .await;
    assert_eq!(
        (
            s,
            body["added"].as_i64(),
            body["enrollment"]["status"].as_str()
        ),
        (200, Some(5), Some("credited")),
        "{body}"
    );

    // A second run adds new learners after the first batch, colliding with nobody.
    let second = bench_data(&app, "50", &manifest_path).await;
    assert_eq!(second["first_learner_number"], 300);
    assert_eq!(province_learners(&app).await, 353);
    assert_eq!(second["institutions"], m["institutions"]);
}
