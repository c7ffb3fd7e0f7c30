//! The compliance export over more than one keyset page: every learner of the scope is in the
//! xlsx exactly once, and nobody outside it.

use std::collections::HashMap;

use calamine::{Reader, Xlsx};
use jxjy_store::exports::COMPLIANCE_PAGE_SIZE;

use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_demo};

/// Inserts `n` learners of `region` named `{prefix}{i}` in one statement.
async fn bulk_learners(app: &TestApp, region: &str, prefix: &str, first_digit: &str, n: i64) {
    sqlx::query(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < $1) \
         INSERT INTO learners (name, id_type, id_number, region_code, qualification_level, first_required_year, created_at, updated_at) \
         SELECT $2 || CAST(i AS TEXT), 'passport', $3 || CAST(1000000 + i AS TEXT), $4, 'none', 2020, 0, 0 FROM seq",
    )
    .bind(n)
    .bind(prefix)
    .bind(format!("E{first_digit}"))
    .bind(region)
    .execute(app.state.store.pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn the_compliance_export_holds_every_learner_of_the_scope_exactly_once_across_pages() {
    let app = spawn_demo().await;
    let n = COMPLIANCE_PAGE_SIZE + 7;
    bulk_learners(&app, "210102", "和平批量", "1", n).await;
    bulk_learners(&app, "210202", "大连批量", "2", 5).await;
    let in_scope: i64 = sqlx::query_scalar(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM learners l JOIN regions r ON r.code = l.region_code WHERE r.path LIKE '/210000/210100/210102/%'",
    )
    .fetch_one(app.state.store.pool())
    .await
    .unwrap();
    assert!(in_scope > COMPLIANCE_PAGE_SIZE, "more than one page");

    let token = admin_token(&app, "heping").await;
    let r = app
        .client
        .get(app.url("/api/v1/admin/exports/compliance?year=2025"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-disposition"].to_str().unwrap(),
        "attachment; filename=\"compliance-2025-210102.xlsx\"; filename*=UTF-8''%E5%92%8C%E5%B9%B3%E5%8C%BA%E8%B4%A2%E6%94%BF%E5%B1%80-2025%E5%B9%B4%E5%BA%A6%E8%BE%BE%E6%A0%87%E5%90%8D%E5%8D%95.xlsx",
        "the Chinese name is 和平区财政局-2025年度达标名单.xlsx"
    );
    let bytes = r.bytes().await.unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = sheet.rows();
    let heading: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(heading[1], "姓名");
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        *seen.entry(row[1].to_string()).or_default() += 1;
    }
    assert_eq!(
        seen.values().sum::<usize>() as i64,
        in_scope,
        "one row per learner"
    );
    for i in 1..=n {
        assert_eq!(
            seen.get(&format!("和平批量{i}")),
            Some(&1),
            "和平批量{i} exactly once"
        );
    }
    assert_eq!(seen.get("冯思媛"), Some(&1));
    assert!(
        !seen.keys().any(|name| name.starts_with("大连批量")),
        "nobody outside the scope"
    );
}
