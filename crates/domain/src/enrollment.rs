//! The enrollment life cycle (SPEC section 5): enrolled → paid → credited,
//! enrolled → cancelled by the learner, paid → cancelled by a refund.

mod status;
mod transition;

pub use status::EnrollmentStatus;
pub use transition::{EnrollmentEvent, Transition, TransitionError, transition};
