//! Training levels offered by schools, and accounting qualification levels
//! held by learners (which suggest the default training level).

use std::str::FromStr;

use crate::error::ParseCodeError;

/// The level of an online training offer (培训等级).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 初级及以下
    Junior,
    /// 中级
    Intermediate,
    /// 高级
    Senior,
}

impl Level {
    pub const ALL: &'static [Level] = &[Level::Junior, Level::Intermediate, Level::Senior];

    /// `junior`, `intermediate` or `senior`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Intermediate => "intermediate",
            Level::Senior => "senior",
        }
    }

    /// 初级及以下, 中级 or 高级.
    pub const fn label(self) -> &'static str {
        match self {
            Level::Junior => "初级及以下",
            Level::Intermediate => "中级",
            Level::Senior => "高级",
        }
    }
}

impl FromStr for Level {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Level::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| ParseCodeError::Level(s.to_owned()))
    }
}

/// The accounting qualification (会计专业技术资格) a learner holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QualificationLevel {
    /// 无: no qualification; the year work started decides when study is due.
    None,
    /// 初级
    Junior,
    /// 中级
    Intermediate,
    /// 高级
    Senior,
}

impl QualificationLevel {
    pub const ALL: &'static [QualificationLevel] = &[
        QualificationLevel::None,
        QualificationLevel::Junior,
        QualificationLevel::Intermediate,
        QualificationLevel::Senior,
    ];

    /// `none`, `junior`, `intermediate` or `senior`.
    pub const fn as_str(self) -> &'static str {
        match self {
            QualificationLevel::None => "none",
            QualificationLevel::Junior => "junior",
            QualificationLevel::Intermediate => "intermediate",
            QualificationLevel::Senior => "senior",
        }
    }

    /// 无, 初级, 中级 or 高级.
    pub const fn label(self) -> &'static str {
        match self {
            QualificationLevel::None => "无",
            QualificationLevel::Junior => "初级",
            QualificationLevel::Intermediate => "中级",
            QualificationLevel::Senior => "高级",
        }
    }

    /// Whether a qualification is held at all.
    pub const fn is_held(self) -> bool {
        !matches!(self, QualificationLevel::None)
    }

    /// The training level the 网络培训 page preselects for this learner.
    pub const fn default_training_level(self) -> Level {
        match self {
            QualificationLevel::None | QualificationLevel::Junior => Level::Junior,
            QualificationLevel::Intermediate => Level::Intermediate,
            QualificationLevel::Senior => Level::Senior,
        }
    }
}

impl FromStr for QualificationLevel {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        QualificationLevel::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| ParseCodeError::QualificationLevel(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn training_levels_have_the_documented_codes_and_labels() {
        let actual: Vec<_> = Level::ALL.iter().map(|l| (l.as_str(), l.label())).collect();
        assert_eq!(
            actual,
            [
                ("junior", "初级及以下"),
                ("intermediate", "中级"),
                ("senior", "高级")
            ]
        );
    }

    #[test]
    fn every_training_level_round_trips_through_its_code() {
        for l in Level::ALL {
            assert_eq!(l.as_str().parse::<Level>().unwrap(), *l);
        }
    }

    #[test]
    fn an_unknown_training_level_is_rejected() {
        assert_eq!("none".parse::<Level>().unwrap_err().code(), "invalid_level");
        assert!("Junior".parse::<Level>().is_err());
    }

    #[test]
    fn qualification_levels_have_the_documented_codes_and_labels() {
        let actual: Vec<_> = QualificationLevel::ALL
            .iter()
            .map(|l| (l.as_str(), l.label()))
            .collect();
        assert_eq!(
            actual,
            [
                ("none", "无"),
                ("junior", "初级"),
                ("intermediate", "中级"),
                ("senior", "高级")
            ]
        );
    }

    #[test]
    fn every_qualification_level_round_trips_through_its_code() {
        for l in QualificationLevel::ALL {
            assert_eq!(l.as_str().parse::<QualificationLevel>().unwrap(), *l);
        }
        assert_eq!(
            "expert".parse::<QualificationLevel>().unwrap_err().code(),
            "invalid_qualification_level"
        );
    }

    #[test]
    fn the_default_training_level_follows_the_qualification() {
        use QualificationLevel as Q;
        assert_eq!(Q::None.default_training_level(), Level::Junior);
        assert_eq!(Q::Junior.default_training_level(), Level::Junior);
        assert_eq!(
            Q::Intermediate.default_training_level(),
            Level::Intermediate
        );
        assert_eq!(Q::Senior.default_training_level(), Level::Senior);
    }

    #[test]
    fn only_none_means_no_qualification_is_held() {
        assert!(!QualificationLevel::None.is_held());
        assert!(QualificationLevel::Junior.is_held());
        assert!(QualificationLevel::Senior.is_held());
    }
}
