//! Operations: health, metrics, request ids, security and cache headers, OpenAPI.

use std::collections::BTreeSet;

use crate::common::spawn_demo;

#[tokio::test]
async fn healthz_checks_the_database() {
    let app = spawn_demo().await;
    let (status, json) = app.get_json("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(json["status"], "ok");
    assert_eq!(json["database"], "ok");
    app.state.store.close().await;
    let (status, json) = app.get_json("/healthz").await;
    assert_eq!(status, 503);
    assert_eq!(json["status"], "unavailable");
}

#[tokio::test]
async fn metrics_are_not_public_by_default() {
    let app = spawn_demo().await;
    let (status, _) = app.get_text("/metrics").await;
    assert_eq!(
        status, 404,
        "no token set: not served on the public address"
    );
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_show_the_pool() {
    let app = crate::common::spawn_with(|s| {
        s.demo = true;
        s.metrics_token = "metrics-token-123".into();
    })
    .await;
    app.get("/notices").await;
    app.get("/notices/1").await;
    // A 学分查询, so that the reads' own connections show.
    let token = crate::common::demo_learner(&app).await;
    let credits = app
        .client
        .get(app.url("/api/v1/credits"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(credits.status(), 200);
    let (status, _) = app.get_text("/metrics").await;
    assert_eq!(status, 401, "the token is required");
    let wrong = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token-124")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);
    let r = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("metrics-token-123")
        .send()
        .await
        .unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(status, 200);
    assert!(text.contains(r#"route="/notices/{id}""#), "{text}");
    assert!(text.contains("http_request_duration_seconds"));
    assert!(text.contains("db_pool_connections"));
    let gauge = |name: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing:\n{text}"))
    };
    assert!(gauge("db_reader_connections") >= 1.0, "{text}");
    // Present; its value may lag on PostgreSQL, where sqlx returns a connection to its pool in
    // a task of its own after the request is answered.
    assert!(gauge("db_reader_idle_connections") >= 0.0, "{text}");
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = spawn_demo().await;
    let r = app.get("/").await;
    let h = r.headers();
    assert!(h.get("x-request-id").is_some());
    let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(
        csp.contains("frame-ancestors 'none'")
            && csp.contains("script-src 'self'")
            && !csp.contains("unsafe-inline")
    );
    assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
    assert!(h.get("referrer-policy").is_some());
    // A request id sent by a proxy is kept.
    let r = app
        .client
        .get(app.url("/healthz"))
        .header("x-request-id", "abc-123")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("x-request-id").unwrap(), "abc-123");
}

#[tokio::test]
async fn static_assets_are_cached_and_compressed() {
    let app = spawn_demo().await;
    let (_, html) = app.get_text("/").await;
    let start = html.find("/static/app.css?v=").unwrap();
    let href: String = html[start..].chars().take_while(|c| *c != '"').collect();
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let r = raw
        .get(app.url(&href))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers().get("cache-control").unwrap(),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.headers().get("content-encoding").unwrap(), "gzip");
    let r = raw
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers().get("content-encoding").unwrap(), "gzip");
}

/// Every API route of the router, with a sample path; the OpenAPI document must list exactly these.
const API_ROUTES: &[(&str, &str, &str)] = &[
    ("get", "/api/v1/notices", "/api/v1/notices"),
    ("get", "/api/v1/notices/{id}", "/api/v1/notices/1"),
    ("get", "/api/v1/faqs", "/api/v1/faqs"),
    ("post", "/api/v1/sms/send", ""),
    ("post", "/api/v1/register", ""),
    ("post", "/api/v1/login", ""),
    ("post", "/api/v1/logout", ""),
    ("post", "/api/v1/password/reset", ""),
    ("post", "/api/v1/me/password", ""),
    ("get", "/api/v1/me", ""),
    ("put", "/api/v1/me/profile", ""),
    ("get", "/api/v1/offers", "/api/v1/offers"),
    ("get", "/api/v1/institutions/{id}", "/api/v1/institutions/1"),
    ("post", "/api/v1/enrollments", ""),
    ("get", "/api/v1/enrollments", ""),
    ("delete", "/api/v1/enrollments/{id}", ""),
    ("post", "/api/v1/enrollments/{id}/launch", ""),
    ("post", "/api/v1/enrollments/{id}/review", ""),
    ("get", "/api/v1/credits", ""),
    ("get", "/api/v1/credits/{year}", ""),
    ("get", "/api/v1/credits/{year}/certificate", ""),
    ("post", "/api/v1/claims", ""),
    ("get", "/api/v1/claims", ""),
    ("get", "/api/v1/claims/{id}/evidence/{file_id}", ""),
    ("get", "/api/v1/partner/enrollments", ""),
    ("post", "/api/v1/partner/handoff/verify", ""),
    ("post", "/api/v1/partner/enrollments/{id}/payment", ""),
    ("post", "/api/v1/partner/enrollments/{id}/refund", ""),
    ("post", "/api/v1/partner/enrollments/{id}/credits", ""),
    ("post", "/api/v1/admin/login", ""),
    ("post", "/api/v1/admin/institutions", ""),
    ("post", "/api/v1/admin/offers", ""),
    ("get", "/api/v1/admin/learners", ""),
    ("get", "/api/v1/admin/learners/{id}", ""),
    ("post", "/api/v1/admin/learners/{id}/unlock", ""),
    ("get", "/api/v1/admin/stats", ""),
    ("get", "/api/v1/admin/exports/compliance", ""),
    ("post", "/api/v1/admin/notices", ""),
    ("put", "/api/v1/admin/notices/{id}", ""),
    ("delete", "/api/v1/admin/notices/{id}", ""),
    ("get", "/api/v1/admin/audit", ""),
    ("post", "/api/v1/admin/admins", ""),
    ("get", "/api/v1/admin/admins", ""),
    ("put", "/api/v1/admin/admins/{id}", ""),
    ("put", "/api/v1/admin/learners/{id}/profile", ""),
    ("post", "/api/v1/admin/learners/{id}/password-reset", ""),
    ("get", "/api/v1/admin/institutions", ""),
    ("put", "/api/v1/admin/institutions/{id}", ""),
    ("post", "/api/v1/admin/institutions/{id}/secret", ""),
    ("post", "/api/v1/admin/faqs", ""),
    ("put", "/api/v1/admin/faqs/{id}", ""),
    ("delete", "/api/v1/admin/faqs/{id}", ""),
    ("get", "/api/v1/admin/exports/credits", ""),
    ("get", "/api/v1/admin/exports/learners", ""),
    ("post", "/api/v1/admin/imports/roster", ""),
    ("get", "/api/v1/admin/exports/stats", ""),
    ("get", "/api/v1/admin/claims", ""),
    ("post", "/api/v1/admin/claims/{id}/approve", ""),
    ("post", "/api/v1/admin/claims/{id}/reject", ""),
    ("get", "/api/v1/admin/claims/{id}/evidence/{file_id}", ""),
    ("post", "/api/v1/admin/credit-records/{id}/reverse", ""),
    ("post", "/api/v1/employer/register", ""),
    ("post", "/api/v1/employer/login", ""),
    ("post", "/api/v1/employer/logout", ""),
    ("post", "/api/v1/employer/password/reset", ""),
    ("get", "/api/v1/employer/me", ""),
    ("get", "/api/v1/employer/staff", ""),
    ("post", "/api/v1/employer/staff/invite", ""),
    ("post", "/api/v1/employer/staff/{learner_id}/confirm", ""),
    ("post", "/api/v1/employer/staff/{learner_id}/remove", ""),
    ("post", "/api/v1/employer/group-enrollments", ""),
    ("get", "/api/v1/employer/exports/staff", ""),
    ("get", "/api/v1/me/employer", ""),
    ("put", "/api/v1/me/employer", ""),
    ("delete", "/api/v1/me/employer", ""),
    ("post", "/api/v1/me/employer/accept", ""),
    ("post", "/api/v1/me/employer/decline", ""),
    ("get", "/api/v1/admin/employers", ""),
    ("get", "/api/v1/admin/employers/{id}", ""),
    ("post", "/api/v1/admin/employers/{id}/approve", ""),
    ("post", "/api/v1/admin/employers/{id}/reject", ""),
    ("post", "/api/v1/admin/reminders", ""),
    ("get", "/api/v1/admin/reminders", ""),
    ("post", "/api/v1/admin/reminders/preview", ""),
    ("get", "/api/v1/admin/reminders/{id}", ""),
    ("post", "/api/v1/admin/reminders/{id}/cancel", ""),
    ("post", "/api/v1/employer/reminders", ""),
    ("get", "/api/v1/employer/reminders", ""),
    ("get", "/api/v1/employer/reminders/{id}", ""),
    ("post", "/api/v1/employer/reminders/{id}/cancel", ""),
    ("get", "/api/v1/me/settings", ""),
    ("put", "/api/v1/me/settings", ""),
    ("get", "/api/v1/me/messages", ""),
    ("post", "/api/v1/me/messages/{id}/read", ""),
    ("get", "/healthz", "/healthz"),
    ("get", "/metrics", ""),
];

#[tokio::test]
async fn the_openapi_document_matches_the_served_api() {
    // With a metrics token, so that `/metrics` is served (401 without it) like every other route.
    let app = crate::common::spawn_with(|s| {
        s.demo = true;
        s.metrics_token = "metrics-token-123".into();
    })
    .await;
    let (status, doc) = app.get_json("/api/openapi.json").await;
    assert_eq!(status, 200);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if !item[method].is_null() {
                documented.insert((method.to_string(), path.clone()));
            }
        }
    }
    let expected: BTreeSet<_> = API_ROUTES
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(documented, expected);
    for (method, path, sample) in API_ROUTES {
        if sample.is_empty() {
            // Served: anything but 404/405 for an empty request.
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let status = app
                .client
                .request(
                    m,
                    app.url(
                        &path
                            .replace("{id}", "1")
                            .replace("{year}", "2025")
                            .replace("{file_id}", "1")
                            .replace("{learner_id}", "1"),
                    ),
                )
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap()
                .status();
            assert!(
                status != 404 && status != 405,
                "{method} {path} is served: {status}"
            );
        } else {
            assert_eq!(app.get(sample).await.status(), 200, "{sample} is served");
        }
    }
    assert!(doc["components"]["schemas"]["ErrorEnvelope"].is_object());
    let (status, html) = app.get_text("/api/docs").await;
    assert_eq!(status, 200);
    assert!(html.contains("/api/v1/notices/{id}") && !html.contains("<script>"));
}

