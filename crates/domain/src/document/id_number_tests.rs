//! Unit tests of `id_number`: every document type's shape and check, normalisation, derived
//! gender and birth date.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use proptest::prelude::*;

const SAMPLE: &str = "44010319900307883X";

fn today() -> Date {
    Date::new(2025, 6, 30).unwrap()
}

fn resident(raw: &str) -> Result<IdNumber, DocumentError> {
    IdNumber::parse(IdType::ResidentId, raw, today())
}

/// Completes 17 digits with their check character.
fn complete(first17: &str) -> String {
    format!("{first17}{}", check_char(first17).unwrap())
}

#[test]
fn the_manuals_example_number_is_a_valid_resident_id() {
    let id = resident(SAMPLE).unwrap();
    assert_eq!(id.as_str(), SAMPLE);
    assert_eq!(id.id_type(), IdType::ResidentId);
    assert_eq!(id.to_string(), SAMPLE);
}

#[test]
fn a_lower_case_x_is_accepted_and_stored_upper_case() {
    let id = resident("44010319900307883x").unwrap();
    assert_eq!(id.as_str(), SAMPLE);
}

#[test]
fn surrounding_whitespace_is_trimmed() {
    assert_eq!(
        resident(" \t44010319900307883X\n").unwrap().as_str(),
        SAMPLE
    );
}

#[test]
fn inner_whitespace_is_not_accepted() {
    assert_eq!(
        resident("440103 19900307883X"),
        Err(DocumentError::Format(IdType::ResidentId))
    );
}

#[test]
fn an_empty_number_is_rejected_as_empty() {
    assert_eq!(resident(""), Err(DocumentError::Empty));
    assert_eq!(resident("   "), Err(DocumentError::Empty));
    assert_eq!(resident("").unwrap_err().code(), "id_number_empty");
}

#[test]
fn the_sample_carries_birth_date_and_gender() {
    let id = resident(SAMPLE).unwrap();
    assert_eq!(id.birth_date(), Date::new(1990, 3, 7));
    // 17th character is 3: odd, so male.
    assert_eq!(id.gender(), Some(Gender::Male));
}

#[test]
fn an_even_seventeenth_digit_means_female() {
    let id = resident(&complete("21010219850615002")).unwrap();
    assert_eq!(id.gender(), Some(Gender::Female));
    assert_eq!(id.birth_date(), Date::new(1985, 6, 15));
}

#[test]
fn a_wrong_check_char_is_rejected_with_the_chinese_message() {
    let err = resident("440103199003078831").unwrap_err();
    assert_eq!(err, DocumentError::CheckChar(IdType::ResidentId));
    assert_eq!(err.to_string(), "身份证号校验位不正确，请核对号码");
}

#[test]
fn thirty_february_is_not_a_birth_date() {
    let err = resident(&complete("44010319900230883")).unwrap_err();
    assert_eq!(err, DocumentError::BirthDate);
    assert_eq!(err.code(), "id_number_birth_date");
}

#[test]
fn twenty_nine_february_is_a_birth_date_only_in_leap_years() {
    assert!(resident(&complete("44010320000229883")).is_ok());
    assert_eq!(
        resident(&complete("44010319990229883")),
        Err(DocumentError::BirthDate)
    );
}

#[test]
fn a_birth_date_after_today_is_rejected() {
    let err = resident(&complete("44010320250701883")).unwrap_err();
    assert_eq!(err, DocumentError::BirthDateInFuture);
    assert_eq!(err.code(), "id_number_birth_date_future");
}

#[test]
fn a_birth_date_of_today_is_accepted() {
    assert!(resident(&complete("44010320250630883")).is_ok());
}

#[test]
fn a_birth_date_before_1900_is_rejected() {
    assert_eq!(
        resident(&complete("44010318991231883")),
        Err(DocumentError::BirthDateTooEarly)
    );
    assert!(resident(&complete("44010319000101883")).is_ok());
}

