//! Sending SMS (codes, and 学习提醒 with their whole text) through a provider: the outbox file (demo and tests), the log (development)
//! or an HTTP gateway (production, `jxjy_web::sms`). The limits live in the store, not here.

mod log;
mod outbox;

use std::future::Future;
use std::pin::Pin;

pub use log::LogProvider;
pub use outbox::OutboxProvider;

/// One code to deliver.
#[derive(Debug, Clone)]
pub struct SmsMessage {
    pub phone: String,
    pub code: String,
    pub purpose: String,
    /// Unix seconds.
    pub sent_at: i64,
    /// Minutes the code stays valid, for the message text.
    pub valid_minutes: i64,
    /// The whole text when the message is not a code (a reminder: `purpose` `reminder`, no code),
    /// the signature included.
    pub text: Option<String>,
}

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + Send + 'a>>;

pub trait SmsProvider: Send + Sync {
    fn name(&self) -> &'static str;
    /// Delivers the code; an `Err` carries the provider's reason (logged, never shown).
    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a>;
}

/// The text of the message, shared by providers that send text.
pub fn message_text(message: &SmsMessage) -> String {
    if let Some(text) = &message.text {
        return text.clone();
    }
    let what = match message.purpose.as_str() {
        "register" => "注册",
        "login" => "登录",
        "reset" => "重置密码",
        _ => "验证",
    };
    format!(
        "您的{what}验证码为 {}，{} 分钟内有效。请勿告诉他人。",
        message.code, message.valid_minutes
    )
}
