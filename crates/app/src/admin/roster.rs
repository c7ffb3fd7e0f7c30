//! Roster import: the province's accountants as collected on the national platform (信息采集),
//! from xlsx or CSV (UTF-8). Each row is checked like a registration and created in its own
//! transaction, so a row is applied whole or not at all; a document already on file is skipped,
//! so running an import twice creates nobody twice. Imported learners have no password: they log
//! in by SMS the first time and set one.

use std::io::Cursor;

use jxjy_store::audit::Actor;
use jxjy_store::learners::{Duplicate, NewLearner, Profile};
use serde::Serialize;

use crate::accounts::input::{self, Errors, ProfileInput, YearInput};
use crate::admin::AdminAuth;
use crate::{AppError, Context, format};

/// Recognised column headings (Chinese as exported, or the API's field names).
const COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["姓名", "name"]),
    ("id_type", &["证件类型", "id_type"]),
    (
        "id_number",
        &["证件号码", "身份证号", "证件号", "id_number"],
    ),
    ("phone", &["手机号", "手机号码", "phone"]),
    ("gender", &["性别", "gender"]),
    ("birth_date", &["出生日期", "birth_date"]),
    ("education", &["学历", "education"]),
    ("employer", &["工作单位", "employer"]),
    ("region_code", &["主管部门代码", "地区代码", "region_code"]),
    (
        "qualification_level",
        &["资格等级", "会计专业技术资格", "qualification_level"],
    ),
    (
        "qualification_year",
        &["取得资格年度", "qualification_year"],
    ),
    (
        "work_start_year",
        &[
            "从事会计工作年度",
            "开始从事会计工作年度",
            "work_start_year",
        ],
    ),
];

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RejectedRow {
    /// The row number in the file (the heading is row 1).
    pub row: usize,
    /// Masked.
    pub id_number: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub rows: usize,
    pub created: usize,
    /// Documents already on file: left as they are.
    pub existing: usize,
    pub rejected: Vec<RejectedRow>,
}

impl ImportReport {
    /// The rejected rows as CSV (UTF-8 with BOM), for download.
    pub fn rejected_csv(&self) -> String {
        let mut out = String::from("\u{feff}行号,证件号码,原因\n");
        for r in &self.rejected {
            out.push_str(&format!(
                "{},\"{}\",\"{}\"\n",
                r.row,
                r.id_number.replace('"', "\"\""),
                r.reason.replace('"', "\"\"")
            ));
        }
        out
    }
}

/// The file's rows as text cells, the heading first.
fn read_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    if bytes.starts_with(b"PK") {
        use calamine::{Reader, Xlsx, open_workbook_from_rs};
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
            .map_err(|_| bad_file("无法读取 xlsx 文件"))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| bad_file("xlsx 文件没有工作表"))?
            .map_err(|_| bad_file("无法读取 xlsx 工作表"))?;
        return Ok(range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect());
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes))
        .map_err(|_| bad_file("CSV 文件须为 UTF-8 编码（在 Excel 中另存为“CSV UTF-8”）"))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| bad_file(&format!("CSV 格式有误：{e}")))?;
        rows.push(record.iter().map(|s| s.trim().to_string()).collect());
    }
    Ok(rows)
}

