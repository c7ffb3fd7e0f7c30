//! The kinds of identity document a learner may register with.

use std::str::FromStr;

use crate::error::ParseCodeError;

/// A kind of identity document (SPEC section 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum IdType {
    /// 居民身份证
    ResidentId,
    /// 港澳台居民居住证
    HmtResidencePermit,
    /// 外国人永久居留身份证
    ForeignPermanentId,
    /// 港澳居民来往内地通行证
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证
    TaiwanPermit,
    /// 护照
    Passport,
}

impl IdType {
    /// Every document type, in the order a form lists them.
    pub const ALL: &'static [IdType] = &[
        IdType::ResidentId,
        IdType::HmtResidencePermit,
        IdType::ForeignPermanentId,
        IdType::HkMacaoPermit,
        IdType::TaiwanPermit,
        IdType::Passport,
    ];

    /// Stable code used in JSON and storage, e.g. `resident_id`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IdType::ResidentId => "resident_id",
            IdType::HmtResidencePermit => "hmt_residence_permit",
            IdType::ForeignPermanentId => "foreign_permanent_id",
            IdType::HkMacaoPermit => "hk_macao_permit",
            IdType::TaiwanPermit => "taiwan_permit",
            IdType::Passport => "passport",
        }
    }

    /// The document's Chinese name, e.g. `居民身份证`.
    pub const fn label(self) -> &'static str {
        match self {
            IdType::ResidentId => "居民身份证",
            IdType::HmtResidencePermit => "港澳台居民居住证",
            IdType::ForeignPermanentId => "外国人永久居留身份证",
            IdType::HkMacaoPermit => "港澳居民来往内地通行证",
            IdType::TaiwanPermit => "台湾居民来往大陆通行证",
            IdType::Passport => "护照",
        }
    }
}

impl FromStr for IdType {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdType::ALL
            .iter()
            .copied()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| ParseCodeError::IdType(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn every_id_type_round_trips_through_its_code() {
        for t in IdType::ALL {
            assert_eq!(t.as_str().parse::<IdType>().unwrap(), *t);
        }
        assert_eq!(IdType::ALL.len(), 6);
    }

    #[test]
    fn id_type_codes_and_labels_are_the_documented_ones() {
        let expected = [
            ("resident_id", "居民身份证"),
            ("hmt_residence_permit", "港澳台居民居住证"),
            ("foreign_permanent_id", "外国人永久居留身份证"),
            ("hk_macao_permit", "港澳居民来往内地通行证"),
            ("taiwan_permit", "台湾居民来往大陆通行证"),
            ("passport", "护照"),
        ];
        let actual: Vec<_> = IdType::ALL
            .iter()
            .map(|t| (t.as_str(), t.label()))
            .collect();
        assert_eq!(actual, expected);
    }

    #[test]
    fn an_unknown_id_type_code_is_rejected() {
        let err = "driver_license".parse::<IdType>().unwrap_err();
        assert_eq!(err.code(), "invalid_id_type");
        assert!("Resident_ID".parse::<IdType>().is_err());
        assert!("".parse::<IdType>().is_err());
    }
}
