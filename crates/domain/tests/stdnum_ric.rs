//! Our resident-number rule against an independent implementation: python-stdnum 2.2's
//! `stdnum.cn.ric`, whose verdicts on 3,000 generated numbers are recorded in
//! `data/stdnum_ric.tsv` (regenerate with `crates/domain/data/stdnum_ric_verdicts.py`).
//!
//! We agree on the checksum and the birth date. On the birth place python-stdnum is stricter: it
//! wants the county to have existed in the birth year, while we check the province and city
//! (SPEC section 3: "at least its province and city part"), so that nobody born in a county
//! missing from the list is locked out. Where it doubts the place, we accept exactly the numbers
//! whose province and city GB/T 2260 has defined.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use jxjy_domain::{Date, DocumentError, IdNumber, IdType, is_defined_region};

#[test]
fn python_stdnum_and_we_agree_on_three_thousand_numbers() {
    let today = Date::new(2026, 12, 2).unwrap();
    let data = include_str!("data/stdnum_ric.tsv");
    let mut compared = 0;
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let (number, verdict) = line.split_once('\t').unwrap();
        let ours = IdNumber::parse(IdType::ResidentId, number, today);
        match verdict {
            "valid" => assert!(ours.is_ok(), "{number}: stdnum valid, we say {ours:?}"),
            "checksum" | "date" => assert!(ours.is_err(), "{number}: stdnum {verdict}, we accept"),
            "place" if is_defined_region(&number[..6]) => {
                assert!(ours.is_ok(), "{number}: a defined city, we say {ours:?}")
            }
            // A leading 9 is a 外国人永久居留身份证, and 81-83 a 港澳台居民居住证: we say which.
            "place" => assert!(
                matches!(
                    ours,
                    Err(DocumentError::Region | DocumentError::WrongType { .. })
                ),
                "{number}: {ours:?}"
            ),
            other => panic!("unknown verdict {other}"),
        }
        compared += 1;
    }
    assert_eq!(compared, 3000);
}
