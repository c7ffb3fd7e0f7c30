//! The rows of a batch of learners, exactly as the application would have written them: each
//! learner's registration, each enrollment with its payments, refunds and credit records, every
//! state change with its audit record and change number, reviews and claims.

use jxjy_domain::{Category, Level};

use super::bulk::{AnyQuery, Row};
use super::history::{Outcome, Plan};
use super::people::{self, rnd, year_start};

/// A region learners are spread over.
#[derive(Debug, Clone)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
}

/// What every learner of the run shares.
pub struct Context<'a> {
    pub regions: &'a [RegionRef],
    pub institution_ids: &'a [i64],
    pub password_hash: &'a str,
    pub admin_id: Option<i64>,
    pub plan: Plan<'a>,
}

/// The next free ids and change number when a chunk starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bases {
    pub learner_id: i64,
    pub enrollment_id: i64,
    pub claim_id: i64,
    pub change_seq: i64,
}

pub struct LearnerRow<'a> {
    pub id: i64,
    pub name: String,
    pub id_number: String,
    pub phone: String,
    password_hash: &'a str,
    gender: &'static str,
    birth_date: String,
    education: &'static str,
    employer: String,
    region_code: String,
    qualification_level: &'static str,
    qualification_year: Option<i64>,
    work_start_year: i64,
    first_required_year: Option<i64>,
    created_at: i64,
}

impl Row for LearnerRow<'_> {
    const TABLE: &'static str = "learners";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "name",
        "id_type",
        "id_number",
        "phone",
        "password_hash",
        "gender",
        "birth_date",
        "education",
        "employer",
        "region_code",
        "qualification_level",
        "qualification_year",
        "work_start_year",
        "first_required_year",
        "created_at",
        "updated_at",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.name.clone())
            .bind("resident_id")
            .bind(self.id_number.clone())
            .bind(self.phone.clone())
            .bind(self.password_hash.to_string())
            .bind(self.gender)
            .bind(self.birth_date.clone())
            .bind(self.education)
            .bind(self.employer.clone())
            .bind(self.region_code.clone())
            .bind(self.qualification_level)
            .bind(self.qualification_year)
            .bind(self.work_start_year)
            .bind(self.first_required_year)
            .bind(self.created_at)
            .bind(self.created_at)
    }
}

pub struct EnrollmentRow {
    pub id: i64,
    pub learner_id: i64,
    year: i64,
    level: &'static str,
    pub institution_id: i64,
    status: &'static str,
    enrolled_at: i64,
    paid_at: Option<i64>,
    credited_at: Option<i64>,
    cancelled_at: Option<i64>,
    updated_at: i64,
    change_seq: i64,
}

impl Row for EnrollmentRow {
    const TABLE: &'static str = "enrollments";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "learner_id",
        "year",
        "level",
        "institution_id",
        "status",
        "enrolled_at",
        "paid_at",
        "credited_at",
        "cancelled_at",
        "updated_at",
        "change_seq",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.learner_id)
            .bind(self.year)
            .bind(self.level)
            .bind(self.institution_id)
            .bind(self.status)
            .bind(self.enrolled_at)
            .bind(self.paid_at)
            .bind(self.credited_at)
            .bind(self.cancelled_at)
            .bind(self.updated_at)
            .bind(self.change_seq)
    }
}

pub struct PaymentRow {
    enrollment_id: i64,
    institution_id: i64,
    kind: &'static str,
    reference: String,
    amount_fen: Option<i64>,
    occurred_at: i64,
}

impl Row for PaymentRow {
    const TABLE: &'static str = "payments";
    const COLUMNS: &'static [&'static str] = &[
        "enrollment_id",
        "institution_id",
        "kind",
        "reference",
        "amount_fen",
        "occurred_at",
        "created_at",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.enrollment_id)
            .bind(self.institution_id)
            .bind(self.kind)
            .bind(self.reference.clone())
            .bind(self.amount_fen)
            .bind(self.occurred_at)
            .bind(self.occurred_at)
    }
}

