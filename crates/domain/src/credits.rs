//! Credits (学分) as exact decimals with at most one decimal place, held as
//! integer tenths and never as floating point.

use std::error::Error;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};

pub use crate::category::Category;

/// The most credits one record reported by a school may carry.
const SCHOOL_RECORD_MAX: Credits = Credits::from_tenths(900);

/// An amount of credits, in tenths (`Credits::from_tenths(25)` is 2.5).
///
/// Arithmetic saturates at the bounds of `i64` instead of overflowing; a
/// difference may be negative, `saturating_sub` stops at zero.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Credits(i64);

impl Credits {
    pub const fn from_tenths(tenths: i64) -> Credits {
        Credits(tenths)
    }

    /// Whole credits, e.g. `Credits::whole(90)`.
    pub const fn whole(credits: i64) -> Credits {
        Credits(credits.saturating_mul(10))
    }

    pub const fn zero() -> Credits {
        Credits(0)
    }

    pub const fn tenths(self) -> i64 {
        self.0
    }

    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Parses a decimal text: `10`, `2.5`, `0.5`, `2.50`; surrounding
    /// whitespace is ignored. Rejects more than one significant decimal
    /// place (`2.55`), signs, exponents and anything else.
    pub fn parse_decimal(raw: &str) -> Result<Credits, CreditsError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(CreditsError::Empty);
        }
        if let Some(rest) = s.strip_prefix('-') {
            return match Credits::parse_decimal(rest) {
                Ok(c) if c.is_zero() => Ok(c),
                Ok(_) => Err(CreditsError::Negative),
                Err(CreditsError::Empty) => Err(CreditsError::Invalid),
                Err(e) => Err(e),
            };
        }
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        let all_digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty()
            || !all_digits(int)
            || !all_digits(frac)
            || (s.contains('.') && frac.is_empty())
        {
            return Err(CreditsError::Invalid);
        }
        let mut frac_digits = frac.bytes().map(|b| i64::from(b - b'0'));
        let tenth = frac_digits.next().unwrap_or(0);
        if frac_digits.any(|d| d != 0) {
            return Err(CreditsError::TooManyDecimals);
        }
        let whole = int
            .bytes()
            .try_fold(0i64, |acc, b| {
                acc.checked_mul(10)?.checked_add(i64::from(b - b'0'))
            })
            .ok_or(CreditsError::TooLarge)?;
        whole
            .checked_mul(10)
            .and_then(|t| t.checked_add(tenth))
            .map(Credits)
            .ok_or(CreditsError::TooLarge)
    }

    /// Converts a JSON number: it must be finite, not negative and exact at
    /// one decimal place (`x * 10` within 1e-9 of an integer).
    pub fn from_f64_checked(x: f64) -> Result<Credits, CreditsError> {
        if !x.is_finite() {
            return Err(CreditsError::NotFinite);
        }
        if x < 0.0 {
            return Err(CreditsError::Negative);
        }
        let scaled = x * 10.0;
        let rounded = scaled.round();
        if (scaled - rounded).abs() > 1e-9 {
            return Err(CreditsError::TooManyDecimals);
        }
        // Beyond 2^53 tenths, f64 no longer holds every integer exactly.
        if rounded > 9_007_199_254_740_992.0 {
            return Err(CreditsError::TooLarge);
        }
        Ok(Credits(rounded as i64))
    }

    /// The value as a JSON number (exact for any realistic amount).
    pub fn to_f64(self) -> f64 {
        self.0 as f64 / 10.0
    }

    /// `self - other`, but never below zero: what is still lacking.
    pub const fn saturating_sub(self, other: Credits) -> Credits {
        let d = self.0.saturating_sub(other.0);
        Credits(if d > 0 { d } else { 0 })
    }

    pub const fn min(self, other: Credits) -> Credits {
        if self.0 <= other.0 { self } else { other }
    }

    pub const fn max(self, other: Credits) -> Credits {
        if self.0 >= other.0 { self } else { other }
    }
}

