//! The log provider: the code goes to the server log only. For development machines.

use super::{SendFuture, SmsMessage, SmsProvider};

pub struct LogProvider;

impl SmsProvider for LogProvider {
    fn name(&self) -> &'static str {
        "log"
    }

    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a> {
        Box::pin(async move {
            let phone = jxjy_domain::Phone::parse(&message.phone)
                .map(|p| p.masked())
                .unwrap_or_default();
            tracing::warn!(phone = %phone, purpose = %message.purpose, code = %message.code, "sms provider is `log`: code not sent, only logged");
            Ok(())
        })
    }
}
