//! A person's name as written on their identity document.

use std::error::Error;
use std::fmt;

/// The maximum length of a name, in characters.
const MAX_CHARS: usize = 50;

/// The name separator dot (U+00B7), as in 买买提·艾力.
const DOT: char = '·';

/// A valid person's name: trimmed, 1-50 characters, letters of any script,
/// `·` between parts (look-alikes `•`, `．` and `・` are stored as `·`); a space
/// or hyphen only inside a Latin-script name, single spaces only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, PersonNameError> {
        let name = normalize(raw);
        if name.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if name.chars().count() > MAX_CHARS {
            return Err(PersonNameError::TooLong);
        }
        for c in name.chars() {
            check_char(c)?;
        }
        check_separators(&name)?;
        let has_latin_separator = name.contains([' ', '-']);
        if has_latin_separator && !name.chars().filter(|c| c.is_alphabetic()).all(is_latin) {
            return Err(PersonNameError::SeparatorInNonLatinName);
        }
        Ok(PersonName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Trims, maps dot look-alikes to `·` and runs of non-control whitespace
/// (including the full-width space) to a single ASCII space.
fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.trim().chars() {
        let c = match c {
            '•' | '．' | '・' => DOT,
            c if c.is_whitespace() && !c.is_control() => ' ',
            c => c,
        };
        if !(c == ' ' && out.ends_with(' ')) {
            out.push(c);
        }
    }
    out
}

fn check_char(c: char) -> Result<(), PersonNameError> {
    if c.is_control() {
        Err(PersonNameError::ControlChar)
    } else if c.is_numeric() {
        Err(PersonNameError::Digit)
    } else if c.is_alphabetic() || matches!(c, DOT | ' ' | '-') {
        Ok(())
    } else {
        Err(PersonNameError::InvalidChar(c))
    }
}

/// `·`, space and hyphen only between letters, never two in a row.
fn check_separators(name: &str) -> Result<(), PersonNameError> {
    let is_sep = |c: char| matches!(c, DOT | ' ' | '-');
    let chars: Vec<char> = name.chars().collect();
    let at_edge =
        chars.first().copied().is_some_and(is_sep) || chars.last().copied().is_some_and(is_sep);
    let doubled = chars.windows(2).any(|w| is_sep(w[0]) && is_sep(w[1]));
    if at_edge || doubled {
        Err(PersonNameError::MisplacedSeparator)
    } else {
        Ok(())
    }
}

/// A letter of the Latin script (basic, Latin-1, Extended-A/B and Additional).
fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic() && matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'))
}

/// Why a text is not a valid name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonNameError {
    Empty,
    TooLong,
    Digit,
    ControlChar,
    /// A character that is neither a letter nor an allowed separator.
    InvalidChar(char),
    /// `·`, a space or a hyphen at the start or end, or two in a row.
    MisplacedSeparator,
    /// A space or hyphen inside a name that is not written in Latin letters.
    SeparatorInNonLatinName,
}

impl PersonNameError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "name_empty",
            Self::TooLong => "name_too_long",
            Self::Digit => "name_digit",
            Self::ControlChar => "name_control_char",
            Self::InvalidChar(_) => "name_invalid_char",
            Self::MisplacedSeparator => "name_misplaced_separator",
            Self::SeparatorInNonLatinName => "name_separator_not_latin",
        }
    }
}

impl fmt::Display for PersonNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("姓名不能为空"),
            Self::TooLong => f.write_str("姓名不能超过50个字"),
            Self::Digit => f.write_str("姓名不能包含数字"),
            Self::ControlChar => f.write_str("姓名不能包含控制字符"),
            Self::InvalidChar(c) => write!(f, "姓名不能包含字符“{c}”"),
            Self::MisplacedSeparator => {
                f.write_str("姓名中的间隔号“·”、空格或连字符只能出现在文字之间，且不能连续")
            }
            Self::SeparatorInNonLatinName => {
                f.write_str("只有外文姓名可以包含空格或连字符，中文姓名请使用间隔号“·”")
            }
        }
    }
}

impl Error for PersonNameError {}