/// Checks one credit record reported by a school: more than 0, at most 90.
pub fn validate_school_record(c: Credits) -> Result<(), CreditsError> {
    if c.0 <= 0 {
        Err(CreditsError::RecordNotPositive)
    } else if c > SCHOOL_RECORD_MAX {
        Err(CreditsError::RecordAboveMax)
    } else {
        Ok(())
    }
}

impl fmt::Display for Credits {
    /// `10`, `2.5`, `0`, `-2.5`: no trailing `.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        match abs % 10 {
            0 => write!(f, "{sign}{}", abs / 10),
            tenth => write!(f, "{sign}{}.{tenth}", abs / 10),
        }
    }
}

impl fmt::Debug for Credits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Credits({self})")
    }
}

impl Add for Credits {
    type Output = Credits;
    fn add(self, rhs: Credits) -> Credits {
        Credits(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Credits {
    type Output = Credits;
    fn sub(self, rhs: Credits) -> Credits {
        Credits(self.0.saturating_sub(rhs.0))
    }
}

impl AddAssign for Credits {
    fn add_assign(&mut self, rhs: Credits) {
        *self = *self + rhs;
    }
}

impl SubAssign for Credits {
    fn sub_assign(&mut self, rhs: Credits) {
        *self = *self - rhs;
    }
}

impl Sum for Credits {
    fn sum<I: Iterator<Item = Credits>>(iter: I) -> Credits {
        iter.fold(Credits::zero(), Add::add)
    }
}

impl<'a> Sum<&'a Credits> for Credits {
    fn sum<I: Iterator<Item = &'a Credits>>(iter: I) -> Credits {
        iter.copied().sum()
    }
}

/// Why a value is not an acceptable amount of credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditsError {
    Empty,
    /// Not a plain decimal number.
    Invalid,
    /// More than one decimal place, e.g. `2.55`.
    TooManyDecimals,
    Negative,
    /// NaN or infinite.
    NotFinite,
    TooLarge,
    /// A school record of 0 credits or less.
    RecordNotPositive,
    /// A school record of more than 90 credits.
    RecordAboveMax,
}

impl CreditsError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "credits_empty",
            Self::Invalid => "credits_invalid",
            Self::TooManyDecimals => "credits_too_many_decimals",
            Self::Negative => "credits_negative",
            Self::NotFinite => "credits_not_finite",
            Self::TooLarge => "credits_too_large",
            Self::RecordNotPositive => "credits_not_positive",
            Self::RecordAboveMax => "credits_above_record_max",
        }
    }
}

impl fmt::Display for CreditsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "学分不能为空",
            Self::Invalid => "学分格式不正确，应为数字，最多保留一位小数",
            Self::TooManyDecimals => "学分最多保留一位小数",
            Self::Negative => "学分不能为负数",
            Self::NotFinite => "学分必须是有效数字",
            Self::TooLarge => "学分数值过大",
            Self::RecordNotPositive => "每条学分记录的学分必须大于0",
            Self::RecordAboveMax => "每条学分记录的学分不能超过90",
        })
    }
}

impl Error for CreditsError {}

impl crate::error::ErrorCode for CreditsError {
    fn code(&self) -> &'static str {
        CreditsError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn c(tenths: i64) -> Credits {
        Credits::from_tenths(tenths)
    }

    #[test]
    fn whole_and_half_credits_parse_to_tenths() {
        assert_eq!(Credits::parse_decimal("10").unwrap().tenths(), 100);
        assert_eq!(Credits::parse_decimal("2.5").unwrap().tenths(), 25);
        assert_eq!(Credits::parse_decimal("0.5").unwrap().tenths(), 5);
        assert_eq!(Credits::parse_decimal("0").unwrap(), Credits::zero());
        assert_eq!(Credits::parse_decimal("90.0").unwrap().tenths(), 900);
    }

