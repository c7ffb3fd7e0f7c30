//! Why a text is not a valid number of the chosen identity document.

use std::error::Error;
use std::fmt;

use super::IdType;

/// Why [`IdNumber::parse`](super::IdNumber::parse) refused a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentError {
    /// Nothing but whitespace was given.
    Empty,
    /// The number does not have the shape of the chosen document type.
    Format(IdType),
    /// The 6-digit region code of an 18-character number cannot exist.
    Region,
    /// The number is a valid shape of another document type than the chosen one.
    WrongType { suggested: IdType },
    /// A 港澳台居民居住证 number must start with 810000, 820000 or 830000.
    HmtPrefix,
    /// The birth date inside the number is not a real calendar day.
    BirthDate,
    /// The birth date inside the number is after today.
    BirthDateInFuture,
    /// The birth date inside the number is before 1900-01-01.
    BirthDateTooEarly,
    /// The last character does not match the MOD 11-2 check character.
    CheckChar(IdType),
}

impl DocumentError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Empty => "id_number_empty",
            Self::Format(_) => "id_number_format",
            Self::Region => "id_number_region",
            Self::WrongType { .. } => "id_number_type_mismatch",
            Self::HmtPrefix => "id_number_hmt_prefix",
            Self::BirthDate => "id_number_birth_date",
            Self::BirthDateInFuture => "id_number_birth_date_future",
            Self::BirthDateTooEarly => "id_number_birth_date_too_early",
            Self::CheckChar(_) => "id_number_check_char",
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("证件号码不能为空"),
            Self::Format(t) => f.write_str(format_hint(*t)),
            Self::Region => f.write_str("身份证号前6位地区码不正确"),
            Self::WrongType { suggested } => write!(
                f,
                "该号码是{0}号码，请将证件类型选择为“{0}”",
                suggested.label()
            ),
            Self::HmtPrefix => f.write_str("港澳台居民居住证号码应以810000、820000或830000开头"),
            Self::BirthDate => f.write_str("证件号码中的出生日期不存在"),
            Self::BirthDateInFuture => f.write_str("证件号码中的出生日期晚于今天"),
            Self::BirthDateTooEarly => f.write_str("证件号码中的出生日期早于1900年1月1日"),
            Self::CheckChar(IdType::ResidentId) => f.write_str("身份证号校验位不正确，请核对号码"),
            Self::CheckChar(t) => write!(f, "{}号码校验位不正确，请核对号码", t.label()),
        }
    }
}

/// What a number of each document type must look like.
fn format_hint(t: IdType) -> &'static str {
    match t {
        IdType::ResidentId => "居民身份证号应为18位：前17位为数字，最后一位为数字或X",
        IdType::HmtResidencePermit => {
            "港澳台居民居住证号码应为18位：前17位为数字，最后一位为数字或X"
        }
        IdType::ForeignPermanentId => {
            "外国人永久居留身份证号码应为以9开头的18位号码，或3位字母加12位数字的旧版号码"
        }
        IdType::HkMacaoPermit => "港澳居民来往内地通行证号码应为H或M开头，后跟8位或10位数字",
        IdType::TaiwanPermit => "台湾居民来往大陆通行证号码应为8位数字",
        IdType::Passport => "护照号码应为5至20位字母或数字",
    }
}

impl Error for DocumentError {}

impl crate::error::ErrorCode for DocumentError {
    fn code(&self) -> &'static str {
        DocumentError::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrong_check_char_on_a_resident_id_says_so_in_chinese() {
        let e = DocumentError::CheckChar(IdType::ResidentId);
        assert_eq!(e.to_string(), "身份证号校验位不正确，请核对号码");
        assert_eq!(e.code(), "id_number_check_char");
    }

    #[test]
    fn a_wrong_check_char_on_another_document_names_that_document() {
        let e = DocumentError::CheckChar(IdType::ForeignPermanentId);
        assert_eq!(
            e.to_string(),
            "外国人永久居留身份证号码校验位不正确，请核对号码"
        );
    }

    #[test]
    fn a_type_mismatch_tells_which_type_to_choose() {
        let e = DocumentError::WrongType {
            suggested: IdType::HmtResidencePermit,
        };
        assert_eq!(
            e.to_string(),
            "该号码是港澳台居民居住证号码，请将证件类型选择为“港澳台居民居住证”"
        );
        assert_eq!(e.code(), "id_number_type_mismatch");
    }

    #[test]
    fn every_format_error_explains_the_expected_shape() {
        for t in IdType::ALL {
            let msg = DocumentError::Format(*t).to_string();
            assert!(msg.starts_with(t.label()), "{msg}");
        }
    }

    #[test]
    fn every_error_has_a_distinct_snake_case_code_and_a_message() {
        let all = [
            DocumentError::Empty,
            DocumentError::Format(IdType::Passport),
            DocumentError::Region,
            DocumentError::WrongType {
                suggested: IdType::ResidentId,
            },
            DocumentError::HmtPrefix,
            DocumentError::BirthDate,
            DocumentError::BirthDateInFuture,
            DocumentError::BirthDateTooEarly,
            DocumentError::CheckChar(IdType::ResidentId),
        ];
        let mut codes: Vec<_> = all.iter().map(DocumentError::code).collect();
        for (e, c) in all.iter().zip(&codes) {
            assert!(c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
            assert!(!e.to_string().is_empty());
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
