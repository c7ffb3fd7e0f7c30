//! The yearly credit rule (SPEC section 2): how many credits a year needs,
//! in which categories, from which year a learner must study, and whether a
//! year is met. Credits count only in the year they were earned, so every
//! evaluation here is of one year on its own.

mod credit_rule;
mod evaluation;
mod first_year;
mod records_since;
mod rule_book;
mod year_credits;

pub use credit_rule::{CreditRule, ProfessionalMin, RuleError};
pub use evaluation::{Missing, YearEvaluation, YearStatus};
pub use first_year::first_required_year;
pub use records_since::RecordsSince;
pub use rule_book::RuleBook;
pub use year_credits::YearCredits;