impl crate::error::ErrorCode for PersonNameError {
    fn code(&self) -> &'static str {
        PersonNameError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        PersonName::parse(raw).unwrap().as_str().to_owned()
    }

    fn err(raw: &str) -> PersonNameError {
        PersonName::parse(raw).unwrap_err()
    }

    #[test]
    fn a_chinese_name_is_accepted_as_written() {
        assert_eq!(ok("冯思媛"), "冯思媛");
        assert_eq!(PersonName::parse("冯思媛").unwrap().to_string(), "冯思媛");
    }

    #[test]
    fn a_one_character_name_is_accepted() {
        assert_eq!(ok("晓"), "晓");
    }

    #[test]
    fn surrounding_whitespace_is_trimmed() {
        assert_eq!(ok("  冯思媛\u{3000}"), "冯思媛");
    }

    #[test]
    fn a_name_with_the_middle_dot_is_accepted() {
        assert_eq!(ok("买买提·艾力"), "买买提·艾力");
    }

    #[test]
    fn dot_look_alikes_are_stored_as_the_middle_dot() {
        assert_eq!(ok("买买提•艾力"), "买买提·艾力");
        assert_eq!(ok("买买提．艾力"), "买买提·艾力");
        assert_eq!(ok("买买提・艾力"), "买买提·艾力");
    }

    #[test]
    fn an_empty_or_blank_name_is_rejected() {
        assert_eq!(err(""), PersonNameError::Empty);
        assert_eq!(err(" \u{3000} "), PersonNameError::Empty);
        assert_eq!(PersonNameError::Empty.to_string(), "姓名不能为空");
    }

    #[test]
    fn fifty_characters_are_accepted_and_fifty_one_rejected() {
        assert_eq!(ok(&"张".repeat(50)).chars().count(), 50);
        assert_eq!(err(&"张".repeat(51)), PersonNameError::TooLong);
    }

    #[test]
    fn digits_are_rejected_in_any_script() {
        assert_eq!(err("张三1"), PersonNameError::Digit);
        assert_eq!(err("张三３"), PersonNameError::Digit);
        assert_eq!(err("张三Ⅲ"), PersonNameError::Digit);
    }

    #[test]
    fn control_characters_are_rejected() {
        assert_eq!(err("张\n三"), PersonNameError::ControlChar);
        assert_eq!(err("张\u{0}三"), PersonNameError::ControlChar);
        assert_eq!(err("张\t三"), PersonNameError::ControlChar);
    }

    #[test]
    fn markup_characters_are_rejected() {
        for c in ['<', '>', '&', '"', '\''] {
            assert_eq!(err(&format!("张{c}三")), PersonNameError::InvalidChar(c));
        }
        assert_eq!(err("张<三").to_string(), "姓名不能包含字符“<”");
    }

    #[test]
    fn other_punctuation_and_symbols_are_rejected() {
        for raw in ["张三!", "张_三", "张三😀", "张.三", "张,三"] {
            assert!(matches!(err(raw), PersonNameError::InvalidChar(_)), "{raw}");
        }
    }

    #[test]
    fn a_latin_name_may_contain_single_spaces() {
        assert_eq!(ok("John Smith"), "John Smith");
        assert_eq!(ok("John   Smith"), "John Smith");
        assert_eq!(ok("José María Núñez"), "José María Núñez");
    }

    #[test]
    fn a_latin_name_may_contain_a_hyphen() {
        assert_eq!(ok("Jean-Pierre Dupont"), "Jean-Pierre Dupont");
    }

    #[test]
    fn a_chinese_name_may_not_contain_a_space_or_hyphen() {
        assert_eq!(err("冯 思媛"), PersonNameError::SeparatorInNonLatinName);
        assert_eq!(
            err("冯\u{3000}思媛"),
            PersonNameError::SeparatorInNonLatinName
        );
        assert_eq!(err("冯-思媛"), PersonNameError::SeparatorInNonLatinName);
        assert_eq!(err("John 张"), PersonNameError::SeparatorInNonLatinName);
    }

    #[test]
    fn names_in_other_scripts_are_accepted() {
        assert_eq!(ok("Мария"), "Мария");
        assert_eq!(ok("김민수"), "김민수");
        assert_eq!(ok("John·Smith"), "John·Smith");
    }

    #[test]
    fn separators_only_stand_between_letters() {
        for raw in [
            "·艾力",
            "买买提·",
            "买买提··艾力",
            "-John",
            "John-",
            "John - Smith",
            "John· Smith",
        ] {
            assert_eq!(err(raw), PersonNameError::MisplacedSeparator, "{raw}");
        }
    }

    #[test]
    fn every_error_has_a_distinct_code() {
        let all = [
            PersonNameError::Empty,
            PersonNameError::TooLong,
            PersonNameError::Digit,
            PersonNameError::ControlChar,
            PersonNameError::InvalidChar('<'),
            PersonNameError::MisplacedSeparator,
            PersonNameError::SeparatorInNonLatinName,
        ];
        let mut codes: Vec<_> = all.iter().map(PersonNameError::code).collect();
        assert!(all.iter().all(|e| !e.to_string().is_empty()));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
