//! The only moves between enrollment states, and why every other is refused.

use std::error::Error;
use std::fmt;
use std::str::FromStr;

use super::EnrollmentStatus;
use crate::error::ParseCodeError;

/// Something that happens to an enrollment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EnrollmentEvent {
    /// The learner clicks 取消报名.
    CancelByLearner,
    /// The school reports a payment.
    PaymentReported,
    /// The school reports credit records.
    CreditsReported,
    /// The school reports a refund.
    RefundReported,
}

impl EnrollmentEvent {
    pub const ALL: &'static [EnrollmentEvent] = &[
        EnrollmentEvent::CancelByLearner,
        EnrollmentEvent::PaymentReported,
        EnrollmentEvent::CreditsReported,
        EnrollmentEvent::RefundReported,
    ];

    /// Stable code for the audit log, e.g. `payment_reported`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EnrollmentEvent::CancelByLearner => "cancel_by_learner",
            EnrollmentEvent::PaymentReported => "payment_reported",
            EnrollmentEvent::CreditsReported => "credits_reported",
            EnrollmentEvent::RefundReported => "refund_reported",
        }
    }

    /// Chinese description for the audit log.
    pub const fn label(self) -> &'static str {
        match self {
            EnrollmentEvent::CancelByLearner => "学员取消报名",
            EnrollmentEvent::PaymentReported => "网校报告缴费",
            EnrollmentEvent::CreditsReported => "网校登记学分",
            EnrollmentEvent::RefundReported => "网校报告退费",
        }
    }
}

impl FromStr for EnrollmentEvent {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EnrollmentEvent::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseCodeError::EnrollmentEvent(s.to_owned()))
    }
}

/// The effect of an accepted event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// The enrollment moves to this status (audit it).
    Changed(EnrollmentStatus),
    /// Accepted, the status stays as it is (a repeated payment, more credits).
    Unchanged,
}

/// What `event` does to an enrollment in status `from`.
///
/// | from \ event | cancel | payment | credits | refund |
/// |---|---|---|---|---|
/// | enrolled  | → cancelled | → paid | not_paid | refund_not_paid |
/// | paid      | already_paid | payment_exists | → credited | → cancelled |
/// | credited  | already_paid | payment_exists | unchanged | refund_after_credits |
///
/// A payment repeated with its own reference is answered as the first report before this table
/// is asked (idempotency); a payment with a new reference on a paid enrollment is a conflict.
/// | cancelled | enrollment_cancelled | enrollment_cancelled | enrollment_cancelled | enrollment_cancelled |
pub fn transition(
    from: EnrollmentStatus,
    event: EnrollmentEvent,
) -> Result<Transition, TransitionError> {
    use EnrollmentEvent as E;
    use EnrollmentStatus as S;
    match (from, event) {
        (S::Cancelled, _) => Err(TransitionError::Cancelled),
        (S::Enrolled, E::CancelByLearner) => Ok(Transition::Changed(S::Cancelled)),
        (S::Enrolled, E::PaymentReported) => Ok(Transition::Changed(S::Paid)),
        (S::Enrolled, E::CreditsReported) => Err(TransitionError::NotPaid),
        (S::Enrolled, E::RefundReported) => Err(TransitionError::RefundNotPaid),
        (S::Paid | S::Credited, E::CancelByLearner) => Err(TransitionError::AlreadyPaid),
        (S::Paid | S::Credited, E::PaymentReported) => Err(TransitionError::PaymentExists),
        (S::Paid, E::CreditsReported) => Ok(Transition::Changed(S::Credited)),
        (S::Paid, E::RefundReported) => Ok(Transition::Changed(S::Cancelled)),
        (S::Credited, E::CreditsReported) => Ok(Transition::Unchanged),
        (S::Credited, E::RefundReported) => Err(TransitionError::RefundAfterCredits),
    }
}

/// Why an event is refused (a state conflict, HTTP 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionError {
    /// The learner tries to cancel a paid enrollment.
    AlreadyPaid,
    /// The school reports a refund after credits were registered.
    RefundAfterCredits,
    /// The school reports credits before any payment.
    NotPaid,
    /// The school reports a refund before any payment.
    RefundNotPaid,
    /// Anything on a cancelled enrollment.
    Cancelled,
    /// A second payment, with another reference, for an enrollment already paid.
    PaymentExists,
}

impl TransitionError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::AlreadyPaid => "already_paid",
            Self::RefundAfterCredits => "refund_after_credits",
            Self::NotPaid => "not_paid",
            Self::RefundNotPaid => "refund_not_paid",
            Self::Cancelled => "enrollment_cancelled",
            Self::PaymentExists => "payment_exists",
        }
    }
}

