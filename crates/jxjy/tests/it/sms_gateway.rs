//! The HTTP SMS provider against a local fake gateway.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use serde_json::{Value, json};

use crate::common::spawn_with;

/// What the gateway received: the Authorization header and the JSON body.
type Received = Vec<(Option<String>, Value)>;

#[derive(Clone, Default)]
struct Gateway {
    received: Arc<Mutex<Received>>,
    failing: Arc<Mutex<bool>>,
}

async fn start_gateway() -> (String, Gateway) {
    let gw = Gateway::default();
    let state = gw.clone();
    let app = Router::new().route(
        "/send",
        post(
            move |headers: HeaderMap, axum::Json(body): axum::Json<Value>| {
                let state = state.clone();
                async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    state.received.lock().unwrap().push((auth, body));
                    if *state.failing.lock().unwrap() {
                        StatusCode::INTERNAL_SERVER_ERROR
                    } else {
                        StatusCode::OK
                    }
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/send"), gw)
}

#[tokio::test]
async fn codes_go_to_the_configured_gateway_and_a_failing_gateway_is_a_clear_503() {
    let (url, gw) = start_gateway().await;
    let app = spawn_with(move |s| {
        s.sms_outbox = None;
        s.sms_provider = "http".into();
        s.sms_http_url = url;
        s.sms_http_token = "gw-token".into();
        s.sms_http_template = "SMS_0001".into();
        s.sms_http_sign_name = "辽宁会计".into();
    })
    .await;
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "13912345678", "purpose": "register"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let (auth, sent) = gw.received.lock().unwrap()[0].clone();
    assert_eq!(auth.as_deref(), Some("Bearer gw-token"));
    assert_eq!(sent["phone"], "13912345678");
    assert_eq!(sent["template"], "SMS_0001");
    assert_eq!(sent["sign_name"], "辽宁会计");
    let code = sent["params"]["code"].as_str().unwrap();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    assert!(sent["text"].as_str().unwrap().contains(code));

    *gw.failing.lock().unwrap() = true;
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": "13912345670", "purpose": "register"}),
        )
        .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (503, Some("sms_unavailable"))
    );
    assert!(
        !body.to_string().contains("500"),
        "the gateway's answer is logged, not shown"
    );
}