fn cell_text(c: &calamine::Data) -> String {
    match c {
        // Years and codes come as numbers from spreadsheets.
        calamine::Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

fn bad_file(message: &str) -> AppError {
    AppError::bad_request("invalid_file", message).on_field("file")
}

fn level_code(raw: &str) -> String {
    match raw.trim() {
        "无" | "" => "none".into(),
        "初级" | "初级及以下" => "junior".into(),
        "中级" => "intermediate".into(),
        "高级" | "正高级" => "senior".into(),
        other => other.to_string(),
    }
}

/// The roster template to download: every column's heading (UTF-8 with BOM, so spreadsheet
/// programs read the Chinese) and one example row whose name marks it for deletion; left in,
/// it is refused as a row, never imported.
pub fn roster_template_csv(region_code: &str) -> String {
    let headings: Vec<&str> = COLUMNS.iter().map(|(_, names)| names[0]).collect();
    let example = [
        ("name", "（示例行，导入前请删除）张三"),
        ("id_type", "居民身份证"),
        ("id_number", "11010519491231002X"),
        ("phone", "13800000000"),
        ("gender", "男"),
        ("birth_date", "1949-12-31"),
        ("education", "本科"),
        ("employer", "某某有限公司"),
        ("region_code", region_code),
        ("qualification_level", "初级"),
        ("qualification_year", "2020"),
        ("work_start_year", "2018"),
    ];
    let row: Vec<String> = COLUMNS
        .iter()
        .map(|(field, _)| {
            let v = example
                .iter()
                .find(|(f, _)| f == field)
                .map(|(_, v)| *v)
                .unwrap_or("");
            format!("\"{}\"", v.replace('"', "\"\""))
        })
        .collect();
    format!("\u{feff}{}\n{}\n", headings.join(","), row.join(","))
}

fn id_type_code(raw: &str) -> String {
    let raw = raw.trim();
    jxjy_domain::IdType::ALL
        .iter()
        .find(|t| t.label() == raw)
        .map(|t| t.as_str().to_string())
        .unwrap_or_else(|| {
            if raw.is_empty() {
                "resident_id".into()
            } else {
                raw.to_string()
            }
        })
}

fn gender_code(raw: &str) -> String {
    match raw.trim() {
        "男" => "male".into(),
        "女" => "female".into(),
        other => other.to_string(),
    }
}

pub async fn import(
    state: &Context,
    admin: &AdminAuth,
    bytes: &[u8],
    actor: &Actor,
) -> Result<ImportReport, AppError> {
    let rows = read_rows(bytes)?;
    let Some((heading, body)) = rows.split_first() else {
        return Err(bad_file("文件是空的"));
    };
    let index = |field: &str| {
        let names = COLUMNS
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, n)| *n)
            .unwrap_or(&[]);
        heading.iter().position(|h| names.contains(&h.trim()))
    };
    for required in ["name", "id_number", "phone", "region_code"] {
        if index(required).is_none() {
            return Err(bad_file(&format!(
                "缺少必需的列：{}",
                COLUMNS
                    .iter()
                    .find(|(f, _)| *f == required)
                    .map(|(_, n)| n[0])
                    .unwrap_or(required)
            )));
        }
    }
    let today = format::today().ok_or_else(|| AppError::internal("clock"))?;
    let regions = state.store.regions().all().await?;
    let mut report = ImportReport {
        rows: 0,
        created: 0,
        existing: 0,
        rejected: Vec::new(),
    };
    for (i, row) in body.iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        report.rows += 1;
        let get = |field: &str| {
            index(field)
                .and_then(|k| row.get(k))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let row_no = i + 2;
        let raw_id = get("id_number");
        let masked =
            crate::admin::console::masked(&id_type_code(&get("id_type")), &raw_id.to_uppercase());
        let reject = |reason: String| RejectedRow {
            row: row_no,
            id_number: masked.clone(),
            reason,
        };
        let mut errors = Errors::default();
        let document =
            input::parse_document(&id_type_code(&get("id_type")), &raw_id, today, &mut errors);
        let profile_input = ProfileInput {
            name: get("name"),
            phone: get("phone"),
            gender: gender_code(&get("gender")),
            birth_date: get("birth_date"),
            education: {
                let e = get("education");
                if e.is_empty() { "其他".into() } else { e }
            },
            employer: {
                let e = get("employer");
                if e.is_empty() { "未填写".into() } else { e }
            },
            region_code: get("region_code"),
            qualification_level: level_code(&get("qualification_level")),
            qualification_year: YearInput::Text(get("qualification_year")),
            work_start_year: YearInput::Text(get("work_start_year")),
        };
        let profile = input::parse_profile(&profile_input, document.as_ref(), today, &mut errors);
        let (Some(document), Some(p), true) = (document, profile, errors.0.is_empty()) else {
            let reason = errors
                .0
                .iter()
                .map(|f| format!("{}：{}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("；");
            report.rejected.push(reject(reason));
            continue;
        };
        match regions.iter().find(|r| r.code == p.region_code) {
            None => {
                report
                    .rejected
                    .push(reject(format!("主管部门代码不存在：{}", p.region_code)));
                continue;
            }
            Some(r) if !r.path.starts_with(&admin.session.region_path) => {
                report
                    .rejected
                    .push(reject("主管部门不在您的管辖范围内".into()));
                continue;
            }
            Some(_) => {}
        }
        if state
            .store
            .learners()
            .learner_by_id_number(document.as_str())
            .await?
            .is_some()
        {
            report.existing += 1;
            continue;
        }
        let gender = p.gender.map(|g| g.as_str().to_string()).unwrap_or_default();
        let birth = p.birth_date.map(|d| d.to_string()).unwrap_or_default();
        let new = NewLearner {
            id_type: document.id_type().as_str(),
            id_number: document.as_str(),
            password_hash: "",
            profile: Profile {
                name: p.name.as_str(),
                phone: p.phone.as_str(),
                gender: &gender,
                birth_date: &birth,
                education: &p.education,
                employer: &p.employer,
                region_code: &p.region_code,
                qualification_level: p.qualification_level.as_str(),
                qualification_year: p.qualification_year.map(i64::from),
                work_start_year: p.work_start_year.map(i64::from),
                first_required_year: p.first_required_year.map(i64::from),
            },
        };
        match state
            .store
            .learners()
            .create_learner(&new, actor, format::now())
            .await
        {
            Ok(_) => report.created += 1,
            Err(e) => match Duplicate::of(&e) {
                Some(Duplicate::IdNumber) => report.existing += 1,
                Some(Duplicate::Phone) => report
                    .rejected
                    .push(reject("手机号已被其他账号使用".into())),
                None => return Err(e.into()),
            },
        }
    }
    Ok(report)
}