#[test]
fn resident_ids_must_have_eighteen_characters() {
    for raw in [
        "44010319900307883",
        "44010319900307883X1",
        "4401031990030788",
    ] {
        assert_eq!(
            resident(raw),
            Err(DocumentError::Format(IdType::ResidentId)),
            "{raw}"
        );
    }
}

#[test]
fn letters_other_than_a_final_x_are_rejected() {
    for raw in [
        "4401031990030788XX",
        "44010319900307883Y",
        "A4010319900307883X",
    ] {
        assert_eq!(
            resident(raw),
            Err(DocumentError::Format(IdType::ResidentId))
        );
    }
}

#[test]
fn full_width_digits_are_normalised_first() {
    assert_eq!(
        resident("４4010319900307883Ｘ").unwrap().as_str(),
        "44010319900307883X"
    );
    assert_eq!(
        IdNumber::normalize_for_lookup("４4010319900307883ｘ"),
        "44010319900307883X"
    );
}

#[test]
fn a_region_that_gb_t_2260_never_defined_is_rejected() {
    for region in ["100000", "660000", "219999"] {
        let err = resident(&complete(&format!("{region}19900307883"))).unwrap_err();
        assert_eq!(err, DocumentError::Region, "{region}");
    }
}

#[test]
fn a_region_code_starting_with_zero_is_rejected() {
    let err = resident(&complete("04010319900307883")).unwrap_err();
    assert_eq!(err, DocumentError::Region);
    assert_eq!(err.code(), "id_number_region");
}

#[test]
fn a_resident_id_with_an_hmt_prefix_asks_for_the_residence_permit_type() {
    for prefix in HMT_PREFIXES {
        let raw = complete(&format!("{prefix}19900307883"));
        assert_eq!(
            resident(&raw),
            Err(DocumentError::WrongType {
                suggested: IdType::HmtResidencePermit
            })
        );
    }
}

#[test]
fn a_resident_id_starting_with_nine_asks_for_the_foreign_permanent_id_type() {
    assert_eq!(
        resident(&complete("93105619900307883")),
        Err(DocumentError::WrongType {
            suggested: IdType::ForeignPermanentId
        })
    );
}

#[test]
fn hmt_residence_permits_need_one_of_the_three_prefixes() {
    let parse = |raw: &str| IdNumber::parse(IdType::HmtResidencePermit, raw, today());
    for prefix in HMT_PREFIXES {
        let raw = complete(&format!("{prefix}19900307883"));
        let id = parse(&raw).unwrap();
        assert_eq!(id.birth_date(), Date::new(1990, 3, 7));
        assert_eq!(id.gender(), Some(Gender::Male));
    }
    assert_eq!(parse(SAMPLE), Err(DocumentError::HmtPrefix));
    assert_eq!(
        parse(&complete("81000119900307883")),
        Err(DocumentError::HmtPrefix)
    );
    assert_eq!(parse("810000").unwrap_err().code(), "id_number_format");
}

#[test]
fn hmt_residence_permits_check_the_check_char_too() {
    let first17 = "81000019900307883";
    let good = check_char(first17).unwrap();
    let bad = if good == '0' { '1' } else { '0' };
    assert_eq!(
        IdNumber::parse(
            IdType::HmtResidencePermit,
            &format!("{first17}{bad}"),
            today()
        ),
        Err(DocumentError::CheckChar(IdType::HmtResidencePermit))
    );
}

#[test]
fn new_foreign_permanent_ids_start_with_nine_and_carry_a_check_char() {
    let parse = |raw: &str| IdNumber::parse(IdType::ForeignPermanentId, raw, today());
    let raw = complete("93105619880521002");
    let id = parse(&raw).unwrap();
    assert_eq!(id.birth_date(), Date::new(1988, 5, 21));
    assert_eq!(id.gender(), Some(Gender::Female));
    let lower = parse(&raw.to_ascii_lowercase()).unwrap();
    assert_eq!(lower.as_str(), raw);
    let wrong = if raw.ends_with('0') {
        "931056198805210021"
    } else {
        "931056198805210020"
    };
    assert_eq!(
        parse(wrong),
        Err(DocumentError::CheckChar(IdType::ForeignPermanentId))
    );
}

