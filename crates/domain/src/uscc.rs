//! 统一社会信用代码 (USCC, GB 32100-2015), an employer's identity: 18 characters from
//! `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z). Position 1 is the registration authority, 2 the
//! kind of organisation, 3-8 the region code (digits), 9-17 the organisation code (GB 11714,
//! with its own check character) and 18 the check character over the first seventeen.
//! Parsed at the edge like `IdNumber`: a `Uscc` is always valid.

use std::error::Error;
use std::fmt;

/// The characters of a USCC, in the order of their values (0-30).
pub const USCC_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of the 18th character's check: 3^(i-1) mod 31.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of the organisation code's check (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A valid 统一社会信用代码, upper case, without separators.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UsccError {
    Empty,
    /// Not 18 characters.
    Length,
    /// A character outside the USCC alphabet, or a region code that is not six digits.
    Format,
    /// The organisation code's own check character (position 17) does not match.
    OrganisationCheck,
    /// The check character (position 18) does not match.
    CheckChar,
}

impl UsccError {
    pub fn code(&self) -> &'static str {
        match self {
            UsccError::Empty => "uscc_empty",
            UsccError::Length => "uscc_length",
            UsccError::Format => "uscc_format",
            UsccError::OrganisationCheck => "uscc_organisation_check",
            UsccError::CheckChar => "uscc_check_char",
        }
    }
}

impl fmt::Display for UsccError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UsccError::Empty => "统一社会信用代码不能为空",
            UsccError::Length => "统一社会信用代码应为18位",
            UsccError::Format => {
                "统一社会信用代码只含数字和大写字母（不含I、O、S、V、Z），第3-8位为行政区划代码"
            }
            UsccError::OrganisationCheck => "统一社会信用代码中的组织机构代码校验位不正确，请核对",
            UsccError::CheckChar => "统一社会信用代码校验位不正确，请核对",
        })
    }
}

impl Error for UsccError {}

impl crate::error::ErrorCode for UsccError {
    fn code(&self) -> &'static str {
        UsccError::code(self)
    }
}

fn value(c: char) -> Option<u32> {
    USCC_ALPHABET.find(c).and_then(|i| u32::try_from(i).ok())
}

/// The 18th character for the first seventeen: `31 - (Σ value × weight mod 31)`, 31 → 0.
pub fn uscc_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let r = (31 - sum % 31) % 31;
    USCC_ALPHABET.chars().nth(usize::try_from(r).ok()?)
}

/// The organisation code's check character for its eight-character body (GB 11714): digits
/// count their value and letters A=10 … Z=35; `11 - Σ mod 11`, 10 → X, 11 → 0.
pub fn organisation_check_char(body: &str) -> Option<char> {
    let mut sum = 0;
    for (c, w) in body.chars().zip(ORG_WEIGHTS) {
        let v = c.to_digit(36)?;
        sum += v * w;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        r => char::from_digit(r, 10)?,
    })
}

impl Uscc {
    /// Reads a code as typed: spaces and hyphens are dropped, full-width characters and lower
    /// case are accepted.
    pub fn parse(raw: &str) -> Result<Uscc, UsccError> {
        let code: String = crate::document::half_width(raw)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .flat_map(char::to_uppercase)
            .collect();
        if code.is_empty() {
            return Err(UsccError::Empty);
        }
        let chars: Vec<char> = code.chars().collect();
        if chars.len() != 18 {
            return Err(UsccError::Length);
        }
        if chars.iter().any(|c| value(*c).is_none())
            || !chars[2..8].iter().all(char::is_ascii_digit)
        {
            return Err(UsccError::Format);
        }
        let body: String = chars[8..16].iter().collect();
        if organisation_check_char(&body) != Some(chars[16]) {
            return Err(UsccError::OrganisationCheck);
        }
        let first17: String = chars[..17].iter().collect();
        if uscc_check_char(&first17) != Some(chars[17]) {
            return Err(UsccError::CheckChar);
        }
        Ok(Uscc(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The six-digit region code (positions 3-8).
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[path = "uscc_tests.rs"]
mod tests;
