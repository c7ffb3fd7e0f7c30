//! 网络培训 use cases: offers, 确认报名, 取消报名, 进入网校 (the signed hand-off) and 去评价.
//! Shared by the learner's pages and the JSON API.

pub mod handoff;
pub mod view;

use std::net::IpAddr;

use jxjy_domain::{
    EnrollmentEvent, EnrollmentStatus, Level, Rating, ReviewComment, Transition, transition,
};
use jxjy_store::StoreError;
use jxjy_store::enrollments::{EnrollmentRow, StateChange};

use crate::auth::LearnerAuth;
use crate::{AppError, Context, format};
pub use view::{EnrollmentView, OfferView};

pub fn parse_level(raw: &str) -> Result<Level, AppError> {
    raw.trim().parse::<Level>().map_err(|_| {
        AppError::bad_request(
            "invalid_input",
            "培训等级只能是 junior（初级及以下）、intermediate（中级）或 senior（高级）",
        )
        .on_field("level")
    })
}

/// Years a learner may enroll for: last year and this year.
pub fn enrollable_years() -> Vec<i64> {
    let y = i64::from(format::this_year());
    vec![y, y - 1]
}

pub fn parse_year(raw: i64) -> Result<i64, AppError> {
    if enrollable_years().contains(&raw) {
        Ok(raw)
    } else {
        Err(AppError::bad_request(
            "invalid_input",
            format!(
                "培训年度只能是 {}",
                enrollable_years()
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(" 或 ")
            ),
        )
        .on_field("year"))
    }
}

pub async fn offers(state: &Context, year: i64, level: Level) -> Result<Vec<OfferView>, AppError> {
    Ok(state
        .store
        .institutions()
        .offered_institutions(year, level.as_str())
        .await?
        .into_iter()
        .map(OfferView::from)
        .collect())
}

pub async fn enrollments(
    state: &Context,
    auth: &LearnerAuth,
) -> Result<Vec<EnrollmentView>, AppError> {
    Ok(state
        .store
        .enrollments()
        .enrollments_of_learner(auth.learner_id)
        .await?
        .into_iter()
        .map(EnrollmentView::from)
        .collect())
}

fn not_found() -> AppError {
    AppError::not_found("报名记录不存在")
}

async fn own(state: &Context, auth: &LearnerAuth, id: i64) -> Result<EnrollmentRow, AppError> {
    state
        .store
        .enrollments()
        .enrollment_of_learner(id, auth.learner_id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => not_found(),
            other => other.into(),
        })
}

/// 确认报名: one non-cancelled enrollment per learner and year, held by the database.
pub async fn enroll(
    state: &Context,
    auth: &LearnerAuth,
    year: i64,
    level: Level,
    institution_id: i64,
    ip: IpAddr,
) -> Result<EnrollmentView, AppError> {
    let year = parse_year(year)?;
    if !jxjy_store::enrollments::offer_open(
        state.store.pool(),
        year,
        level.as_str(),
        institution_id,
    )
    .await?
    {
        return Err(AppError::not_found(format!(
            "该培训机构未开设 {year} 年度{}培训",
            level.label()
        ))
        .with_code("offer_not_found"));
    }
    let id = match state
        .store
        .enrollments()
        .create_enrollment(
            auth.learner_id,
            year,
            level.as_str(),
            institution_id,
            None,
            &auth.actor(ip),
            format::now(),
        )
        .await
    {
        Ok(id) => id,
        Err(e) if e.is_conflict() => {
            let existing = state
                .store
                .enrollments()
                .enrollments_of_learner(auth.learner_id)
                .await?;
            let school = existing
                .iter()
                .find(|x| x.year == year && x.status != EnrollmentStatus::Cancelled)
                .map(|x| x.institution_name.clone())
                .unwrap_or_default();
            return Err(AppError::conflict(
                "already_enrolled",
                format!(
                    "您已报名 {year} 年度的{school}培训，每个年度只能报名一个网校；如需更换，请先取消原报名"
                ),
            ));
        }
        Err(e) => return Err(e.into()),
    };
    Ok(own(state, auth, id).await?.into())
}

fn transition_error(e: jxjy_domain::TransitionError, school: &str) -> AppError {
    let message = match e.code() {
        "already_paid" => format!(
            "已在{school}缴费，不能取消报名。请联系{school}办理退费，退费后系统将自动取消报名"
        ),
        _ => e.to_string(),
    };
    AppError::conflict(e.code(), message)
}

/// 取消报名 while unpaid; the school is told by a signed webhook from the outbox.
pub async fn cancel(
    state: &Context,
    auth: &LearnerAuth,
    id: i64,
    ip: IpAddr,
) -> Result<EnrollmentView, AppError> {
    let e = own(state, auth, id).await?;
    let from = e.status;
    let to = match transition(from, EnrollmentEvent::CancelByLearner)
        .map_err(|err| transition_error(err, &e.institution_name))?
    {
        Transition::Changed(to) => to,
        Transition::Unchanged => return Ok(e.into()),
    };
    let institution = state
        .store
        .institutions()
        .institution(e.institution_id)
        .await?;
    let payload = serde_json::json!({
        "event": "enrollment.cancelled",
        "enrollment_id": e.id,
        "year": e.year,
        "level": e.level.as_str(),
        "status": to.as_str(),
        "cancelled_at": format::rfc3339(format::now()),
    })
    .to_string();
    let webhook = institution
        .webhook_url
        .as_deref()
        .filter(|u| !u.is_empty())
        .map(|_| (e.institution_id, "enrollment.cancelled", payload.as_str()));
    let change = StateChange {
        from: from.as_str(),
        to: to.as_str(),
        event: EnrollmentEvent::CancelByLearner.as_str(),
    };
    state
        .store
        .enrollments()
        .transition_enrollment(e.id, change, &auth.actor(ip), webhook, format::now())
        .await
        .map_err(|err| {
            if err.is_conflict() {
                AppError::conflict("state_changed", "报名状态刚刚发生了变化，请刷新后重试")
            } else {
                err.into()
            }
        })?;
    Ok(own(state, auth, id).await?.into())
}

