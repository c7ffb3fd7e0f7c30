//! A learner's personal data entered at registration: name, mobile phone
//! number and password.

mod name;
mod password;
mod phone;

pub use name::{PersonName, PersonNameError};
pub use password::{Password, PasswordError};
pub use phone::{Phone, PhoneError};
