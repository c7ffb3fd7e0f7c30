//! When a school's record of earned credits counts: credits count in the year they were earned
//! (财会〔2018〕10号: 学分当年有效，不得结转), so a record must be completed within the
//! enrollment's year, and not in the future beyond a little clock skew.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionError {
    /// Completed after now (beyond the tolerance).
    InFuture,
    /// Completed in another year than the enrollment's.
    OutsideYear { enrollment_year: i64 },
}

impl fmt::Display for CompletionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompletionError::InFuture => write!(f, "不能晚于当前时间"),
            CompletionError::OutsideYear { enrollment_year } => write!(
                f,
                "学分只计入取得的年度：应在报名年度 {enrollment_year} 年内"
            ),
        }
    }
}

/// A record completed at `completed_at` (Unix seconds), in calendar year `completed_year`
/// (Asia/Shanghai), for an enrollment of `enrollment_year`, checked at `now`.
pub fn check_completion(
    completed_at: i64,
    completed_year: i64,
    enrollment_year: i64,
    now: i64,
    tolerance_secs: i64,
) -> Result<(), CompletionError> {
    if completed_at > now + tolerance_secs {
        Err(CompletionError::InFuture)
    } else if completed_year != enrollment_year {
        Err(CompletionError::OutsideYear { enrollment_year })
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000;

    #[test]
    fn a_record_of_the_enrollment_year_up_to_now_counts() {
        assert_eq!(check_completion(NOW - 86_400, 2026, 2026, NOW, 300), Ok(()));
        assert_eq!(check_completion(NOW + 300, 2026, 2026, NOW, 300), Ok(()));
    }

    #[test]
    fn a_record_beyond_the_clock_skew_is_in_the_future() {
        assert_eq!(
            check_completion(NOW + 301, 2026, 2026, NOW, 300),
            Err(CompletionError::InFuture)
        );
    }

    #[test]
    fn a_record_of_another_year_never_counts_for_this_one() {
        for year in [2025, 2027] {
            assert_eq!(
                check_completion(NOW - 10, year, 2026, NOW, 300),
                Err(CompletionError::OutsideYear {
                    enrollment_year: 2026
                })
            );
        }
    }

    #[test]
    fn the_future_is_named_before_the_year() {
        assert_eq!(
            check_completion(NOW + 10_000, 2027, 2026, NOW, 300),
            Err(CompletionError::InFuture)
        );
    }
}
