//! What a re-rendered form needs: the values the person typed (never passwords), the reason
//! beside each rejected field, and a notice at the top.

use std::collections::HashMap;

use crate::AppError;
use jxjy_app::FieldError;

#[derive(Debug, Default, Clone)]
pub struct FormState {
    values: HashMap<String, String>,
    pub errors: Vec<FieldError>,
    /// A message about the whole form (an error not tied to a field, or a success note).
    pub notice: String,
    pub notice_is_error: bool,
    /// Seconds until another SMS code may be asked for, right after one was sent (0: none sent
    /// now). The page then returns to the code field and counts down.
    pub code_wait: i64,
}

impl FormState {
    pub fn with_values<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Self {
        FormState {
            values: pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            ..FormState::default()
        }
    }

    pub fn value(&self, field: &str) -> &str {
        self.values.get(field).map(String::as_str).unwrap_or("")
    }

    pub fn is(&self, field: &str, option: &str) -> bool {
        self.value(field) == option
    }

    pub fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn error(&self, field: &str) -> &str {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
            .unwrap_or("")
    }

    /// `aria-invalid` value for a field.
    pub fn invalid(&self, field: &str) -> &'static str {
        if self.has_error(field) {
            "true"
        } else {
            "false"
        }
    }

    /// Records an error: beside its fields when it names them, else as the form's notice.
    pub fn fail(&mut self, error: &AppError) {
        if error.fields.is_empty() {
            self.notice = error.message.clone();
        } else {
            self.errors = error.fields.clone();
            self.notice = "提交的内容有误，请按提示修改".to_string();
        }
        self.notice_is_error = true;
    }

    /// A code was just sent: said beside the code field, not at the top of the form.
    pub fn code_sent(&mut self, wait_secs: i64) {
        self.code_wait = wait_secs.max(1);
    }

    pub fn note(&mut self, message: impl Into<String>) {
        self.notice = message.into();
        self.notice_is_error = false;
    }
}

/// Sends the SMS code a form asked for; the form comes back at the code field.
pub async fn send_code(
    state: &crate::AppState,
    phone: &str,
    purpose: jxjy_app::accounts::SmsPurpose,
    form: &mut FormState,
) -> axum::http::StatusCode {
    match jxjy_app::accounts::send_sms(state, phone, purpose).await {
        Ok(_) => {
            form.code_sent(state.settings.sms_cooldown_secs);
            axum::http::StatusCode::OK
        }
        Err(e) => {
            form.fail(&e);
            crate::error::status_of(e.kind)
        }
    }
}
