//! The HTTP provider for a real SMS gateway. It POSTs JSON to `sms_http_url`:
//!
//! ```json
//! {"phone": "13800138000", "template": "SMS_0001", "sign_name": "辽宁会计", "text": "您的登录验证码为…",
//!  "params": {"code": "123456", "purpose": "login", "minutes": 5}}
//! ```
//!
//! with `Authorization: Bearer {sms_http_token}`; any 2xx answer counts as sent. Most gateways
//! sit behind a small adapter that speaks this shape.

use std::time::Duration;

use crate::Settings;
use jxjy_app::sms::{SendFuture, SmsMessage, SmsProvider, message_text};

pub struct HttpProvider {
    client: reqwest::Client,
    url: String,
    token: String,
    template: String,
    sign_name: String,
}

impl HttpProvider {
    pub fn new(settings: &Settings) -> Result<Self, String> {
        if !(settings.sms_http_url.starts_with("https://")
            || settings.sms_http_url.starts_with("http://"))
        {
            return Err("sms_provider = http 需要设置 sms_http_url (http:// 或 https://)".into());
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("短信网关客户端初始化失败: {e}"))?;
        Ok(HttpProvider {
            client,
            url: settings.sms_http_url.clone(),
            token: settings.sms_http_token.clone(),
            template: settings.sms_http_template.clone(),
            sign_name: settings.sms_http_sign_name.clone(),
        })
    }
}

impl SmsProvider for HttpProvider {
    fn name(&self) -> &'static str {
        "http"
    }

    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a> {
        Box::pin(async move {
            let body = serde_json::json!({
                "phone": message.phone,
                "template": self.template,
                "sign_name": self.sign_name,
                "text": message_text(message),
                "params": { "code": message.code, "purpose": message.purpose, "minutes": message.valid_minutes },
            });
            let mut request = self.client.post(&self.url).json(&body);
            if !self.token.is_empty() {
                request = request.bearer_auth(&self.token);
            }
            let response = request
                .send()
                .await
                .map_err(|e| format!("sms gateway unreachable: {e}"))?;
            let status = response.status();
            if status.is_success() {
                Ok(())
            } else {
                let text = response.text().await.unwrap_or_default();
                Err(format!(
                    "sms gateway answered {status}: {}",
                    text.chars().take(200).collect::<String>()
                ))
            }
        })
    }
}
