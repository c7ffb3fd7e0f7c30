//! `--sms-outbox FILE`: no SMS is sent; each code is appended to FILE as one JSON line
//! `{"phone","code","purpose","sent_at"}` (a reminder also `"text"`, its code empty) and logged. For the demo and the tests.

use std::path::PathBuf;

use tokio::io::AsyncWriteExt;
use tokio::sync::Mutex;

use super::{SendFuture, SmsMessage, SmsProvider};
use crate::format;

pub struct OutboxProvider {
    path: PathBuf,
    // Lines from concurrent sends must not interleave.
    lock: Mutex<()>,
}

impl OutboxProvider {
    pub fn new(path: PathBuf) -> Self {
        OutboxProvider {
            path,
            lock: Mutex::new(()),
        }
    }
}

impl SmsProvider for OutboxProvider {
    fn name(&self) -> &'static str {
        "outbox"
    }

    fn send<'a>(&'a self, message: &'a SmsMessage) -> SendFuture<'a> {
        Box::pin(async move {
            let mut line = serde_json::json!({
                "phone": message.phone,
                "code": message.code,
                "purpose": message.purpose,
                "sent_at": format::rfc3339(message.sent_at),
            });
            if let Some(text) = &message.text {
                line["text"] = serde_json::Value::String(text.clone());
            }
            let line = line.to_string();
            let _guard = self.lock.lock().await;
            if let Some(dir) = self.path.parent()
                && !dir.as_os_str().is_empty()
            {
                tokio::fs::create_dir_all(dir)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            let mut file = tokio::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)
                .await
                .map_err(|e| format!("{}: {e}", self.path.display()))?;
            file.write_all(format!("{line}\n").as_bytes())
                .await
                .map_err(|e| e.to_string())?;
            file.flush().await.map_err(|e| e.to_string())?;
            if message.text.is_none() {
                tracing::info!(outbox = %self.path.display(), purpose = %message.purpose, code = %message.code, "sms code written to outbox");
            } else {
                tracing::debug!(outbox = %self.path.display(), purpose = %message.purpose, "sms written to outbox");
            }
            Ok(())
        })
    }
}
