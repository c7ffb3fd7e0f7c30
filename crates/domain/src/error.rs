//! What every domain error shares: a stable code, and the error for unknown
//! enum codes read from JSON, forms or the database.

use std::error::Error;
use std::fmt;

/// A domain error with a stable snake_case code for the JSON envelope.
///
/// Every error type of this crate also has an inherent `code()` method, so
/// callers need not import this trait; it exists for generic mapping.
pub trait ErrorCode: Error {
    /// Stable snake_case code, e.g. `id_number_check_char`.
    fn code(&self) -> &'static str;
}

/// A string that is not one of the known codes of an enum (`FromStr`).
///
/// The variant says which enum was being parsed; it holds the rejected input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseCodeError {
    IdType(String),
    Gender(String),
    Level(String),
    QualificationLevel(String),
    Category(String),
    YearStatus(String),
    EnrollmentStatus(String),
    EnrollmentEvent(String),
    ClaimKind(String),
    ClaimRole(String),
    ClaimStatus(String),
    StudyMethod(String),
    EmployerStatus(String),
    LinkState(String),
    Audience(String),
    ReminderStatus(String),
    MessageState(String),
}

impl ParseCodeError {
    /// Stable snake_case code, e.g. `invalid_level`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::IdType(_) => "invalid_id_type",
            Self::Gender(_) => "invalid_gender",
            Self::Level(_) => "invalid_level",
            Self::QualificationLevel(_) => "invalid_qualification_level",
            Self::Category(_) => "invalid_category",
            Self::YearStatus(_) => "invalid_year_status",
            Self::EnrollmentStatus(_) => "invalid_enrollment_status",
            Self::EnrollmentEvent(_) => "invalid_enrollment_event",
            Self::ClaimKind(_) => "invalid_claim_kind",
            Self::ClaimRole(_) => "invalid_claim_role",
            Self::ClaimStatus(_) => "invalid_claim_status",
            Self::StudyMethod(_) => "invalid_study_method",
            Self::EmployerStatus(_) => "invalid_employer_status",
            Self::LinkState(_) => "invalid_link_state",
            Self::Audience(_) => "invalid_audience",
            Self::ReminderStatus(_) => "invalid_reminder_status",
            Self::MessageState(_) => "invalid_message_state",
        }
    }

    /// The rejected input.
    pub fn value(&self) -> &str {
        match self {
            Self::IdType(v)
            | Self::Gender(v)
            | Self::Level(v)
            | Self::QualificationLevel(v)
            | Self::Category(v)
            | Self::YearStatus(v)
            | Self::EnrollmentStatus(v)
            | Self::EnrollmentEvent(v)
            | Self::ClaimKind(v)
            | Self::ClaimRole(v)
            | Self::ClaimStatus(v)
            | Self::StudyMethod(v)
            | Self::EmployerStatus(v)
            | Self::LinkState(v)
            | Self::Audience(v)
            | Self::ReminderStatus(v)
            | Self::MessageState(v) => v,
        }
    }

    fn what(&self) -> &'static str {
        match self {
            Self::IdType(_) => "证件类型",
            Self::Gender(_) => "性别",
            Self::Level(_) => "培训等级",
            Self::QualificationLevel(_) => "会计专业技术资格等级",
            Self::Category(_) => "学分类别",
            Self::YearStatus(_) => "年度达标状态",
            Self::EnrollmentStatus(_) => "报名状态",
            Self::EnrollmentEvent(_) => "报名事件",
            Self::ClaimKind(_) => "学分申报类型",
            Self::ClaimRole(_) => "申报角色",
            Self::ClaimStatus(_) => "申报审核状态",
            Self::StudyMethod(_) => "学习方式",
            Self::EmployerStatus(_) => "单位审核状态",
            Self::LinkState(_) => "单位关联状态",
            Self::Audience(_) => "提醒对象",
            Self::ReminderStatus(_) => "提醒状态",
            Self::MessageState(_) => "消息状态",
        }
    }
}

impl fmt::Display for ParseCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}不正确：“{}”", self.what(), self.value())
    }
}

impl Error for ParseCodeError {}

impl ErrorCode for ParseCodeError {
    fn code(&self) -> &'static str {
        ParseCodeError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_level_reads_as_a_chinese_message_with_the_input() {
        let e = ParseCodeError::Level("expert".into());
        assert_eq!(e.to_string(), "培训等级不正确：“expert”");
        assert_eq!(e.code(), "invalid_level");
        assert_eq!(e.value(), "expert");
    }

    #[test]
    fn every_variant_has_a_distinct_invalid_code() {
        let all = [
            ParseCodeError::IdType(String::new()),
            ParseCodeError::Gender(String::new()),
            ParseCodeError::Level(String::new()),
            ParseCodeError::QualificationLevel(String::new()),
            ParseCodeError::Category(String::new()),
            ParseCodeError::YearStatus(String::new()),
            ParseCodeError::EnrollmentStatus(String::new()),
            ParseCodeError::EnrollmentEvent(String::new()),
            ParseCodeError::ClaimKind(String::new()),
            ParseCodeError::ClaimRole(String::new()),
            ParseCodeError::StudyMethod(String::new()),
        ];
        let mut codes: Vec<_> = all.iter().map(ParseCodeError::code).collect();
        assert!(codes.iter().all(|c| c.starts_with("invalid_")));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    #[test]
    fn the_trait_reports_the_same_code_as_the_inherent_method() {
        let e = ParseCodeError::Gender("x".into());
        let as_trait: &dyn ErrorCode = &e;
        assert_eq!(as_trait.code(), "invalid_gender");
    }
}
