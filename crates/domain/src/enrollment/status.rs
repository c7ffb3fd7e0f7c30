//! The states of an enrollment and what each allows the learner to do.

use std::str::FromStr;

use crate::error::ParseCodeError;

/// Where an enrollment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EnrollmentStatus {
    /// 已报名: waiting for payment at the school.
    Enrolled,
    /// 已缴费: paid at the school, studying.
    Paid,
    /// 学分已登记: the school has reported credits.
    Credited,
    /// 已取消: cancelled by the learner, or by a refund.
    Cancelled,
}

impl EnrollmentStatus {
    pub const ALL: &'static [EnrollmentStatus] = &[
        EnrollmentStatus::Enrolled,
        EnrollmentStatus::Paid,
        EnrollmentStatus::Credited,
        EnrollmentStatus::Cancelled,
    ];

    /// `enrolled`, `paid`, `credited` or `cancelled`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EnrollmentStatus::Enrolled => "enrolled",
            EnrollmentStatus::Paid => "paid",
            EnrollmentStatus::Credited => "credited",
            EnrollmentStatus::Cancelled => "cancelled",
        }
    }

    /// 已报名, 已缴费, 学分已登记 or 已取消.
    pub const fn label(self) -> &'static str {
        match self {
            EnrollmentStatus::Enrolled => "已报名",
            EnrollmentStatus::Paid => "已缴费",
            EnrollmentStatus::Credited => "学分已登记",
            EnrollmentStatus::Cancelled => "已取消",
        }
    }

    /// Counts as the learner's one enrollment of its year (not cancelled).
    pub const fn is_active(self) -> bool {
        !matches!(self, EnrollmentStatus::Cancelled)
    }

    /// 取消报名 is offered: only while unpaid.
    pub const fn can_cancel(self) -> bool {
        matches!(self, EnrollmentStatus::Enrolled)
    }

    /// 进入网校 is offered: any active enrollment.
    pub const fn can_launch(self) -> bool {
        self.is_active()
    }

    /// 去评价 is offered: once credits are registered.
    pub const fn can_review(self) -> bool {
        matches!(self, EnrollmentStatus::Credited)
    }
}

impl FromStr for EnrollmentStatus {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnrollmentStatus::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseCodeError::EnrollmentStatus(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use EnrollmentStatus as S;

    #[test]
    fn statuses_have_the_documented_codes_and_labels() {
        let actual: Vec<_> = S::ALL.iter().map(|s| (s.as_str(), s.label())).collect();
        assert_eq!(
            actual,
            [
                ("enrolled", "已报名"),
                ("paid", "已缴费"),
                ("credited", "学分已登记"),
                ("cancelled", "已取消")
            ]
        );
    }

    #[test]
    fn every_status_round_trips_through_its_code() {
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>().unwrap(), *s);
        }
        assert_eq!(
            "refunded".parse::<S>().unwrap_err().code(),
            "invalid_enrollment_status"
        );
    }

    #[test]
    fn only_an_unpaid_enrollment_can_be_cancelled() {
        let can: Vec<_> = S::ALL.iter().map(|s| s.can_cancel()).collect();
        assert_eq!(can, [true, false, false, false]);
    }

    #[test]
    fn every_active_enrollment_can_launch_the_school() {
        let can: Vec<_> = S::ALL.iter().map(|s| s.can_launch()).collect();
        assert_eq!(can, [true, true, true, false]);
        let active: Vec<_> = S::ALL.iter().map(|s| s.is_active()).collect();
        assert_eq!(active, can);
    }

    #[test]
    fn only_a_credited_enrollment_can_be_reviewed() {
        let can: Vec<_> = S::ALL.iter().map(|s| s.can_review()).collect();
        assert_eq!(can, [false, false, true, false]);
    }
}
