//! The two credit categories of the yearly rule: professional and public.

use std::str::FromStr;

use crate::error::ParseCodeError;

/// A credit category: 专业课 (专业科目) or 公需课 (公需科目).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// 专业课: accounting professional subjects.
    Professional,
    /// 公需课: general subjects every professional needs.
    Public,
}

impl Category {
    pub const ALL: &'static [Category] = &[Category::Professional, Category::Public];

    /// `professional` or `public`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Category::Professional => "professional",
            Category::Public => "public",
        }
    }

    /// 专业课 or 公需课.
    pub const fn label(self) -> &'static str {
        match self {
            Category::Professional => "专业课",
            Category::Public => "公需课",
        }
    }
}

impl FromStr for Category {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Category::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| ParseCodeError::Category(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn categories_have_the_documented_codes_and_labels() {
        assert_eq!(Category::Professional.as_str(), "professional");
        assert_eq!(Category::Public.as_str(), "public");
        assert_eq!(Category::Professional.label(), "专业课");
        assert_eq!(Category::Public.label(), "公需课");
    }

    #[test]
    fn every_category_round_trips_through_its_code() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), *c);
        }
    }

    #[test]
    fn an_unknown_category_is_rejected() {
        let err = "elective".parse::<Category>().unwrap_err();
        assert_eq!(err.code(), "invalid_category");
        assert_eq!(err.to_string(), "学分类别不正确：“elective”");
    }
}
