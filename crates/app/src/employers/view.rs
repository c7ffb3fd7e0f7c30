//! What the employer console, the learner and the admin API show of employers and staff.

use jxjy_domain::{Credits, EnrollmentStatus, LinkState, YearCredits, shows_year};
use jxjy_store::employers::EmployerRow;
use jxjy_store::staff::{LinkRow, StaffRow};
use serde::Serialize;

use crate::accounts::view::masked_document;
use crate::credits::YearJudge;
use crate::credits::view::{MissingView, YearView};
use crate::format;
use crate::training::view::CreditSums;

/// An employer account.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EmployerView {
    pub id: i64,
    pub name: String,
    pub uscc: String,
    pub region_code: String,
    /// The 主管部门 of its region: `沈阳市和平区财政局`.
    pub authority: String,
    pub contact_name: String,
    pub phone: String,
    /// pending | approved | rejected
    pub status: String,
    /// 待审核 | 已通过 | 未通过
    pub status_label: String,
    /// Why it was rejected; null otherwise.
    pub reject_reason: Option<String>,
    /// Confirmed staff.
    pub staff: i64,
    /// RFC 3339: when it registered (or applied again).
    pub registered_at: String,
    pub decided_at: Option<String>,
}

impl EmployerView {
    /// The day it registered (or applied again), `2026-12-03`, for the pages.
    pub fn registered_on(&self) -> &str {
        self.registered_at.get(..10).unwrap_or(&self.registered_at)
    }
}

impl From<EmployerRow> for EmployerView {
    fn from(e: EmployerRow) -> Self {
        EmployerView {
            id: e.id,
            name: e.name,
            uscc: e.uscc,
            region_code: e.region_code,
            authority: e.authority_name,
            contact_name: e.contact_name,
            phone: e.phone,
            status: e.status.as_str().to_string(),
            status_label: e.status.label().to_string(),
            reject_reason: e.reject_reason,
            staff: e.staff,
            registered_at: format::rfc3339(e.created_at),
            decided_at: e.decided_at.map(format::rfc3339),
        }
    }
}

/// A learner's link to an employer, as the learner sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LinkView {
    pub employer_id: i64,
    pub employer_name: String,
    pub uscc: String,
    /// requested (waiting for the employer) | invited (waiting for you) | confirmed
    pub link: String,
    pub link_label: String,
    /// The first year the employer sees (from the confirmation on); null until confirmed.
    pub since_year: Option<i64>,
}

impl From<LinkRow> for LinkView {
    fn from(k: LinkRow) -> Self {
        let label = match k.state {
            LinkState::Requested => "已申请，待单位确认",
            LinkState::Invited => "单位邀请您加入，待您接受",
            other => other.label(),
        };
        LinkView {
            employer_id: k.employer_id,
            employer_name: k.employer_name,
            uscc: k.employer_uscc,
            link: k.state.as_str().to_string(),
            link_label: label.to_string(),
            since_year: k.since_year,
        }
    }
}

/// The staff member's enrollment of the year, as its employer sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffEnrollment {
    pub id: i64,
    /// enrolled | paid | credited
    pub status: String,
    pub status_label: String,
    pub institution_name: String,
    /// Whether this employer enrolled them (团报).
    pub by_employer: bool,
}

/// One person of the staff list. `status`, `missing`, `earned` and `enrollment` are null unless
/// the link is confirmed and covers the year.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffItem {
    pub learner_id: i64,
    pub name: String,
    /// Masked: `2101**********0012`.
    pub id_number: String,
    /// confirmed | requested | invited
    pub link: String,
    pub link_label: String,
    /// met | not_met | not_required | no_record
    pub status: Option<String>,
    pub status_label: Option<String>,
    pub missing: Option<MissingView>,
    pub earned: Option<CreditSums>,
    pub enrollment: Option<StaffEnrollment>,
}

impl StaffItem {
    pub fn of(row: StaffRow, judge: &YearJudge) -> StaffItem {
        let shown = shows_year(row.state, row.since_year, judge.year);
        let year = shown.then(|| {
            let earned = YearCredits::new(
                Credits::from_tenths(row.professional_tenths),
                Credits::from_tenths(row.public_tenths),
            );
            let eval = judge.evaluate(row.first_required_year, earned);
            YearView::new(judge.year, earned, &eval, &judge.rule)
        });
        let enrollment = match (shown, row.enrollment_id, &row.enrollment_status) {
            (true, Some(id), Some(code)) => {
                code.parse::<EnrollmentStatus>()
                    .ok()
                    .map(|s| StaffEnrollment {
                        id,
                        status: s.as_str().to_string(),
                        status_label: s.label().to_string(),
                        institution_name: row.institution_name.clone().unwrap_or_default(),
                        by_employer: row.by_employer == 1,
                    })
            }
            _ => None,
        };
        StaffItem {
            learner_id: row.learner_id,
            name: row.name,
            id_number: masked_document(&row.id_type, &row.id_number),
            link: row.state.as_str().to_string(),
            link_label: match row.state {
                // As the employer reads it: the request is the learner's, the next step its own.
                LinkState::Requested => "本人申请，待本单位确认".to_string(),
                other => other.label().to_string(),
            },
            status: year.as_ref().map(|y| y.status.clone()),
            status_label: year.as_ref().map(|y| y.status_label().to_string()),
            missing: year.as_ref().map(|y| y.missing.clone()),
            earned: year.map(|y| y.earned),
            enrollment,
        }
    }

    /// What the list's 还差 column says: the missing credits, or the status when nothing lacks.
    pub fn missing_text(&self) -> String {
        match (&self.status, &self.missing) {
            (Some(s), Some(m)) if s == "not_met" => m.short(),
            (Some(_), _) => self.status_label.clone().unwrap_or_default(),
            (None, _) => "—".to_string(),
        }
    }
}
