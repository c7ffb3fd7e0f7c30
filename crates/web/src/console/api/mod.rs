//! The console's JSON API (`/api/v1/admin/...`): sessions, learners, statistics, notices,
//! claims, schools, admins, FAQ, imports and exports.

pub mod audit;
pub mod claims;
pub mod employers;
pub mod exports;
pub mod faqs;
pub mod learners;
pub mod manage;
pub mod session;
