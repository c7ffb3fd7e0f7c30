//! Support actions on one learner, shared by the console page (`/admin/learners/{id}`) and the
//! admin API: correcting the 信息采集 (the document number included) and sending the learner a
//! 重置密码 code. Each is scoped (an out-of-scope id is a 404), one transaction, and audited.

use std::net::IpAddr;

use jxjy_store::learners::{Duplicate, Profile};
use serde::Deserialize;

use crate::accounts::input::{self, Errors, ProfileInput};
use crate::accounts::{self, SmsPurpose};
use crate::admin::AdminAuth;
use crate::admin::console::learner;
use crate::{AppError, Context, format};

/// A correction as typed: the document (empty keeps the current one) and the 信息采集.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CorrectionRequest {
    pub id_type: String,
    pub id_number: String,
    #[serde(flatten)]
    pub profile: ProfileInput,
}

/// Corrects a learner's 信息采集, the document number included. A rejected field is named in
/// the error (`fields`), so the page shows it beside the field and the API returns it.
pub async fn correct(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
    req: &CorrectionRequest,
) -> Result<(), AppError> {
    let current = learner(state, admin, id).await?;
    let today = format::today().ok_or_else(|| AppError::internal("clock"))?;
    let mut errors = Errors::default();
    let id_type = if req.id_type.trim().is_empty() {
        current.id_type.clone()
    } else {
        req.id_type.clone()
    };
    let id_number = if req.id_number.trim().is_empty() {
        current.id_number.clone()
    } else {
        req.id_number.clone()
    };
    let document = input::parse_document(&id_type, &id_number, today, &mut errors);
    let profile = input::parse_profile(&req.profile, document.as_ref(), today, &mut errors);
    if let Some(p) = &profile {
        match state.store.regions().region(&p.region_code).await? {
            None => errors.add("region_code", "请选择有效的主管部门"),
            // An admin cannot move a learner out of its own scope.
            Some(r) if !r.path.starts_with(&admin.session.region_path) => {
                errors.add("region_code", "该主管部门不在您的管辖范围内")
            }
            Some(_) => {}
        }
    }
    let (Some(document), Some(p), true) = (document, profile, errors.0.is_empty()) else {
        return Err(AppError::invalid_fields(errors.0));
    };
    let gender = p.gender.map(|g| g.as_str().to_string()).unwrap_or_default();
    let birth = p.birth_date.map(|d| d.to_string()).unwrap_or_default();
    let stored = Profile {
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
    };
    let mut changed = accounts::view::changed_fields(&current, &stored);
    if document.as_str() != current.id_number || document.id_type().as_str() != current.id_type {
        changed.push("id_number");
    }
    state
        .store
        .console()
        .correct_learner(
            id,
            document.id_type().as_str(),
            document.as_str(),
            &stored,
            &changed,
            &admin.actor(ip),
            format::now(),
        )
        .await
        .map_err(|e| match Duplicate::of(&e) {
            Some(Duplicate::IdNumber) => {
                AppError::conflict("id_number_registered", "该证件号已属于另一个账号")
                    .on_field("id_number")
            }
            Some(Duplicate::Phone) => {
                AppError::conflict("phone_registered", "该手机号已属于另一个账号").on_field("phone")
            }
            None => e.into(),
        })?;
    Ok(())
}

/// Sends the learner a 重置密码 code by SMS (for a learner who asks the bureau for help). The
/// stored code and the audit record are one transaction; the limits of SMS codes apply as to
/// the learner's own requests.
pub async fn send_reset_code(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
) -> Result<(), AppError> {
    let learner = learner(state, admin, id).await?;
    let phone = learner
        .phone
        .ok_or_else(|| AppError::conflict("no_phone", "该学员没有手机号，请先更正信息采集"))?;
    let who = admin.actor(ip);
    let target = id.to_string();
    let entry = jxjy_store::audit::Entry {
        at: format::now(),
        actor: &who,
        action: "learner.password_reset_sent",
        target_kind: "learner",
        target_id: &target,
        detail: "{}",
    };
    accounts::send_sms_audited(state, &phone, SmsPurpose::Reset, Some(&entry)).await?;
    Ok(())
}
