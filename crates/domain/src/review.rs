//! A learner's review of an online school (去评价): a rating of 1-5 and an
//! optional comment of at most 500 characters.

use std::error::Error;
use std::fmt;

/// Longest comment, in characters.
const COMMENT_MAX_CHARS: usize = 500;

/// A rating from 1 to 5 stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rating(u8);

impl Rating {
    /// Accepts any integer (as read from JSON) from 1 to 5.
    pub fn new(value: i64) -> Result<Rating, ReviewError> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=5).contains(v))
            .map(Rating)
            .ok_or(ReviewError::RatingOutOfRange)
    }

    pub const fn value(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A non-empty, trimmed comment of at most 500 characters, without control
/// characters other than line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReviewComment(String);

impl ReviewComment {
    /// `Ok(None)` for an empty or blank comment (the comment is optional).
    pub fn parse(raw: &str) -> Result<Option<ReviewComment>, ReviewError> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > COMMENT_MAX_CHARS {
            return Err(ReviewError::CommentTooLong);
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(ReviewError::CommentControlChar);
        }
        Ok(Some(ReviewComment(text.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ReviewComment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a review is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewError {
    RatingOutOfRange,
    CommentTooLong,
    CommentControlChar,
}

impl ReviewError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::RatingOutOfRange => "review_rating_invalid",
            Self::CommentTooLong => "review_comment_too_long",
            Self::CommentControlChar => "review_comment_invalid_char",
        }
    }
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::RatingOutOfRange => "评分应为1至5分",
            Self::CommentTooLong => "评价内容不能超过500个字",
            Self::CommentControlChar => "评价内容含有不允许的控制字符",
        })
    }
}

impl Error for ReviewError {}

impl crate::error::ErrorCode for ReviewError {
    fn code(&self) -> &'static str {
        ReviewError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn ratings_from_one_to_five_are_accepted() {
        for v in 1..=5 {
            let r = Rating::new(v).unwrap();
            assert_eq!(i64::from(r.value()), v);
            assert_eq!(r.to_string(), v.to_string());
        }
    }

    #[test]
    fn ratings_outside_one_to_five_are_rejected() {
        for v in [0, 6, -1, 256, 261, i64::MAX, i64::MIN] {
            assert_eq!(Rating::new(v), Err(ReviewError::RatingOutOfRange), "{v}");
        }
        assert_eq!(ReviewError::RatingOutOfRange.to_string(), "评分应为1至5分");
        assert_eq!(
            ReviewError::RatingOutOfRange.code(),
            "review_rating_invalid"
        );
    }

    #[test]
    fn a_comment_is_trimmed() {
        let c = ReviewComment::parse("  老师讲得很好 \n").unwrap().unwrap();
        assert_eq!(c.as_str(), "老师讲得很好");
        assert_eq!(c.to_string(), "老师讲得很好");
    }

    #[test]
    fn a_blank_comment_is_no_comment() {
        assert_eq!(ReviewComment::parse(""), Ok(None));
        assert_eq!(ReviewComment::parse(" \n\t "), Ok(None));
    }

    #[test]
    fn five_hundred_characters_are_allowed_and_more_are_not() {
        assert!(ReviewComment::parse(&"好".repeat(500)).unwrap().is_some());
        assert_eq!(
            ReviewComment::parse(&"好".repeat(501)),
            Err(ReviewError::CommentTooLong)
        );
        assert_eq!(
            ReviewError::CommentTooLong.code(),
            "review_comment_too_long"
        );
    }

    #[test]
    fn line_breaks_are_kept_but_other_control_characters_are_rejected() {
        let c = ReviewComment::parse("第一行\r\n第二行\t好")
            .unwrap()
            .unwrap();
        assert_eq!(c.as_str(), "第一行\r\n第二行\t好");
        assert_eq!(
            ReviewComment::parse("好\u{0}"),
            Err(ReviewError::CommentControlChar)
        );
        assert_eq!(
            ReviewError::CommentControlChar.code(),
            "review_comment_invalid_char"
        );
    }
}
