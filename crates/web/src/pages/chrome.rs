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
    /// On console pages: the admin, shown in the console's navigation.
    pub admin_name: Option<String>,
}

impl Chrome {
    pub fn new(state: &AppState, nav: &'static str) -> Chrome {
        Chrome {
            site_title: state.settings.site_title.clone(),
            footer_lines: state.settings.footer_lines.clone(),
            nav,
            asset_version: state.asset_version.clone(),
            learner_name: None,
            admin_name: None,
        }
    }

    /// The layout of a logged-in learner's page.
    pub fn for_learner(
        state: &AppState,
        nav: &'static str,
        learner: &crate::auth::LearnerAuth,
    ) -> Chrome {
        Chrome {
            learner_name: Some(learner.name.clone()),
            ..Chrome::new(state, nav)
        }
    }

    /// The layout with the login box filled when someone is logged in.
    pub fn with_learner(
        state: &AppState,
        nav: &'static str,
        learner: Option<&crate::auth::LearnerAuth>,
    ) -> Chrome {
        Chrome {
            learner_name: learner.map(|l| l.name.clone()),
            ..Chrome::new(state, nav)
        }
    }

    /// `aria-current` for a navigation entry.
    pub fn current(&self, entry: &str) -> &'static str {
        if self.nav == entry { "page" } else { "false" }
    }
}
