//! What the server-rendered pages share: the chrome around every page (`chrome`), forms that
//! keep what was typed (`form`), the stylesheet and scripts (`assets`), the manual's figures.
//! Each page's handler lives with its feature and hands an askama template (compile-checked,
//! auto-escaped, extending `layout.html`) what it shows.

pub mod assets;
pub mod chrome;
pub mod form;
pub mod manual_shots;
pub mod profile;

use jxjy_store::notices::NoticeSummary;

/// Splits stored plain text into paragraphs for display (the template escapes each one).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A notice in a list, with its date formatted for display.
pub struct NoticeItem {
    pub id: i64,
    pub title: String,
    pub date: String,
}

impl From<NoticeSummary> for NoticeItem {
    fn from(n: NoticeSummary) -> Self {
        NoticeItem {
            id: n.id,
            title: n.title,
            date: jxjy_app::format::date(n.published_at),
        }
    }
}
