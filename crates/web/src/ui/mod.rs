//! What the server-rendered pages share: the chrome around every page (`chrome`), forms that
//! keep what was typed (`form`), the stylesheet and scripts (`assets`), the manual's figures.
//! Each page's handler lives with its feature and hands an askama template (compile-checked,
//! auto-escaped, extending `layout.html`) what it shows.

pub mod assets;
pub mod chrome;
pub mod form;
pub mod manual_shots;

/// Splits stored plain text into paragraphs for display (the template escapes each one).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
