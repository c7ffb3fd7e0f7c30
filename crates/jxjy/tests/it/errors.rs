//! Junk in any URL or body gets a clear 4xx: the JSON envelope on the API, a Chinese page elsewhere.

use crate::common::spawn_demo;

fn assert_envelope(json: &serde_json::Value, code: &str) {
    assert_eq!(json["error"]["code"], code, "{json}");
    let message = json["error"]["message"].as_str().unwrap();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message is Chinese: {message}"
    );
}

#[tokio::test]
async fn an_injection_attempt_in_a_path_id_is_a_404_not_a_500() {
    let app = spawn_demo().await;
    for path in [
        "/api/v1/notices/'%20OR%201=1--",
        "/api/v1/notices/1;DROP%20TABLE%20notices",
        "/api/v1/notices/99999999999999999999999",
        "/api/v1/notices/-1",
    ] {
        let (status, json) = app.get_json(path).await;
        assert_eq!(status, 404, "{path}");
        assert_envelope(&json, "not_found");
    }
    let (status, html) = app.get_text("/notices/'%20OR%201=1--").await;
    assert_eq!(status, 404);
    assert!(html.contains("<!doctype html>") && html.contains("返回首页"));
    // The table is still there.
    let (status, json) = app.get_json("/api/v1/notices").await;
    assert_eq!((status, json["total"].as_i64()), (200, Some(2)));
}

#[tokio::test]
async fn invalid_utf8_in_a_path_is_a_4xx() {
    let app = spawn_demo().await;
    let (status, json) = app.get_json("/api/v1/notices/%FF%FE").await;
    assert_eq!(status, 404);
    assert_envelope(&json, "not_found");
    let (status, _) = app.get_text("/notices/%C3%28").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_malformed_query_is_a_400_with_the_envelope() {
    let app = spawn_demo().await;
    let (status, json) = app.get_json("/api/v1/notices?page=abc").await;
    assert_eq!(status, 400);
    assert_envelope(&json, "invalid_query");
    let (status, html) = app.get_text("/notices?page=%FF").await;
    assert_eq!(status, 400);
    assert!(html.contains("查询参数格式不正确"));
    // Out-of-range pages are clamped, not errors.
    let (status, json) = app.get_json("/api/v1/notices?page=-5").await;
    assert_eq!((status, json["page"].as_i64()), (200, Some(1)));
}

#[tokio::test]
async fn a_ten_megabyte_body_and_a_wrong_method_are_refused_cleanly() {
    let app = spawn_demo().await;
    let big = vec![b'x'; 10 * 1024 * 1024];
    let r = app
        .client
        .post(app.url("/api/v1/notices"))
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    assert!(status == 405 || status == 413, "got {status}");
    // The server answers before reading the whole body; a small body shows the envelope.
    let r = app
        .client
        .post(app.url("/api/v1/notices"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_envelope(&r.json().await.unwrap(), "method_not_allowed");
    let r = app
        .client
        .post(app.url("/"))
        .body(big)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
}

#[tokio::test]
async fn unknown_paths_are_404_pages_for_browsers_and_json_for_the_api() {
    let app = spawn_demo().await;
    let (status, html) = app.get_text("/no/such/page").await;
    assert_eq!(status, 404);
    assert!(html.contains("页面不存在") && html.contains("辽宁省会计人员继续教育管理系统"));
    let (status, json) = app.get_json("/api/v1/no-such-endpoint").await;
    assert_eq!(status, 404);
    assert_envelope(&json, "not_found");
    let r = app.get("/static/../../etc/passwd").await;
    assert!(r.status().is_client_error());
}
