//! The national conversion table: how many credits an approved claim is worth.

use std::error::Error;
use std::fmt;

use super::{ClaimKind, ClaimRole};
use crate::credits::Credits;

/// Most exam subjects one claim may count.
pub const MAX_SUBJECTS: u32 = 10;
/// Most conference days one claim may count.
pub const MAX_DAYS: u32 = 30;

/// A claim as submitted, before conversion. Fields a kind does not use
/// (a role for an exam, days for a book, …) are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimInput {
    pub kind: ClaimKind,
    pub role: Option<ClaimRole>,
    /// Conference days (conference only).
    pub days: Option<u32>,
    /// Subjects passed (exam only).
    pub subjects: Option<u32>,
}

/// Every valid claim (kind, the role it needs, the count it needs) with its credits: the table a
/// form's live preview reads, so that the preview is this rule and not a copy of it.
pub fn every_valid_claim() -> Vec<(ClaimInput, Credits)> {
    let mut table = Vec::new();
    for kind in ClaimKind::ALL.iter().copied() {
        let roles: Vec<Option<ClaimRole>> = if kind.allowed_roles().is_empty() {
            vec![None]
        } else {
            kind.allowed_roles().iter().copied().map(Some).collect()
        };
        let counts: Vec<Option<u32>> = match kind {
            ClaimKind::Exam => (1..=MAX_SUBJECTS).map(Some).collect(),
            ClaimKind::Conference => (1..=MAX_DAYS).map(Some).collect(),
            _ => vec![None],
        };
        for role in &roles {
            for count in &counts {
                let input = ClaimInput {
                    kind,
                    role: *role,
                    days: count.filter(|_| kind == ClaimKind::Conference),
                    subjects: count.filter(|_| kind == ClaimKind::Exam),
                };
                if let Ok(credits) = claim_credits(&input) {
                    table.push((input, credits));
                }
            }
        }
    }
    table
}

/// The credits a claim is worth (SPEC section 2), computed on the server:
///
/// | kind | credits |
/// |---|---|
/// | exam | 90 per subject, 1-10 subjects |
/// | conference | 10 per day, 1-30 days |
/// | degree_course | 90 |
/// | research | host 90, participant 60 |
/// | paper | sole or first 30, other 10 |
/// | book | sole or first 90, other 60 |
pub fn claim_credits(input: &ClaimInput) -> Result<Credits, ClaimError> {
    let whole = match input.kind {
        ClaimKind::Exam => {
            let subjects = input.subjects.ok_or(ClaimError::SubjectsMissing)?;
            if !(1..=MAX_SUBJECTS).contains(&subjects) {
                return Err(ClaimError::SubjectsOutOfRange);
            }
            90 * i64::from(subjects)
        }
        ClaimKind::Conference => {
            let days = input.days.ok_or(ClaimError::DaysMissing)?;
            if !(1..=MAX_DAYS).contains(&days) {
                return Err(ClaimError::DaysOutOfRange);
            }
            10 * i64::from(days)
        }
        ClaimKind::DegreeCourse => 90,
        ClaimKind::Research => match role(input)? {
            ClaimRole::Host => 90,
            _ => 60,
        },
        ClaimKind::Paper => match role(input)? {
            ClaimRole::Sole | ClaimRole::First => 30,
            _ => 10,
        },
        ClaimKind::Book => match role(input)? {
            ClaimRole::Sole | ClaimRole::First => 90,
            _ => 60,
        },
    };
    Ok(Credits::whole(whole))
}

/// The claim's role, required and one of those its kind allows.
fn role(input: &ClaimInput) -> Result<ClaimRole, ClaimError> {
    let role = input.role.ok_or(ClaimError::RoleMissing(input.kind))?;
    if input.kind.allowed_roles().contains(&role) {
        Ok(role)
    } else {
        Err(ClaimError::RoleNotAllowed {
            kind: input.kind,
            role,
        })
    }
}

/// Why a claim cannot be converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimError {
    /// An exam claim without the number of subjects.
    SubjectsMissing,
    /// An exam claim with 0 or more than 10 subjects.
    SubjectsOutOfRange,
    /// A conference claim without the number of days.
    DaysMissing,
    /// A conference claim with 0 or more than 30 days.
    DaysOutOfRange,
    /// A research, paper or book claim without a role.
    RoleMissing(ClaimKind),
    /// A role its kind does not allow (e.g. a `first` author of research).
    RoleNotAllowed { kind: ClaimKind, role: ClaimRole },
}

