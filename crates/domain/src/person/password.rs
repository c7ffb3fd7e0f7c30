//! The password policy: 8-128 characters with at least one letter and one digit.

use std::error::Error;
use std::fmt;

const MIN_CHARS: usize = 8;
const MAX_CHARS: usize = 128;

/// A password that meets the policy. It is kept as given (not trimmed), and
/// `Debug` never prints it; there is deliberately no `Display`.
#[derive(Clone)]
pub struct Password(String);

impl Password {
    pub fn parse(raw: &str) -> Result<Password, PasswordError> {
        let len = raw.chars().count();
        if len < MIN_CHARS {
            return Err(PasswordError::TooShort);
        }
        if len > MAX_CHARS {
            return Err(PasswordError::TooLong);
        }
        if !raw.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(PasswordError::MissingLetter);
        }
        if !raw.chars().any(|c| c.is_ascii_digit()) {
            return Err(PasswordError::MissingDigit);
        }
        Ok(Password(raw.to_owned()))
    }

    /// The password itself, for hashing.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Why a password does not meet the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordError {
    TooShort,
    TooLong,
    MissingLetter,
    MissingDigit,
}

impl PasswordError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooShort => "password_too_short",
            Self::TooLong => "password_too_long",
            Self::MissingLetter => "password_missing_letter",
            Self::MissingDigit => "password_missing_digit",
        }
    }
}

impl fmt::Display for PasswordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TooShort => "密码至少8位，须同时包含字母和数字",
            Self::TooLong => "密码不能超过128位",
            Self::MissingLetter => "密码须包含字母",
            Self::MissingDigit => "密码须包含数字",
        })
    }
}

impl Error for PasswordError {}

impl crate::error::ErrorCode for PasswordError {
    fn code(&self) -> &'static str {
        PasswordError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn err(raw: &str) -> PasswordError {
        Password::parse(raw).unwrap_err()
    }

    #[test]
    fn the_demo_password_meets_the_policy() {
        assert_eq!(Password::parse("Jxjy@2025").unwrap().as_str(), "Jxjy@2025");
    }

    #[test]
    fn eight_characters_with_a_letter_and_a_digit_are_enough() {
        assert!(Password::parse("abcdefg1").is_ok());
        assert!(Password::parse("1234567a").is_ok());
    }

    #[test]
    fn seven_characters_are_too_short() {
        assert_eq!(err("abcdef1"), PasswordError::TooShort);
        assert_eq!(err(""), PasswordError::TooShort);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Four Chinese characters and "a1" are 14 bytes but only 6 characters.
        assert_eq!(err("密码密码a1"), PasswordError::TooShort);
        assert!(Password::parse("密码密码密码a1").is_ok());
    }

    #[test]
    fn one_hundred_twenty_eight_characters_are_allowed_and_more_are_not() {
        let max = format!("a1{}", "x".repeat(126));
        assert!(Password::parse(&max).is_ok());
        assert_eq!(err(&format!("{max}x")), PasswordError::TooLong);
    }

    #[test]
    fn a_password_without_a_letter_is_rejected() {
        assert_eq!(err("12345678"), PasswordError::MissingLetter);
        assert_eq!(err("1234567密"), PasswordError::MissingLetter);
    }

    #[test]
    fn a_password_without_a_digit_is_rejected() {
        assert_eq!(err("abcdefgh"), PasswordError::MissingDigit);
        assert_eq!(err("abcdefg３"), PasswordError::MissingDigit);
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let p = Password::parse("Secret123").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
        assert!(!format!("{:?}", Some(p)).contains("Secret"));
    }

    #[test]
    fn password_errors_have_codes_and_chinese_messages() {
        assert_eq!(PasswordError::TooShort.code(), "password_too_short");
        assert_eq!(PasswordError::TooLong.code(), "password_too_long");
        assert_eq!(
            PasswordError::MissingLetter.code(),
            "password_missing_letter"
        );
        assert_eq!(PasswordError::MissingDigit.code(), "password_missing_digit");
        assert_eq!(PasswordError::MissingDigit.to_string(), "密码须包含数字");
    }
}
