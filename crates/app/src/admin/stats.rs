//! 统计: per sub-region of the admin's region and per school, for one year. Shared by the
//! dashboard, the statistics API and its export.

use serde::Serialize;

use crate::admin::AdminAuth;
use crate::admin::console;
use crate::{AppError, Context};

#[derive(Serialize, utoipa::ToSchema)]
pub struct StatItem {
    pub code: String,
    pub authority: String,
    pub learners: i64,
    /// Learners who must study this year (past their first required year).
    pub required: i64,
    pub enrolled: i64,
    pub credited: i64,
    pub met: i64,
    /// met / required, 0..1 (0 when nobody is required).
    pub rate: f64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionStatItem {
    pub id: i64,
    pub name: String,
    /// Non-cancelled enrollments of learners in scope.
    pub enrolled: i64,
    pub paid: i64,
    pub credited: i64,
    /// Of the enrolled learners, those who met the year's rule.
    pub met: i64,
}

pub fn institution_stat_item(i: jxjy_store::console::InstitutionStat) -> InstitutionStatItem {
    InstitutionStatItem {
        id: i.id,
        name: i.name,
        enrolled: i.enrolled,
        paid: i.paid,
        credited: i.credited,
        met: i.met,
    }
}

/// One employer's confirmed staff in scope, for the year (统计 by 单位).
#[derive(Serialize, utoipa::ToSchema)]
pub struct EmployerStatItem {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    pub staff: i64,
    pub required: i64,
    pub enrolled: i64,
    pub credited: i64,
    pub met: i64,
}

pub fn employer_stat_item(e: jxjy_store::staff_stats::EmployerStat) -> EmployerStatItem {
    EmployerStatItem {
        id: e.id,
        name: e.name,
        uscc: e.uscc,
        staff: e.staff,
        required: e.required,
        enrolled: e.enrolled,
        credited: e.credited,
        met: e.met,
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Stats {
    pub year: i64,
    pub items: Vec<StatItem>,
    /// Per school, for the learners in scope.
    pub institutions: Vec<InstitutionStatItem>,
    /// Per employer (单位), its confirmed staff in scope.
    pub employers: Vec<EmployerStatItem>,
}

pub fn stat_item(r: jxjy_store::console::StatRow) -> StatItem {
    let rate = if r.required > 0 {
        ((r.met as f64 / r.required as f64) * 10_000.0).round() / 10_000.0
    } else {
        0.0
    };
    StatItem {
        code: r.code,
        authority: r.authority_name,
        learners: r.learners,
        required: r.required,
        enrolled: r.enrolled,
        credited: r.credited,
        met: r.met,
        rate,
    }
}

/// The year's statistics of the admin's scope.
pub async fn of_year(state: &Context, admin: &AdminAuth, year: i64) -> Result<Stats, AppError> {
    let items = console::stats(state, admin, year)
        .await?
        .into_iter()
        .map(stat_item)
        .collect();
    let institutions = console::institution_stats(state, admin, year)
        .await?
        .into_iter()
        .map(institution_stat_item)
        .collect();
    let employers = console::employer_stats(state, admin, year)
        .await?
        .into_iter()
        .map(employer_stat_item)
        .collect();
    Ok(Stats {
        year,
        items,
        institutions,
        employers,
    })
}
