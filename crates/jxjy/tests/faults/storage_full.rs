//! A full disk on SQLite, made on demand with `max_page_count` (no special filesystem): the
//! writes that do not fit answer 503 `storage_full`, `/healthz` says so, writing resumes by
//! itself once space returns, and after a restart every acknowledged report is there exactly
//! once while no refused one left a trace.
//!
//! Before the fix, a connection whose transaction SQLite had rolled back by itself went back to
//! the pool with sqlx still counting a transaction: later writes on it answered 200 inside a
//! transaction that never committed, and a restart lost them.

use serde_json::{Value, json};

use crate::common::{spawn_on, test_settings};

/// A report of 50 records to school 1's enrollment, each `{prefix}{n}-{j}`; long course names
/// fill pages quickly.
async fn report_as_school_1(
    http: &reqwest::Client,
    base: &str,
    enrollment: i64,
    prefix: &str,
    n: usize,
) -> (u16, Value) {
    let course = "会计".repeat(100);
    let records: Vec<Value> = (0..50)
        .map(|j| {
            json!({"record_id": format!("{prefix}{n}-{j}"), "course": course, "category": "public",
            "credits": 0.1, "completed_at": "2025-06-15T10:00:00+08:00"})
        })
        .collect();
    let path = format!("/api/v1/partner/enrollments/{enrollment}/credits");
    crate::client::partner(
        http,
        base,
        1,
        "demo-secret-1",
        "POST",
        &path,
        Some(&json!({"records": records})),
    )
    .await
    .unwrap()
}

async fn report(app: &crate::common::TestApp, enrollment: i64, n: usize) -> (u16, Value) {
    report_as_school_1(&app.client, &app.base, enrollment, "F", n).await
}

async fn health(app: &crate::common::TestApp) -> (u16, Value) {
    let (s, body) = app.get_json("/healthz").await;
    (s, body)
}

