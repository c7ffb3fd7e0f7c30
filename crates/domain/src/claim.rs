//! Credit claims for other forms of study (SPEC section 2): the activities,
//! the author's or participant's role, the conversion table, how converted
//! credits split between categories, the study methods shown per year, and
//! the evidence files a claim carries.

mod allocate;
mod conversion;
mod evidence;
mod kind;
mod status;
mod study_method;

pub use allocate::allocate_claim;
pub use conversion::{
    ClaimError, ClaimInput, MAX_DAYS, MAX_SUBJECTS, claim_credits, every_valid_claim,
};
pub use evidence::{EvidenceType, MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES, clean_file_name};
pub use kind::{ClaimKind, ClaimRole};
pub use status::ClaimStatus;
pub use study_method::StudyMethod;
