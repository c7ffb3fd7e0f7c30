//! Text that people send: one rule for every field at every edge (JSON, forms, queries,
//! multipart, paths), so that no field needs its own check and nothing a database cannot store
//! (PostgreSQL refuses NUL) gets past the door.
//!
//! Refused: NUL and the other C0 control characters except tab, line feed and carriage return
//! (multi-line fields such as a notice's body need those), DEL, and the C1 controls. Removed from
//! file names: the same, plus the bidirectional formatting characters (U+202A-U+202E,
//! U+2066-U+2069) that make `gpj.exe` look like `exe.jpg`.

use std::fmt;

/// The first refused character of a text, if any.
pub fn first_control(text: &str) -> Option<char> {
    text.chars().find(|c| is_refused(*c))
}

fn is_refused(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// A bidirectional override, embedding or isolate (never wanted in a name or a file name).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A text with no refused character.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainText(String);

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextError {
    /// The refused character, for the log (never echoed to the user as is).
    pub found: char,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "含有不允许的控制字符（U+{:04X}），请删除后重新提交",
            u32::from(self.found)
        )
    }
}

impl std::error::Error for TextError {}

impl PlainText {
    pub fn parse(text: &str) -> Result<PlainText, TextError> {
        match first_control(text) {
            Some(found) => Err(TextError { found }),
            None => Ok(PlainText(text.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A file name as it may be shown and stored: refused and bidirectional characters removed.
pub fn strip_for_file_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_control() && !is_bidi_control(*c))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_controls_are_refused() {
        for bad in ["a\0b", "\u{1}", "x\u{1b}[31m", "\u{7f}", "\u{85}", "\u{9f}"] {
            assert!(PlainText::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn tabs_and_line_breaks_are_text() {
        for good in [
            "",
            "冯思媛",
            "第一行\n第二行\r\n",
            "a\tb",
            "买买提·艾力",
            "\u{202E}",
        ] {
            assert_eq!(PlainText::parse(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn the_message_names_the_character_by_its_code() {
        let e = PlainText::parse("a\0").unwrap_err();
        assert_eq!(e.found, '\0');
        assert!(e.to_string().contains("U+0000"));
    }

    #[test]
    fn file_names_lose_bidirectional_overrides() {
        assert_eq!(
            strip_for_file_name("成绩单\u{202E}gpj.exe"),
            "成绩单gpj.exe"
        );
        assert_eq!(strip_for_file_name("a\u{2066}b\u{2069}\0.pdf"), "ab.pdf");
    }
}
