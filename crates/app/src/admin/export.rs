//! The large exports, written so that a province of a million learners never sits in memory:
//! the store is read in keyset pages, rows are written to an unnamed temp file under
//! `{data_dir}/tmp` (the compliance list with rust_xlsxwriter's constant-memory worksheet, the
//! national-platform credits as CSV), and the response body is streamed from that file. The
//! file has no name on disk, so it disappears with the response even if the process dies.

use std::io::{Seek, SeekFrom, Write};
use std::path::PathBuf;

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::admin::AdminAuth;
use crate::admin::console::{AdminLearnerItem, item};
use crate::{AppError, Context, format};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";

/// The rows an xlsx worksheet holds below its heading; a larger scope continues on a new sheet.
const MAX_SHEET_ROWS: u32 = 1_048_575;

/// A file to hand to the user: its content, type, and the names it is saved under
/// (`fallback` for old clients, `name` in Chinese).
pub struct Download {
    pub file: ExportFile,
    pub content_type: &'static str,
    pub fallback: String,
    pub name: String,
}

/// A finished export in an unnamed temp file, positioned at its start.
pub struct ExportFile {
    pub file: tokio::fs::File,
    pub len: u64,
}

impl ExportFile {
    /// A finished file, positioned at its start.
    pub fn from_std(file: std::fs::File) -> Result<ExportFile, AppError> {
        let len = file.metadata().map_err(AppError::internal)?.len();
        Ok(ExportFile {
            file: tokio::fs::File::from_std(file),
            len,
        })
    }
}

/// A download's Chinese name: `和平区财政局-2026年度达标名单.xlsx`. Characters a file system
/// refuses are dropped from the authority's name.
pub fn download_name(admin: &AdminAuth, year: i64, what: &str, ext: &str) -> String {
    let who: String = admin
        .session
        .display_name
        .chars()
        .filter(|c| {
            !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') && !c.is_control()
        })
        .collect();
    format!("{who}-{year}年度{what}.{ext}")
}

/// The audit record of a download of the admin's scope (`export.compliance`, `export.credits`,
/// `export.learners`), with what was asked for. One insert: a download changes nothing else.
pub async fn audit_download(
    state: &Context,
    admin: &AdminAuth,
    ip: std::net::IpAddr,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    jxjy_store::audit::record(
        state.store.pool(),
        &jxjy_store::audit::Entry {
            at: format::now(),
            actor: &admin.actor(ip),
            action,
            target_kind: "region",
            target_id: &admin.session.region_code,
            detail: &detail.to_string(),
        },
    )
    .await?;
    Ok(())
}

/// Where export files live while they are written and sent: on the data disk, not in `/tmp`
/// (often a RAM disk).
pub(crate) fn temp_dir(state: &Context) -> Result<PathBuf, AppError> {
    let dir = state.settings.data_dir.join("tmp");
    std::fs::create_dir_all(&dir).map_err(AppError::internal)?;
    Ok(dir)
}

fn status_label(status: &str) -> &'static str {
    status
        .parse::<jxjy_domain::YearStatus>()
        .map(|s| s.label())
        .unwrap_or("")
}

const COMPLIANCE_HEADINGS: [&str; 8] = [
    "主管部门",
    "姓名",
    "证件号码",
    "工作单位",
    "专业课学分",
    "公需课学分",
    "总学分",
    "状态",
];

/// The compliance list of the scope for a year: one row per learner (region, name, masked
/// document, employer, credits by category, status). Pages are read here and handed to a
/// blocking writer through a channel of two pages, so reading and writing overlap and at most
/// three pages are in memory.
pub async fn compliance_xlsx(
    state: &Context,
    admin: &AdminAuth,
    year: i64,
) -> Result<ExportFile, AppError> {
    let judge = crate::credits::YearJudge::of(state, crate::admin::console::console_year(year)?)?;
    let dir = temp_dir(state)?;
    let (tx, rx) = mpsc::channel::<Vec<AdminLearnerItem>>(2);
    let writer = tokio::task::spawn_blocking(move || write_compliance(rx, year, &dir));
    let mut after = 0;
    loop {
        let page = state
            .store
            .exports()
            .compliance_page(&admin.session.region_path, year, after)
            .await?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let items = page.into_iter().map(|r| item(r, &judge)).collect();
        if tx.send(items).await.is_err() {
            // The writer stopped; its error is returned below.
            break;
        }
    }
    drop(tx);
    let file = writer.await.map_err(AppError::internal)??;
    ExportFile::from_std(file)
}

fn heading(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    for (c, h) in COMPLIANCE_HEADINGS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    Ok(())
}

fn new_sheet(workbook: &mut Workbook, year: i64, n: usize) -> Result<usize, XlsxError> {
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    if n == 0 {
        sheet.set_name(format!("{year}年度达标情况"))?;
    } else {
        sheet.set_name(format!("{year}年度达标情况（续{n}）"))?;
    }
    heading(sheet)?;
    Ok(n)
}

