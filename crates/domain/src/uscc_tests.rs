#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;

use super::*;

/// A valid code from its parts: authority, kind, region, organisation body.
fn build(authority: char, kind: char, region: &str, body: &str) -> String {
    let first17 = format!(
        "{authority}{kind}{region}{body}{}",
        organisation_check_char(body).unwrap()
    );
    format!("{first17}{}", uscc_check_char(&first17).unwrap())
}

fn alphabet_char() -> impl Strategy<Value = char> {
    (0..31usize).prop_map(|i| USCC_ALPHABET.chars().nth(i).unwrap())
}

fn valid_code() -> impl Strategy<Value = String> {
    (
        alphabet_char(),
        alphabet_char(),
        "[0-9]{6}",
        proptest::collection::vec(alphabet_char(), 8),
    )
        .prop_map(|(a, k, region, body)| {
            build(a, k, &region, &body.into_iter().collect::<String>())
        })
}

#[test]
fn a_published_code_is_valid() {
    // python-stdnum's own example, and the same written as people type it.
    let u = Uscc::parse("91110000600037341L").unwrap();
    assert_eq!(u.as_str(), "91110000600037341L");
    assert_eq!(u.region_code(), "110000");
    assert_eq!(Uscc::parse(" 9111 0000-6000 3734 1l ").unwrap(), u);
    assert_eq!(
        Uscc::parse("９１１１００００６０００３７３４１Ｌ").unwrap(),
        u
    );
}

#[test]
fn every_refusal_names_its_reason() {
    assert_eq!(Uscc::parse("  "), Err(UsccError::Empty));
    assert_eq!(Uscc::parse("9111000060003734"), Err(UsccError::Length));
    assert_eq!(Uscc::parse("91110000600037341I"), Err(UsccError::Format));
    assert_eq!(Uscc::parse("911100A0600037341L"), Err(UsccError::Format));
    assert_eq!(
        Uscc::parse("91110000600037342L"),
        Err(UsccError::OrganisationCheck)
    );
    assert_eq!(Uscc::parse("91110000600037341M"), Err(UsccError::CheckChar));
    assert_eq!(UsccError::CheckChar.code(), "uscc_check_char");
    assert!(UsccError::Format.to_string().contains("不含I、O、S、V、Z"));
}

#[test]
fn the_organisation_check_maps_ten_to_x_and_eleven_to_zero() {
    // Bodies whose weighted sum leaves 1 (→ 10 → X) and 0 (→ 11 → 0) mod 11.
    assert_eq!(organisation_check_char("00000001"), Some('9'));
    assert_eq!(organisation_check_char("00000000"), Some('0'));
    let x = (0..100_000_000u32)
        .step_by(7919)
        .map(|n| format!("{n:08}"))
        .find(|b| organisation_check_char(b) == Some('X'))
        .unwrap();
    assert_eq!(organisation_check_char(&x), Some('X'));
}

#[test]
fn python_stdnum_agrees_on_three_thousand_codes() {
    // `data/uscc_verdicts.py` wrote these with python-stdnum 2.2's `cn.uscc.is_valid`: a thousand
    // valid codes and two single-character changes of each.
    let data = include_str!("../data/uscc_verdicts.txt");
    let mut checked = 0;
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let (code, verdict) = line.split_once(' ').unwrap();
        assert_eq!(Uscc::parse(code).is_ok(), verdict == "1", "{code}");
        checked += 1;
    }
    assert_eq!(checked, 3000);
}

proptest! {
    #[test]
    fn every_generated_valid_code_passes(code in valid_code()) {
        let parsed = Uscc::parse(&code).unwrap();
        prop_assert_eq!(parsed.as_str(), code.as_str());
    }

    #[test]
    fn every_single_character_change_fails(code in valid_code(), at in 0..18usize, to in alphabet_char()) {
        let mut chars: Vec<char> = code.chars().collect();
        prop_assume!(chars[at] != to);
        chars[at] = to;
        let changed: String = chars.into_iter().collect();
        prop_assert!(Uscc::parse(&changed).is_err(), "{}", changed);
    }
}
