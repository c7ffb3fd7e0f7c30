//! The `jxjy` binary as an operator runs it.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use crate::common::fresh_database_url;

async fn jxjy(args: &[&str], stdin: Option<&str>, dir: &std::path::Path) -> (bool, String) {
    jxjy_env(args, stdin, dir, &[]).await
}

async fn jxjy_env(
    args: &[&str],
    stdin: Option<&str>,
    dir: &std::path::Path,
    env: &[(&str, &str)],
) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxjy"))
        .args(args)
        .current_dir(dir)
        .env_remove("JXJY_DATABASE_URL")
        .envs(env.iter().copied())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes())
        .await
        .unwrap();
    drop(pipe);
    let out = child.wait_with_output().await.unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn migrate_twice_and_add_an_admin_with_the_password_on_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let p = dir.path();
    let (ok, out) = jxjy(&["migrate", "--database-url", &url], None, p).await;
    assert!(ok, "{out}");
    let (ok, out) = jxjy(&["migrate", "--database-url", &url], None, p).await;
    assert!(ok && out.contains("数据库迁移完成"), "{out}");

    let args = [
        "admin",
        "add",
        "--username",
        "ops1",
        "--role",
        "province",
        "--region",
        "210000",
        "--database-url",
        &url,
    ];
    let (ok, out) = jxjy(&args, Some("Secret2026\n"), p).await;
    assert!(ok && out.contains("已添加管理员 ops1"), "{out}");
    let (ok, out) = jxjy(&args, Some("Secret2026\n"), p).await;
    assert!(!ok && out.contains("用户名已存在"), "{out}");
    let (ok, out) = jxjy(
        &[
            "admin",
            "add",
            "--username",
            "ops2",
            "--role",
            "king",
            "--region",
            "210000",
            "--database-url",
            &url,
        ],
        Some("Secret2026\n"),
        p,
    )
    .await;
    assert!(!ok && out.contains("角色必须是"), "{out}");
    let (ok, out) = jxjy(
        &[
            "admin",
            "add",
            "--username",
            "ops3",
            "--role",
            "city",
            "--region",
            "999999",
            "--database-url",
            &url,
        ],
        Some("Secret2026\n"),
        p,
    )
    .await;
    assert!(!ok && out.contains("地区代码不存在"), "{out}");
    let (ok, out) = jxjy(
        &[
            "admin",
            "add",
            "--username",
            "ops4",
            "--role",
            "city",
            "--region",
            "210000",
            "--database-url",
            &url,
        ],
        Some("short\n"),
        p,
    )
    .await;
    assert!(!ok, "{out}");

    let (ok, out) = jxjy(
        &[
            "admin",
            "add",
            "--username",
            "ops5",
            "--role",
            "city",
            "--region",
            "210000",
            "--database-url",
            &url,
        ],
        Some("Secret2026\n"),
        p,
    )
    .await;
    assert!(!ok && out.contains("角色与地区级别不符"), "{out}");

    let store = jxjy_store::Store::connect(&url, 1).await.unwrap();
    let admin = store
        .admins()
        .admin_by_username("ops1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (admin.role.as_str(), admin.region_code.as_str()),
        ("province", "210000")
    );
    let audited: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'admin.create'")
            .fetch_one(store.pool())
            .await
            .unwrap();
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn backup_writes_a_consistent_copy_of_the_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let p = dir.path();
    let (ok, out) = jxjy(&["migrate", "--database-url", &url], None, p).await;
    assert!(ok, "{out}");
    let target = p.join("backup.db");
    let target_s = target.to_string_lossy().to_string();
    let (ok, out) = jxjy(
        &["backup", "--to", &target_s, "--database-url", &url],
        None,
        p,
    )
    .await;
    if url.starts_with("postgres") {
        assert!(!ok && out.contains("pg_dump"), "{out}");
        return;
    }
    assert!(ok, "{out}");
    let copy = jxjy_store::Store::connect(&format!("sqlite://{target_s}"), 1)
        .await
        .unwrap();
    assert!(copy.regions().region("210000").await.unwrap().is_some());
    let (ok, out) = jxjy(
        &["backup", "--to", &target_s, "--database-url", &url],
        None,
        p,
    )
    .await;
    assert!(
        !ok && out.contains("已存在"),
        "an existing file is never overwritten: {out}"
    );
}

#[tokio::test]
async fn an_unknown_database_scheme_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = jxjy(
        &["migrate", "--database-url", "mysql://localhost/x"],
        None,
        dir.path(),
    )
    .await;
    assert!(!ok && out.contains("sqlite: 或 postgres://"), "{out}");
}

