//! Many learners enrolling at once: one enrollment per learner and year, each with its change
//! number and audit record.

use crate::accounts::{ID_NUMBER, PHONE, register};
use crate::common::{TestApp, spawn_demo};
use crate::training::*;
use serde_json::{Value, json};

#[tokio::test]
async fn twelve_parallel_enrollments_for_one_year_create_exactly_one() {
    let app = spawn_demo().await;
    let token = register(&app, PHONE, ID_NUMBER).await;
    let mut tasks = Vec::new();
    for i in 0..12 {
        let url = app.url("/api/v1/enrollments");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let body =
                json!({"year": this_year(), "level": "junior", "institution_id": 1 + (i % 3)});
            reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            201 => created += 1,
            409 => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created, 1);
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM enrollments WHERE year = $1 AND status <> 'cancelled'",
    )
    .bind(this_year())
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert_eq!(n, 1);
}

/// Learners straight in the database, each with a session token (the setup of a load, not what
/// is tested: registration has its own tests).
pub async fn learners_with_sessions(app: &TestApp, n: usize) -> Vec<(i64, String)> {
    let store = &app.state.store;
    let now = jxjy_app::format::now();
    let region: String = sqlx::query_scalar("SELECT region_code FROM learners LIMIT 1")
        .fetch_one(store.pool())
        .await
        .unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO learners (name, id_type, id_number, phone, region_code, qualification_level, created_at, updated_at) \
             VALUES ($1, 'resident_id', $2, $3, $4, 'junior', $5, $5) RETURNING id",
        )
        .bind(format!("并发学员{i}"))
        .bind(format!("GROUP{i:013}"))
        .bind(format!("1990000{i:04}"))
        .bind(&region)
        .bind(now)
        .fetch_one(store.pool())
        .await
        .unwrap();
        let token = format!("group-commit-token-{i}");
        store
            .sessions()
            .create_session(
                &jxjy_app::auth::token_hash(&token),
                jxjy_store::sessions::SubjectKind::Learner,
                id,
                7200,
                now,
            )
            .await
            .unwrap();
        out.push((id, token));
    }
    out
}

#[tokio::test]
async fn learners_enrolling_at_once_each_get_their_enrollment_change_number_and_audit_record() {
    let app = spawn_demo().await;
    let learners = learners_with_sessions(&app, 24).await;
    let before: i64 =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'enrollment_change'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    // Everyone at once, and the first learner twice (a double submit): requests that arrive
    // together are committed together, and each still gets its own answer.
    let mut tasks = Vec::new();
    for (k, (_, token)) in learners.iter().chain(learners.iter().take(1)).enumerate() {
        let url = app.url("/api/v1/enrollments");
        let token = token.clone();
        tasks.push(tokio::spawn(async move {
            let body =
                json!({"year": this_year(), "level": "junior", "institution_id": 1 + (k % 3)});
            let r = reqwest::Client::new()
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            (status, r.json::<Value>().await.unwrap())
        }));
    }
    let mut created = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let (status, body) = t.await.unwrap();
        match status {
            201 => created.push(body),
            409 => {
                assert_eq!(body["error"]["code"], "already_enrolled");
                refused += 1;
            }
            other => panic!("unexpected {other}: {body}"),
        }
    }
    assert_eq!((created.len(), refused), (24, 1));
    let mut owners: Vec<i64> = Vec::new();
    for body in &created {
        let id = body["id"].as_i64().unwrap();
        let (learner_id, status): (i64, String) =
            sqlx::query_as("SELECT learner_id, status FROM enrollments WHERE id = $1")
                .bind(id)
                .fetch_one(app.state.store.pool())
                .await
                .unwrap();
        assert_eq!(status, "enrolled");
        owners.push(learner_id);
        let audited: Vec<(Option<i64>, String)> = sqlx::query_as(
            "SELECT actor_id, detail FROM audit_log WHERE action = 'enrollment.create' AND target_id = $1",
        )
        .bind(id.to_string())
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
        assert_eq!(audited.len(), 1, "one audit record for enrollment {id}");
        assert_eq!(audited[0].0, Some(learner_id), "the learner is the actor");
        assert!(audited[0].1.contains("\"to\":\"enrolled\""));
    }
    owners.sort_unstable();
    let mut expected: Vec<i64> = learners.iter().map(|(id, _)| *id).collect();
    expected.sort_unstable();
    assert_eq!(owners, expected, "each learner got their own enrollment");
    // Every new enrollment has its own change number, above all earlier ones, and the counter
    // stands at least at the highest.
    let seqs: Vec<i64> = sqlx::query_scalar(
        "SELECT change_seq FROM enrollments WHERE learner_id IN (SELECT id FROM learners WHERE name LIKE '并发学员%') ORDER BY change_seq",
    )
    .fetch_all(app.state.store.pool())
    .await
    .unwrap();
    let mut distinct = seqs.clone();
    distinct.dedup();
    assert_eq!((seqs.len(), distinct.len()), (24, 24));
    assert!(seqs[0] > before);
    let counter: i64 =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'enrollment_change'")
            .fetch_one(app.state.store.pool())
            .await
            .unwrap();
    assert!(counter >= seqs[23]);
}