    #[test]
    fn surrounding_whitespace_and_trailing_zero_decimals_are_accepted() {
        assert_eq!(Credits::parse_decimal(" 2.5 ").unwrap().tenths(), 25);
        assert_eq!(Credits::parse_decimal("2.50").unwrap().tenths(), 25);
        assert_eq!(Credits::parse_decimal("007").unwrap().tenths(), 70);
    }

    #[test]
    fn two_significant_decimals_are_rejected() {
        assert_eq!(
            Credits::parse_decimal("2.55"),
            Err(CreditsError::TooManyDecimals)
        );
        assert_eq!(
            Credits::parse_decimal("0.05"),
            Err(CreditsError::TooManyDecimals)
        );
    }

    #[test]
    fn empty_text_is_rejected_as_empty() {
        assert_eq!(Credits::parse_decimal(""), Err(CreditsError::Empty));
        assert_eq!(Credits::parse_decimal("  "), Err(CreditsError::Empty));
    }

    #[test]
    fn text_that_is_not_a_plain_decimal_is_rejected() {
        for raw in [
            "abc", "1e1", "+5", ".5", "5.", "1.2.3", "1,5", "１０", "NaN", "2 .5", "-",
        ] {
            assert_eq!(
                Credits::parse_decimal(raw),
                Err(CreditsError::Invalid),
                "{raw}"
            );
        }
    }

    #[test]
    fn negative_credits_are_rejected() {
        assert_eq!(Credits::parse_decimal("-1"), Err(CreditsError::Negative));
        assert_eq!(Credits::parse_decimal("-2.5"), Err(CreditsError::Negative));
        assert_eq!(Credits::parse_decimal("-0"), Ok(Credits::zero()));
        assert_eq!(Credits::parse_decimal("-x"), Err(CreditsError::Invalid));
    }

    #[test]
    fn absurdly_large_text_is_rejected_without_overflow() {
        assert_eq!(
            Credits::parse_decimal("99999999999999999999"),
            Err(CreditsError::TooLarge)
        );
        assert_eq!(
            Credits::parse_decimal("922337203685477581"),
            Err(CreditsError::TooLarge)
        );
    }

    #[test]
    fn json_numbers_exact_at_one_decimal_are_accepted() {
        assert_eq!(Credits::from_f64_checked(10.0).unwrap().tenths(), 100);
        assert_eq!(Credits::from_f64_checked(2.5).unwrap().tenths(), 25);
        assert_eq!(Credits::from_f64_checked(0.1).unwrap().tenths(), 1);
        assert_eq!(Credits::from_f64_checked(0.3).unwrap().tenths(), 3);
        assert_eq!(Credits::from_f64_checked(0.0).unwrap(), Credits::zero());
        assert_eq!(Credits::from_f64_checked(-0.0).unwrap(), Credits::zero());
    }

    #[test]
    fn json_numbers_with_more_decimals_are_rejected() {
        assert_eq!(
            Credits::from_f64_checked(2.55),
            Err(CreditsError::TooManyDecimals)
        );
        assert_eq!(
            Credits::from_f64_checked(0.01),
            Err(CreditsError::TooManyDecimals)
        );
        assert_eq!(
            Credits::from_f64_checked(1.0 / 3.0),
            Err(CreditsError::TooManyDecimals)
        );
    }

    #[test]
    fn json_numbers_that_are_negative_or_not_finite_are_rejected() {
        assert_eq!(Credits::from_f64_checked(-1.0), Err(CreditsError::Negative));
        assert_eq!(
            Credits::from_f64_checked(f64::NAN),
            Err(CreditsError::NotFinite)
        );
        assert_eq!(
            Credits::from_f64_checked(f64::INFINITY),
            Err(CreditsError::NotFinite)
        );
        assert_eq!(
            Credits::from_f64_checked(1e300),
            Err(CreditsError::TooLarge)
        );
    }

