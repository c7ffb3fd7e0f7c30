//! `spawn_app`: one running application per test, each with its own database.

use std::sync::atomic::{AtomicU32, Ordering};

use jxjy_web::{AppState, Settings, bootstrap};
use sqlx::Connection;
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub settings: Settings,
    /// Kept so that the temp folder lives as long as the app.
    pub _data_dir: TempDir,
    pub demo_skipped: bool,
}

impl TestApp {
    /// The newest SMS code sent to `phone`, read from the outbox file.
    pub fn last_code(&self, phone: &str) -> String {
        let path = self.settings.sms_outbox.clone().expect("outbox configured");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .rev()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["phone"] == phone)
            .and_then(|v| v["code"].as_str().map(str::to_owned))
            .expect("a code was sent")
    }

    pub async fn post_json(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let r = self
            .client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("request failed");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request failed")
    }

    pub async fn get_text(&self, path: &str) -> (u16, String) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.text().await.expect("body"))
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self.get(path).await;
        let status = r.status().as_u16();
        (status, r.json().await.expect("json body"))
    }
}

/// A database URL of its own for one test: a temp SQLite file, or a new PostgreSQL database
/// created through `JXJY_TEST_DATABASE_URL`.
pub async fn fresh_database_url(dir: &TempDir) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    match std::env::var("JXJY_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!(
                "jxjy_t_{}_{}_{}",
                std::process::id(),
                COUNTER.fetch_add(1, Ordering::SeqCst),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos()
            );
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&admin_url)
                .await
                .expect("connect to JXJY_TEST_DATABASE_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&mut conn)
                .await
                .expect("create test database");
            conn.close().await.ok();
            let (base, _) = admin_url.rsplit_once('/').expect("database URL has a path");
            format!("{base}/{name}")
        }
        _ => format!(
            "sqlite://{}/jxjy-{}.db",
            dir.path().display(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ),
    }
}

pub fn test_settings(dir: &TempDir, database_url: String) -> Settings {
    Settings {
        addr: "127.0.0.1:0".into(),
        database_url,
        data_dir: dir.path().to_path_buf(),
        db_max_connections: 5,
        secret_key: "test-secret-key-0123456789abcdef".into(),
        sms_outbox: Some(dir.path().join("sms.jsonl")),
        // Tests send codes back to back; the cooldown has its own test.
        sms_cooldown_secs: 0,
        // The flood guard has its own test; elsewhere many logins come from 127.0.0.1.
        sensitive_per_ip_per_minute: 0,
        ..Settings::default()
    }
}

/// Starts the app with demo data.
pub async fn spawn_demo() -> TestApp {
    spawn_with(|s| s.demo = true).await
}

/// Starts the app on an empty database (only the province root).
pub async fn spawn_empty() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database_url(&dir).await;
    let mut settings = test_settings(&dir, url);
    adjust(&mut settings);
    spawn_on(dir, settings).await
}

/// Starts the app with the given settings, keeping `dir` alive as long as the app.
pub async fn spawn_on(dir: TempDir, settings: Settings) -> TestApp {
    let booted = bootstrap::boot(settings.clone()).await.expect("boot");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app = jxjy_web::app(booted.state.clone());
    let limits = jxjy_web::serve::ServeLimits::from_settings(&settings);
    tokio::spawn(jxjy_web::serve::serve(
        listener,
        app,
        limits,
        std::future::pending(),
    ));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    TestApp {
        base: format!("http://{addr}"),
        client,
        state: booted.state,
        settings,
        _data_dir: dir,
        demo_skipped: booted.demo_skipped,
    }
}

/// Form fields as a browser posts them.
pub fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A download as the holder of `token` asks for it: the status and the body.
pub async fn download(app: &TestApp, token: &str, path: &str) -> (u16, Vec<u8>) {
    let r = app
        .client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("request failed");
    let status = r.status().as_u16();
    (status, r.bytes().await.unwrap_or_default().to_vec())
}

/// The first worksheet of an xlsx, every cell as text, the heading row included.
pub fn xlsx_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a first sheet")
        .expect("a readable sheet");
    sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The manual's learner 冯思媛 (demo data) logged in by password: her token.
pub async fn demo_learner(app: &TestApp) -> String {
    let (s, body) = app
        .post_json(
            "/api/v1/login",
            serde_json::json!({"name": "冯思媛", "id_number": "44010319900307883X", "password": "Jxjy@2025"}),
        )
        .await;
    assert_eq!(s, 200);
    body["token"].as_str().unwrap().to_string()
}

/// A same-origin form post, as the site's own pages send it: status, `Location`, body.
pub async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> (u16, String, String) {
    let r = client
        .post(app.url(path))
        .header("sec-fetch-site", "same-origin")
        .header("origin", &app.base)
        .form(&form(fields))
        .send()
        .await
        .expect("request failed");
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    (status, location, r.text().await.unwrap_or_default())
}