impl ClaimError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::SubjectsMissing => "claim_subjects_missing",
            Self::SubjectsOutOfRange => "claim_subjects_invalid",
            Self::DaysMissing => "claim_days_missing",
            Self::DaysOutOfRange => "claim_days_invalid",
            Self::RoleMissing(_) => "claim_role_missing",
            Self::RoleNotAllowed { .. } => "claim_role_invalid",
        }
    }
}

/// The allowed roles of `kind` as Chinese text: `主持或参与`.
fn allowed_roles_text(kind: ClaimKind) -> String {
    let labels: Vec<_> = kind.allowed_roles().iter().map(|r| r.label()).collect();
    match labels.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{}或{last}", rest.join("、")),
        None => String::new(),
    }
}

impl fmt::Display for ClaimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SubjectsMissing => f.write_str("请填写通过的考试科目数"),
            Self::SubjectsOutOfRange => f.write_str("通过的考试科目数应为1至10"),
            Self::DaysMissing => f.write_str("请填写参加学术会议的天数"),
            Self::DaysOutOfRange => f.write_str("参加学术会议的天数应为1至30天"),
            Self::RoleMissing(kind) => write!(
                f,
                "{}请选择本人角色：{}",
                kind.label(),
                allowed_roles_text(*kind)
            ),
            Self::RoleNotAllowed { kind, role } => write!(
                f,
                "{}的角色不能是“{}”，只能是{}",
                kind.label(),
                role.label(),
                allowed_roles_text(*kind)
            ),
        }
    }
}

impl Error for ClaimError {}

impl crate::error::ErrorCode for ClaimError {
    fn code(&self) -> &'static str {
        ClaimError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use ClaimKind as K;
    use ClaimRole as R;

    fn input(kind: ClaimKind) -> ClaimInput {
        ClaimInput {
            kind,
            role: None,
            days: None,
            subjects: None,
        }
    }

    fn with_role(kind: ClaimKind, role: ClaimRole) -> ClaimInput {
        ClaimInput {
            role: Some(role),
            ..input(kind)
        }
    }

    fn credits(i: ClaimInput) -> Result<i64, ClaimError> {
        claim_credits(&i).map(|c| c.tenths() / 10)
    }

    #[test]
    fn an_exam_is_worth_ninety_per_subject() {
        let exam = |n| {
            credits(ClaimInput {
                subjects: Some(n),
                ..input(K::Exam)
            })
        };
        assert_eq!(exam(1), Ok(90));
        assert_eq!(exam(2), Ok(180));
        assert_eq!(exam(10), Ok(900));
    }

    #[test]
    fn an_exam_needs_one_to_ten_subjects() {
        let exam = |n| {
            credits(ClaimInput {
                subjects: n,
                ..input(K::Exam)
            })
        };
        assert_eq!(exam(None), Err(ClaimError::SubjectsMissing));
        assert_eq!(exam(Some(0)), Err(ClaimError::SubjectsOutOfRange));
        assert_eq!(exam(Some(11)), Err(ClaimError::SubjectsOutOfRange));
        assert_eq!(exam(Some(u32::MAX)), Err(ClaimError::SubjectsOutOfRange));
    }

    #[test]
    fn a_conference_is_worth_ten_per_day() {
        let conf = |n| {
            credits(ClaimInput {
                days: Some(n),
                ..input(K::Conference)
            })
        };
        assert_eq!(conf(1), Ok(10));
        assert_eq!(conf(3), Ok(30));
        assert_eq!(conf(30), Ok(300));
    }

    #[test]
    fn a_conference_needs_one_to_thirty_days() {
        let conf = |n| {
            credits(ClaimInput {
                days: n,
                ..input(K::Conference)
            })
        };
        assert_eq!(conf(None), Err(ClaimError::DaysMissing));
        assert_eq!(conf(Some(0)), Err(ClaimError::DaysOutOfRange));
        assert_eq!(conf(Some(31)), Err(ClaimError::DaysOutOfRange));
    }

    #[test]
    fn a_degree_course_is_worth_ninety() {
        assert_eq!(credits(input(K::DegreeCourse)), Ok(90));
    }

    #[test]
    fn research_is_worth_ninety_to_the_host_and_sixty_to_a_participant() {
        assert_eq!(credits(with_role(K::Research, R::Host)), Ok(90));
        assert_eq!(credits(with_role(K::Research, R::Participant)), Ok(60));
    }

