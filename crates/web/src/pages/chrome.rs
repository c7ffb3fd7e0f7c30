//! What every page's layout needs: site title, navigation state, footer, asset version.

use crate::AppState;

pub struct Chrome {
    pub site_title: String,
    pub footer_lines: Vec<String>,
    /// Which top navigation entry is current: `home`, `notices`, `faq`, `contact`, `manual`.
    pub nav: &'static str,
    pub asset_version: String,
    /// The logged-in learner's name, for the login box and the header.
    pub learner_name: Option<String>,
}

impl Chrome {
    pub fn new(state: &AppState, nav: &'static str) -> Chrome {
        Chrome {
            site_title: state.settings.site_title.clone(),
            footer_lines: state.settings.footer_lines.clone(),
            nav,
            asset_version: state.asset_version.clone(),
            learner_name: None,
        }
    }

    /// `aria-current` for a navigation entry.
    pub fn current(&self, entry: &str) -> &'static str {
        if self.nav == entry { "page" } else { "false" }
    }
}