/// 进入网校: a signed, short-lived, single-use token, and the school's URL carrying it.
pub async fn launch(state: &Context, auth: &LearnerAuth, id: i64) -> Result<String, AppError> {
    let e = own(state, auth, id).await?;
    let status = e.status;
    if !status.can_launch() {
        return Err(AppError::conflict(
            "enrollment_cancelled",
            "报名已取消，不能进入网校",
        ));
    }
    let institution = state
        .store
        .institutions()
        .institution(e.institution_id)
        .await?;
    let token = handoff::issue(state, &e).await?;
    let sep = if institution.sso_url.contains('?') {
        '&'
    } else {
        '?'
    };
    Ok(format!("{}{sep}token={token}", institution.sso_url))
}

/// 去评价: once per enrollment, after credits are registered.
pub async fn review(
    state: &Context,
    auth: &LearnerAuth,
    id: i64,
    rating: i64,
    comment: &str,
    ip: IpAddr,
) -> Result<EnrollmentView, AppError> {
    let rating = Rating::new(rating)
        .map_err(|e| AppError::bad_request("invalid_input", e.to_string()).on_field("rating"))?;
    let comment = ReviewComment::parse(comment)
        .map_err(|e| AppError::bad_request("invalid_input", e.to_string()).on_field("comment"))?;
    let e = own(state, auth, id).await?;
    let status = e.status;
    if !status.can_review() {
        return Err(AppError::conflict("not_credited", "学分登记后才能评价"));
    }
    let text = comment.as_ref().map(|c| c.as_str()).unwrap_or("");
    let new = jxjy_store::reviews::NewReview {
        enrollment_id: e.id,
        institution_id: e.institution_id,
        learner_id: auth.learner_id,
        rating: i64::from(rating.value()),
        comment: text,
    };
    match state
        .store
        .reviews()
        .create_review(&new, &auth.actor(ip), format::now())
        .await
    {
        Ok(_) => {}
        Err(err) if err.is_conflict() => {
            return Err(AppError::conflict(
                "already_reviewed",
                "这条报名已经评价过了",
            ));
        }
        Err(err) => return Err(err.into()),
    }
    Ok(own(state, auth, id).await?.into())
}

/// A school's details for 查看: introduction, contacts, average rating and count.
pub async fn institution(
    state: &Context,
    id: i64,
) -> Result<jxjy_store::institutions::InstitutionRow, AppError> {
    let i = state
        .store
        .institutions()
        .institution(id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("培训机构不存在"),
            other => other.into(),
        })?;
    if i.disabled != 0 {
        return Err(AppError::not_found("培训机构不存在"));
    }
    Ok(i)
}

/// One of the learner's own enrollments, for its pages.
pub async fn own_view(
    state: &Context,
    auth: &LearnerAuth,
    id: i64,
) -> Result<EnrollmentView, AppError> {
    Ok(own(state, auth, id).await?.into())
}

/// A school's ratings: their average (none before the first) and how many.
pub struct RatingSummary {
    pub average: Option<f64>,
    pub count: i64,
}

pub async fn rating(state: &Context, institution_id: i64) -> Result<RatingSummary, AppError> {
    let (sum, count) = state.store.reviews().rating_of(institution_id).await?;
    Ok(RatingSummary {
        average: view::average(sum, count),
        count,
    })
}

/// The level 报名 offers first: the one the learner's qualification calls for.
pub async fn default_level(state: &Context, auth: &LearnerAuth) -> Result<Level, AppError> {
    let learner = state.store.learners().learner(auth.learner_id).await?;
    Ok(level_for(&learner.qualification_level))
}

fn level_for(qualification_level: &str) -> Level {
    qualification_level
        .parse::<jxjy_domain::QualificationLevel>()
        .map(|q| q.default_training_level())
        .unwrap_or(Level::Junior)
}

/// What 网络培训 shows of the learner of a session token, the session checked in the same read
/// (what everybody opens at a deadline). `None` when the token is no live learner session.
pub async fn page_by_session(
    state: &Context,
    token: &str,
) -> Result<Option<LearnerTraining>, AppError> {
    let hash = crate::auth::token_hash(token);
    let Some(found) = state
        .store
        .learner_training_by_session(
            &hash,
            state.settings.session_idle_secs,
            crate::format::now(),
        )
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(LearnerTraining {
        default_level: level_for(&found.learner.qualification_level),
        auth: LearnerAuth {
            learner_id: found.learner.id,
            name: found.learner.name,
            token_hash: hash,
            unread: Some(found.unread),
        },
        enrollments: found
            .enrollments
            .into_iter()
            .map(EnrollmentView::from)
            .collect(),
    }))
}

/// What `page_by_session` found.
#[derive(Debug, Clone)]
pub struct LearnerTraining {
    pub auth: LearnerAuth,
    pub default_level: Level,
    /// 报名记录, newest first.
    pub enrollments: Vec<EnrollmentView>,
}