    #[test]
    fn credits_convert_back_to_json_numbers() {
        assert_eq!(c(25).to_f64(), 2.5);
        assert_eq!(c(900).to_f64(), 90.0);
        assert_eq!(Credits::zero().to_f64(), 0.0);
    }

    #[test]
    fn credits_display_without_a_trailing_zero_decimal() {
        assert_eq!(c(100).to_string(), "10");
        assert_eq!(c(25).to_string(), "2.5");
        assert_eq!(c(0).to_string(), "0");
        assert_eq!(c(5).to_string(), "0.5");
        assert_eq!(c(-25).to_string(), "-2.5");
        assert_eq!(c(-5).to_string(), "-0.5");
        assert_eq!(format!("{:?}", c(25)), "Credits(2.5)");
    }

    #[test]
    fn credits_add_subtract_and_sum_exactly() {
        assert_eq!(c(25) + c(5), c(30));
        assert_eq!(c(25) - c(30), c(-5));
        let mut x = c(10);
        x += c(15);
        assert_eq!(x, c(25));
        x -= c(5);
        assert_eq!(x, c(20));
        assert_eq!([c(1), c(2), c(3)].into_iter().sum::<Credits>(), c(6));
        assert_eq!([c(1), c(2)].iter().sum::<Credits>(), c(3));
        assert_eq!(
            Vec::<Credits>::new().into_iter().sum::<Credits>(),
            Credits::zero()
        );
    }

    #[test]
    fn arithmetic_saturates_instead_of_overflowing() {
        assert_eq!(c(i64::MAX) + c(1), c(i64::MAX));
        assert_eq!(c(i64::MIN) - c(1), c(i64::MIN));
    }

    #[test]
    fn saturating_sub_never_goes_below_zero() {
        assert_eq!(c(600).saturating_sub(c(550)), c(50));
        assert_eq!(c(550).saturating_sub(c(600)), Credits::zero());
    }

    #[test]
    fn min_and_max_pick_the_smaller_and_larger() {
        assert_eq!(c(5).min(c(3)), c(3));
        assert_eq!(c(5).max(c(3)), c(5));
        assert!(c(25) < c(30));
    }

    #[test]
    fn whole_credits_are_ten_tenths_each() {
        assert_eq!(Credits::whole(90), c(900));
        assert!(Credits::zero().is_zero());
    }

    #[test]
    fn a_school_record_must_be_above_zero_and_at_most_ninety() {
        assert_eq!(
            validate_school_record(c(0)),
            Err(CreditsError::RecordNotPositive)
        );
        assert_eq!(
            validate_school_record(c(-5)),
            Err(CreditsError::RecordNotPositive)
        );
        assert_eq!(validate_school_record(c(1)), Ok(()));
        assert_eq!(validate_school_record(c(900)), Ok(()));
        assert_eq!(
            validate_school_record(c(901)),
            Err(CreditsError::RecordAboveMax)
        );
        assert_eq!(
            CreditsError::RecordAboveMax.to_string(),
            "每条学分记录的学分不能超过90"
        );
    }

    #[test]
    fn every_credits_error_has_a_distinct_code() {
        let all = [
            CreditsError::Empty,
            CreditsError::Invalid,
            CreditsError::TooManyDecimals,
            CreditsError::Negative,
            CreditsError::NotFinite,
            CreditsError::TooLarge,
            CreditsError::RecordNotPositive,
            CreditsError::RecordAboveMax,
        ];
        let mut codes: Vec<_> = all.iter().map(CreditsError::code).collect();
        assert!(all.iter().all(|e| !e.to_string().is_empty()));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }

    proptest! {
        #[test]
        fn display_parses_back_to_the_same_credits(tenths in 0i64..10_000_000) {
            let credits = c(tenths);
            prop_assert_eq!(Credits::parse_decimal(&credits.to_string()), Ok(credits));
            prop_assert_eq!(Credits::from_f64_checked(credits.to_f64()), Ok(credits));
        }
    }
}
