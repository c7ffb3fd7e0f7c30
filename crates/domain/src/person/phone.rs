//! A mainland China mobile phone number (for SMS codes and login).

use std::error::Error;
use std::fmt;

/// A mainland mobile number stored as its 11 digits, `1[3-9]` then 9 digits.
///
/// Parsing accepts a `+86` or `86` prefix and spaces or dashes between digits.
/// `Debug` shows the masked number only.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str) -> Result<Phone, PhoneError> {
        let compact: String = raw
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\t' | '\u{3000}'))
            .collect();
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let digits = match compact.strip_prefix("+86") {
            Some(rest) => rest,
            None if compact.len() == 13 => compact.strip_prefix("86").unwrap_or(&compact),
            None => &compact,
        };
        let b = digits.as_bytes();
        let valid = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        if valid {
            Ok(Phone(digits.to_owned()))
        } else {
            Err(PhoneError::Invalid)
        }
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// First 3 and last 4 digits visible: `138****5678`.
    pub fn masked(&self) -> String {
        self.0
            .chars()
            .enumerate()
            .map(|(i, c)| if (3..7).contains(&i) { '*' } else { c })
            .collect()
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

/// Why a text is not a mainland mobile number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    Invalid,
}

impl PhoneError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "phone_empty",
            Self::Invalid => "phone_invalid",
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Empty => "手机号码不能为空",
            Self::Invalid => "手机号码格式不正确，请输入11位中国大陆手机号码",
        })
    }
}

impl Error for PhoneError {}

impl crate::error::ErrorCode for PhoneError {
    fn code(&self) -> &'static str {
        PhoneError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        Phone::parse(raw).unwrap().as_str().to_owned()
    }

    #[test]
    fn eleven_digits_starting_with_13_to_19_are_a_phone() {
        for second in 3..=9 {
            let raw = format!("1{second}812345678");
            assert_eq!(ok(&raw), raw);
        }
    }

    #[test]
    fn a_country_prefix_is_dropped() {
        assert_eq!(ok("+8613812345678"), "13812345678");
        assert_eq!(ok("8613812345678"), "13812345678");
        assert_eq!(ok("+86 138 1234 5678"), "13812345678");
    }

    #[test]
    fn spaces_and_dashes_between_digits_are_dropped() {
        assert_eq!(ok("138-1234-5678"), "13812345678");
        assert_eq!(ok(" 138 1234 5678 "), "13812345678");
    }

    #[test]
    fn an_empty_phone_is_rejected_as_empty() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        assert_eq!(Phone::parse(" - "), Err(PhoneError::Empty));
    }

    #[test]
    fn numbers_that_are_not_mainland_mobiles_are_rejected() {
        for raw in [
            "12812345678",
            "10812345678",
            "23812345678",
            "1381234567",
            "138123456789",
            "+85261234567",
            "+1 13812345678",
            "1381234567a",
            "１３８１２３４５６７８",
            "86138123456789",
        ] {
            assert_eq!(Phone::parse(raw), Err(PhoneError::Invalid), "{raw}");
        }
    }

    #[test]
    fn a_masked_phone_shows_first_three_and_last_four_digits() {
        assert_eq!(Phone::parse("13812345678").unwrap().masked(), "138****5678");
    }

    #[test]
    fn debug_output_does_not_leak_the_number() {
        let debug = format!("{:?}", Phone::parse("13812345678").unwrap());
        assert_eq!(debug, "Phone(138****5678)");
    }

    #[test]
    fn phone_errors_have_codes_and_chinese_messages() {
        assert_eq!(PhoneError::Empty.code(), "phone_empty");
        assert_eq!(PhoneError::Invalid.code(), "phone_invalid");
        assert_eq!(PhoneError::Empty.to_string(), "手机号码不能为空");
        assert!(PhoneError::Invalid.to_string().contains("11位"));
    }
}
