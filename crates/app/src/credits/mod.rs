//! 学分查询 use cases: the learner's report (rows per year and study method, each year's
//! compliance), a year's 详情, the 学时证明 and its public verification, and an admin's
//! correction of a ledger record. Shared by the learner's pages and the JSON API.

pub mod certificate;
pub mod pdf;
pub mod view;

use std::net::IpAddr;

use jxjy_domain::{CreditRule, RecordsSince, YearCredits, YearEvaluation};
use jxjy_store::StoreError;
use jxjy_store::credits::ReverseRefused;
use jxjy_store::learners::LearnerRow;

use crate::admin::AdminAuth;
use crate::{AppError, Context, format};
pub use view::{CreditReport, RecordView, RowView, RuleView, YearDetail, YearView};

/// The rule in force for `year` (configuration was validated at start-up).
pub fn rule_of(state: &Context, year: i64) -> Result<CreditRule, AppError> {
    i32::try_from(year).map_err(|_| AppError::not_found("没有该年度的学分记录"))?;
    Ok(state.rules.rule(year))
}

/// Where this platform's own records begin.
pub fn records_since(state: &Context) -> Result<RecordsSince, AppError> {
    Ok(state.rules.records_since())
}

/// What judges one year: its rule, and whether the platform's records reach back to it.
#[derive(Debug, Clone, Copy)]
pub struct YearJudge {
    pub year: i64,
    pub rule: CreditRule,
    pub since: RecordsSince,
}

impl YearJudge {
    pub fn of(state: &Context, year: i64) -> Result<YearJudge, AppError> {
        Ok(YearJudge {
            year,
            rule: rule_of(state, year)?,
            since: records_since(state)?,
        })
    }

    /// Whether this platform gives the year a verdict; before `records_since` it does not
    /// (以全国平台为准), and nobody is counted as met or not met.
    pub fn judged(&self) -> bool {
        i32::try_from(self.year).is_ok_and(|y| self.since.judges(y))
    }

    /// A learner's year, evaluated and judged.
    pub fn evaluate(
        &self,
        first_required_year: Option<i64>,
        earned: YearCredits,
    ) -> YearEvaluation {
        let year = i32::try_from(self.year).unwrap_or(i32::MAX);
        let first = first_required_year.and_then(|y| i32::try_from(y).ok());
        self.since
            .judge(year, self.rule.evaluate(year, first, earned))
    }
}

fn first_required(learner: &LearnerRow) -> Option<i32> {
    learner
        .first_required_year
        .and_then(|y| i32::try_from(y).ok())
}

/// Evaluates one year of a learner from its earned credits.
pub fn evaluate(
    state: &Context,
    learner: &LearnerRow,
    year: i64,
    earned: YearCredits,
) -> Result<YearEvaluation, AppError> {
    Ok(YearJudge::of(state, year)?.evaluate(learner.first_required_year, earned))
}

/// 学分查询: the learner, one row per year and study method, one entry per year of the report.
pub async fn report(state: &Context, learner_id: i64) -> Result<CreditReport, AppError> {
    let jxjy_store::learners::LearnerCredits {
        learner,
        sums,
        activity_years,
    } = state
        .store
        .learners()
        .learner_with_credit_sums(learner_id)
        .await?;
    report_of(state, learner, &sums, &activity_years)
}

/// 学分查询 for the learner of a session token, with who they are: the session check and the
/// report's reads are one read of the store (what everybody opens at a deadline). `None`
/// when the token is no live learner session.
pub async fn report_by_session(
    state: &Context,
    token: &str,
) -> Result<Option<SessionReport>, AppError> {
    let hash = crate::auth::token_hash(token);
    let Some(found) = state
        .store
        .learner_credits_by_session(&hash, state.settings.session_idle_secs, format::now())
        .await?
    else {
        return Ok(None);
    };
    let auth = crate::auth::LearnerAuth {
        learner_id: found.learner.id,
        name: found.learner.name.clone(),
        token_hash: hash,
        unread: Some(found.unread),
    };
    let first_required_year = found.learner.first_required_year;
    let report = report_of(state, found.learner, &found.sums, &found.activity_years)?;
    Ok(Some(SessionReport {
        auth,
        report,
        first_required_year,
    }))
}

