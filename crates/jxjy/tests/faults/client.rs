//! Requests as a school and a learner send them, to a server that may be down: a connection
//! that fails is `Err`, not a panic, so that a client can retry after a restart.

use std::time::Duration;

use serde_json::Value;

/// A request that got no HTTP answer (refused, reset, cut mid-response).
#[derive(Debug)]
pub struct NoAnswer(pub String);

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .pool_max_idle_per_host(0)
        .build()
        .unwrap()
}

async fn finish(r: Result<reqwest::Response, reqwest::Error>) -> Result<(u16, Value), NoAnswer> {
    let r = r.map_err(|e| NoAnswer(e.to_string()))?;
    let status = r.status().as_u16();
    let text = r.text().await.map_err(|e| NoAnswer(e.to_string()))?;
    Ok((status, serde_json::from_str(&text).unwrap_or(Value::Null)))
}

/// A signed partner API call (SPEC section 6) with a fresh nonce.
pub async fn partner(
    http: &reqwest::Client,
    base: &str,
    institution: i64,
    secret: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Value), NoAnswer> {
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let nonce = jxjy_app::crypto::random_token().unwrap()[..24].to_string();
    let ts = jxjy_app::format::now();
    let mut req = http
        .request(method.parse().unwrap(), format!("{base}{path}"))
        .header("content-type", "application/json")
        .body(bytes.clone());
    for (k, v) in
        jxjy_app::partner::signing::headers(institution, secret, method, path, ts, &nonce, &bytes)
    {
        req = req.header(k, v);
    }
    finish(req.send().await).await
}

/// A learner API call with a Bearer token.
pub async fn learner(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Result<(u16, Value), NoAnswer> {
    let mut req = http
        .request(method.parse().unwrap(), format!("{base}{path}"))
        .bearer_auth(token);
    if let Some(b) = body {
        req = req.json(b);
    }
    finish(req.send().await).await
}

/// The partner secret of a bench school, from the manifest.
pub fn secret_of(manifest: &Value, institution: i64) -> String {
    manifest["institutions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == institution)
        .unwrap()["secret"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Every item of a school's feed after `cursor`, following `has_more`; returns the items and
/// the cursor to continue from.
pub async fn read_feed(
    http: &reqwest::Client,
    base: &str,
    institution: i64,
    secret: &str,
    mut cursor: String,
) -> Result<(Vec<Value>, String), NoAnswer> {
    let mut items = Vec::new();
    loop {
        let path = if cursor.is_empty() {
            "/api/v1/partner/enrollments?limit=200".to_string()
        } else {
            format!("/api/v1/partner/enrollments?limit=200&since={cursor}")
        };
        let (s, page) = partner(http, base, institution, secret, "GET", &path, None).await?;
        if s != 200 {
            return Err(NoAnswer(format!("feed answered {s}: {page}")));
        }
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        cursor = page["next_cursor"].as_str().unwrap().to_string();
        if !page["has_more"].as_bool().unwrap() {
            return Ok((items, cursor));
        }
    }
}