#[test]
fn a_resident_number_given_as_foreign_permanent_id_asks_for_the_resident_type() {
    assert_eq!(
        IdNumber::parse(IdType::ForeignPermanentId, SAMPLE, today()),
        Err(DocumentError::WrongType {
            suggested: IdType::ResidentId
        })
    );
}

#[test]
fn a_foreign_number_starting_with_zero_is_a_format_error() {
    assert_eq!(
        IdNumber::parse(
            IdType::ForeignPermanentId,
            &complete("03105619880521002"),
            today()
        ),
        Err(DocumentError::Format(IdType::ForeignPermanentId))
    );
}

#[test]
fn old_foreign_permanent_ids_are_three_letters_and_twelve_digits() {
    let parse = |raw: &str| IdNumber::parse(IdType::ForeignPermanentId, raw, today());
    let id = parse("usa123456789012").unwrap();
    assert_eq!(id.as_str(), "USA123456789012");
    assert_eq!(id.birth_date(), None);
    assert_eq!(id.gender(), None);
    for bad in [
        "US1234567890123",
        "USA12345678901",
        "USA1234567890123",
        "USA12345678901X",
    ] {
        assert_eq!(
            parse(bad),
            Err(DocumentError::Format(IdType::ForeignPermanentId)),
            "{bad}"
        );
    }
}

#[test]
fn hk_macao_permits_are_h_or_m_with_eight_or_ten_digits() {
    let parse = |raw: &str| IdNumber::parse(IdType::HkMacaoPermit, raw, today());
    assert_eq!(parse("H12345678").unwrap().as_str(), "H12345678");
    assert_eq!(parse("M1234567890").unwrap().as_str(), "M1234567890");
    assert_eq!(parse("h12345678").unwrap().as_str(), "H12345678");
    assert_eq!(parse("m1234567890").unwrap().as_str(), "M1234567890");
    for bad in [
        "K12345678",
        "H1234567",
        "H123456789",
        "H123456789012",
        "12345678",
        "H1234567a",
    ] {
        assert_eq!(
            parse(bad),
            Err(DocumentError::Format(IdType::HkMacaoPermit)),
            "{bad}"
        );
    }
}

#[test]
fn taiwan_permits_are_eight_digits() {
    let parse = |raw: &str| IdNumber::parse(IdType::TaiwanPermit, raw, today());
    assert_eq!(parse("01234567").unwrap().as_str(), "01234567");
    for bad in ["1234567", "123456789", "T1234567", "1234 567"] {
        assert_eq!(parse(bad), Err(DocumentError::Format(IdType::TaiwanPermit)));
    }
}

#[test]
fn passports_are_five_to_twenty_letters_and_digits_stored_upper_case() {
    let parse = |raw: &str| IdNumber::parse(IdType::Passport, raw, today());
    assert_eq!(parse("e1234567").unwrap().as_str(), "E1234567");
    assert!(parse("AB123").is_ok());
    assert!(parse("ABCDEFGHIJ0123456789").is_ok());
    for bad in [
        "AB12",
        "ABCDEFGHIJ01234567890",
        "E123-4567",
        "E123 4567",
        "护照12345",
    ] {
        assert_eq!(
            parse(bad),
            Err(DocumentError::Format(IdType::Passport)),
            "{bad}"
        );
    }
}

#[test]
fn documents_without_birth_data_have_no_gender_or_birth_date() {
    for (t, raw) in [
        (IdType::HkMacaoPermit, "H12345678"),
        (IdType::TaiwanPermit, "12345678"),
        (IdType::Passport, "E12345678"),
    ] {
        let id = IdNumber::parse(t, raw, today()).unwrap();
        assert_eq!(id.gender(), None);
        assert_eq!(id.birth_date(), None);
    }
}

#[test]
fn an_eighteen_character_passport_does_not_pretend_to_carry_a_birth_date() {
    let id = IdNumber::parse(IdType::Passport, "440103199003078831", today()).unwrap();
    assert_eq!(id.birth_date(), None);
    assert_eq!(id.gender(), None);
}