impl fmt::Display for TransitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::AlreadyPaid => {
                "已在网校缴费，不能取消报名，请联系网校办理退费，退费后系统将自动取消报名"
            }
            Self::RefundAfterCredits => "学分已登记，不能退费",
            Self::NotPaid => "尚未缴费，不能登记学分",
            Self::RefundNotPaid => "尚未缴费，不能退费",
            Self::Cancelled => "报名已取消",
            Self::PaymentExists => {
                "该报名已登记缴费，不能再以新的流水号登记缴费；重复报送请使用原流水号"
            }
        })
    }
}

impl Error for TransitionError {}

impl crate::error::ErrorCode for TransitionError {
    fn code(&self) -> &'static str {
        TransitionError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use EnrollmentEvent as E;
    use EnrollmentStatus as S;

    #[test]
    fn every_status_and_event_pair_has_its_documented_outcome() {
        use Transition::{Changed, Unchanged};
        use TransitionError as X;
        let expected: [(S, E, Result<Transition, X>); 16] = [
            (S::Enrolled, E::CancelByLearner, Ok(Changed(S::Cancelled))),
            (S::Enrolled, E::PaymentReported, Ok(Changed(S::Paid))),
            (S::Enrolled, E::CreditsReported, Err(X::NotPaid)),
            (S::Enrolled, E::RefundReported, Err(X::RefundNotPaid)),
            (S::Paid, E::CancelByLearner, Err(X::AlreadyPaid)),
            (S::Paid, E::PaymentReported, Err(X::PaymentExists)),
            (S::Paid, E::CreditsReported, Ok(Changed(S::Credited))),
            (S::Paid, E::RefundReported, Ok(Changed(S::Cancelled))),
            (S::Credited, E::CancelByLearner, Err(X::AlreadyPaid)),
            (S::Credited, E::PaymentReported, Err(X::PaymentExists)),
            (S::Credited, E::CreditsReported, Ok(Unchanged)),
            (S::Credited, E::RefundReported, Err(X::RefundAfterCredits)),
            (S::Cancelled, E::CancelByLearner, Err(X::Cancelled)),
            (S::Cancelled, E::PaymentReported, Err(X::Cancelled)),
            (S::Cancelled, E::CreditsReported, Err(X::Cancelled)),
            (S::Cancelled, E::RefundReported, Err(X::Cancelled)),
        ];
        for (from, event, outcome) in expected {
            assert_eq!(transition(from, event), outcome, "{from:?} + {event:?}");
        }
    }

    #[test]
    fn only_the_four_documented_moves_change_the_status() {
        let mut moves = Vec::new();
        for from in S::ALL {
            for event in E::ALL {
                if let Ok(Transition::Changed(to)) = transition(*from, *event) {
                    moves.push((*from, to));
                }
            }
        }
        moves.sort();
        assert_eq!(
            moves,
            [
                (S::Enrolled, S::Paid),
                (S::Enrolled, S::Cancelled),
                (S::Paid, S::Credited),
                (S::Paid, S::Cancelled),
            ]
        );
    }

    #[test]
    fn cancelling_a_paid_enrollment_tells_the_learner_to_ask_for_a_refund() {
        let err = transition(S::Paid, E::CancelByLearner).unwrap_err();
        assert_eq!(err.code(), "already_paid");
        assert_eq!(
            err.to_string(),
            "已在网校缴费，不能取消报名，请联系网校办理退费，退费后系统将自动取消报名"
        );
    }

    #[test]
    fn a_refund_after_credits_is_refused() {
        let err = transition(S::Credited, E::RefundReported).unwrap_err();
        assert_eq!(err.code(), "refund_after_credits");
        assert_eq!(err.to_string(), "学分已登记，不能退费");
    }

    #[test]
    fn credits_before_payment_are_refused() {
        let err = transition(S::Enrolled, E::CreditsReported).unwrap_err();
        assert_eq!(err.code(), "not_paid");
        assert_eq!(err.to_string(), "尚未缴费，不能登记学分");
    }

    #[test]
    fn a_refund_before_payment_is_refused() {
        let err = transition(S::Enrolled, E::RefundReported).unwrap_err();
        assert_eq!(err.code(), "refund_not_paid");
        assert_eq!(err.to_string(), "尚未缴费，不能退费");
    }

    #[test]
    fn anything_on_a_cancelled_enrollment_is_refused() {
        for event in E::ALL {
            let err = transition(S::Cancelled, *event).unwrap_err();
            assert_eq!(err.code(), "enrollment_cancelled");
            assert_eq!(err.to_string(), "报名已取消");
        }
    }

    #[test]
    fn the_cancel_button_agrees_with_the_transition_rules() {
        for s in S::ALL {
            assert_eq!(s.can_cancel(), transition(*s, E::CancelByLearner).is_ok());
        }
    }

    #[test]
    fn events_have_codes_labels_and_parse_back() {
        for e in E::ALL {
            assert_eq!(e.as_str().parse::<E>().unwrap(), *e);
            assert!(!e.label().is_empty());
        }
        assert_eq!(E::RefundReported.as_str(), "refund_reported");
        assert_eq!(
            "x".parse::<E>().unwrap_err().code(),
            "invalid_enrollment_event"
        );
    }
}
