//! Identity documents (SPEC section 3): the document types, the parsed and
//! normalised document number, and what an 18-character number tells
//! (gender, birth date).

mod check_char;
mod error;
mod gender;
mod id_number;
mod id_type;
mod region_code;
mod region_prefixes;

pub use check_char::{check_char, check_char_holds};
pub use error::DocumentError;
pub use gender::Gender;
pub use id_number::IdNumber;
pub use id_type::IdType;
pub use region_code::{half_width, is_defined_region};
