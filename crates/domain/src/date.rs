//! A plain civil (calendar) date, with no time zone and no clock.
//!
//! Only what the domain needs: validation of real calendar days (leap years
//! included), ordering, `YYYY-MM-DD` text and the compact `YYYYMMDD` form
//! found inside identity numbers.

use std::error::Error;
use std::fmt;
use std::str::FromStr;

/// A real calendar day between 0001-01-01 and 9999-12-31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u32,
    day: u32,
}

impl Date {
    /// The day `year-month-day`, or `None` when no such day exists
    /// (e.g. 30 February, or 29 February outside a leap year).
    pub const fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        if year < 1 || year > 9999 || month < 1 || month > 12 {
            return None;
        }
        if day < 1 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    pub const fn year(self) -> i32 {
        self.year
    }

    pub const fn month(self) -> u32 {
        self.month
    }

    pub const fn day(self) -> u32 {
        self.day
    }

    /// Parses the compact form `YYYYMMDD` (exactly 8 ASCII digits).
    pub fn parse_compact(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let year = digits(&b[0..4]);
        let month = digits(&b[4..6]);
        let day = digits(&b[6..8]);
        Date::new(i32::try_from(year).ok()?, month, day)
    }
}

/// Whether `year` is a leap year of the Gregorian calendar.
pub const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days of `month` (1-12) in `year`; 0 for a month out of range.
pub const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Value of a run of ASCII digits already checked by the caller.
fn digits(b: &[u8]) -> u32 {
    b.iter().fold(0, |acc, d| acc * 10 + u32::from(d - b'0'))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    Format,
    /// Well formed, but no such calendar day (e.g. `2023-02-29`).
    NoSuchDay,
}

impl DateError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Format => "date_format",
            Self::NoSuchDay => "date_no_such_day",
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Format => "日期格式应为 YYYY-MM-DD",
            Self::NoSuchDay => "日期不存在，请检查年月日",
        })
    }
}

impl Error for DateError {}

impl crate::error::ErrorCode for DateError {
    fn code(&self) -> &'static str {
        DateError::code(self)
    }
}

impl FromStr for Date {
    type Err = DateError;

    /// Parses exactly `YYYY-MM-DD` (4-digit year, 2-digit month and day).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(DateError::Format);
        }
        let year = i32::try_from(digits(&b[0..4])).map_err(|_| DateError::Format)?;
        Date::new(year, digits(&b[5..7]), digits(&b[8..10])).ok_or(DateError::NoSuchDay)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn an_ordinary_day_is_a_date() {
        let d = Date::new(2025, 2, 26).unwrap();
        assert_eq!((d.year(), d.month(), d.day()), (2025, 2, 26));
    }

    #[test]
    fn thirty_february_is_not_a_date() {
        assert_eq!(Date::new(2024, 2, 30), None);
    }

    #[test]
    fn twenty_nine_february_exists_only_in_leap_years() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
    }

    #[test]
    fn months_have_their_own_last_day() {
        assert!(Date::new(2025, 4, 30).is_some());
        assert!(Date::new(2025, 4, 31).is_none());
        assert!(Date::new(2025, 12, 31).is_some());
        assert!(Date::new(2025, 1, 32).is_none());
    }

    #[test]
    fn month_and_day_zero_or_out_of_range_are_rejected() {
        assert!(Date::new(2025, 0, 1).is_none());
        assert!(Date::new(2025, 13, 1).is_none());
        assert!(Date::new(2025, 1, 0).is_none());
        assert!(Date::new(0, 1, 1).is_none());
        assert!(Date::new(10000, 1, 1).is_none());
    }

    #[test]
    fn leap_year_rule_follows_the_gregorian_calendar() {
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(2025));
        assert!(!is_leap_year(1900));
        assert!(is_leap_year(2000));
        assert_eq!(days_in_month(2025, 13), 0);
    }

    #[test]
    fn dates_display_as_year_month_day_with_zero_padding() {
        assert_eq!(Date::new(2025, 3, 1).unwrap().to_string(), "2025-03-01");
        assert_eq!(Date::new(987, 12, 9).unwrap().to_string(), "0987-12-09");
    }

    #[test]
    fn dashed_text_parses_back_to_the_same_date() {
        let d: Date = "1990-03-07".parse().unwrap();
        assert_eq!(d, Date::new(1990, 3, 7).unwrap());
        assert_eq!(d.to_string().parse::<Date>().unwrap(), d);
    }

    #[test]
    fn malformed_dashed_text_is_a_format_error() {
        for s in [
            "",
            "1990-3-07",
            "1990/03/07",
            "19900307",
            "1990-03-07 ",
            "+990-03-07",
            "1990-03-0a",
            "１９９０-03-07",
        ] {
            assert_eq!(s.parse::<Date>(), Err(DateError::Format), "{s:?}");
        }
    }

    #[test]
    fn well_formed_text_of_a_missing_day_is_a_no_such_day_error() {
        assert_eq!("2023-02-29".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("2023-13-01".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("0000-01-01".parse::<Date>(), Err(DateError::NoSuchDay));
    }

    #[test]
    fn date_errors_have_codes_and_chinese_messages() {
        assert_eq!(DateError::Format.code(), "date_format");
        assert_eq!(DateError::NoSuchDay.code(), "date_no_such_day");
        assert!(DateError::Format.to_string().contains("YYYY-MM-DD"));
        assert_eq!(DateError::NoSuchDay.to_string(), "日期不存在，请检查年月日");
    }

    #[test]
    fn compact_text_parses_only_eight_digits_of_a_real_day() {
        assert_eq!(Date::parse_compact("19900307"), Date::new(1990, 3, 7));
        assert_eq!(Date::parse_compact("20240229"), Date::new(2024, 2, 29));
        assert_eq!(Date::parse_compact("20230229"), None);
        assert_eq!(Date::parse_compact("1990037"), None);
        assert_eq!(Date::parse_compact("199003071"), None);
        assert_eq!(Date::parse_compact("1990-307"), None);
        assert_eq!(Date::parse_compact("00000101"), None);
    }

    #[test]
    fn dates_order_by_year_then_month_then_day() {
        let a = Date::new(2024, 12, 31).unwrap();
        let b = Date::new(2025, 1, 1).unwrap();
        let c = Date::new(2025, 1, 2).unwrap();
        assert!(a < b && b < c);
        assert_eq!(a.max(c), c);
    }
}
