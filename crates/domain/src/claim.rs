//! Credit claims for other forms of study (SPEC section 2): the activities,
//! the author's or participant's role, the conversion table, how converted
//! credits split between categories, and the study methods shown per year.

mod allocate;
mod conversion;
mod kind;
mod study_method;

pub use allocate::allocate_claim;
pub use conversion::{ClaimError, ClaimInput, claim_credits};
pub use kind::{ClaimKind, ClaimRole};
pub use study_method::StudyMethod;