#[tokio::test]
async fn a_full_database_answers_503_recovers_by_itself_and_loses_nothing_acknowledged() {
    if std::env::var("JXJY_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty()) {
        eprintln!(
            "SQLite only: max_page_count is SQLite's; PostgreSQL maps disk_full (53100) the same way"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/jxjy.db", dir.path().display());
    let mut settings = test_settings(&dir, url.clone());
    settings.demo = true;
    // One connection, as in the report that found it: every write shares the poisoned one.
    settings.db_max_connections = 1;
    let db_path = dir.path().join("jxjy.db");
    let app = spawn_on(dir, settings).await;
    // The manual's learner: a 2025 enrollment at school 1.
    let enrollment: i64 =
        sqlx::query_scalar("SELECT id FROM enrollments WHERE institution_id = 1 AND year = 2025")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();

    let mut acknowledged = Vec::new();
    for n in 0..3 {
        let (s, b) = report(&app, enrollment, n).await;
        assert_eq!(s, 200, "{b}");
        acknowledged.push(n);
    }

    // The disk fills.
    app.state.store.limit_sqlite_pages(Some(1));
    let mut refused = Vec::new();
    for n in 3..40 {
        let (s, b) = report(&app, enrollment, n).await;
        match s {
            200 => acknowledged.push(n),
            503 => {
                assert_eq!(b["error"]["code"], "storage_full", "{b}");
                assert!(
                    b["error"]["message"]
                        .as_str()
                        .unwrap()
                        .contains("存储空间已满")
                );
                refused.push(n);
            }
            other => panic!("a write on a full disk answered {other}: {b}"),
        }
        if refused.len() >= 3 {
            break;
        }
    }
    assert!(refused.len() >= 3, "the full database refused writes");
    let (s, h) = health(&app).await;
    assert_eq!(
        (s, h["storage"].as_str(), h["database"].as_str()),
        (503, Some("full"), Some("ok")),
        "{h}"
    );
    // Reading still works.
    let (s, _) = app.get_text("/notices").await;
    assert_eq!(s, 200);

    // Space returns: the very next write goes through, without a restart.
    app.state.store.limit_sqlite_pages(None);
    let (s, h) = health(&app).await;
    assert_eq!((s, h["storage"].as_str()), (200, Some("ok")), "{h}");
    for n in 40..45 {
        let (s, b) = report(&app, enrollment, n).await;
        assert_eq!(s, 200, "{b}");
        assert_eq!(b["added"], 50, "{b}");
        acknowledged.push(n);
    }

    // A restart: a new store on the same file sees every acknowledged record once, and
    // nothing of the refused reports.
    let crate::common::TestApp {
        state,
        _data_dir: kept,
        ..
    } = app;
    state.store.close().await;
    drop(state);
    let store = jxjy_store::Store::connect(&format!("sqlite://{}", db_path.display()), 1)
        .await
        .unwrap();
    for n in &acknowledged {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM credit_records WHERE source_ref LIKE $1")
                .bind(format!("1:F{n}-%"))
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(count, 50, "acknowledged report {n} after the restart");
    }
    for n in &refused {
        let count: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM credit_records WHERE source_ref LIKE $1")
                .bind(format!("1:F{n}-%"))
                .fetch_one(store.pool())
                .await
                .unwrap();
        assert_eq!(count, 0, "refused report {n} left records");
    }
    store.close().await;
    drop(kept);
}

/// Sets the running server's file-size limit (RLIMIT_FSIZE) with util-linux `prlimit`: past it
/// every write fails (EFBIG), at commit too, as on a full disk; `unlimited` lifts it.
async fn limit_file_size(pid: u32, limit: &str) {
    let status = tokio::process::Command::new("prlimit")
        .args(["--pid", &pid.to_string(), &format!("--fsize={limit}")])
        .status()
        .await
        .unwrap();
    assert!(status.success(), "prlimit failed");
}

async fn signed_report(base: &str, enrollment: i64, n: usize) -> (u16, Value) {
    report_as_school_1(&crate::client::client(), base, enrollment, "W", n).await
}

/// How a test fills the server's storage and makes room again.
enum Fill {
    /// A file-size limit on the running process (`prlimit`).
    FileSizeLimit,
    /// A file taking the free space of a small tmpfs the data folder lives on.
    FillerFile(std::path::PathBuf, usize),
}

impl Fill {
    async fn fill(&self, server: &crate::server::Server) {
        match self {
            Fill::FileSizeLimit => limit_file_size(server.pid().unwrap(), "1:unlimited").await,
            Fill::FillerFile(path, bytes) => {
                // Written until the disk refuses: what is left is less than one report.
                let chunk = vec![0_u8; 64 * 1024];
                let mut f = std::fs::File::create(path).unwrap();
                let mut written = 0;
                while written < *bytes {
                    use std::io::Write;
                    if f.write_all(&chunk).is_err() {
                        break;
                    }
                    written += chunk.len();
                }
                f.sync_all().ok();
            }
        }
    }

    /// The codes a refused write may carry. Under a file-size limit even the allocated parts of
    /// a file cannot be rewritten, so a new connection cannot open its shared-memory index and
    /// waits out the acquire timeout: `database_unavailable`, still a clear 503.
    fn refusals(&self) -> &'static [&'static str] {
        match self {
            Fill::FileSizeLimit => &["storage_full", "database_unavailable"],
            Fill::FillerFile(..) => &["storage_full"],
        }
    }

    async fn make_room(&self, server: &crate::server::Server) {
        match self {
            Fill::FileSizeLimit => {
                limit_file_size(server.pid().unwrap(), "unlimited:unlimited").await
            }
            Fill::FillerFile(path, _) => std::fs::remove_file(path).unwrap(),
        }
    }
}

/// The disk fills under a running SQLite server with one connection, writes fail (at commit
/// too), space returns. Every write answered 200 must survive a SIGKILL; every refused one must
/// have left nothing. Before the fix, writes answered 200 after the disk had filled went into a
/// transaction that never committed, and the SIGKILL lost them.
async fn fill_refuse_recover_crash(mut server: crate::server::Server, fill: Fill) {
    server.start().await;
    let base = server.base();
    // The manual's learner's 2025 enrollment at school 1 is the demo's first enrollment.
    let enrollment = 1;
    let mut acknowledged = Vec::new();
    for n in 0..3 {
        let (s, b) = signed_report(&base, enrollment, n).await;
        assert_eq!(s, 200, "{b}");
        acknowledged.push(n);
    }

    fill.fill(&server).await;
    let mut refused = Vec::new();
    for n in 3..400 {
        let (s, b) = signed_report(&base, enrollment, n).await;
        match s {
            200 => acknowledged.push(n),
            503 => {
                assert!(
                    fill.refusals().iter().any(|c| b["error"]["code"] == *c),
                    "{b}"
                );
                refused.push(n);
            }
            other => panic!("a write on a full disk answered {other}: {b}"),
        }
        if refused.len() >= 3 {
            break;
        }
    }
    assert!(refused.len() >= 3, "writes were refused");
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 503);
    let health: Value = health.json().await.unwrap();
    assert_eq!(health["storage"], "full", "{health}");
    // Schools keep sending while the load balancer polls /healthz: its probe fails at commit,
    // where SQLite rolls back by itself, and the next refusals run on that same connection.
    for n in 400..402 {
        let (s, b) = signed_report(&base, enrollment, n).await;
        assert_eq!(s, 503, "{b}");
        assert!(
            fill.refusals().iter().any(|c| b["error"]["code"] == *c),
            "{b}"
        );
        refused.push(n);
    }

    // Space returns: /healthz says so and the next writes go through at once, on the same
    // (only) connection.
    fill.make_room(&server).await;
    let health = reqwest::get(format!("{base}/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
    for n in 500..505 {
        let (s, b) = signed_report(&base, enrollment, n).await;
        assert_eq!((s, b["added"].as_i64()), (200, Some(50)), "{b}");
        acknowledged.push(n);
    }

    // A crash, then every acknowledged report is a repeat and every refused one is new.
    server.kill9().await;
    server.start().await;
    for n in &acknowledged {
        let (s, b) = signed_report(&base, enrollment, *n).await;
        assert_eq!(
            (s, b["repeat"].as_bool()),
            (200, Some(true)),
            "acknowledged report {n} was lost: {b}"
        );
    }
    for n in &refused {
        let (s, b) = signed_report(&base, enrollment, *n).await;
        assert_eq!(
            (s, b["added"].as_i64()),
            (200, Some(50)),
            "refused report {n} left a trace: {b}"
        );
    }
    server.terminate(std::time::Duration::from_secs(60)).await;
}

fn sqlite_only(why: &str) -> bool {
    let pg = std::env::var("JXJY_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty());
    if pg {
        eprintln!("SQLite only: {why}");
    }
    !pg
}

fn one_connection_demo(dir: &std::path::Path) -> crate::server::Server {
    let url = format!("sqlite://{}/jxjy.db", dir.display());
    crate::server::Server::new(url, dir)
        .setting("JXJY_DEMO", "true")
        .setting("JXJY_DB_MAX_CONNECTIONS", "1")
}

/// Writes that fail at commit (a file-size limit on the running binary: EFBIG, as a quota).
#[tokio::test]
async fn writes_refused_for_a_file_size_limit_leave_no_poisoned_connection() {
    if !sqlite_only("the file-size limit applies to the server's own files") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fill_refuse_recover_crash(one_connection_demo(dir.path()), Fill::FileSizeLimit).await;
}

/// Unmounts the test's tmpfs however the test ends.
struct Mounted(std::path::PathBuf);

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// A real full disk (ENOSPC): the data folder on an 8 MB tmpfs that the test mounts (as root;
/// where mounting is not allowed the test says so and does nothing).
#[tokio::test]
async fn a_real_full_disk_refuses_writes_clearly_and_loses_nothing_acknowledged() {
    if !sqlite_only("the data folder's disk is SQLite's") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let disk = dir.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=8m", "tmpfs"])
        .arg(&disk)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!(
            "skipped: cannot mount a tmpfs here (needs root); the file-size-limit test covers the same path"
        );
        return;
    }
    let _unmount = Mounted(disk.clone());
    let data = disk.join("data");
    std::fs::create_dir(&data).unwrap();
    let filler = disk.join("filler");
    fill_refuse_recover_crash(
        one_connection_demo(&data),
        Fill::FillerFile(filler, 16 << 20),
    )
    .await;
}
