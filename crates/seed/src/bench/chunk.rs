//! A batch of learners as rows (`build`): each learner's registration, each enrollment with its
//! payments, refunds and credit records, every state change with its audit record and change
//! number, reviews and claims. The row types are in `rows.rs`.

use jxjy_domain::{Category, Level};

use super::history::Outcome;
use super::people::{self, rnd, year_start};
use super::rows::*;

/// A learner who has no enrollment this year, with the level the 网络培训 page would preselect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrollCandidate {
    pub learner_id: i64,
    pub level: Level,
    pub institution_id: i64,
}

/// Everything one chunk of learners adds.
#[derive(Default)]
pub struct Chunk<'a> {
    pub learners: Vec<LearnerRow<'a>>,
    pub enrollments: Vec<EnrollmentRow>,
    pub payments: Vec<PaymentRow>,
    pub credits: Vec<CreditRow>,
    pub audit: Vec<AuditRow>,
    pub reviews: Vec<ReviewRow>,
    pub claims: Vec<ClaimRow>,
    pub enroll_candidates: Vec<EnrollCandidate>,
    /// (institution id, enrollment id) of this year's paid enrollments without credits.
    pub paid_candidates: Vec<(i64, i64)>,
}

impl Chunk<'_> {
    pub fn rows(&self) -> usize {
        self.learners.len()
            + self.enrollments.len()
            + self.payments.len()
            + self.credits.len()
            + self.audit.len()
            + self.reviews.len()
            + self.claims.len()
    }
}

/// Takes the next change number, as `counters::next` does for each change in the application.
fn next_seq(b: &mut Bases) -> i64 {
    let s = b.change_seq;
    b.change_seq += 1;
    s
}

fn price(level: Level) -> i64 {
    match level {
        Level::Junior => 12_000,
        Level::Intermediate => 15_000,
        Level::Senior => 18_000,
    }
}

