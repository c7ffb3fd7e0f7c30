//! 学分查询 over HTTP: the report's exact shape, the yearly rule's edges through the API, 详情,
//! an admin's reversal, and the 学时证明 with its verification round trip.

use serde_json::{Value, json};

use crate::accounts::registration;
use crate::admin_partners::admin_token;
use crate::common::{TestApp, spawn_demo};
use crate::training::{api, partner, this_year};

/// A valid resident id of 和平区 numbered `seq`.
pub fn id_number(seq: u32) -> String {
    let first17 = format!("21010219850612{:03}", seq % 1000);
    let check = jxjy_domain::check_char(&first17).unwrap();
    format!("{first17}{check}")
}

pub fn phone(seq: u32) -> String {
    format!("1390000{:04}", seq % 10000)
}

/// Registers learner `seq` (王小丽, 和平区, intermediate qualification of 2021 unless `adjust`
/// changes it) and returns the token; the app's cookie jar also holds the session.
pub async fn register_learner(app: &TestApp, seq: u32, adjust: impl FnOnce(&mut Value)) -> String {
    let phone = phone(seq);
    let (s, body) = app
        .post_json(
            "/api/v1/sms/send",
            json!({"phone": phone, "purpose": "register"}),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    let mut reg = registration(&phone, &id_number(seq), &app.last_code(&phone));
    // The qualification alone decides the first required year in these tests.
    reg["work_start_year"] = Value::Null;
    adjust(&mut reg);
    let (s, body) = app.post_json("/api/v1/register", reg).await;
    assert_eq!(s, 201, "{body}");
    body["token"].as_str().unwrap().to_string()
}

/// Enrolls the learner for `year` at the demo school #1, which reports payment and the given
/// credit records `(category, credits)`. Returns the enrollment id.
pub async fn earn(app: &TestApp, token: &str, year: i64, records: &[(&str, f64)]) -> i64 {
    let (s, e) = api(
        app,
        token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": year, "level": "junior", "institution_id": 1})),
    )
    .await;
    assert_eq!(s, 201, "{e}");
    let id = e["id"].as_i64().unwrap();
    let at = jxjy_app::format::rfc3339(jxjy_app::format::now() - 60);
    let (s, body) = partner(
        app,
        1,
        "demo-secret-1",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/payment"),
        Some(json!({"reference": format!("PAY-{id}"), "amount_fen": 12000, "paid_at": at})),
    )
    .await;
    assert_eq!(s, 200, "{body}");
    report_more(app, id, "R", records).await;
    id
}

/// More credit records for enrollment `id`, with record ids `{prefix}{id}-{n}`, completed in the
/// enrollment's year.
pub async fn report_more(app: &TestApp, id: i64, prefix: &str, records: &[(&str, f64)]) {
    let year = app
        .state
        .store
        .enrollments()
        .enrollment_of_institution(id, 1)
        .await
        .unwrap()
        .year;
    let at = if year == this_year() {
        jxjy_app::format::rfc3339(jxjy_app::format::now() - 60)
    } else {
        format!("{year}-11-30T10:00:00+08:00")
    };
    let records: Vec<Value> = records
        .iter()
        .enumerate()
        .map(|(n, (category, credits))| {
            json!({"record_id": format!("{prefix}{id}-{n}"), "course": format!("课程{n}"), "category": category,
                   "credits": credits, "completed_at": at})
        })
        .collect();
    let (s, body) = partner(
        app,
        1,
        "demo-secret-1",
        "POST",
        &format!("/api/v1/partner/enrollments/{id}/credits"),
        Some(json!({ "records": records })),
    )
    .await;
    assert_eq!(s, 200, "{body}");
}

pub async fn credits(app: &TestApp, token: &str) -> Value {
    let (s, body) = api(app, token, "GET", "/api/v1/credits", None).await;
    assert_eq!(s, 200, "{body}");
    body
}

/// The years a report lists, in its order.
pub fn years_in(report: &Value) -> Vec<i64> {
    report["years"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["year"].as_i64().unwrap())
        .collect()
}

pub fn year_of(report: &Value, year: i64) -> Value {
    report["years"]
        .as_array()
        .unwrap()
        .iter()
        .find(|y| y["year"] == year)
        .cloned()
        .unwrap_or_else(|| panic!("no year {year} in {report}"))
}

pub fn keys(v: &Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[tokio::test]
async fn the_report_has_exactly_the_shape_of_the_spec_with_one_row_per_year_and_method() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 1, |_| {}).await;
    let y = this_year();
    earn(&app, &token, y, &[("professional", 60.0), ("public", 2.5)]).await;
    let report = credits(&app, &token).await;
    assert_eq!(keys(&report), ["learner", "rows", "years"]);
    assert_eq!(
        report["learner"],
        json!({"name": "王小丽", "id_number": id_number(1), "authority": "和平区财政局"})
    );
    assert_eq!(
        report["rows"],
        json!([{"year": y, "method": "online", "total": 62.5, "professional": 60, "public": 2.5}])
    );
    // From the first required year (the year after the 2021 qualification) to this year, but
    // not before the platform's records (records_since, 2025-03-01) where it holds nothing.
    let years = years_in(&report);
    assert_eq!(years, (2025..=y).collect::<Vec<_>>());
    let now = year_of(&report, y);
    assert_eq!(
        keys(&now),
        ["earned", "met", "missing", "required", "status", "year"]
    );
    assert_eq!(
        now["required"],
        json!({"total": 90, "professional": 60, "public": 30})
    );
    assert_eq!(now["met"], false);
    assert_eq!(now["status"], "not_met");
    assert_eq!(
        now["earned"],
        json!({"total": 62.5, "professional": 60, "public": 2.5})
    );
    assert_eq!(now["missing"]["public"], 27.5);
    assert_eq!(now["missing"]["description"], "还差公需课 27.5 学分");
    let earlier = year_of(&report, 2025);
    assert_eq!(
        (
            earlier["status"].as_str(),
            earlier["earned"]["total"].as_i64()
        ),
        (Some("not_met"), Some(0))
    );
}

