//! The signing scheme shared by the partner API and the webhooks.

pub mod signing;
