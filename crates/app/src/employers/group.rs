//! 团报: an employer enrolls chosen staff for a year and level with one school. Each learner
//! gets an ordinary enrollment through the same path as 确认报名 (the same state machine,
//! audit record and change-feed entry), marked with the employer; it applies per learner, and
//! those who cannot be enrolled are skipped and named, never half-done.

use std::net::IpAddr;

use jxjy_domain::{EnrollmentStatus, LinkState};
use serde::{Deserialize, Serialize};

use super::EmployerAuth;
use crate::training::{parse_level, parse_year};
use crate::{AppError, Context, format};

/// The most learners one 团报 takes.
pub const MOST_LEARNERS: usize = 500;

#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GroupEnrollmentRequest {
    #[schema(required = true)]
    pub year: i64,
    /// junior | intermediate | senior
    #[schema(required = true)]
    pub level: String,
    #[schema(required = true)]
    pub institution_id: i64,
    #[schema(required = true)]
    pub learner_ids: Vec<i64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupEnrolled {
    pub learner_id: i64,
    pub enrollment_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupSkipped {
    pub learner_id: i64,
    /// not_staff | already_enrolled
    pub reason: String,
    /// The name, when the learner is this employer's staff (never another employer's).
    pub name: Option<String>,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupEnrollmentResult {
    pub enrolled: Vec<GroupEnrolled>,
    pub skipped: Vec<GroupSkipped>,
}

pub async fn enroll(
    cx: &Context,
    auth: &EmployerAuth,
    req: &GroupEnrollmentRequest,
    ip: IpAddr,
) -> Result<GroupEnrollmentResult, AppError> {
    auth.require_approved()?;
    let year = parse_year(req.year)?;
    let level = parse_level(&req.level)?;
    let mut ids: Vec<i64> = Vec::new();
    for id in &req.learner_ids {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    if ids.is_empty() {
        return Err(
            AppError::bad_request("invalid_input", "请选择要报名的人员").on_field("learner_ids")
        );
    }
    if ids.len() > MOST_LEARNERS {
        return Err(AppError::bad_request(
            "invalid_input",
            format!("一次最多为 {MOST_LEARNERS} 人报名，请分批提交"),
        )
        .on_field("learner_ids"));
    }
    if !jxjy_store::enrollments::offer_open(
        cx.store.pool(),
        year,
        level.as_str(),
        req.institution_id,
    )
    .await?
    {
        return Err(AppError::not_found(format!(
            "该培训机构未开设 {year} 年度{}培训，或已停止报名",
            level.label()
        ))
        .with_code("offer_not_found")
        .on_field("institution_id"));
    }
    let actor = auth.actor(ip);
    let mut result = GroupEnrollmentResult {
        enrolled: Vec::new(),
        skipped: Vec::new(),
    };
    for learner_id in ids {
        let link = cx
            .store
            .staff()
            .open_link(auth.employer_id, learner_id)
            .await?;
        let Some(link) = link.filter(|k| k.state == LinkState::Confirmed) else {
            result.skipped.push(GroupSkipped {
                learner_id,
                reason: "not_staff".into(),
                name: None,
                message: "不是本单位已确认的人员，不能代为报名".into(),
            });
            continue;
        };
        let name = cx.store.learners().learner(link.learner_id).await?.name;
        match cx
            .store
            .enrollments()
            .create_enrollment(
                learner_id,
                year,
                level.as_str(),
                req.institution_id,
                Some(auth.employer_id),
                &actor,
                format::now(),
            )
            .await
        {
            Ok(enrollment_id) => result.enrolled.push(GroupEnrolled {
                learner_id,
                enrollment_id,
                name,
            }),
            Err(e) if e.is_conflict() => {
                let school = cx
                    .store
                    .enrollments()
                    .enrollments_of_learner(learner_id)
                    .await?
                    .into_iter()
                    .find(|x| x.year == year && x.status != EnrollmentStatus::Cancelled)
                    .map(|x| x.institution_name)
                    .unwrap_or_default();
                result.skipped.push(GroupSkipped {
                    learner_id,
                    reason: "already_enrolled".into(),
                    message: format!("{name} 已报名 {year} 年度的{school}培训"),
                    name: Some(name),
                });
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(result)
}