#[tokio::test]
async fn ninety_five_credits_with_fifty_five_professional_are_not_met_until_five_more_professional()
{
    let app = spawn_demo().await;
    let token = register_learner(&app, 2, |_| {}).await;
    let y = this_year();
    let id = earn(&app, &token, y, &[("professional", 55.0), ("public", 40.0)]).await;
    let now = year_of(&credits(&app, &token).await, y);
    assert_eq!(now["earned"]["total"], 95);
    assert_eq!(
        (now["status"].as_str(), now["met"].as_bool()),
        (Some("not_met"), Some(false))
    );
    assert_eq!(now["missing"]["professional"], 5);
    assert_eq!(now["missing"]["description"], "还差专业课 5 学分");

    // Fractional records count exactly: 2.5 + 2.5 close the gap.
    report_more(&app, id, "F", &[("professional", 2.5)]).await;
    let now = year_of(&credits(&app, &token).await, y);
    assert_eq!(now["missing"]["description"], "还差专业课 2.5 学分");
    report_more(&app, id, "G", &[("professional", 2.5)]).await;
    let now = year_of(&credits(&app, &token).await, y);
    assert_eq!(
        (now["status"].as_str(), now["met"].as_bool()),
        (Some("met"), Some(true))
    );
    assert_eq!(now["earned"]["professional"], 60);
    assert_eq!(now["missing"]["description"], "");
}

#[tokio::test]
async fn last_years_ninety_credits_do_not_count_this_year() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 3, |_| {}).await;
    let y = this_year();
    earn(
        &app,
        &token,
        y - 1,
        &[("professional", 60.0), ("public", 30.0)],
    )
    .await;
    let report = credits(&app, &token).await;
    assert_eq!(year_of(&report, y - 1)["status"], "met");
    let now = year_of(&report, y);
    assert_eq!(now["status"], "not_met");
    assert_eq!(now["earned"]["total"], 0);
    assert_eq!(now["missing"]["total"], 90);
    assert_eq!(
        now["missing"]["description"],
        "还差专业课 60 学分、公需课 30 学分"
    );
    // Last year's certificate is there; this year's is refused with what is missing.
    let r = app
        .client
        .get(app.url(&format!("/api/v1/credits/{}/certificate", y - 1)))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (s, body) = api(
        &app,
        &token,
        "GET",
        &format!("/api/v1/credits/{y}/certificate"),
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("year_not_met"))
    );
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("还差专业课 60 学分、公需课 30 学分"),
        "{body}"
    );
}

#[tokio::test]
async fn a_year_before_the_first_required_year_is_not_required_even_with_credits() {
    let app = spawn_demo().await;
    let y = this_year();
    // Qualified this year: required from next year on.
    let token = register_learner(&app, 4, |r| r["qualification_year"] = json!(y)).await;
    let report = credits(&app, &token).await;
    assert_eq!(report["years"], json!([]), "nothing to show yet");
    earn(&app, &token, y, &[("professional", 60.0), ("public", 30.0)]).await;
    let report = credits(&app, &token).await;
    let now = year_of(&report, y);
    assert_eq!(report["years"].as_array().unwrap().len(), 1);
    assert_eq!(
        (
            now["status"].as_str(),
            now["required"]["total"].as_i64(),
            now["met"].as_bool()
        ),
        (Some("not_required"), Some(0), Some(false))
    );
    assert_eq!(now["missing"]["total"], 0);
    let (s, body) = api(
        &app,
        &token,
        "GET",
        &format!("/api/v1/credits/{y}/certificate"),
        None,
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("year_not_required"))
    );
}

