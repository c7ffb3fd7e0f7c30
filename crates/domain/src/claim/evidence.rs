//! Evidence of a claim (SPEC section 2): PDF, JPEG or PNG, at most 5 MB each.
//! The type is read from the content's first bytes, never from the name or a
//! header the client sends, and the name a client gives is only shown, after
//! it is cleaned.

/// The most bytes one evidence file may have: 5 MB.
pub const MAX_EVIDENCE_BYTES: usize = 5 * 1024 * 1024;

/// The most evidence files one claim may carry.
pub const MAX_EVIDENCE_FILES: usize = 5;

/// The longest cleaned file name kept, in characters.
const MAX_NAME_CHARS: usize = 100;

/// An accepted evidence file type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EvidenceType {
    Pdf,
    Jpeg,
    Png,
}

impl EvidenceType {
    pub const ALL: &'static [EvidenceType] =
        &[EvidenceType::Pdf, EvidenceType::Jpeg, EvidenceType::Png];

    /// The type the content is, by its magic bytes: `%PDF-`, `FF D8 FF`, or
    /// the PNG signature. Anything else is `None`.
    pub fn sniff(content: &[u8]) -> Option<EvidenceType> {
        if content.starts_with(b"%PDF-") {
            Some(EvidenceType::Pdf)
        } else if content.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(EvidenceType::Jpeg)
        } else if content.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
            Some(EvidenceType::Png)
        } else {
            None
        }
    }

    pub const fn content_type(self) -> &'static str {
        match self {
            EvidenceType::Pdf => "application/pdf",
            EvidenceType::Jpeg => "image/jpeg",
            EvidenceType::Png => "image/png",
        }
    }

    /// The stored file's extension, without the dot.
    pub const fn extension(self) -> &'static str {
        match self {
            EvidenceType::Pdf => "pdf",
            EvidenceType::Jpeg => "jpg",
            EvidenceType::Png => "png",
        }
    }

    /// The type of a stored content type, for serving a stored file.
    pub fn from_content_type(content_type: &str) -> Option<EvidenceType> {
        EvidenceType::ALL
            .iter()
            .copied()
            .find(|t| t.content_type() == content_type)
    }

    /// Images can be shown in the browser; a PDF is downloaded.
    pub const fn is_image(self) -> bool {
        matches!(self, EvidenceType::Jpeg | EvidenceType::Png)
    }
}

/// A client's file name made safe to show and to put in a header: only the
/// last path component, no control characters, none of `<>:"/\|?*;`, no
/// leading dots, at most 100 characters, and the extension of the detected
/// type. An empty result becomes `证明材料.EXT`.
pub fn clean_file_name(raw: &str, kind: EvidenceType) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = crate::text::strip_for_file_name(last)
        .chars()
        .filter(|c| !"<>:\"/\\|?*;".contains(*c))
        .collect();
    let cleaned = cleaned.trim();
    let stem = match cleaned.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => cleaned,
    };
    let stem = stem.trim().trim_start_matches('.').trim();
    let ext = kind.extension();
    let room = MAX_NAME_CHARS - ext.len() - 1;
    let stem: String = stem.chars().take(room).collect();
    let stem = stem.trim();
    if stem.is_empty() {
        format!("证明材料.{ext}")
    } else {
        format!("{stem}.{ext}")
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn a_bidirectional_override_cannot_disguise_a_file_name() {
        assert_eq!(
            clean_file_name("成绩单\u{202E}fdp.exe", EvidenceType::Pdf),
            "成绩单fdp.pdf"
        );
    }

    #[test]
    fn the_type_is_read_from_the_magic_bytes() {
        assert_eq!(
            EvidenceType::sniff(b"%PDF-1.7\n..."),
            Some(EvidenceType::Pdf)
        );
        assert_eq!(
            EvidenceType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some(EvidenceType::Jpeg)
        );
        assert_eq!(
            EvidenceType::sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Some(EvidenceType::Png)
        );
    }

    #[test]
    fn other_content_is_refused_whatever_it_is_called() {
        assert_eq!(EvidenceType::sniff(b""), None);
        assert_eq!(EvidenceType::sniff(b"%PD"), None);
        assert_eq!(EvidenceType::sniff(b"GIF89a"), None);
        assert_eq!(EvidenceType::sniff(b"<html><script>"), None);
        assert_eq!(EvidenceType::sniff(b"PK\x03\x04 a docx"), None);
        assert_eq!(EvidenceType::sniff(b"\x89PNG\r\n"), None);
    }

    #[test]
    fn content_types_and_extensions_round_trip() {
        for t in EvidenceType::ALL {
            assert_eq!(EvidenceType::from_content_type(t.content_type()), Some(*t));
        }
        assert_eq!(EvidenceType::from_content_type("text/html"), None);
        assert!(EvidenceType::Png.is_image() && !EvidenceType::Pdf.is_image());
    }

    #[test]
    fn a_file_name_keeps_only_its_last_component_and_gets_the_detected_extension() {
        use EvidenceType as T;
        assert_eq!(clean_file_name("证书.pdf", T::Pdf), "证书.pdf");
        assert_eq!(
            clean_file_name("C:\\Users\\a\\成绩单.PNG", T::Png),
            "成绩单.png"
        );
        assert_eq!(clean_file_name("../../etc/passwd", T::Pdf), "passwd.pdf");
        assert_eq!(clean_file_name("evil.html", T::Jpeg), "evil.jpg");
        assert_eq!(clean_file_name("a\"b;<c>\r\n.pdf", T::Pdf), "abc.pdf");
        assert_eq!(
            clean_file_name("成绩单.v2.final.pdf", T::Pdf),
            "成绩单.v2.final.pdf"
        );
    }

    #[test]
    fn an_empty_or_useless_name_becomes_a_default() {
        assert_eq!(clean_file_name("", EvidenceType::Pdf), "证明材料.pdf");
        assert_eq!(clean_file_name("   ", EvidenceType::Png), "证明材料.png");
        assert_eq!(clean_file_name("///", EvidenceType::Pdf), "证明材料.pdf");
        assert_eq!(clean_file_name(".pdf", EvidenceType::Pdf), "证明材料.pdf");
        assert_eq!(
            clean_file_name(".hidden", EvidenceType::Pdf),
            "证明材料.pdf"
        );
    }

    #[test]
    fn a_long_name_is_cut_to_a_hundred_characters() {
        let long = "很".repeat(300) + ".pdf";
        let name = clean_file_name(&long, EvidenceType::Pdf);
        assert_eq!(name.chars().count(), 100);
        assert!(name.ends_with(".pdf"));
    }
}
