//! Data that is not the users': the living example of `--demo` (`demo`) and the benchmark's
//! province of a million learners (`bench`). Both write through the store's row writers
//! (`jxjy_store::{admins, institutions, regions}::insert`, `audit::record`) and never by-pass a
//! rule the database holds.

pub mod bench;
pub mod demo;
pub mod demo_employer;
