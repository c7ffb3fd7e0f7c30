//! Pure domain rules of jxjy, the accounting continuing-education system.
//!
//! Everything here is plain data and functions: no I/O, no async, no clock
//! reads (any "today" is a parameter). Values are parsed once at the edge
//! into newtypes with private fields, so the rest of the system cannot hold
//! an invalid one. Every error carries a stable snake_case `code()` and a
//! Simplified-Chinese message (its `Display`).

pub mod admin;
pub mod category;
pub mod claim;
pub mod completion;
pub mod credits;
pub mod date;
pub mod document;
pub mod employer;
pub mod enrollment;
pub mod error;
pub mod level;
pub mod payment;
pub mod person;
pub mod reminder;
pub mod review;
pub mod rule;
mod stored;
pub mod text;
pub mod uscc;

pub use admin::AdminRole;
pub use category::Category;
pub use claim::{
    ClaimError, ClaimInput, ClaimKind, ClaimRole, ClaimStatus, EvidenceType, MAX_DAYS,
    MAX_EVIDENCE_BYTES, MAX_EVIDENCE_FILES, MAX_SUBJECTS, StudyMethod, allocate_claim,
    claim_credits, clean_file_name, every_valid_claim,
};
pub use completion::{CompletionError, check_completion};
pub use credits::{Credits, CreditsError, validate_school_record};
pub use date::{Date, DateError};
pub use document::{
    DocumentError, Gender, IdNumber, IdType, check_char, check_char_holds, half_width,
    is_defined_region,
};
pub use employer::{EmployerStatus, LinkError, LinkEvent, LinkState, link_transition, shows_year};
pub use enrollment::{EnrollmentEvent, EnrollmentStatus, Transition, TransitionError, transition};
pub use error::{ErrorCode, ParseCodeError};
pub use level::{Level, QualificationLevel};
pub use person::{Password, PasswordError, PersonName, PersonNameError, Phone, PhoneError};
pub use reminder::{
    Audience, MessageState, QuietHours, ReminderStatus, ReminderText, ReminderTextError,
    sms_segments, sms_text,
};
pub use review::{Rating, ReviewComment, ReviewError};
pub use rule::{
    CreditRule, Missing, ProfessionalMin, RecordsSince, RuleBook, RuleError, YearCredits,
    YearEvaluation, YearStatus, first_required_year,
};
pub use text::{PlainText, TextError};
pub use uscc::{Uscc, UsccError};
