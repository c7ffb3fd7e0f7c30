//! A school's payment report: the amount, in fen (分), and when it was paid.

use std::fmt;

/// The largest payment a school may report for one enrollment: 10,000 元. A year of continuing
/// education costs a few hundred 元; anything near this is a mistake in units (元 sent as 分
/// the other way round), not a price.
pub const MAX_AMOUNT_FEN: i64 = 1_000_000;

/// Why a payment report is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentError {
    NotPositive,
    TooLarge,
    BeforeEnrollment,
}

impl fmt::Display for PaymentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotPositive => f.write_str("amount_fen 应为正整数（单位：分）"),
            Self::TooLarge => write!(
                f,
                "amount_fen 不能超过 {MAX_AMOUNT_FEN}（{} 元），请确认单位为分",
                MAX_AMOUNT_FEN / 100
            ),
            Self::BeforeEnrollment => f.write_str("不能早于报名时间"),
        }
    }
}

impl std::error::Error for PaymentError {}

/// Checks the amount: more than 0 and at most [`MAX_AMOUNT_FEN`].
pub fn check_amount_fen(amount: i64) -> Result<i64, PaymentError> {
    match amount {
        a if a <= 0 => Err(PaymentError::NotPositive),
        a if a > MAX_AMOUNT_FEN => Err(PaymentError::TooLarge),
        a => Ok(a),
    }
}

/// A payment (or refund) cannot precede the enrollment it is for; `tolerance` seconds allow
/// for clocks that differ a little.
pub fn check_after_enrollment(
    at: i64,
    enrolled_at: i64,
    tolerance: i64,
) -> Result<(), PaymentError> {
    if at < enrolled_at - tolerance {
        Err(PaymentError::BeforeEnrollment)
    } else {
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_positive_and_bounded() {
        assert_eq!(check_amount_fen(0), Err(PaymentError::NotPositive));
        assert_eq!(check_amount_fen(-1), Err(PaymentError::NotPositive));
        assert_eq!(check_amount_fen(1), Ok(1));
        assert_eq!(check_amount_fen(MAX_AMOUNT_FEN), Ok(MAX_AMOUNT_FEN));
        assert_eq!(
            check_amount_fen(MAX_AMOUNT_FEN + 1),
            Err(PaymentError::TooLarge)
        );
        assert_eq!(check_amount_fen(i64::MAX), Err(PaymentError::TooLarge));
    }

    #[test]
    fn a_payment_does_not_precede_its_enrollment() {
        assert_eq!(check_after_enrollment(1000, 1000, 300), Ok(()));
        assert_eq!(check_after_enrollment(701, 1000, 300), Ok(()));
        assert_eq!(
            check_after_enrollment(699, 1000, 300),
            Err(PaymentError::BeforeEnrollment)
        );
    }
}