#[tokio::test]
async fn settings_come_from_the_config_file_then_the_environment_then_the_flags() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let config = p.join("jxjy.toml");
    std::fs::write(&config, "province_code = \"230000\"\nprovince_name = \"黑龙江省\"\nprovince_authority = \"黑龙江省财政厅\"\n").unwrap();
    let config_s = config.to_string_lossy().to_string();

    // The file alone.
    let url = fresh_database_url(&dir).await;
    let (ok, out) = jxjy(
        &["--config", &config_s, "migrate", "--database-url", &url],
        None,
        p,
    )
    .await;
    assert!(ok, "{out}");
    let store = jxjy_store::Store::connect(&url, 1).await.unwrap();
    assert_eq!(
        store
            .regions()
            .region("230000")
            .await
            .unwrap()
            .unwrap()
            .authority_name,
        "黑龙江省财政厅"
    );

    // The environment wins over the file, even for a value that looks like a number.
    let url = fresh_database_url(&dir).await;
    let (ok, out) = jxjy_env(
        &["--config", &config_s, "migrate", "--database-url", &url],
        None,
        p,
        &[("JXJY_PROVINCE_CODE", "220000")],
    )
    .await;
    assert!(ok, "{out}");
    let store = jxjy_store::Store::connect(&url, 1).await.unwrap();
    assert!(store.regions().region("220000").await.unwrap().is_some());
    assert!(store.regions().region("230000").await.unwrap().is_none());

    // The flag wins over the environment.
    let url = fresh_database_url(&dir).await;
    let (ok, out) = jxjy_env(
        &["migrate", "--database-url", &url],
        None,
        p,
        &[("JXJY_DATABASE_URL", "mysql://nowhere/x")],
    )
    .await;
    assert!(ok, "{out}");

    // A missing file and a broken rule are refused with a clear message.
    let (ok, out) = jxjy(&["--config", "/nonexistent/jxjy.toml", "migrate"], None, p).await;
    assert!(!ok && out.contains("配置文件不存在"), "{out}");
    let (ok, out) = jxjy_env(
        &["migrate", "--database-url", &url],
        None,
        p,
        &[("JXJY_PROVINCE_CODE", "21")],
    )
    .await;
    assert!(!ok && out.contains("province_code"), "{out}");
}

#[tokio::test]
async fn serve_with_demo_prints_the_logins_and_stops_gracefully_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_jxjy"))
        .args(["serve", "--demo", "--addr", &addr, "--database-url", &url])
        .current_dir(dir.path())
        .env("RUST_LOG", "info")
        .env("JXJY_SECRET_KEY", "cli-test-secret-key-0123456789abcdef")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    // Wait until it answers (bounded: the first healthy answer ends the loop).
    let client = reqwest::Client::new();
    let mut healthy = false;
    for _ in 0..600 {
        if let Ok(r) = client.get(format!("http://{addr}/healthz")).send().await {
            healthy = r.status() == 200;
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(healthy, "server came up");
    let pid = child.id().unwrap().to_string();
    let status = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().await.unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "exit after SIGTERM is clean: {text}");
    assert!(
        text.contains("演示模式") && text.contains("Jxjy@2025") && text.contains("heping"),
        "{text}"
    );
    assert!(
        text.contains("finishing requests in flight") && text.contains("stopped"),
        "{text}"
    );
}

#[tokio::test]
async fn postgres_without_a_shared_secret_key_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jxjy"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .current_dir(dir.path())
        .env_remove("JXJY_SECRET_KEY")
        .env("RUST_LOG", "warn")
        .output()
        .await
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.status.success() && text.contains("JXJY_SECRET_KEY"),
        "{text}"
    );
}

#[tokio::test]
async fn the_region_tree_is_imported_from_csv_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let p = dir.path();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/regions-liaoning.csv"
    );
    let (ok, out) = jxjy(
        &["regions", "import", file, "--database-url", &url],
        None,
        p,
    )
    .await;
    assert!(ok && out.contains("新增 37 个"), "{out}");
    let (ok, out) = jxjy(
        &["regions", "import", file, "--database-url", &url],
        None,
        p,
    )
    .await;
    assert!(ok && out.contains("新增 0 个，已存在 37 个"), "{out}");
    let store = jxjy_store::Store::connect(&url, 1).await.unwrap();
    let heping = store.regions().region("210102").await.unwrap().unwrap();
    assert_eq!(
        (heping.authority_name.as_str(), heping.path.as_str()),
        ("和平区财政局", "/210000/210100/210102/")
    );
    // Children listed before their parents still find them; unknown parents are named.
    let bad = p.join("bad.csv");
    std::fs::write(&bad, "990101,某区,某区财政局,990100\n").unwrap();
    let (ok, out) = jxjy(
        &[
            "regions",
            "import",
            &bad.to_string_lossy(),
            "--database-url",
            &url,
        ],
        None,
        p,
    )
    .await;
    assert!(!ok && out.contains("990101"), "{out}");
    let (ok, out) = jxjy(
        &[
            "admin",
            "add",
            "--username",
            "hp_admin",
            "--role",
            "district",
            "--region",
            "210102",
            "--database-url",
            &url,
        ],
        Some("Secret2026\n"),
        p,
    )
    .await;
    assert!(ok, "{out}");
}

#[tokio::test]
async fn metrics_addr_serves_metrics_on_a_private_address_without_a_token() {
    let dir = tempfile::tempdir().unwrap();
    let port = |l: std::net::TcpListener| l.local_addr().unwrap().port();
    let main_port = port(std::net::TcpListener::bind("127.0.0.1:0").unwrap());
    let metrics_port = port(std::net::TcpListener::bind("127.0.0.1:0").unwrap());
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxjy"))
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{main_port}"),
            "--data-dir",
        ])
        .arg(dir.path())
        .env_remove("JXJY_DATABASE_URL")
        .env("JXJY_METRICS_ADDR", format!("127.0.0.1:{metrics_port}"))
        .env("RUST_LOG", "warn")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let mut answered = None;
    for _ in 0..300 {
        if let Ok(r) = client
            .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
            .send()
            .await
        {
            answered = Some((r.status().as_u16(), r.text().await.unwrap()));
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (status, text) = answered.expect("the metrics address answers");
    assert_eq!(status, 200);
    assert!(text.contains("db_pool_connections"), "{text}");
    let public = client
        .get(format!("http://127.0.0.1:{main_port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), 404, "not on the public address");
    child.kill().await.ok();
}