#[tokio::test]
async fn an_enrollment_without_credits_starts_the_report_at_its_year() {
    let app = spawn_demo().await;
    let y = this_year();
    // Required only from next year on: the report is empty until something happens this year.
    let token = register_learner(&app, 5, |r| r["qualification_year"] = json!(y)).await;
    assert_eq!(credits(&app, &token).await["years"], json!([]));
    let (s, body) = api(
        &app,
        &token,
        "POST",
        "/api/v1/enrollments",
        Some(json!({"year": y, "level": "junior", "institution_id": 1})),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let report = credits(&app, &token).await;
    let years = years_in(&report);
    assert_eq!(
        years,
        [y],
        "the enrollment's year is shown, with no credits yet"
    );
    assert_eq!(report["rows"], json!([]));
    assert_eq!(year_of(&report, y)["status"], "not_required");
    assert_eq!(report["learner"]["name"], "王小丽");
}

#[tokio::test]
async fn the_detail_lists_every_record_and_an_admin_in_scope_reverses_one_with_a_reason() {
    let app = spawn_demo().await;
    let token = register_learner(&app, 5, |_| {}).await;
    let y = this_year();
    earn(&app, &token, y, &[("professional", 60.0), ("public", 30.0)]).await;
    let (s, detail) = api(&app, &token, "GET", &format!("/api/v1/credits/{y}"), None).await;
    assert_eq!(s, 200, "{detail}");
    assert_eq!(detail["summary"]["status"], "met");
    assert_eq!(detail["rule"]["total"], 90);
    let records = detail["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["source"], "school");
    assert_eq!(records[0]["institution"]["name"], "辽宁XX有限公司");
    let record_id = records.iter().find(|r| r["category"] == "public").unwrap()["id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/admin/credit-records/{record_id}/reverse");

    // Another district's admin does not see the record; a reason is required.
    let other = crate::claims::district_admin(&app, "dadong", "210104").await;
    let (s, _) = api(
        &app,
        &other,
        "POST",
        &path,
        Some(json!({"reason": "重复登记"})),
    )
    .await;
    assert_eq!(s, 404);
    let heping = admin_token(&app, "heping").await;
    let (s, body) = api(&app, &heping, "POST", &path, Some(json!({"reason": " "}))).await;
    assert_eq!(
        (s, body["error"]["fields"][0]["field"].as_str()),
        (400, Some("reason"))
    );
    let (s, reversal) = api(
        &app,
        &heping,
        "POST",
        &path,
        Some(json!({"reason": "网校重复报送"})),
    )
    .await;
    assert_eq!(s, 201, "{reversal}");
    assert_eq!(reversal["credits"], -30);
    assert_eq!(reversal["reverses_id"], record_id);
    assert_eq!(reversal["note"], "网校重复报送");
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        &path,
        Some(json!({"reason": "再来一次"})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("already_reversed"))
    );
    let back = format!(
        "/api/v1/admin/credit-records/{}/reverse",
        reversal["id"].as_i64().unwrap()
    );
    let (s, body) = api(
        &app,
        &heping,
        "POST",
        &back,
        Some(json!({"reason": "撤销冲销"})),
    )
    .await;
    assert_eq!(
        (s, body["error"]["code"].as_str()),
        (409, Some("record_is_reversal"))
    );

    // The ledger keeps both records; the year is no longer met.
    let (_, detail) = api(&app, &token, "GET", &format!("/api/v1/credits/{y}"), None).await;
    assert_eq!(detail["records"].as_array().unwrap().len(), 3);
    let original = detail["records"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == record_id)
        .unwrap();
    assert_eq!(original["credits"], 30, "never edited in place");
    assert_eq!(original["reversed_by"], reversal["id"]);
    assert_eq!(detail["summary"]["status"], "not_met");
    assert_eq!(
        detail["summary"]["missing"]["description"],
        "还差公需课 30 学分"
    );
    let audit = app
        .state
        .store
        .audit_log()
        .audit_for("credit_record", &record_id.to_string())
        .await
        .unwrap();
    assert_eq!(audit[0].action, "credit_record.reverse");
    assert_eq!(audit[0].actor_kind, "admin");

    // Junk and strangers' years.
    let (s, _) = api(&app, &token, "GET", "/api/v1/credits/abc", None).await;
    assert_eq!(s, 404);
    let (s, _) = api(&app, &token, "GET", "/api/v1/credits/99999", None).await;
    assert_eq!(s, 404);
    let (s, _) = app.get_json("/api/v1/credits").await;
    assert_eq!(s, 200, "the cookie of the registered learner works too");
    let (s, _) = reqwest::get(app.url("/api/v1/credits"))
        .await
        .map(|r| (r.status().as_u16(), ()))
        .unwrap();
    assert_eq!(s, 401);
}