#[test]
fn eighteen_character_numbers_show_first_six_and_last_four() {
    assert_eq!(resident(SAMPLE).unwrap().masked(), "440103********883X");
}

#[test]
fn shorter_numbers_show_first_two_and_last_two() {
    let mask = |t, raw| IdNumber::parse(t, raw, today()).unwrap().masked();
    assert_eq!(mask(IdType::Passport, "E12345678"), "E1*****78");
    assert_eq!(mask(IdType::Passport, "AB123"), "AB*23");
    assert_eq!(mask(IdType::TaiwanPermit, "12345678"), "12****78");
    assert_eq!(mask(IdType::HkMacaoPermit, "H1234567890"), "H1*******90");
    assert_eq!(
        mask(IdType::ForeignPermanentId, "USA123456789012"),
        "US***********12"
    );
}

#[test]
fn debug_output_shows_only_the_masked_number() {
    let debug = format!("{:?}", resident(SAMPLE).unwrap());
    assert_eq!(debug, "IdNumber(resident_id, 440103********883X)");
    assert!(!debug.contains(SAMPLE));
}

#[test]
fn lookup_normalisation_matches_the_stored_form() {
    assert_eq!(
        IdNumber::normalize_for_lookup(" 44010319900307883x "),
        SAMPLE
    );
    assert_eq!(IdNumber::normalize_for_lookup("e1234567"), "E1234567");
}

/// A random valid resident id: region, birth date, sequence, check char.
fn valid_resident_id() -> impl Strategy<Value = String> {
    (
        // 81-83 are Hong Kong, Macao and Taiwan: such a number is a 居住证, not a 身份证.
        proptest::sample::select(
            super::super::region_prefixes::PREFIXES
                .iter()
                .copied()
                .filter(|p| !(8100..8400).contains(p))
                .collect::<Vec<_>>(),
        ),
        0u32..100,
        1900i32..=2024,
        1u32..=12,
        1u32..=28,
        0u32..1000,
    )
        .prop_map(|(prefix, county, year, month, day, seq)| {
            let first17 = format!("{prefix:04}{county:02}{year:04}{month:02}{day:02}{seq:03}");
            complete(&first17)
        })
}

proptest! {
    #[test]
    fn every_generated_resident_id_is_valid(raw in valid_resident_id()) {
        let id = resident(&raw).unwrap();
        prop_assert_eq!(id.as_str(), raw.as_str());
        prop_assert!(id.birth_date().is_some());
        prop_assert!(id.gender().is_some());
    }

    #[test]
    fn every_single_character_substitution_is_rejected(raw in valid_resident_id()) {
        let original: Vec<char> = raw.chars().collect();
        for position in 0..original.len() {
            for replacement in "0123456789XxA ５".chars() {
                let same = super::super::half_width(&replacement.to_string());
                if same.eq_ignore_ascii_case(&original[position].to_string()) {
                    continue;
                }
                let mut chars = original.clone();
                chars[position] = replacement;
                let changed: String = chars.into_iter().collect();
                prop_assert!(resident(&changed).is_err(), "{} accepted", changed);
            }
        }
    }

    #[test]
    fn every_generated_hmt_permit_is_valid(
        prefix in proptest::sample::select(HMT_PREFIXES.to_vec()),
        year in 1900i32..=2024, month in 1u32..=12, day in 1u32..=28, seq in 0u32..1000,
    ) {
        let raw = complete(&format!("{prefix}{year:04}{month:02}{day:02}{seq:03}"));
        prop_assert!(IdNumber::parse(IdType::HmtResidencePermit, &raw, today()).is_ok());
    }

    #[test]
    fn masking_keeps_the_length_and_hides_the_middle(raw in valid_resident_id()) {
        let masked = resident(&raw).unwrap().masked();
        prop_assert_eq!(masked.len(), 18);
        prop_assert_eq!(&masked[..6], &raw[..6]);
        prop_assert_eq!(&masked[14..], &raw[14..]);
        prop_assert!(masked[6..14].chars().all(|c| c == '*'));
    }
}
