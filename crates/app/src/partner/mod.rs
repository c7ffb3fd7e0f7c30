//! The partner side: who a signed call comes from (`school`), what schools report and read
//! (`reports`), and the signing scheme shared by the partner API and the webhooks.

pub mod reports;
pub mod school;
pub mod signing;
