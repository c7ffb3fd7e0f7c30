//! The console's use cases, shared by the admin pages and the admin API: the year's thresholds,
//! learners in scope, a learner's file, statistics, support actions and the compliance export.

use jxjy_domain::{Credits, YearCredits};
use jxjy_store::console::{InstitutionStat, LearnerFilter, LearnerListRow, StatRow, Thresholds};
use jxjy_store::{Page, PageRequest, StoreError};
use serde::Serialize;

use crate::admin::AdminAuth;
use crate::credits::YearJudge;
use crate::training::view::CreditsNum;
use crate::{AppError, Context, format};

/// A year the console can speak of: 1980 to next year. Anything else is a 400 naming `year`
/// (not a 404: the query, not a record, is wrong).
pub fn console_year(year: i64) -> Result<i64, AppError> {
    let next = i64::from(format::this_year()) + 1;
    if (1980..=next).contains(&year) {
        Ok(year)
    } else {
        Err(
            AppError::bad_request("invalid_query", format!("年度应在 1980 至 {next} 之间"))
                .on_field("year"),
        )
    }
}

/// The year's rule as thresholds in tenths (the domain's rule decides them).
pub fn thresholds(state: &Context, year: i64) -> Result<Thresholds, AppError> {
    let rule = state
        .settings
        .credit_rule(i32::try_from(year).unwrap_or(0))
        .map_err(AppError::internal)?;
    Ok(Thresholds {
        total: rule.total().tenths(),
        professional: rule.professional_required().tenths(),
        public: rule.public_min().tenths(),
    })
}

/// A document number as admins see it in lists and exports: masked (one rule, in
/// `accounts::view::masked_document`).
pub fn masked(id_type: &str, number: &str) -> String {
    crate::accounts::view::masked_document(id_type, number)
}

pub fn mask_phone(phone: &str) -> String {
    jxjy_domain::Phone::parse(phone)
        .map(|p| p.masked())
        .unwrap_or_else(|_| crate::accounts::view::masked_document("", phone))
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminLearnerItem {
    pub id: i64,
    pub name: String,
    /// Masked in lists; the detail view shows it in full to an in-scope admin.
    pub id_number: String,
    pub phone: String,
    pub employer: String,
    pub region_code: String,
    pub authority: String,
    pub year: i64,
    pub professional: CreditsNum,
    pub public: CreditsNum,
    pub total: CreditsNum,
    /// met | not_met | not_required | no_record
    pub status: String,
    pub locked: bool,
}

pub fn item(row: LearnerListRow, judge: &YearJudge) -> AdminLearnerItem {
    let year = judge.year;
    let earned = YearCredits::new(
        Credits::from_tenths(row.professional_tenths),
        Credits::from_tenths(row.public_tenths),
    );
    let eval = judge.evaluate(row.first_required_year, earned);
    AdminLearnerItem {
        id: row.id,
        name: row.name,
        id_number: masked(&row.id_type, &row.id_number),
        phone: row.phone.as_deref().map(mask_phone).unwrap_or_default(),
        employer: row.employer.unwrap_or_default(),
        region_code: row.region_code,
        authority: row.authority_name,
        year,
        professional: CreditsNum(row.professional_tenths),
        public: CreditsNum(row.public_tenths),
        total: CreditsNum(row.professional_tenths + row.public_tenths),
        status: eval.status.as_str().to_string(),
        locked: row.locked_until.is_some_and(|t| t > format::now()),
    }
}

/// The learner list's filters as the console and the API take them.
#[derive(Debug, Clone, Default)]
pub struct LearnerListQuery {
    pub q: Option<String>,
    pub region: Option<String>,
    pub year: i64,
    pub met: Option<bool>,
}

/// The store's filter for a list query, checked against the admin's scope, and the year's judge.
pub async fn learner_filter(
    state: &Context,
    admin: &AdminAuth,
    query: &LearnerListQuery,
) -> Result<(LearnerFilter, YearJudge), AppError> {
    let region_path = match query
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(code) => {
            let r = state.store.regions().region(code).await?.ok_or_else(|| {
                AppError::bad_request("invalid_input", "地区代码不存在").on_field("region")
            })?;
            if !r.path.starts_with(&admin.session.region_path) {
                return Err(AppError::forbidden("该地区不在您的管辖范围内"));
            }
            Some(r.path)
        }
        None => None,
    };
    let judge = YearJudge::of(state, console_year(query.year)?)?;
    let filter = LearnerFilter {
        q: query.q.clone(),
        region_path,
        year: query.year,
        met: query.met,
        judged: judge.judged(),
        thresholds: thresholds(state, query.year)?,
        after_id: 0,
    };
    Ok((filter, judge))
}

