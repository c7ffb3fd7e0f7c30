//! The one check of the URLs admins give for schools.

/// An absolute http(s) URL without whitespace or control characters, at most 500 bytes; a
/// site-relative path (`/demo-school/1/sso`) only where `relative_ok` (the SSO URL, for schools
/// served by this system itself).
pub fn valid(url: &str, relative_ok: bool) -> bool {
    let clean = url.len() <= 500 && !url.chars().any(|c| c.is_whitespace() || c.is_control());
    let absolute =
        (url.starts_with("https://") || url.starts_with("http://")) && url.len() > "https://".len();
    let relative = relative_ok && url.starts_with('/') && !url.starts_with("//");
    clean && (absolute || relative)
}

#[cfg(test)]
mod tests {
    use super::valid;

    #[test]
    fn only_clean_http_urls_pass() {
        assert!(valid("https://school.example.cn/sso", false));
        assert!(valid("/demo-school/1/sso", true));
        assert!(!valid("/demo-school/1/sso", false));
        assert!(!valid("//evil.example/x", true));
        assert!(!valid("javascript:alert(1)", true));
        assert!(!valid("https://x/\u{1}", false));
        assert!(!valid("https://x/ y", false));
        assert!(!valid(&format!("https://x/{}", "a".repeat(600)), false));
    }
}
