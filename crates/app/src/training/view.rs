//! How enrollments and offers are shown, to the learner and in JSON.

use jxjy_domain::Credits;
use jxjy_store::enrollments::EnrollmentRow;
use jxjy_store::institutions::OfferedInstitution;
use serde::{Serialize, Serializer};

use crate::format;

/// Credits in JSON: a number with at most one decimal (`10`, `2.5`), from exact tenths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, utoipa::ToSchema)]
#[schema(value_type = f64)]
pub struct CreditsNum(pub i64);

impl Serialize for CreditsNum {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 10 == 0 {
            s.serialize_i64(self.0 / 10)
        } else {
            s.serialize_f64(self.0 as f64 / 10.0)
        }
    }
}

impl std::fmt::Display for CreditsNum {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", Credits::from_tenths(self.0))
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InstitutionRef {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditSums {
    pub total: CreditsNum,
    pub professional: CreditsNum,
    pub public: CreditsNum,
}

/// What the learner may do with an enrollment now.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Actions {
    pub launch: bool,
    pub cancel: bool,
    pub review: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EnrollmentView {
    pub id: i64,
    pub year: i64,
    /// junior | intermediate | senior
    pub level: String,
    pub level_label: String,
    /// enrolled | paid | credited | cancelled
    pub status: String,
    pub status_label: String,
    /// `2025-02-26 17:34` (Asia/Shanghai).
    pub enrolled_at: String,
    pub institution: InstitutionRef,
    pub credits: CreditSums,
    pub reviewed: bool,
    /// The employer that enrolled the learner (团报): the page says 由单位报名; null when the
    /// learner enrolled themself.
    pub enrolled_by: Option<String>,
    pub actions: Actions,
}

impl From<EnrollmentRow> for EnrollmentView {
    fn from(e: EnrollmentRow) -> Self {
        let status = e.status;
        let reviewed = e.reviewed > 0;
        EnrollmentView {
            id: e.id,
            year: e.year,
            level_label: e.level.label().to_string(),
            level: e.level.as_str().to_string(),
            status_label: status.label().to_string(),
            status: status.as_str().to_string(),
            enrolled_at: format::datetime(e.enrolled_at),
            institution: InstitutionRef {
                id: e.institution_id,
                name: e.institution_name,
            },
            credits: CreditSums {
                total: CreditsNum(e.professional_tenths + e.public_tenths),
                professional: CreditsNum(e.professional_tenths),
                public: CreditsNum(e.public_tenths),
            },
            reviewed,
            enrolled_by: e.employer_name.clone(),
            actions: Actions {
                launch: status.can_launch(),
                cancel: status.can_cancel(),
                review: status.can_review() && !reviewed,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OfferView {
    pub institution: InstitutionRef,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    /// Fee in fen (分), as the school charges it.
    pub price_fen: i64,
    /// Average rating, e.g. 4.5; null without reviews.
    pub rating: Option<f64>,
    pub rating_count: i64,
}

impl From<OfferedInstitution> for OfferView {
    fn from(o: OfferedInstitution) -> Self {
        OfferView {
            institution: InstitutionRef {
                id: o.id,
                name: o.name,
            },
            intro: o.intro,
            contact_person: o.contact_person,
            contact_phone: o.contact_phone,
            price_fen: o.price_fen,
            rating: average(o.rating_sum, o.rating_count),
            rating_count: o.rating_count,
        }
    }
}

/// Average to one decimal.
pub fn average(sum: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| ((sum * 10 + count / 2) / count) as f64 / 10.0)
}

/// `120.00 元`
pub fn yuan(fen: i64) -> String {
    format!("{}.{:02} 元", fen / 100, fen % 100)
}
