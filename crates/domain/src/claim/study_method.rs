//! How credits of a year were earned (学习方式), one row each on 学分查询.

use std::str::FromStr;

use super::ClaimKind;
use crate::error::ParseCodeError;

/// The way credits were earned: online school training or an approved claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StudyMethod {
    /// 网络培训: credits reported by an online school.
    Online,
    Exam,
    Conference,
    DegreeCourse,
    Research,
    Paper,
    Book,
    /// 其他: anything else an authority records.
    Other,
}

impl StudyMethod {
    pub const ALL: &'static [StudyMethod] = &[
        StudyMethod::Online,
        StudyMethod::Exam,
        StudyMethod::Conference,
        StudyMethod::DegreeCourse,
        StudyMethod::Research,
        StudyMethod::Paper,
        StudyMethod::Book,
        StudyMethod::Other,
    ];

    /// `online`, the claim kinds' codes, or `other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            StudyMethod::Online => "online",
            StudyMethod::Exam => "exam",
            StudyMethod::Conference => "conference",
            StudyMethod::DegreeCourse => "degree_course",
            StudyMethod::Research => "research",
            StudyMethod::Paper => "paper",
            StudyMethod::Book => "book",
            StudyMethod::Other => "other",
        }
    }

    /// 网络培训, the claim kinds' labels, or 其他.
    pub const fn label(self) -> &'static str {
        match self {
            StudyMethod::Online => "网络培训",
            StudyMethod::Exam => "考试",
            StudyMethod::Conference => "学术会议",
            StudyMethod::DegreeCourse => "学历教育",
            StudyMethod::Research => "课题研究",
            StudyMethod::Paper => "论文",
            StudyMethod::Book => "著作",
            StudyMethod::Other => "其他",
        }
    }
}

impl From<ClaimKind> for StudyMethod {
    fn from(kind: ClaimKind) -> StudyMethod {
        match kind {
            ClaimKind::Exam => StudyMethod::Exam,
            ClaimKind::Conference => StudyMethod::Conference,
            ClaimKind::DegreeCourse => StudyMethod::DegreeCourse,
            ClaimKind::Research => StudyMethod::Research,
            ClaimKind::Paper => StudyMethod::Paper,
            ClaimKind::Book => StudyMethod::Book,
        }
    }
}

impl FromStr for StudyMethod {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StudyMethod::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseCodeError::StudyMethod(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn study_methods_have_the_documented_codes_and_labels() {
        let actual: Vec<_> = StudyMethod::ALL
            .iter()
            .map(|m| (m.as_str(), m.label()))
            .collect();
        assert_eq!(
            actual,
            [
                ("online", "网络培训"),
                ("exam", "考试"),
                ("conference", "学术会议"),
                ("degree_course", "学历教育"),
                ("research", "课题研究"),
                ("paper", "论文"),
                ("book", "著作"),
                ("other", "其他")
            ]
        );
    }

    #[test]
    fn every_study_method_round_trips_through_its_code() {
        for m in StudyMethod::ALL {
            assert_eq!(m.as_str().parse::<StudyMethod>().unwrap(), *m);
        }
        assert_eq!(
            "offline".parse::<StudyMethod>().unwrap_err().code(),
            "invalid_study_method"
        );
    }

    #[test]
    fn a_claim_kind_becomes_the_study_method_of_the_same_code_and_label() {
        for kind in ClaimKind::ALL {
            let method = StudyMethod::from(*kind);
            assert_eq!(method.as_str(), kind.as_str());
            assert_eq!(method.label(), kind.label());
        }
    }
}
