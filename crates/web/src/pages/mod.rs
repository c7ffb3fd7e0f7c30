//! Server-rendered pages of the public portal. Each handler loads what its page shows and hands
//! it to an askama template (compile-checked, auto-escaped) that extends `layout.html`.

pub mod assets;
pub mod chrome;
pub mod home;
pub mod info;
pub mod notices;

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::home))
        .route("/notices", get(notices::list))
        .route("/notices/{id}", get(notices::detail))
        .route("/faq", get(info::faq))
        .route("/contact", get(info::contact))
        .route("/manual", get(info::manual))
        .route("/static/{file}", get(assets::serve))
        .route("/favicon.ico", get(assets::favicon))
}

/// Splits stored plain text into paragraphs for display (the template escapes each one).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
