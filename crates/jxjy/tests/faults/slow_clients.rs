//! Slow and idle clients cannot hold the server: a client that sends its headers a byte at a
//! time is cut off after the header-read timeout, and at SIGTERM a request already accepted
//! gets its answer while the process exits within the grace period even though a client never
//! finishes its upload.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::common::fresh_database_url;
use crate::server::Server;

/// Reads until the server closes the connection; returns what it sent.
async fn read_to_close(stream: &mut TcpStream, ceiling: Duration) -> String {
    let mut got = Vec::new();
    tokio::time::timeout(ceiling, stream.read_to_end(&mut got))
        .await
        .expect("the server kept the connection open past the ceiling")
        .ok();
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_off_and_sigterm_ends_the_process_within_the_grace_period() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database_url(&dir).await;
    let mut server = Server::new(url, dir.path())
        .setting("JXJY_HEADER_READ_TIMEOUT_SECS", "2")
        .setting("JXJY_SHUTDOWN_GRACE_SECS", "3");
    server.start().await;
    let addr = format!("127.0.0.1:{}", server.port);

    // Half-sent headers: the connection is closed by the server, not held.
    let mut idle = Vec::new();
    for _ in 0..50 {
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        idle.push(s);
    }
    for s in &mut idle {
        let answer = read_to_close(s, Duration::from_secs(30)).await;
        assert!(!answer.contains("200 OK"), "{answer}");
    }

    // A request in flight at SIGTERM: its headers are in, half of its body too.
    let body = r#"{"name":"无此人","id_number":"44010319900307883X","password":"Wrong1234"}"#;
    let mut in_flight = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    in_flight.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.as_bytes().split_at(10);
    in_flight.write_all(first).await.unwrap();
    // An upload that never finishes.
    let mut stuck = TcpStream::connect(&addr).await.unwrap();
    stuck
        .write_all(b"POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        .await
        .unwrap();
    // Both requests have reached the server once a third connection's request is answered.
    let probe = reqwest::get(format!("http://{addr}/healthz"))
        .await
        .unwrap();
    assert_eq!(probe.status(), 200);

    let pid = server.pid().unwrap().to_string();
    let sent = tokio::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .await
        .unwrap();
    assert!(sent.success());
    // The listener closes: no new connections once the signal is handled.
    let mut refused = false;
    for _ in 0..300 {
        if TcpStream::connect(&addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(
        refused,
        "the server still accepted connections after SIGTERM"
    );

    // The request already accepted gets its answer, not a reset.
    in_flight.write_all(rest).await.unwrap();
    let answer = read_to_close(&mut in_flight, Duration::from_secs(30)).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(
        answer.contains("invalid_credentials") || answer.contains("error"),
        "{answer}"
    );

    // The stuck upload does not keep the process: it exits within the grace period (3 s),
    // checked here against a generous ceiling.
    let status = server.terminate_wait(Duration::from_secs(20)).await;
    assert!(status.success(), "{status}");
    drop(stuck);
}