/// What `report_by_session` found.
#[derive(Debug, Clone)]
pub struct SessionReport {
    pub auth: crate::auth::LearnerAuth,
    pub report: CreditReport,
    pub first_required_year: Option<i64>,
}

fn report_of(
    state: &Context,
    learner: LearnerRow,
    sums: &[jxjy_store::credits::MethodSum],
    activity_years: &std::collections::BTreeSet<i64>,
) -> Result<CreditReport, AppError> {
    let activity = activity_years
        .iter()
        .filter_map(|y| i32::try_from(*y).ok())
        .collect();
    let mut years = Vec::new();
    for y in
        records_since(state)?.report_years(first_required(&learner), &activity, format::this_year())
    {
        let year = i64::from(y);
        let earned = view::year_credits(sums, year);
        let evaluation = evaluate(state, &learner, year, earned)?;
        years.push(YearView::new(
            year,
            earned,
            &evaluation,
            &rule_of(state, year)?,
        ));
    }
    Ok(CreditReport {
        rows: view::ordered_rows(sums),
        years,
        learner: view::LearnerRef {
            name: learner.name,
            id_number: learner.id_number,
            authority: learner.authority_name,
        },
    })
}

/// Years a learner may ask about: anything a person could have studied in.
pub fn check_year(year: i64) -> Result<i64, AppError> {
    let this_year = i64::from(format::this_year());
    if (1980..=this_year + 1).contains(&year) {
        Ok(year)
    } else {
        Err(AppError::not_found(format!("没有 {year} 年度的学分记录")))
    }
}

/// A year's compliance and requirement, its rows and every record (详情).
pub async fn year_detail(
    state: &Context,
    learner_id: i64,
    year: i64,
) -> Result<YearDetail, AppError> {
    let year = check_year(year)?;
    let learner = state.store.learners().learner(learner_id).await?;
    let sums = state.store.ledger().credit_sums(learner_id).await?;
    let earned = view::year_credits(&sums, year);
    let evaluation = evaluate(state, &learner, year, earned)?;
    let rule = rule_of(state, year)?;
    let rows = view::ordered_rows(&sums)
        .into_iter()
        .filter(|r| r.year == year)
        .collect();
    let records = state
        .store
        .ledger()
        .credit_records_of_year(learner_id, year)
        .await?
        .into_iter()
        .map(RecordView::from)
        .collect();
    Ok(YearDetail {
        summary: YearView::new(year, earned, &evaluation, &rule),
        rule: RuleView::from(&rule),
        rows,
        records,
    })
}

/// Reverses a ledger record of a learner in the admin's scope (`POST
/// /api/v1/admin/credit-records/{id}/reverse`): a new record with the negative amount.
pub async fn reverse_record(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
    reason: &str,
    ip: IpAddr,
) -> Result<RecordView, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::bad_request(
            "invalid_input",
            "请填写更正原因（1-200 字），学员会在学分详情中看到",
        )
        .on_field("reason"));
    }
    let actor = admin.actor(ip);
    let outcome = state
        .store
        .ledger()
        .reverse_credit_record(
            id,
            &admin.session.region_path,
            reason,
            &actor,
            format::now(),
        )
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("学分记录不存在"),
            other => other.into(),
        })?;
    match outcome {
        Ok(row) => Ok(row.into()),
        Err(ReverseRefused::AlreadyReversed) => Err(AppError::conflict(
            "already_reversed",
            "这条学分记录已经冲销过了，不能重复冲销",
        )),
        Err(ReverseRefused::IsReversal) => Err(AppError::conflict(
            "record_is_reversal",
            "这是一条冲销记录，不能再冲销；如需恢复学分，请由网校或申报重新登记",
        )),
    }
}
