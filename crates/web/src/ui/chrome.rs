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
    /// Whether the console's navigation offers 审计日志 (province and super admins only).
    pub admin_reads_audit: bool,
    /// On the employer's pages: the employer's name, shown in its navigation.
    pub employer_name: Option<String>,
    /// The logged-in learner's unread 消息, shown in the workspace's navigation.
    pub learner_unread: i64,
}

/// A piece of a footer line: text, or one of the words that name a page of the site.
pub enum FooterPart {
    Text(String),
    Link(&'static str, &'static str),
}

impl FooterPart {
    pub fn text(&self) -> &str {
        match self {
            FooterPart::Text(t) => t,
            FooterPart::Link(word, _) => word,
        }
    }

    pub fn href(&self) -> Option<&'static str> {
        match self {
            FooterPart::Text(_) => None,
            FooterPart::Link(_, href) => Some(href),
        }
    }
}

/// The footer's words that are pages of their own.
const FOOTER_LINKS: [(&str, &str); 3] = [
    ("隐私保护", "/privacy"),
    ("版权声明", "/copyright"),
    ("联系我们", "/contact"),
];

/// A footer line with 隐私保护, 版权声明 and 联系我们 as links (the lines are configuration).
pub fn footer_parts(line: &str) -> Vec<FooterPart> {
    let mut parts = Vec::new();
    let mut rest = line;
    loop {
        let next = FOOTER_LINKS
            .iter()
            .filter_map(|(word, href)| rest.find(word).map(|at| (at, *word, *href)))
            .min_by_key(|(at, _, _)| *at);
        let Some((at, word, href)) = next else {
            if !rest.is_empty() {
                parts.push(FooterPart::Text(rest.to_string()));
            }
            return parts;
        };
        if at > 0 {
            parts.push(FooterPart::Text(rest[..at].to_string()));
        }
        parts.push(FooterPart::Link(word, href));
        rest = &rest[at + word.len()..];
    }
}

impl Chrome {
    /// The footer, line by line, in parts.
    pub fn footer(&self) -> Vec<Vec<FooterPart>> {
        self.footer_lines.iter().map(|l| footer_parts(l)).collect()
    }

    pub fn new(state: &AppState, nav: &'static str) -> Chrome {
        Chrome {
            site_title: state.settings.site_title.clone(),
            footer_lines: state.settings.footer_lines.clone(),
            nav,
            asset_version: state.asset_version.clone(),
            learner_name: None,
            admin_name: None,
            admin_reads_audit: false,
            employer_name: None,
            learner_unread: 0,
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
            learner_unread: learner.unread.unwrap_or(0),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &str) -> String {
        footer_parts(line)
            .into_iter()
            .map(|p| match p {
                FooterPart::Text(t) => t,
                FooterPart::Link(w, h) => format!("[{w}]({h})"),
            })
            .collect()
    }

    #[test]
    fn the_footer_words_become_links_and_the_rest_stays_text() {
        assert_eq!(
            shown("推荐使用谷歌浏览器　隐私保护　版权声明"),
            "推荐使用谷歌浏览器　[隐私保护](/privacy)　[版权声明](/copyright)"
        );
        assert_eq!(shown("版权声明"), "[版权声明](/copyright)");
        assert_eq!(shown("地址：沈阳市"), "地址：沈阳市");
        assert!(footer_parts("").is_empty());
    }
}
