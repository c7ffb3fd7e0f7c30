//! PostgreSQL cut off and back: a small TCP proxy between the server and PostgreSQL closes
//! every connection and stops accepting, then accepts again. Meanwhile every request answers
//! 503 `database_unavailable` within 3 s, `/healthz` too; afterwards the same process serves
//! again without a restart.

use std::time::Duration;

use serde_json::json;
use tokio::io::copy_bidirectional;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::common::fresh_database_url;
use crate::server::Server;

/// Forwards `127.0.0.1:port` to PostgreSQL while `open` is true; when it turns false, every
/// forwarded connection is closed and the port stops listening until it turns true again.
async fn proxy(port: u16, upstream: String, mut open: watch::Receiver<bool>) {
    loop {
        open.wait_for(|o| *o).await.unwrap();
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let watcher = open.clone();
        loop {
            tokio::select! {
                accepted = listener.accept() => {
                    let Ok((mut inbound, _)) = accepted else { continue };
                    let upstream = upstream.clone();
                    let mut cut = watcher.clone();
                    tokio::spawn(async move {
                        let Ok(mut outbound) = TcpStream::connect(&upstream).await else { return };
                        tokio::select! {
                            _ = copy_bidirectional(&mut inbound, &mut outbound) => {}
                            _ = cut.wait_for(|o| !*o) => {}
                        }
                    });
                }
                _ = open.wait_for(|o| !*o) => break,
            }
        }
        drop(listener);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_is_a_quick_503_and_the_same_process_recovers() {
    let Ok(admin_url) = std::env::var("JXJY_TEST_DATABASE_URL") else {
        eprintln!(
            "PostgreSQL only: set JXJY_TEST_DATABASE_URL (SQLite is a file, not a connection)"
        );
        return;
    };
    if admin_url.is_empty() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    // postgres://user@host:5432/db → the same database through the proxy.
    let (head, db) = url.rsplit_once('/').unwrap();
    let (creds, hostport) = head.rsplit_once('@').unwrap();
    let upstream = hostport.to_string();
    let proxy_port = crate::server::free_port();
    let (open_tx, open_rx) = watch::channel(true);
    tokio::spawn(proxy(proxy_port, upstream, open_rx));
    let through_proxy = format!("{creds}@127.0.0.1:{proxy_port}/{db}");

    let mut server = Server::new(through_proxy, dir.path()).setting("JXJY_DEMO", "true");
    server.start().await;
    let http = crate::client::client();
    let base = server.base();
    let login = json!({"username": "province", "password": "Jxjy@2025"});
    let r = http
        .post(format!("{base}/api/v1/admin/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let token = r.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

    // The database goes away.
    open_tx.send_replace(false);
    for path in ["/healthz", "/api/v1/admin/learners", "/api/v1/enrollments"] {
        let answer = tokio::time::timeout(
            Duration::from_secs(3),
            http.get(format!("{base}{path}")).bearer_auth(&token).send(),
        )
        .await
        .unwrap_or_else(|_| panic!("{path} hung for 3 s with the database gone"))
        .unwrap();
        assert_eq!(answer.status(), 503, "{path}");
        let body: serde_json::Value = answer.json().await.unwrap();
        if path == "/healthz" {
            assert_eq!(body["database"], "unreachable", "{body}");
        } else {
            assert_eq!(
                body["error"]["code"], "database_unavailable",
                "{path}: {body}"
            );
        }
    }
    let write = tokio::time::timeout(
        Duration::from_secs(3),
        http.post(format!("{base}/api/v1/admin/login"))
            .json(&login)
            .send(),
    )
    .await
    .expect("a login hung for 3 s with the database gone")
    .unwrap();
    assert_eq!(write.status(), 503);

    // Back: the same process serves again.
    open_tx.send_replace(true);
    server.wait_healthy().await;
    let (s, _) =
        crate::client::learner(&http, &base, &token, "GET", "/api/v1/admin/learners", None)
            .await
            .unwrap();
    assert_eq!(s, 200);
    let r = http
        .post(format!("{base}/api/v1/admin/login"))
        .json(&login)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    server.terminate(Duration::from_secs(60)).await;
}
