//! The rows of a batch of learners, exactly as the application would have written them: each
//! learner's registration, each enrollment with its payments, refunds and credit records, every
//! state change with its audit record and change number, reviews and claims.

use super::bulk::{Row, Sink};
use super::history::Plan;

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
    pub(super) password_hash: &'a str,
    pub(super) gender: &'static str,
    pub(super) birth_date: String,
    pub(super) education: &'static str,
    pub(super) employer: String,
    pub(super) region_code: String,
    pub(super) qualification_level: &'static str,
    pub(super) qualification_year: Option<i64>,
    pub(super) work_start_year: i64,
    pub(super) first_required_year: Option<i64>,
    pub(super) created_at: i64,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.id)
            .put(self.name.clone())
            .put("resident_id")
            .put(self.id_number.clone())
            .put(self.phone.clone())
            .put(self.password_hash.to_string())
            .put(self.gender)
            .put(self.birth_date.clone())
            .put(self.education)
            .put(self.employer.clone())
            .put(self.region_code.clone())
            .put(self.qualification_level)
            .put(self.qualification_year)
            .put(self.work_start_year)
            .put(self.first_required_year)
            .put(self.created_at)
            .put(self.created_at)
    }
}

pub struct EnrollmentRow {
    pub id: i64,
    pub learner_id: i64,
    pub(super) year: i64,
    pub(super) level: &'static str,
    pub institution_id: i64,
    pub(super) status: &'static str,
    pub(super) enrolled_at: i64,
    pub(super) paid_at: Option<i64>,
    pub(super) credited_at: Option<i64>,
    pub(super) cancelled_at: Option<i64>,
    pub(super) updated_at: i64,
    pub(super) change_seq: i64,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.id)
            .put(self.learner_id)
            .put(self.year)
            .put(self.level)
            .put(self.institution_id)
            .put(self.status)
            .put(self.enrolled_at)
            .put(self.paid_at)
            .put(self.credited_at)
            .put(self.cancelled_at)
            .put(self.updated_at)
            .put(self.change_seq)
    }
}

pub struct PaymentRow {
    pub(super) enrollment_id: i64,
    pub(super) institution_id: i64,
    pub(super) kind: &'static str,
    pub(super) reference: String,
    pub(super) amount_fen: Option<i64>,
    pub(super) occurred_at: i64,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.enrollment_id)
            .put(self.institution_id)
            .put(self.kind)
            .put(self.reference.clone())
            .put(self.amount_fen)
            .put(self.occurred_at)
            .put(self.occurred_at)
    }
}

pub struct CreditRow {
    pub(super) learner_id: i64,
    pub(super) year: i64,
    pub(super) category: &'static str,
    pub(super) credits_tenths: i64,
    pub(super) method: &'static str,
    pub(super) source: &'static str,
    pub(super) source_ref: String,
    pub(super) institution_id: Option<i64>,
    pub(super) enrollment_id: Option<i64>,
    pub(super) claim_id: Option<i64>,
    pub(super) course: String,
    pub(super) completed_at: i64,
    pub(super) created_at: i64,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.learner_id)
            .put(self.year)
            .put(self.category)
            .put(self.credits_tenths)
            .put(self.method)
            .put(self.source)
            .put(self.source_ref.clone())
            .put(self.institution_id)
            .put(self.enrollment_id)
            .put(self.claim_id)
            .put(self.course.clone())
            .put(self.completed_at)
            .put(self.created_at)
    }
}

pub struct AuditRow {
    pub(super) at: i64,
    pub(super) actor_kind: &'static str,
    pub(super) actor_id: Option<i64>,
    pub(super) action: &'static str,
    pub(super) target_kind: &'static str,
    pub(super) target_id: i64,
    pub(super) detail: String,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.at)
            .put(self.actor_kind)
            .put(self.actor_id)
            .put(self.action)
            .put(self.target_kind)
            .put(self.target_id.to_string())
            .put(self.detail.clone())
    }
}

pub struct ReviewRow {
    pub(super) enrollment_id: i64,
    pub(super) institution_id: i64,
    pub(super) learner_id: i64,
    pub(super) rating: i64,
    pub(super) comment: &'static str,
    pub(super) created_at: i64,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.enrollment_id)
            .put(self.institution_id)
            .put(self.learner_id)
            .put(self.rating)
            .put(self.comment)
            .put(self.created_at)
    }
}

pub struct ClaimRow {
    pub(super) id: i64,
    pub(super) learner_id: i64,
    pub(super) year: i64,
    pub(super) kind: &'static str,
    pub(super) role: Option<&'static str>,
    pub(super) days: Option<i64>,
    pub(super) subjects: Option<i64>,
    pub(super) title: String,
    pub(super) credits_tenths: i64,
    pub(super) status: &'static str,
    pub(super) reason: Option<&'static str>,
    pub(super) reviewed_by: Option<i64>,
    pub(super) reviewed_at: Option<i64>,
    pub(super) created_at: i64,
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
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.id)
            .put(self.learner_id)
            .put(self.year)
            .put(self.kind)
            .put(self.role)
            .put(self.days)
            .put(self.subjects)
            .put(self.title.clone())
            .put(self.credits_tenths)
            .put(self.status)
            .put(self.reason)
            .put(self.reviewed_by)
            .put(self.reviewed_at)
            .put(self.created_at)
    }
}