#[tokio::test]
async fn every_operation_the_document_secures_refuses_a_caller_without_credentials() {
    let app = crate::common::spawn_with(|s| {
        s.demo = true;
        s.metrics_token = "metrics-token-123".into();
    })
    .await;
    let (_, doc) = app.get_json("/api/openapi.json").await;
    assert!(doc["components"]["securitySchemes"]["partner_signature"].is_object());
    let mut secured = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete"] {
            let op = &item[method];
            if op.is_null() {
                continue;
            }
            assert!(op["operationId"].is_string(), "{method} {path}");
            for (status, response) in op["responses"].as_object().unwrap() {
                assert!(
                    response["description"].is_string() || response["$ref"].is_string(),
                    "{method} {path} {status} has a description"
                );
            }
            let url = path
                .replace("{id}", "1")
                .replace("{year}", "2025")
                .replace("{file_id}", "1")
                .replace("{learner_id}", "1");
            let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let status = app
                .client
                .request(m, app.url(&url))
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            if op["security"].is_array() {
                secured += 1;
                assert_eq!(status, 401, "{method} {path} is secured in the document");
                assert!(
                    op["responses"]["401"].is_object(),
                    "{method} {path} documents 401"
                );
            }
            assert!(
                op["responses"]["503"].is_object(),
                "{method} {path} documents 503"
            );
        }
    }
    assert!(secured > 40, "{secured} secured operations");
}

#[tokio::test]
async fn an_over_long_address_or_header_is_answered_in_the_error_envelope() {
    let app = spawn_demo().await;
    let long = "a".repeat(10 * 1024);
    let r = app.get(&format!("/api/v1/notices?x={long}")).await;
    assert_eq!(r.status(), 414);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "uri_too_long");
    let r = app
        .client
        .get(app.url("/api/v1/notices"))
        .header("x-big", "b".repeat(20 * 1024))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 431);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"]["code"], "headers_too_large");
}
