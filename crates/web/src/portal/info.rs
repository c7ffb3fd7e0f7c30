//! 常见问题 (with every school's contacts), 联系我们 and 操作手册.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use jxjy_store::faqs::Faq;
use jxjy_store::institutions::InstitutionContact;

use crate::ui::{chrome::Chrome, paragraphs};
use crate::{AppState, HttpError};

#[derive(Template, WebTemplate)]
#[template(path = "faq.html")]
pub struct FaqPage {
    pub chrome: Chrome,
    pub faqs: Vec<Faq>,
    pub institutions: Vec<InstitutionContact>,
}

pub async fn faq(State(state): State<AppState>) -> Result<FaqPage, HttpError> {
    let jxjy_app::portal::FaqsAndContacts { faqs, institutions } =
        jxjy_app::portal::faqs(&state).await?;
    Ok(FaqPage {
        chrome: Chrome::new(&state, "faq"),
        faqs,
        institutions,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "contact.html")]
pub struct ContactPage {
    pub chrome: Chrome,
    pub authority: String,
    pub lines: Vec<String>,
    /// Shown as a `tel:` link; empty hides it.
    pub phone: String,
}

/// The demo's 联系我们 number, marked as such: a real deployment sets `contact_phone`.
const DEMO_PHONE: &str = "024-12345678（演示号码）";

impl ContactPage {
    /// The number as a `tel:` address: digits and a leading `+` only.
    pub fn tel(&self) -> String {
        self.phone
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect()
    }
}

pub async fn contact(State(state): State<AppState>) -> ContactPage {
    ContactPage {
        chrome: Chrome::new(&state, "contact"),
        authority: state.settings.province_authority.clone(),
        lines: paragraphs(&state.settings.contact_text),
        phone: match state.settings.contact_phone.trim() {
            "" if state.settings.demo => DEMO_PHONE.to_string(),
            phone => phone.to_string(),
        },
    }
}

/// 隐私保护 and 版权声明: the province's own text (configuration), one paragraph a line.
#[derive(Template, WebTemplate)]
#[template(path = "policy.html")]
pub struct PolicyPage {
    pub chrome: Chrome,
    pub title: &'static str,
    pub authority: String,
    pub lines: Vec<String>,
}

pub async fn privacy(State(state): State<AppState>) -> PolicyPage {
    PolicyPage {
        chrome: Chrome::new(&state, ""),
        title: "隐私保护",
        authority: state.settings.province_authority.clone(),
        lines: paragraphs(&state.settings.privacy_text),
    }
}

pub async fn copyright(State(state): State<AppState>) -> PolicyPage {
    PolicyPage {
        chrome: Chrome::new(&state, ""),
        title: "版权声明",
        authority: state.settings.province_authority.clone(),
        lines: paragraphs(&state.settings.copyright_text),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "manual.html")]
pub struct ManualPage {
    pub chrome: Chrome,
    pub rule_total: u32,
    pub rule_professional: u32,
    pub rule_public: u32,
    pub sms_daily_limit: i64,
}

impl ManualPage {
    /// A screenshot of `static/manual/` for a `<figure>` of the page.
    pub fn shot(&self, file: &str) -> crate::ui::manual_shots::Shot {
        crate::ui::manual_shots::shot(file)
    }
}

pub async fn manual(State(state): State<AppState>) -> ManualPage {
    let s = &state.settings;
    ManualPage {
        chrome: Chrome::new(&state, "manual"),
        rule_total: s.credit_total,
        rule_professional: s.credit_professional_min,
        rule_public: s.credit_public_min,
        sms_daily_limit: s.sms_daily_limit,
    }
}
