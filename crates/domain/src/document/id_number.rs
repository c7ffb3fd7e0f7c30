//! A document number, parsed and normalised for its document type.

use std::fmt;

use super::{DocumentError, Gender, IdType, check_char};
use crate::date::Date;

/// The earliest birth date an identity number may carry.
const EARLIEST_BIRTH: Date = match Date::new(1900, 1, 1) {
    Some(d) => d,
    None => panic!("1900-01-01 is a date"),
};

/// Region prefixes of 港澳台居民居住证 (Hong Kong, Macao, Taiwan).
const HMT_PREFIXES: [&str; 3] = ["810000", "820000", "830000"];

/// A valid number of one identity document type, in its stored form:
/// trimmed, letters upper-case (`x` → `X`, `h` → `H`, passports upper-cased).
///
/// `Debug` shows only the masked number, so logs do not leak it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    id_type: IdType,
    value: String,
}

impl IdNumber {
    /// Parses `raw` as a number of `id_type` (SPEC section 3).
    ///
    /// `today` bounds the birth date of 18-character numbers.
    pub fn parse(id_type: IdType, raw: &str, today: Date) -> Result<IdNumber, DocumentError> {
        let normalised = super::half_width(raw);
        let s = normalised.trim();
        if s.is_empty() {
            return Err(DocumentError::Empty);
        }
        let value = match id_type {
            IdType::ResidentId | IdType::HmtResidencePermit => parse_eighteen(id_type, s, today)?,
            IdType::ForeignPermanentId if s.starts_with(|c: char| c.is_ascii_digit()) => {
                parse_eighteen(id_type, s, today)?
            }
            IdType::ForeignPermanentId => parse_old_foreign(s)?,
            IdType::HkMacaoPermit => parse_hk_macao(s)?,
            IdType::TaiwanPermit => parse_taiwan(s)?,
            IdType::Passport => parse_passport(s)?,
        };
        Ok(IdNumber { id_type, value })
    }

    /// The form a number is looked up by when its type is not known (login):
    /// full-width characters made half-width, trimmed and ASCII upper-cased, as every stored
    /// number is.
    pub fn normalize_for_lookup(raw: &str) -> String {
        super::half_width(raw).trim().to_ascii_uppercase()
    }

    pub fn id_type(&self) -> IdType {
        self.id_type
    }

    /// The stored form of the number.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// Gender from the 17th character of an 18-character number; `None` for
    /// documents that do not carry it.
    pub fn gender(&self) -> Option<Gender> {
        let digit = self.eighteen()?.get(16..17)?.parse::<u32>().ok()?;
        Some(Gender::from_sequence_digit(digit))
    }

    /// Birth date from characters 7-14 of an 18-character number; `None` for
    /// documents that do not carry it.
    pub fn birth_date(&self) -> Option<Date> {
        Date::parse_compact(self.eighteen()?.get(6..14)?)
    }

    /// The number with its middle hidden: first 6 and last 4 characters of an
    /// 18-character number visible (`440103********883X`); first 2 and last 2
    /// of shorter ones (`E1*****78`).
    pub fn masked(&self) -> String {
        let n = self.value.chars().count();
        let (head, tail) = if n == 18 { (6, 4) } else { (2, 2) };
        self.value
            .chars()
            .enumerate()
            .map(|(i, c)| if i < head || i + tail >= n { c } else { '*' })
            .collect()
    }

    /// The value, when it is an 18-character number carrying birth and gender.
    fn eighteen(&self) -> Option<&str> {
        let carries = matches!(
            self.id_type,
            IdType::ResidentId | IdType::HmtResidencePermit | IdType::ForeignPermanentId
        );
        (carries && self.value.len() == 18).then_some(self.value.as_str())
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({}, {})", self.id_type.as_str(), self.masked())
    }
}

/// 18 characters: region code, birth date, sequence, MOD 11-2 check char.
fn parse_eighteen(id_type: IdType, s: &str, today: Date) -> Result<String, DocumentError> {
    let value = s.to_ascii_uppercase();
    let b = value.as_bytes();
    let shaped = b.len() == 18
        && b[..17].iter().all(u8::is_ascii_digit)
        && (b[17].is_ascii_digit() || b[17] == b'X');
    if !shaped {
        return Err(DocumentError::Format(id_type));
    }
    check_region(id_type, &value[..6])?;
    let birth = Date::parse_compact(&value[6..14]).ok_or(DocumentError::BirthDate)?;
    if birth > today {
        return Err(DocumentError::BirthDateInFuture);
    }
    if birth < EARLIEST_BIRTH {
        return Err(DocumentError::BirthDateTooEarly);
    }
    if check_char(&value[..17]) != Some(char::from(b[17])) {
        return Err(DocumentError::CheckChar(id_type));
    }
    Ok(value)
}

/// The 6-digit prefix each 18-character document type may start with.
fn check_region(id_type: IdType, region: &str) -> Result<(), DocumentError> {
    let hmt = HMT_PREFIXES.contains(&region);
    let first = region.as_bytes().first().copied().unwrap_or(b'0');
    match id_type {
        IdType::HmtResidencePermit if hmt => Ok(()),
        IdType::HmtResidencePermit => Err(DocumentError::HmtPrefix),
        IdType::ForeignPermanentId if first == b'9' => Ok(()),
        _ if hmt => Err(DocumentError::WrongType {
            suggested: IdType::HmtResidencePermit,
        }),
        IdType::ResidentId if first == b'9' => Err(DocumentError::WrongType {
            suggested: IdType::ForeignPermanentId,
        }),
        IdType::ResidentId if !super::is_defined_region(region) => Err(DocumentError::Region),
        IdType::ResidentId => Ok(()),
        IdType::ForeignPermanentId if first != b'0' => Err(DocumentError::WrongType {
            suggested: IdType::ResidentId,
        }),
        _ => Err(DocumentError::Format(id_type)),
    }
}

/// Old 外国人永久居留身份证: 3 letters (nationality) and 12 digits.
fn parse_old_foreign(s: &str) -> Result<String, DocumentError> {
    let b = s.as_bytes();
    let ok = b.len() == 15
        && b[..3].iter().all(u8::is_ascii_alphabetic)
        && b[3..].iter().all(u8::is_ascii_digit);
    ok.then(|| s.to_ascii_uppercase())
        .ok_or(DocumentError::Format(IdType::ForeignPermanentId))
}

/// 港澳居民来往内地通行证: H or M, then 8 or 10 digits.
fn parse_hk_macao(s: &str) -> Result<String, DocumentError> {
    let b = s.as_bytes();
    let ok = matches!(b.len(), 9 | 11)
        && matches!(b[0], b'H' | b'M' | b'h' | b'm')
        && b[1..].iter().all(u8::is_ascii_digit);
    ok.then(|| s.to_ascii_uppercase())
        .ok_or(DocumentError::Format(IdType::HkMacaoPermit))
}

/// 台湾居民来往大陆通行证: 8 digits.
fn parse_taiwan(s: &str) -> Result<String, DocumentError> {
    let ok = s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit());
    ok.then(|| s.to_owned())
        .ok_or(DocumentError::Format(IdType::TaiwanPermit))
}

/// 护照: 5 to 20 ASCII letters and digits.
fn parse_passport(s: &str) -> Result<String, DocumentError> {
    let ok = (5..=20).contains(&s.len()) && s.bytes().all(|c| c.is_ascii_alphanumeric());
    ok.then(|| s.to_ascii_uppercase())
        .ok_or(DocumentError::Format(IdType::Passport))
}

#[cfg(test)]
#[path = "id_number_tests.rs"]
mod tests;
