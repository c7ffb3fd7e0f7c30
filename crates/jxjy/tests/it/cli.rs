//! The `jxjy` binary as an operator runs it.

use std::process::Stdio;

use tokio::io::AsyncWriteExt;
use tokio::process::Command;

use crate::common::fresh_database_url;

async fn jxjy(args: &[&str], stdin: Option<&str>, dir: &std::path::Path) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jxjy"))
        .args(args)
        .current_dir(dir)
        .env_remove("JXJY_DATABASE_URL")
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

    let store = jxjy_store::Store::connect(&url, 1).await.unwrap();
    let admin = store.admin_by_username("ops1").await.unwrap().unwrap();
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
    assert!(copy.region("210000").await.unwrap().is_some());
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
