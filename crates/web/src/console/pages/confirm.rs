//! Confirmation of a destructive console action without JavaScript: the first POST (or a GET
//! link) renders this page, which repeats the request's fields as hidden inputs plus
//! `confirm=yes`; only a POST carrying that field performs the action.

use askama::Template;
use askama_web::WebTemplate;

use crate::ui::chrome::Chrome;

/// The field that a confirmed POST carries.
pub const CONFIRM_FIELD: &str = "confirm";
pub const CONFIRM_VALUE: &str = "yes";

/// Whether a form's `confirm` value confirms the action.
pub fn confirmed(value: &str) -> bool {
    value == CONFIRM_VALUE
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_confirm.html")]
pub struct ConfirmPage {
    pub chrome: Chrome,
    /// The page heading, e.g. 删除通知.
    pub title: String,
    /// The question, e.g. 确认删除《关于…的通知》？此操作不可撤销。
    pub question: String,
    /// What happens, in a sentence (may be empty).
    pub detail: String,
    /// Where the confirmed POST goes, and the fields it repeats.
    pub action: String,
    pub fields: Vec<(String, String)>,
    pub confirm_label: String,
    /// Where 取消 leads (nothing is posted).
    pub cancel_href: String,
}

impl ConfirmPage {
    pub fn new(chrome: Chrome, title: &str, question: String, action: String) -> Self {
        ConfirmPage {
            chrome,
            title: title.to_string(),
            question,
            detail: String::new(),
            action,
            fields: Vec::new(),
            confirm_label: "确认".to_string(),
            cancel_href: String::new(),
        }
    }

    pub fn detail(mut self, detail: &str) -> Self {
        self.detail = detail.to_string();
        self
    }

    pub fn field(mut self, name: &str, value: impl Into<String>) -> Self {
        self.fields.push((name.to_string(), value.into()));
        self
    }

    pub fn confirm_label(mut self, label: &str) -> Self {
        self.confirm_label = label.to_string();
        self
    }

    pub fn cancel(mut self, href: impl Into<String>) -> Self {
        self.cancel_href = href.into();
        self
    }
}
