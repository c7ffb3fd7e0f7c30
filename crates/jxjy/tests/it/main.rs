//! The integration suite: the real application on a random port against a fresh database
//! (a SQLite temp file, or a fresh PostgreSQL database when `JXJY_TEST_DATABASE_URL` is set),
//! driven over HTTP as a browser, a client or a school would.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

mod accounts;
mod admin_partners;
mod audit_trail;
mod bench_data;
mod claims;
mod claims_evidence;
mod cli;
mod console;
mod console_data;
mod console_manage;
mod console_pages;
mod console_queue;
mod console_screens;
mod credits;
mod credits_pages;
mod employers;
mod employers_accounts;
mod employers_group;
mod employers_pages;
mod enrollment_races;
mod errors;
mod exports;
mod hot_reads;
mod learner_polish;
mod officer_tools;
mod ops;
mod pages_accounts;
mod pages_empty;
mod pages_training;
mod partner_api;
mod partner_faults;
mod portal;
mod records_since;
mod reminders;
mod reminders_delivery;
mod reminders_pages;
mod report_group;
mod schema;
mod sessions;
mod sms_gateway;
mod strict_input;
mod training;