/// The blocking half: writes every page it receives, then saves the workbook into an unnamed
/// temp file. `save_to_writer` runs the same code as `save(path)`: constant-memory worksheets
/// keep their rows in their own temp files and are copied into the zip from there.
pub(crate) fn write_compliance(
    mut rx: mpsc::Receiver<Vec<AdminLearnerItem>>,
    year: i64,
    dir: &std::path::Path,
) -> Result<std::fs::File, AppError> {
    let mut workbook = Workbook::new();
    workbook.set_tempdir(dir).map_err(AppError::internal)?;
    let mut sheet_no = new_sheet(&mut workbook, year, 0).map_err(AppError::internal)?;
    let mut row = 0u32;
    while let Some(items) = rx.blocking_recv() {
        for i in items {
            if row == MAX_SHEET_ROWS {
                sheet_no =
                    new_sheet(&mut workbook, year, sheet_no + 1).map_err(AppError::internal)?;
                row = 0;
            }
            row += 1;
            let sheet = workbook
                .worksheet_from_index(sheet_no)
                .map_err(AppError::internal)?;
            let cells = [&i.authority, &i.name, &i.id_number, &i.employer];
            for (c, v) in cells.iter().enumerate() {
                sheet
                    .write_string(row, c as u16, v.as_str())
                    .map_err(AppError::internal)?;
            }
            let numbers = [i.professional.0, i.public.0, i.total.0];
            for (c, tenths) in numbers.iter().enumerate() {
                sheet
                    .write_number(row, 4 + c as u16, *tenths as f64 / 10.0)
                    .map_err(AppError::internal)?;
            }
            sheet
                .write_string(row, 7, status_label(&i.status))
                .map_err(AppError::internal)?;
        }
    }
    let mut file = tempfile::tempfile_in(dir).map_err(AppError::internal)?;
    {
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, &file);
        workbook
            .save_to_writer(&mut out)
            .map_err(AppError::internal)?;
        out.flush().map_err(AppError::internal)?;
    }
    file.seek(SeekFrom::Start(0)).map_err(AppError::internal)?;
    Ok(file)
}

/// One CSV field: always quoted, quotes doubled, and a leading `= + - @` neutralised so that a
/// spreadsheet never runs it as a formula.
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The year's registered credits of the scope for the national platform: one row per learner
/// and record (full document numbers: the platform matches on them), read in keyset pages and
/// written to a temp file as they come.
pub async fn credits_csv(
    state: &Context,
    admin: &AdminAuth,
    year: i64,
) -> Result<ExportFile, AppError> {
    let year = crate::admin::console::console_year(year)?;
    let dir = temp_dir(state)?;
    let file = tokio::task::spawn_blocking(move || tempfile::tempfile_in(dir))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    let mut out = tokio::io::BufWriter::with_capacity(256 * 1024, tokio::fs::File::from_std(file));
    // A UTF-8 BOM so that spreadsheet programs read the Chinese correctly.
    out.write_all(
        "\u{feff}姓名,证件类型,证件号码,年度,学分类别,学分,学习方式,来源,课程或项目,完成时间,培训机构\n"
            .as_bytes(),
    )
    .await
    .map_err(AppError::internal)?;
    let mut after = 0;
    loop {
        let rows = state
            .store
            .console()
            .credit_export_page(&admin.session.region_path, year, after, 2000)
            .await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let mut chunk = String::with_capacity(rows.len() * 160);
        for r in &rows {
            let category = if r.category == jxjy_domain::Category::Professional {
                "专业科目"
            } else {
                "公需科目"
            };
            let method = r
                .method
                .parse::<jxjy_domain::StudyMethod>()
                .map(|m| m.label().to_string())
                .unwrap_or_else(|_| r.method.clone());
            let id_type = r
                .id_type
                .parse::<jxjy_domain::IdType>()
                .map(|t| t.label())
                .unwrap_or(r.id_type.as_str());
            let source = match r.source.as_str() {
                "school" => "网校报送",
                "claim" => "学分申报",
                "admin" => "管理员更正",
                other => other,
            };
            let line = [
                csv_field(&r.name),
                csv_field(id_type),
                csv_field(&r.id_number),
                r.year.to_string(),
                csv_field(category),
                jxjy_domain::Credits::from_tenths(r.credits_tenths).to_string(),
                csv_field(&method),
                csv_field(source),
                csv_field(&r.course),
                csv_field(&format::datetime(r.completed_at)),
                csv_field(r.institution_name.as_deref().unwrap_or("")),
            ]
            .join(",");
            chunk.push_str(&line);
            chunk.push('\n');
        }
        out.write_all(chunk.as_bytes())
            .await
            .map_err(AppError::internal)?;
    }
    out.flush().await.map_err(AppError::internal)?;
    let mut file = out.into_inner();
    file.rewind().await.map_err(AppError::internal)?;
    let len = file.metadata().await.map_err(AppError::internal)?.len();
    Ok(ExportFile { file, len })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("张三"), "\"张三\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_field("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(csv_field("-1"), "\"'-1\"");
    }
}
