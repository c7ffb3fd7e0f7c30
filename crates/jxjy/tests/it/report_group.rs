//! Schools' credit reports arriving together are committed together, each report a savepoint of
//! its own: a refused report (a `record_id` of another enrollment, a replayed nonce) writes
//! nothing, not even its nonce, and the others in its group are credited with their audit
//! records.

use crate::common::{TestApp, spawn_demo};
use crate::enrollment_races::learners_with_sessions;
use crate::training::*;
use serde_json::Value;

/// A signed credit report with the given nonce: (status, error code or enrollment status).
async fn report(base: &str, id: i64, nonce: &str, body: &Value) -> (u16, String) {
    let path = format!("/api/v1/partner/enrollments/{id}/credits");
    let bytes = body.to_string().into_bytes();
    let ts = jxjy_app::format::now();
    let mut req = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("content-type", "application/json")
        .body(bytes.clone());
    for (k, v) in
        jxjy_app::partner::signing::headers(1, "demo-secret-1", "POST", &path, ts, nonce, &bytes)
    {
        req = req.header(k, v);
    }
    let r = req.send().await.unwrap();
    let s = r.status().as_u16();
    let v: Value = r.json().await.unwrap_or(Value::Null);
    let said = v["error"]["code"]
        .as_str()
        .or(v["enrollment"]["status"].as_str())
        .unwrap_or_default()
        .to_string();
    (s, said)
}

async fn count(app: &TestApp, sql: &str, id: i64) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string()))
        .bind(id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn reports_sent_together_are_credited_together_and_a_refused_one_writes_nothing() {
    let app = spawn_demo().await;
    let mut paid = Vec::new();
    for (n, (_, token)) in learners_with_sessions(&app, 8)
        .await
        .into_iter()
        .enumerate()
    {
        let (s, e) = enroll(&app, &token, 1).await;
        assert_eq!(s, 201, "{e}");
        let id = e["id"].as_i64().unwrap();
        let path = format!("/api/v1/partner/enrollments/{id}/payment");
        let (s, p) = partner(
            &app,
            1,
            "demo-secret-1",
            "POST",
            &path,
            Some(pay_body(&format!("GP-{n}"))),
        )
        .await;
        assert_eq!(s, 200, "{p}");
        paid.push(id);
    }
    // The first report alone: it holds record_id SHARED and nonce first-nonce.
    let first = credits_body(&[("SHARED", "professional", 30.0)]);
    assert_eq!(
        report(&app.base, paid[0], "first-nonce", &first).await,
        (200, "credited".into())
    );

    // Then eight at once: six new, one naming SHARED for another enrollment, one replaying the
    // first report's nonce. On SQLite the write gate is held until all eight wait, so that they
    // are one group; on PostgreSQL they group as they arrive.
    let gate = app.state.store.write_gate().await;
    let mut tasks = Vec::new();
    for (k, &id) in paid.iter().enumerate().skip(1) {
        let body = if k == 1 {
            credits_body(&[("OWN-1", "public", 10.0), ("SHARED", "professional", 30.0)])
        } else {
            credits_body(&[
                (&format!("OWN-{k}"), "public", 10.0),
                (&format!("PRO-{k}"), "professional", 20.0),
            ])
        };
        let nonce = format!("group-nonce-{k}");
        let base = app.base.clone();
        tasks.push(tokio::spawn(async move {
            (k, report(&base, id, &nonce, &body).await)
        }));
    }
    let replay_base = app.base.clone();
    let replay_id = paid[0];
    tasks.push(tokio::spawn(async move {
        (
            0,
            report(
                &replay_base,
                replay_id,
                "first-nonce",
                &credits_body(&[("AGAIN", "public", 5.0)]),
            )
            .await,
        )
    }));
    if gate.is_some() {
        // Waiting for a condition, not for a time: the reports are queued within milliseconds.
        for _ in 0..5_000 {
            if app.state.store.reports_waiting() == 8 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        assert_eq!(app.state.store.reports_waiting(), 8);
    }
    drop(gate);
    for t in tasks {
        let (k, outcome) = t.await.unwrap();
        let expected = match k {
            0 => (401, "nonce_reused".to_string()),
            1 => (409, "reference_conflict".to_string()),
            _ => (200, "credited".to_string()),
        };
        assert_eq!(outcome, expected, "report {k}");
    }

    for (k, &id) in paid.iter().enumerate() {
        let records = count(
            &app,
            "SELECT COUNT(*) FROM credit_records WHERE enrollment_id = $1",
            id,
        )
        .await;
        let status: String = sqlx::query_scalar("SELECT status FROM enrollments WHERE id = $1")
            .bind(id)
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
        let audited = count(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE target_kind = 'enrollment' AND action = 'enrollment.transition' \
             AND target_id = CAST($1 AS TEXT) AND detail LIKE '%\"to\":\"credited\"%'",
            id,
        )
        .await;
        let expected = match k {
            0 => (1, "credited", 1), // the replay added nothing
            1 => (0, "paid", 0),     // refused whole: not even OWN-1
            _ => (2, "credited", 1),
        };
        assert_eq!(
            (records, status.as_str(), audited),
            expected,
            "enrollment {k}"
        );
    }
    // The refused report's nonce was not kept: nothing of it was written.
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM partner_nonces WHERE nonce = 'group-nonce-1'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(kept, 0);
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM partner_nonces WHERE nonce LIKE 'group-nonce-%'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert_eq!(kept, 6);
}
