//! What every use case runs against: the store, the settings and the adapters chosen at start-up.

use std::sync::Arc;

use jxjy_store::Store;

use crate::Settings;
use crate::sms::SmsProvider;

pub struct Context {
    pub store: Store,
    pub settings: Settings,
    /// The rules in force, built once from the settings (`Settings::rule_book`).
    pub rules: jxjy_domain::RuleBook,
    /// Sends SMS codes (outbox file, log or HTTP gateway).
    pub sms: Arc<dyn SmsProvider>,
    /// Key of signatures and hashed codes; the same on every instance.
    pub secret_key: Vec<u8>,
}
