//! The activities a credit claim can be for, and the claimant's role in them.

use std::str::FromStr;

use crate::error::ParseCodeError;

/// The activity a claim converts into credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimKind {
    /// 考试: passing subjects of an accounting exam (90 per subject).
    Exam,
    /// 学术会议: an accounting professional conference (10 per day).
    Conference,
    /// 学历教育: passing one course of accounting degree education (90).
    DegreeCourse,
    /// 课题研究: a closed research project (host 90, participant 60).
    Research,
    /// 论文: a paper in a CN-numbered journal (sole or first 30, other 10).
    Paper,
    /// 著作: a published accounting book (sole or first 90, other 60).
    Book,
}

impl ClaimKind {
    pub const ALL: &'static [ClaimKind] = &[
        ClaimKind::Exam,
        ClaimKind::Conference,
        ClaimKind::DegreeCourse,
        ClaimKind::Research,
        ClaimKind::Paper,
        ClaimKind::Book,
    ];

    /// `exam`, `conference`, `degree_course`, `research`, `paper` or `book`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Exam => "exam",
            ClaimKind::Conference => "conference",
            ClaimKind::DegreeCourse => "degree_course",
            ClaimKind::Research => "research",
            ClaimKind::Paper => "paper",
            ClaimKind::Book => "book",
        }
    }

    /// 考试, 学术会议, 学历教育, 课题研究, 论文 or 著作.
    pub const fn label(self) -> &'static str {
        match self {
            ClaimKind::Exam => "考试",
            ClaimKind::Conference => "学术会议",
            ClaimKind::DegreeCourse => "学历教育",
            ClaimKind::Research => "课题研究",
            ClaimKind::Paper => "论文",
            ClaimKind::Book => "著作",
        }
    }

    /// The roles a claim of this kind may name; empty when none is needed.
    pub const fn allowed_roles(self) -> &'static [ClaimRole] {
        match self {
            ClaimKind::Research => &[ClaimRole::Host, ClaimRole::Participant],
            ClaimKind::Paper | ClaimKind::Book => {
                &[ClaimRole::Sole, ClaimRole::First, ClaimRole::Other]
            }
            ClaimKind::Exam | ClaimKind::Conference | ClaimKind::DegreeCourse => &[],
        }
    }
}

impl FromStr for ClaimKind {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClaimKind::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseCodeError::ClaimKind(s.to_owned()))
    }
}

/// The claimant's role in a research project, paper or book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ClaimRole {
    /// 主持: hosted the research project (or did it alone).
    Host,
    /// 参与: another participant of the research project.
    Participant,
    /// 独立完成: sole author.
    Sole,
    /// 第一作者: first author.
    First,
    /// 其他作者: another author.
    Other,
}

impl ClaimRole {
    pub const ALL: &'static [ClaimRole] = &[
        ClaimRole::Host,
        ClaimRole::Participant,
        ClaimRole::Sole,
        ClaimRole::First,
        ClaimRole::Other,
    ];

    /// `host`, `participant`, `sole`, `first` or `other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimRole::Host => "host",
            ClaimRole::Participant => "participant",
            ClaimRole::Sole => "sole",
            ClaimRole::First => "first",
            ClaimRole::Other => "other",
        }
    }

    /// 主持, 参与, 独立完成, 第一作者 or 其他作者.
    pub const fn label(self) -> &'static str {
        match self {
            ClaimRole::Host => "主持",
            ClaimRole::Participant => "参与",
            ClaimRole::Sole => "独立完成",
            ClaimRole::First => "第一作者",
            ClaimRole::Other => "其他作者",
        }
    }
}

impl FromStr for ClaimRole {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClaimRole::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseCodeError::ClaimRole(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn claim_kinds_have_the_documented_codes_and_labels() {
        let actual: Vec<_> = ClaimKind::ALL
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect();
        assert_eq!(
            actual,
            [
                ("exam", "考试"),
                ("conference", "学术会议"),
                ("degree_course", "学历教育"),
                ("research", "课题研究"),
                ("paper", "论文"),
                ("book", "著作")
            ]
        );
    }

    #[test]
    fn every_claim_kind_round_trips_through_its_code() {
        for k in ClaimKind::ALL {
            assert_eq!(k.as_str().parse::<ClaimKind>().unwrap(), *k);
        }
        assert_eq!(
            "patent".parse::<ClaimKind>().unwrap_err().code(),
            "invalid_claim_kind"
        );
    }

    #[test]
    fn claim_roles_have_codes_and_labels_and_round_trip() {
        let actual: Vec<_> = ClaimRole::ALL
            .iter()
            .map(|r| (r.as_str(), r.label()))
            .collect();
        assert_eq!(
            actual,
            [
                ("host", "主持"),
                ("participant", "参与"),
                ("sole", "独立完成"),
                ("first", "第一作者"),
                ("other", "其他作者")
            ]
        );
        for r in ClaimRole::ALL {
            assert_eq!(r.as_str().parse::<ClaimRole>().unwrap(), *r);
        }
        assert_eq!(
            "second".parse::<ClaimRole>().unwrap_err().code(),
            "invalid_claim_role"
        );
    }

    #[test]
    fn research_takes_host_or_participant_and_publications_take_author_roles() {
        use ClaimRole as R;
        assert_eq!(
            ClaimKind::Research.allowed_roles(),
            [R::Host, R::Participant]
        );
        assert_eq!(
            ClaimKind::Paper.allowed_roles(),
            [R::Sole, R::First, R::Other]
        );
        assert_eq!(
            ClaimKind::Book.allowed_roles(),
            [R::Sole, R::First, R::Other]
        );
        assert!(ClaimKind::Exam.allowed_roles().is_empty());
        assert!(ClaimKind::Conference.allowed_roles().is_empty());
        assert!(ClaimKind::DegreeCourse.allowed_roles().is_empty());
    }
}
