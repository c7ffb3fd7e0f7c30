//! The employer's staff list for a year (each person's 达标 status and what is missing, judged
//! by the same `YearJudge` as the learner's own 学分查询) and its xlsx export.

use std::io::{Seek, SeekFrom, Write};
use std::net::IpAddr;

use jxjy_store::audit::Entry;
use jxjy_store::console::Thresholds;
use jxjy_store::staff::StaffFilter;
use jxjy_store::{Page, PageRequest};
use rust_xlsxwriter::Workbook;

use super::EmployerAuth;
use super::view::StaffItem;
use crate::admin::export::{Download, ExportFile, XLSX};
use crate::credits::YearJudge;
use crate::{AppError, Context, format};

/// The list shows this many people a page.
pub const PER_PAGE: i64 = 20;
/// An export holds at most this many people (far above any employer's staff).
const EXPORT_MOST: i64 = 100_000;

#[derive(Debug, Clone, Default)]
pub struct StaffQuery {
    pub year: Option<i64>,
    pub met: Option<bool>,
    pub enrolled: Option<bool>,
    pub q: String,
    pub page: Option<i64>,
}

fn judge_of(cx: &Context, year: Option<i64>) -> Result<YearJudge, AppError> {
    let year = year.unwrap_or_else(|| i64::from(format::this_year()));
    let year = crate::admin::console::console_year(year)?;
    YearJudge::of(cx, year)
}

fn filter_of(judge: &YearJudge, q: &StaffQuery) -> StaffFilter {
    StaffFilter {
        year: judge.year,
        met: q.met,
        enrolled: q.enrolled,
        q: q.q.chars().take(50).collect(),
        judged: judge.judged(),
        thresholds: Thresholds {
            total: judge.rule.total().tenths(),
            professional: judge.rule.professional_required().tenths(),
            public: judge.rule.public_min().tenths(),
        },
    }
}

/// One page of the staff list, and the year it is of.
pub async fn list(
    cx: &Context,
    auth: &EmployerAuth,
    q: &StaffQuery,
) -> Result<(Page<StaffItem>, i64), AppError> {
    auth.require_approved()?;
    let judge = judge_of(cx, q.year)?;
    let page = cx
        .store
        .staff()
        .staff(
            auth.employer_id,
            &filter_of(&judge, q),
            PageRequest::new(q.page, PER_PAGE),
        )
        .await?;
    let items = page
        .items
        .into_iter()
        .map(|r| StaffItem::of(r, &judge))
        .collect();
    Ok((
        Page {
            items,
            total: page.total,
            page: page.page,
            per_page: page.per_page,
        },
        judge.year,
    ))
}

const HEADINGS: [&str; 10] = [
    "姓名",
    "证件号码",
    "关联状态",
    "专业课学分",
    "公需课学分",
    "总学分",
    "达标状态",
    "还差",
    "报名网校",
    "报名状态",
];

/// The staff list of a year as xlsx: `{单位名称}-2026年度人员学习情况.xlsx`. Audited.
pub async fn export(
    cx: &Context,
    auth: &EmployerAuth,
    year: Option<i64>,
    ip: IpAddr,
) -> Result<Download, AppError> {
    auth.require_approved()?;
    let judge = judge_of(cx, year)?;
    let query = StaffQuery::default();
    let rows = cx
        .store
        .staff()
        .staff(
            auth.employer_id,
            &filter_of(&judge, &query),
            PageRequest::unbounded(EXPORT_MOST),
        )
        .await?;
    let items: Vec<StaffItem> = rows
        .items
        .into_iter()
        .map(|r| StaffItem::of(r, &judge))
        .collect();
    let count = items.len();
    let dir = crate::admin::export::temp_dir(cx)?;
    let year = judge.year;
    let file = tokio::task::spawn_blocking(move || write_xlsx(&items, year, &dir))
        .await
        .map_err(AppError::internal)??;
    let detail = serde_json::json!({"year": year, "rows": count}).to_string();
    let w = cx.store.begin_audited().await?;
    w.commit(&Entry::new(
        format::now(),
        &auth.actor(ip),
        "export.staff",
        ("employer", &auth.employer_id.to_string()),
        &detail,
    ))
    .await?;
    let who: String = auth
        .name
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .collect();
    Ok(Download {
        file: ExportFile::from_std(file)?,
        content_type: XLSX,
        fallback: format!("staff-{year}.xlsx"),
        name: format!("{who}-{year}年度人员学习情况.xlsx"),
    })
}

fn write_xlsx(
    items: &[StaffItem],
    year: i64,
    dir: &std::path::Path,
) -> Result<std::fs::File, AppError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet
        .set_name(format!("{year}年度"))
        .map_err(AppError::internal)?;
    for (c, h) in HEADINGS.iter().enumerate() {
        sheet
            .write_string(0, c as u16, *h)
            .map_err(AppError::internal)?;
    }
    for (r, i) in items.iter().enumerate() {
        let row = u32::try_from(r + 1).map_err(AppError::internal)?;
        sheet
            .write_string(row, 0, &i.name)
            .map_err(AppError::internal)?;
        sheet
            .write_string(row, 1, &i.id_number)
            .map_err(AppError::internal)?;
        sheet
            .write_string(row, 2, &i.link_label)
            .map_err(AppError::internal)?;
        if let Some(earned) = &i.earned {
            for (c, v) in [earned.professional.0, earned.public.0, earned.total.0]
                .iter()
                .enumerate()
            {
                sheet
                    .write_number(row, 3 + c as u16, *v as f64 / 10.0)
                    .map_err(AppError::internal)?;
            }
        }
        sheet
            .write_string(row, 6, i.status_label.as_deref().unwrap_or("—"))
            .map_err(AppError::internal)?;
        sheet
            .write_string(row, 7, i.missing_text())
            .map_err(AppError::internal)?;
        if let Some(en) = &i.enrollment {
            sheet
                .write_string(row, 8, &en.institution_name)
                .map_err(AppError::internal)?;
            let label = if en.by_employer {
                format!("{}（由单位报名）", en.status_label)
            } else {
                en.status_label.clone()
            };
            sheet
                .write_string(row, 9, label)
                .map_err(AppError::internal)?;
        } else if i.status.is_some() {
            sheet
                .write_string(row, 9, "未报名")
                .map_err(AppError::internal)?;
        }
    }
    sheet.set_column_width(1, 22).map_err(AppError::internal)?;
    sheet.set_column_width(2, 16).map_err(AppError::internal)?;
    sheet.set_column_width(7, 24).map_err(AppError::internal)?;
    sheet.set_column_width(8, 28).map_err(AppError::internal)?;
    let mut file = tempfile::tempfile_in(dir).map_err(AppError::internal)?;
    {
        let mut out = std::io::BufWriter::new(&file);
        workbook
            .save_to_writer(&mut out)
            .map_err(AppError::internal)?;
        out.flush().map_err(AppError::internal)?;
    }
    file.seek(SeekFrom::Start(0)).map_err(AppError::internal)?;
    Ok(file)
}