/// Builds the rows of learners `first..first + count`; returns them and the bases after them.
pub fn build<'a>(
    ctx: &Context<'a>,
    first: u64,
    count: u64,
    bases: Bases,
) -> Result<(Chunk<'a>, Bases), String> {
    let mut b = bases;
    let mut c = Chunk::default();
    let this_year = ctx.plan.this_year;
    for k in first..first + count {
        let region = &ctx.regions[(rnd(k, 5) % ctx.regions.len() as u64) as usize];
        let who = people::identity(k, &region.code)
            .ok_or_else(|| format!("基准数据最多 {} 名学员", people::CAPACITY))?;
        let p = people::profile(k, who.birth.0, &region.name, this_year);
        let level = p.qualification.default_training_level();
        let history = ctx.plan.history(k, p.first_required_year, level);
        let learner_id = b.learner_id;
        b.learner_id += 1;
        let created_at =
            year_start(this_year - 2) - 86_400 - (rnd(k, 6) % (2 * 365 * 86_400)) as i64;
        c.audit.push(AuditRow {
            at: created_at,
            actor_kind: "learner",
            actor_id: Some(learner_id),
            action: "learner.register",
            target_kind: "learner",
            target_id: learner_id,
            detail: "{}".into(),
        });
        c.learners.push(LearnerRow {
            id: learner_id,
            name: who.name,
            id_number: who.id_number,
            phone: who.phone,
            password_hash: ctx.password_hash,
            gender: who.gender.as_str(),
            birth_date: format!("{:04}-{:02}-{:02}", who.birth.0, who.birth.1, who.birth.2),
            education: p.education,
            employer: p.employer,
            region_code: region.code.clone(),
            qualification_level: p.qualification.as_str(),
            qualification_year: p.qualification_year.map(i64::from),
            work_start_year: i64::from(p.work_start_year),
            first_required_year: p.first_required_year.map(i64::from),
            created_at,
        });
        for e in &history.enrollments {
            let id = b.enrollment_id;
            b.enrollment_id += 1;
            let institution_id = ctx.institution_ids[e.institution];
            let learner_actor = ("learner", Some(learner_id));
            let school_actor = ("institution", Some(institution_id));
            let mut audit =
                |at: i64, actor: (&'static str, Option<i64>), action, detail: String| {
                    c.audit.push(AuditRow {
                        at,
                        actor_kind: actor.0,
                        actor_id: actor.1,
                        action,
                        target_kind: "enrollment",
                        target_id: id,
                        detail,
                    });
                };
            let mut last_seq = next_seq(&mut b);
            audit(
                e.enrolled_at,
                learner_actor,
                "enrollment.create",
                format!(
                    r#"{{"from":null,"institution_id":{institution_id},"level":"{}","to":"enrolled","year":{}}}"#,
                    e.level.as_str(),
                    e.year
                ),
            );
            let amount = price(e.level);
            if let Some(paid_at) = e.paid_at {
                last_seq = next_seq(&mut b);
                let reference = format!("BP{id}");
                audit(
                    paid_at,
                    school_actor,
                    "enrollment.transition",
                    format!(
                        r#"{{"amount_fen":{amount},"event":"payment_reported","from":"enrolled","kind":"payment","reference":"{reference}","to":"paid"}}"#
                    ),
                );
                c.payments.push(PaymentRow {
                    enrollment_id: id,
                    institution_id,
                    kind: "payment",
                    reference,
                    amount_fen: Some(amount),
                    occurred_at: paid_at,
                });
            }
            if let Some(credited_at) = e.credited_at {
                last_seq = next_seq(&mut b);
                let n = e.records.len();
                audit(
                    credited_at,
                    school_actor,
                    "enrollment.transition",
                    format!(
                        r#"{{"event":"credits_reported","from":"paid","new":{n},"records":{n},"to":"credited"}}"#
                    ),
                );
                for (i, (category, tenths, course)) in e.records.iter().enumerate() {
                    c.credits.push(CreditRow {
                        learner_id,
                        year: i64::from(e.year),
                        category: category.as_str(),
                        credits_tenths: *tenths,
                        method: "online",
                        source: "school",
                        source_ref: format!("{institution_id}:BR{id}-{}", i + 1),
                        institution_id: Some(institution_id),
                        enrollment_id: Some(id),
                        claim_id: None,
                        course: (*course).to_string(),
                        completed_at: credited_at - (n - i) as i64 * 3_600,
                        created_at: credited_at,
                    });
                }
            }
            if let Some(cancelled_at) = e.cancelled_at {
                last_seq = next_seq(&mut b);
                if e.outcome == Outcome::Refunded {
                    let reference = format!("BF{id}");
                    audit(
                        cancelled_at,
                        school_actor,
                        "enrollment.transition",
                        format!(
                            r#"{{"amount_fen":null,"event":"refund_reported","from":"paid","kind":"refund","reference":"{reference}","to":"cancelled"}}"#
                        ),
                    );
                    c.payments.push(PaymentRow {
                        enrollment_id: id,
                        institution_id,
                        kind: "refund",
                        reference,
                        amount_fen: None,
                        occurred_at: cancelled_at,
                    });
                } else {
                    audit(
                        cancelled_at,
                        learner_actor,
                        "enrollment.transition",
                        r#"{"event":"cancel_by_learner","from":"enrolled","to":"cancelled"}"#
                            .to_string(),
                    );
                }
            }
            if let (Some((rating, comment)), Some(credited_at)) = (e.review, e.credited_at) {
                let at = credited_at + 600;
                audit(
                    at,
                    learner_actor,
                    "review.create",
                    format!(r#"{{"rating":{rating}}}"#),
                );
                c.reviews.push(ReviewRow {
                    enrollment_id: id,
                    institution_id,
                    learner_id,
                    rating,
                    comment,
                    created_at: at,
                });
            }
            if e.year == this_year && e.outcome == Outcome::Paid {
                c.paid_candidates.push((institution_id, id));
            }
            c.enrollments.push(EnrollmentRow {
                id,
                learner_id,
                year: i64::from(e.year),
                level: e.level.as_str(),
                institution_id,
                status: e.outcome.status(),
                enrolled_at: e.enrolled_at,
                paid_at: e.paid_at,
                credited_at: e.credited_at,
                cancelled_at: e.cancelled_at,
                updated_at: e.updated_at(),
                change_seq: last_seq,
            });
        }
        if !history.enrollments.iter().any(|e| e.year == this_year) {
            c.enroll_candidates.push(EnrollCandidate {
                learner_id,
                level,
                institution_id: ctx.institution_ids
                    [(rnd(k, 7) % ctx.institution_ids.len() as u64) as usize],
            });
        }
        if let Some(claim) = &history.claim {
            let id = b.claim_id;
            b.claim_id += 1;
            c.audit.push(AuditRow {
                at: claim.created_at,
                actor_kind: "learner",
                actor_id: Some(learner_id),
                action: "claim.submit",
                target_kind: "claim",
                target_id: id,
                detail: format!(
                    r#"{{"credits_tenths":{},"files":0,"kind":"{}","role":{},"year":{}}}"#,
                    claim.credits_tenths,
                    claim.kind,
                    claim
                        .role
                        .map_or("null".to_string(), |r| format!("\"{r}\"")),
                    claim.year
                ),
            });
            if let Some(reviewed_at) = claim.reviewed_at {
                let detail = match claim.share {
                    Some((pro, public)) => format!(
                        r#"{{"from":"pending","learner_id":{learner_id},"professional_tenths":{pro},"public_tenths":{public},"to":"approved","year":{}}}"#,
                        claim.year
                    ),
                    None => format!(
                        r#"{{"from":"pending","learner_id":{learner_id},"reason":"{}","to":"rejected","year":{}}}"#,
                        claim.reason.unwrap_or_default(),
                        claim.year
                    ),
                };
                c.audit.push(AuditRow {
                    at: reviewed_at,
                    actor_kind: "admin",
                    actor_id: ctx.admin_id,
                    action: if claim.share.is_some() {
                        "claim.approve"
                    } else {
                        "claim.reject"
                    },
                    target_kind: "claim",
                    target_id: id,
                    detail,
                });
            }
            if let (Some((pro, public)), Some(reviewed_at)) = (claim.share, claim.reviewed_at) {
                for (category, tenths) in
                    [(Category::Professional, pro), (Category::Public, public)]
                {
                    if tenths > 0 {
                        c.credits.push(CreditRow {
                            learner_id,
                            year: i64::from(claim.year),
                            category: category.as_str(),
                            credits_tenths: tenths,
                            method: claim.kind,
                            source: "claim",
                            source_ref: format!("{id}:{}", category.as_str()),
                            institution_id: None,
                            enrollment_id: None,
                            claim_id: Some(id),
                            course: claim.title.clone(),
                            completed_at: reviewed_at,
                            created_at: reviewed_at,
                        });
                    }
                }
            }
            c.claims.push(ClaimRow {
                id,
                learner_id,
                year: i64::from(claim.year),
                kind: claim.kind,
                role: claim.role,
                days: claim.days,
                subjects: claim.subjects,
                title: claim.title.clone(),
                credits_tenths: claim.credits_tenths,
                status: claim.status,
                reason: claim.reason,
                reviewed_by: claim.reviewed_at.and(ctx.admin_id),
                reviewed_at: claim.reviewed_at,
                created_at: claim.created_at,
            });
        }
    }
    Ok((c, b))
}
