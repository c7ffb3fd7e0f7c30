//! The fault suite: the real `jxjy` binary (the one `cargo test` built) killed with SIGKILL
//! mid-write, its database filled and its PostgreSQL connection cut, slow clients held open
//! through SIGTERM. Each test asserts what the system promises under that fault
//! (docs/operations.md): no acknowledged write lost or doubled, nothing half-applied, a clear
//! 503 within 3 s, recovery without a restart, an exit within the grace period.
//!
//! Runs on SQLite, and on PostgreSQL when `JXJY_TEST_DATABASE_URL` is set, like the `it` suite.
//! Time bounds here are ceilings on a hang, never measurements of speed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../it/common.rs"]
#[allow(dead_code)]
mod common;

mod client;
mod server;

mod feed_page;
mod kill9;
mod outage;
mod reminder_kill;
mod slow_clients;
mod storage_full;
