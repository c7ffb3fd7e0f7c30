//! What a school sends, read strictly: references, times, and the credit records of a report
//! (each field checked, every refusal named by its path, `records[3].credits`).

use jxjy_app::partner::reports::WINDOW_TOLERANCE;
use jxjy_domain::{Category, Credits, check_completion, validate_school_record};
use jxjy_store::enrollments::NewCreditRecord;
use serde::{Deserialize, Serialize};

use jxjy_app::AppError;
use jxjy_app::FieldError;
use jxjy_app::format;

pub fn reference(raw: &str) -> Result<&str, AppError> {
    let r = raw.trim();
    if r.is_empty() || r.chars().count() > 64 {
        return Err(
            AppError::bad_request("invalid_input", "reference 应为 1-64 个字符")
                .on_field("reference"),
        );
    }
    Ok(r)
}

pub fn past_time(field: &str, raw: &str) -> Result<i64, AppError> {
    let t = format::parse_time(raw).ok_or_else(|| {
        AppError::bad_request(
            "invalid_input",
            format!("{field} 应为 RFC 3339 时间，如 2026-03-15T10:00:00+08:00"),
        )
        .on_field(field)
    })?;
    if t > format::now() + WINDOW_TOLERANCE {
        return Err(
            AppError::bad_request("invalid_input", format!("{field} 不能晚于当前时间"))
                .on_field(field),
        );
    }
    Ok(t)
}

/// Clocks differ a little; a time up to five minutes ahead is accepted.
#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CreditRecordInput {
    /// 1-64 characters, unique per school.
    #[schema(required = true, min_length = 1, max_length = 64)]
    pub record_id: String,
    /// 1-200 characters.
    #[schema(required = true, min_length = 1, max_length = 200)]
    pub course: String,
    /// professional | public
    #[schema(required = true, value_type = jxjy_app::schema_types::CategoryCode)]
    pub category: String,
    /// More than 0 and at most 90, at most one decimal (2.5).
    #[schema(required = true, value_type = f64, exclusive_minimum = 0, maximum = 90)]
    pub credits: serde_json::Value,
    /// RFC 3339, within the enrollment's year and not in the future.
    #[schema(required = true)]
    pub completed_at: String,
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CreditsRequest {
    /// 1-200 records, each a JSON object (an array in its place is refused, not read as its
    /// fields in order).
    #[schema(required = true, min_items = 1, max_items = 200, value_type = Vec<CreditRecordInput>)]
    pub records: Vec<serde_json::Map<String, serde_json::Value>>,
}

fn parse_credits(v: &serde_json::Value) -> Result<Credits, String> {
    // A JSON number only ("2.5" in quotes is refused), read from its decimal text so that 0.1
    // is exactly one tenth.
    let parsed = match v {
        serde_json::Value::Number(n) => {
            Credits::parse_decimal(&n.to_string()).map_err(|e| e.to_string())
        }
        _ => Err("credits 应为数字（JSON 数字，不加引号），如 2.5".to_string()),
    }?;
    validate_school_record(parsed).map_err(|e| e.to_string())?;
    Ok(parsed)
}

/// The records of a report, each checked; a record must be completed within the enrollment's
/// `year` and not in the future (`jxjy_domain::check_completion`).
pub fn parse_records(
    req: &CreditsRequest,
    year: i64,
    tolerance: i64,
) -> Result<Vec<NewCreditRecord>, AppError> {
    if req.records.is_empty() || req.records.len() > 200 {
        return Err(
            AppError::bad_request("invalid_input", "records 应有 1-200 条").on_field("records"),
        );
    }
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut parsed = Vec::with_capacity(req.records.len());
    for (i, r) in req.records.iter().enumerate() {
        parsed.push(crate::input::from_json_object::<CreditRecordInput>(
            serde_json::Value::Object(r.clone()),
            &format!("records[{i}]"),
        )?);
    }
    for (i, r) in parsed.iter().enumerate() {
        let mut fail = |field: &str, message: String| {
            errors.push(FieldError {
                field: format!("records[{i}].{field}"),
                message,
            })
        };
        let record_id = r.record_id.trim();
        if record_id.is_empty() || record_id.chars().count() > 64 {
            fail("record_id", "record_id 应为 1-64 个字符".into());
        }
        let course = r.course.trim();
        if course.is_empty() || course.chars().count() > 200 {
            fail("course", "course 应为 1-200 个字符".into());
        }
        let category = r
            .category
            .trim()
            .parse::<Category>()
            .map_err(|_| fail("category", "category 只能是 professional 或 public".into()))
            .ok();
        let credits = parse_credits(&r.credits)
            .map_err(|m| fail("credits", m))
            .ok();
        let completed_at = match format::parse_time(&r.completed_at) {
            Some(t) => {
                let completed_year = i64::from(format::year_of(t));
                check_completion(t, completed_year, year, format::now(), tolerance)
                    .map_err(|e| fail("completed_at", format!("completed_at {e}")))
                    .ok()
                    .map(|()| t)
            }
            None => {
                fail("completed_at", "completed_at 应为 RFC 3339 时间".into());
                None
            }
        };
        if let (Some(category), Some(credits), Some(completed_at)) =
            (category, credits, completed_at)
        {
            out.push(NewCreditRecord {
                record_id: record_id.to_string(),
                course: course.to_string(),
                category: category.as_str(),
                credits_tenths: credits.tenths(),
                completed_at,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(AppError::invalid_fields(errors))
    }
}
