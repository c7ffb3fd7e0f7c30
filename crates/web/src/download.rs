//! Download names: RFC 5987's percent-encoding for `filename*`, and the `Content-Disposition` of
//! an attachment with an ASCII fallback and the Chinese name (RFC 6266).

/// RFC 5987 encoding of a file name for `filename*`.
pub fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// `attachment; filename="stats-2026-210102.xlsx"; filename*=UTF-8''%E5%92%8C…`: an ASCII name
/// for old clients and the Chinese one for the rest.
pub fn attachment(fallback: &str, name: &str) -> String {
    format!(
        "attachment; filename=\"{fallback}\"; filename*=UTF-8''{}",
        percent_encode(name)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_encoded_for_the_download_header() {
        assert_eq!(percent_encode("a b.pdf"), "a%20b.pdf");
        assert_eq!(percent_encode("证.pdf"), "%E8%AF%81.pdf");
    }

    #[test]
    fn an_attachment_carries_both_names() {
        assert_eq!(
            attachment("a.csv", "名单.csv"),
            "attachment; filename=\"a.csv\"; filename*=UTF-8''%E5%90%8D%E5%8D%95.csv"
        );
    }
}