    #[test]
    fn a_paper_is_worth_thirty_to_a_sole_or_first_author_and_ten_to_others() {
        assert_eq!(credits(with_role(K::Paper, R::Sole)), Ok(30));
        assert_eq!(credits(with_role(K::Paper, R::First)), Ok(30));
        assert_eq!(credits(with_role(K::Paper, R::Other)), Ok(10));
    }

    #[test]
    fn a_book_is_worth_ninety_to_a_sole_or_first_author_and_sixty_to_others() {
        assert_eq!(credits(with_role(K::Book, R::Sole)), Ok(90));
        assert_eq!(credits(with_role(K::Book, R::First)), Ok(90));
        assert_eq!(credits(with_role(K::Book, R::Other)), Ok(60));
    }

    #[test]
    fn research_papers_and_books_need_a_role() {
        for kind in [K::Research, K::Paper, K::Book] {
            let err = claim_credits(&input(kind)).unwrap_err();
            assert_eq!(err, ClaimError::RoleMissing(kind));
            assert_eq!(err.code(), "claim_role_missing");
        }
        assert_eq!(
            ClaimError::RoleMissing(K::Research).to_string(),
            "课题研究请选择本人角色：主持或参与"
        );
        assert_eq!(
            ClaimError::RoleMissing(K::Paper).to_string(),
            "论文请选择本人角色：独立完成、第一作者或其他作者"
        );
    }

    #[test]
    fn a_role_the_kind_does_not_allow_is_rejected() {
        for (kind, role) in [
            (K::Research, R::Sole),
            (K::Research, R::First),
            (K::Research, R::Other),
            (K::Paper, R::Host),
            (K::Paper, R::Participant),
            (K::Book, R::Host),
            (K::Book, R::Participant),
        ] {
            let err = claim_credits(&with_role(kind, role)).unwrap_err();
            assert_eq!(err, ClaimError::RoleNotAllowed { kind, role });
            assert_eq!(err.code(), "claim_role_invalid");
        }
        assert_eq!(
            ClaimError::RoleNotAllowed {
                kind: K::Research,
                role: R::First
            }
            .to_string(),
            "课题研究的角色不能是“第一作者”，只能是主持或参与"
        );
    }

    #[test]
    fn fields_a_kind_does_not_use_are_ignored() {
        let i = ClaimInput {
            kind: K::DegreeCourse,
            role: Some(R::Other),
            days: Some(0),
            subjects: Some(99),
        };
        assert_eq!(credits(i), Ok(90));
        let exam = ClaimInput {
            role: Some(R::Host),
            days: Some(5),
            ..input(K::Exam)
        };
        assert_eq!(
            credits(ClaimInput {
                subjects: Some(1),
                ..exam
            }),
            Ok(90)
        );
    }

    #[test]
    fn count_errors_have_codes_and_chinese_messages() {
        let all = [
            (ClaimError::SubjectsMissing, "claim_subjects_missing"),
            (ClaimError::SubjectsOutOfRange, "claim_subjects_invalid"),
            (ClaimError::DaysMissing, "claim_days_missing"),
            (ClaimError::DaysOutOfRange, "claim_days_invalid"),
        ];
        for (e, code) in all {
            assert_eq!(e.code(), code);
            assert!(!e.to_string().is_empty());
        }
        assert_eq!(
            ClaimError::DaysOutOfRange.to_string(),
            "参加学术会议的天数应为1至30天"
        );
    }

    #[test]
    fn the_preview_table_holds_every_valid_claim_once_with_its_credits() {
        let table = every_valid_claim();
        // exam 10 counts, conference 30, degree 1, research 2 roles, paper and book 3 each.
        assert_eq!(table.len(), 10 + 30 + 1 + 2 + 3 + 3);
        for (input, credits) in &table {
            assert_eq!(claim_credits(input).unwrap(), *credits);
        }
        let find = |kind, role, days, subjects| {
            table
                .iter()
                .find(|(i, _)| {
                    *i == ClaimInput {
                        kind,
                        role,
                        days,
                        subjects,
                    }
                })
                .map(|(_, c)| *c)
        };
        assert_eq!(
            find(ClaimKind::Exam, None, None, Some(2)),
            Some(Credits::whole(180))
        );
        assert_eq!(
            find(ClaimKind::Conference, None, Some(3), None),
            Some(Credits::whole(30))
        );
        assert_eq!(
            find(ClaimKind::Book, Some(ClaimRole::Other), None, None),
            Some(Credits::whole(60))
        );
    }
}