/// Learners in the admin's scope, one page.
pub async fn learners(
    state: &Context,
    admin: &AdminAuth,
    q: Option<String>,
    region: Option<&str>,
    year: i64,
    met: Option<bool>,
    page: Option<i64>,
) -> Result<Page<AdminLearnerItem>, AppError> {
    let query = LearnerListQuery {
        q,
        region: region.map(str::to_string),
        year,
        met,
    };
    let (filter, judge) = learner_filter(state, admin, &query).await?;
    let page = state
        .store
        .console()
        .learners_in_scope(
            &admin.session.region_path,
            &filter,
            PageRequest::new(page, 20),
        )
        .await?;
    Ok(Page {
        items: page.items.into_iter().map(|r| item(r, &judge)).collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// A learner in scope; outside it a 404, as if there were none.
pub async fn learner(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<jxjy_store::learners::LearnerRow, AppError> {
    state
        .store
        .console()
        .learner_in_scope(id, &admin.session.region_path)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("学员不存在或不在您的管辖范围内"),
            other => other.into(),
        })
}

pub async fn stats(
    state: &Context,
    admin: &AdminAuth,
    year: i64,
) -> Result<Vec<StatRow>, AppError> {
    let year = console_year(year)?;
    let mut rows = state
        .store
        .console()
        .stats(&admin.session.region_code, year, thresholds(state, year)?)
        .await?;
    if !YearJudge::of(state, year)?.judged() {
        // Before records_since the national platform judges: nobody is counted either way.
        for r in &mut rows {
            r.required = 0;
            r.met = 0;
        }
    }
    Ok(rows)
}

/// Per school, for the learners in scope: enrolled, paid, credited, met.
pub async fn institution_stats(
    state: &Context,
    admin: &AdminAuth,
    year: i64,
) -> Result<Vec<InstitutionStat>, AppError> {
    let year = console_year(year)?;
    let mut rows = state
        .store
        .console()
        .institution_stats(&admin.session.region_path, year, thresholds(state, year)?)
        .await?;
    if !YearJudge::of(state, year)?.judged() {
        for r in &mut rows {
            r.met = 0;
        }
    }
    Ok(rows)
}

/// Per employer, its confirmed staff in scope: required, enrolled, credited, met.
pub async fn employer_stats(
    state: &Context,
    admin: &AdminAuth,
    year: i64,
) -> Result<Vec<jxjy_store::staff_stats::EmployerStat>, AppError> {
    let year = console_year(year)?;
    let mut rows = state
        .store
        .staff()
        .employer_stats(&admin.session.region_path, year, thresholds(state, year)?)
        .await?;
    if !YearJudge::of(state, year)?.judged() {
        for r in &mut rows {
            r.required = 0;
            r.met = 0;
        }
    }
    Ok(rows)
}

pub async fn unlock(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
    ip: std::net::IpAddr,
) -> Result<(), AppError> {
    learner(state, admin, id).await?;
    state
        .store
        .console()
        .unlock_learner(id, &admin.actor(ip), format::now())
        .await?;
    Ok(())
}

/// The statistics of the scope for a year as xlsx: one sheet per sub-region, one per school.
pub async fn stats_xlsx(
    state: &Context,
    admin: &AdminAuth,
    year: i64,
) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::Workbook;
    let regions = stats(state, admin, year).await?;
    let schools = institution_stats(state, admin, year).await?;
    let employers = employer_stats(state, admin, year).await?;
    let judged = YearJudge::of(state, year)?.judged();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("各地区").map_err(AppError::internal)?;
    for (c, h) in [
        "主管部门",
        "学员",
        "应参加",
        "已报名",
        "已登记学分",
        "已达标",
        "达标率",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(0, c as u16, *h)
            .map_err(AppError::internal)?;
    }
    for (n, r) in regions.iter().enumerate() {
        let row = n as u32 + 1;
        sheet
            .write_string(row, 0, &r.authority_name)
            .map_err(AppError::internal)?;
        for (c, v) in [r.learners, r.required, r.enrolled, r.credited, r.met]
            .iter()
            .enumerate()
        {
            // Before records_since nobody is required or met: not 0, but not judged here.
            if !judged && (c == 1 || c == 4) {
                sheet
                    .write_string(row, c as u16 + 1, "—")
                    .map_err(AppError::internal)?;
                continue;
            }
            sheet
                .write_number(row, c as u16 + 1, *v as f64)
                .map_err(AppError::internal)?;
        }
        if r.required > 0 {
            let rate = r.met as f64 / r.required as f64;
            sheet
                .write_number(row, 6, (rate * 10_000.0).round() / 10_000.0)
                .map_err(AppError::internal)?;
        } else {
            // Nobody required: no rate to speak of (the dashboard shows the same dash).
            sheet
                .write_string(row, 6, "—")
                .map_err(AppError::internal)?;
        }
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name("各培训机构").map_err(AppError::internal)?;
    for (c, h) in ["培训机构", "报名", "已缴费", "已登记学分", "已达标"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(0, c as u16, *h)
            .map_err(AppError::internal)?;
    }
    for (n, s) in schools.iter().enumerate() {
        let row = n as u32 + 1;
        sheet
            .write_string(row, 0, &s.name)
            .map_err(AppError::internal)?;
        for (c, v) in [s.enrolled, s.paid, s.credited, s.met].iter().enumerate() {
            if !judged && c == 3 {
                sheet
                    .write_string(row, c as u16 + 1, "—")
                    .map_err(AppError::internal)?;
                continue;
            }
            sheet
                .write_number(row, c as u16 + 1, *v as f64)
                .map_err(AppError::internal)?;
        }
    }
    employer_sheet(&mut workbook, &employers, judged)?;
    workbook.save_to_buffer().map_err(AppError::internal)
}

/// The statistics' sheet 各单位: each employer's confirmed staff in scope.
fn employer_sheet(
    workbook: &mut rust_xlsxwriter::Workbook,
    employers: &[jxjy_store::staff_stats::EmployerStat],
    judged: bool,
) -> Result<(), AppError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name("各单位").map_err(AppError::internal)?;
    let headings = [
        "单位",
        "统一社会信用代码",
        "人员",
        "应参加",
        "已报名",
        "已登记学分",
        "已达标",
    ];
    for (c, h) in headings.iter().enumerate() {
        sheet
            .write_string(0, c as u16, *h)
            .map_err(AppError::internal)?;
    }
    for (n, e) in employers.iter().enumerate() {
        let row = n as u32 + 1;
        sheet
            .write_string(row, 0, &e.name)
            .map_err(AppError::internal)?;
        sheet
            .write_string(row, 1, &e.uscc)
            .map_err(AppError::internal)?;
        for (c, v) in [e.staff, e.required, e.enrolled, e.credited, e.met]
            .iter()
            .enumerate()
        {
            let col = c as u16 + 2;
            if !judged && (c == 1 || c == 4) {
                sheet
                    .write_string(row, col, "—")
                    .map_err(AppError::internal)?;
            } else {
                sheet
                    .write_number(row, col, *v as f64)
                    .map_err(AppError::internal)?;
            }
        }
    }
    Ok(())
}

/// A learner's whole file for an in-scope admin: 信息采集, enrollments, each year's compliance,
/// claims. Shared by the console page and `GET /api/v1/admin/learners/{id}`.
pub struct LearnerFile {
    pub row: jxjy_store::learners::LearnerRow,
    pub enrollments: Vec<crate::training::EnrollmentView>,
    pub years: Vec<crate::credits::view::YearView>,
    pub claims: Vec<crate::claims::view::ClaimView>,
    /// The employer of a confirmed staff link (单位), if any.
    pub employer: Option<crate::employers::LinkView>,
}

pub async fn learner_file(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<LearnerFile, AppError> {
    let row = learner(state, admin, id).await?;
    let enrollments = state
        .store
        .enrollments()
        .enrollments_of_learner(id)
        .await?
        .into_iter()
        .map(crate::training::EnrollmentView::from)
        .collect();
    let years = crate::credits::report(state, id).await?.years;
    let claim_rows = state.store.claims().claims_of_learner(id).await?;
    let files = state.store.claims().claim_files_of_learner(id).await?;
    let claims = claim_rows
        .iter()
        .map(|c| crate::claims::view::ClaimView::new(c, &files, "/api/v1/admin/claims"))
        .collect();
    let employer = state
        .store
        .staff()
        .links_of_learner(id)
        .await?
        .into_iter()
        .find(|k| k.state == jxjy_domain::LinkState::Confirmed)
        .map(crate::employers::LinkView::from);
    Ok(LearnerFile {
        row,
        enrollments,
        years,
        claims,
        employer,
    })
}

/// The `met` filter as the console and the API send it.
pub fn parse_met(raw: Option<&str>) -> Result<Option<bool>, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some("true" | "1" | "met") => Ok(Some(true)),
        Some("false" | "0" | "not_met") => Ok(Some(false)),
        Some(_) => {
            Err(AppError::bad_request("invalid_input", "met 只能是 true 或 false").on_field("met"))
        }
    }
}