pub struct CreditRow {
    learner_id: i64,
    year: i64,
    category: &'static str,
    credits_tenths: i64,
    method: &'static str,
    source: &'static str,
    source_ref: String,
    institution_id: Option<i64>,
    enrollment_id: Option<i64>,
    claim_id: Option<i64>,
    course: String,
    completed_at: i64,
    created_at: i64,
}

impl Row for CreditRow {
    const TABLE: &'static str = "credit_records";
    const COLUMNS: &'static [&'static str] = &[
        "learner_id",
        "year",
        "category",
        "credits_tenths",
        "method",
        "source",
        "source_ref",
        "institution_id",
        "enrollment_id",
        "claim_id",
        "course",
        "completed_at",
        "created_at",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.learner_id)
            .bind(self.year)
            .bind(self.category)
            .bind(self.credits_tenths)
            .bind(self.method)
            .bind(self.source)
            .bind(self.source_ref.clone())
            .bind(self.institution_id)
            .bind(self.enrollment_id)
            .bind(self.claim_id)
            .bind(self.course.clone())
            .bind(self.completed_at)
            .bind(self.created_at)
    }
}

pub struct AuditRow {
    at: i64,
    actor_kind: &'static str,
    actor_id: Option<i64>,
    action: &'static str,
    target_kind: &'static str,
    target_id: i64,
    detail: String,
}

impl Row for AuditRow {
    const TABLE: &'static str = "audit_log";
    const COLUMNS: &'static [&'static str] = &[
        "at",
        "actor_kind",
        "actor_id",
        "action",
        "target_kind",
        "target_id",
        "detail",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.at)
            .bind(self.actor_kind)
            .bind(self.actor_id)
            .bind(self.action)
            .bind(self.target_kind)
            .bind(self.target_id.to_string())
            .bind(self.detail.clone())
    }
}

pub struct ReviewRow {
    enrollment_id: i64,
    institution_id: i64,
    learner_id: i64,
    rating: i64,
    comment: &'static str,
    created_at: i64,
}

impl ReviewRow {
    /// The school reviewed and the rating, for the schools' running totals.
    pub fn rating(&self) -> (i64, i64) {
        (self.institution_id, self.rating)
    }
}

impl Row for ReviewRow {
    const TABLE: &'static str = "reviews";
    const COLUMNS: &'static [&'static str] = &[
        "enrollment_id",
        "institution_id",
        "learner_id",
        "rating",
        "comment",
        "created_at",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.enrollment_id)
            .bind(self.institution_id)
            .bind(self.learner_id)
            .bind(self.rating)
            .bind(self.comment)
            .bind(self.created_at)
    }
}

pub struct ClaimRow {
    id: i64,
    learner_id: i64,
    year: i64,
    kind: &'static str,
    role: Option<&'static str>,
    days: Option<i64>,
    subjects: Option<i64>,
    title: String,
    credits_tenths: i64,
    status: &'static str,
    reason: Option<&'static str>,
    reviewed_by: Option<i64>,
    reviewed_at: Option<i64>,
    created_at: i64,
}

impl Row for ClaimRow {
    const TABLE: &'static str = "claims";
    const COLUMNS: &'static [&'static str] = &[
        "id",
        "learner_id",
        "year",
        "kind",
        "role",
        "days",
        "subjects",
        "title",
        "credits_tenths",
        "status",
        "reason",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    ];
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.id)
            .bind(self.learner_id)
            .bind(self.year)
            .bind(self.kind)
            .bind(self.role)
            .bind(self.days)
            .bind(self.subjects)
            .bind(self.title.clone())
            .bind(self.credits_tenths)
            .bind(self.status)
            .bind(self.reason)
            .bind(self.reviewed_by)
            .bind(self.reviewed_at)
            .bind(self.created_at)
    }
}

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
