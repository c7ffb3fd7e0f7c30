//! The rules the database itself holds, on both backends.

use jxjy_store::Store;

use crate::common::spawn_demo;

async fn insert_learner(
    store: &Store,
    id_number: &str,
    phone: &str,
) -> Result<i64, jxjy_store::StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO learners (name, id_type, id_number, phone, region_code, created_at, updated_at) \
         VALUES ('测试', 'resident_id', $1, $2, '210102', 1, 1) RETURNING id",
    )
    .bind(id_number)
    .bind(phone)
    .fetch_one(store.pool())
    .await?)
}

async fn insert_enrollment(
    store: &Store,
    learner: i64,
    status: &str,
) -> Result<i64, jxjy_store::StoreError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO enrollments (learner_id, year, level, institution_id, status, enrolled_at, updated_at) \
         VALUES ($1, 2026, 'junior', 1, $2, 1, 1) RETURNING id",
    )
    .bind(learner)
    .bind(status)
    .fetch_one(store.pool())
    .await?)
}

#[tokio::test]
async fn one_account_per_document_number_and_per_phone() {
    let app = spawn_demo().await;
    let store = &app.state.store;
    insert_learner(store, "11010519491231002X", "13900000001")
        .await
        .unwrap();
    let dup_doc = insert_learner(store, "11010519491231002X", "13900000002").await;
    assert!(dup_doc.unwrap_err().is_conflict());
    let dup_phone = insert_learner(store, "110105194912310037", "13900000001").await;
    assert!(dup_phone.unwrap_err().is_conflict());
}

#[tokio::test]
async fn at_most_one_non_cancelled_enrollment_per_learner_and_year() {
    let app = spawn_demo().await;
    let store = &app.state.store;
    let learner = insert_learner(store, "11010519491231002X", "13900000001")
        .await
        .unwrap();
    let first = insert_enrollment(store, learner, "enrolled").await.unwrap();
    assert!(
        insert_enrollment(store, learner, "enrolled")
            .await
            .unwrap_err()
            .is_conflict()
    );
    assert!(
        insert_enrollment(store, learner, "paid")
            .await
            .unwrap_err()
            .is_conflict()
    );
    sqlx::query("UPDATE enrollments SET status = 'cancelled' WHERE id = $1")
        .bind(first)
        .execute(store.pool())
        .await
        .unwrap();
    // Cancelled ones do not count: the learner may enroll again, and cancelled rows may pile up.
    insert_enrollment(store, learner, "cancelled")
        .await
        .unwrap();
    insert_enrollment(store, learner, "enrolled").await.unwrap();
    let bad_status = insert_enrollment(store, learner, "finished").await;
    assert!(bad_status.is_err());
}

#[tokio::test]
async fn payment_references_and_credit_records_are_unique() {
    let app = spawn_demo().await;
    let store = &app.state.store;
    let pay = |reference: &'static str, kind: &'static str| async move {
        sqlx::query(
            "INSERT INTO payments (enrollment_id, institution_id, kind, reference, amount_fen, occurred_at, created_at) \
             VALUES (1, 1, $1, $2, 100, 1, 1)",
        )
        .bind(kind)
        .bind(reference)
        .execute(store.pool())
        .await
        .map_err(jxjy_store::StoreError::from)
    };
    assert!(
        pay("DEMO-PAY-0001", "payment")
            .await
            .unwrap_err()
            .is_conflict(),
        "the demo payment exists"
    );
    pay("DEMO-PAY-0001", "refund").await.unwrap();
    let record = |r: &'static str| async move {
        sqlx::query(
            "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, completed_at, created_at) \
             VALUES (1, 2025, 'public', 50, 'online', 'school', $1, 1, 1)",
        )
        .bind(r)
        .execute(store.pool())
        .await
        .map_err(jxjy_store::StoreError::from)
    };
    assert!(record("1:DEMO-REC-0001").await.unwrap_err().is_conflict());
    record("1:NEW-REC").await.unwrap();
    let bad_category = sqlx::query(
        "INSERT INTO credit_records (learner_id, year, category, credits_tenths, method, source, source_ref, completed_at, created_at) \
         VALUES (1, 2025, 'other', 50, 'online', 'school', 'x', 1, 1)",
    )
    .execute(store.pool())
    .await;
    assert!(bad_category.is_err());
}

#[tokio::test]
async fn migrations_run_twice_change_nothing() {
    let app = spawn_demo().await;
    let store = &app.state.store;
    let tables = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM regions")
            .fetch_one(store.pool())
            .await
            .unwrap()
    };
    let before = tables().await;
    store.migrate().await.unwrap();
    store.migrate().await.unwrap();
    assert_eq!(tables().await, before);
}
