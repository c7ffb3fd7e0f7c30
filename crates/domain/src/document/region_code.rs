//! The region code of an 18-character resident number: its first six digits must be a code
//! GB/T 2260 has defined at some time (people keep the code of their birth place, so withdrawn
//! codes count), checked to the city level: the province and city (the first four digits) must
//! have existed. `100000`, `660000` and `219999` are refused.
//!
//! The list is python-stdnum's `loc.dat` (see `region_prefixes.rs` and
//! `crates/domain/data/region_prefixes.py`, which regenerates it).

use super::region_prefixes::PREFIXES;

/// True when `code` is six digits whose province and city GB/T 2260 has defined.
pub fn is_defined_region(code: &str) -> bool {
    code.len() == 6
        && code.bytes().all(|b| b.is_ascii_digit())
        && code[..4]
            .parse::<u16>()
            .is_ok_and(|prefix| PREFIXES.binary_search(&prefix).is_ok())
}

/// Full-width ASCII (`４４０１`, `Ｘ`), as some input methods type it, in its half-width form.
pub fn half_width(raw: &str) -> String {
    raw.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_for_binary_search() {
        assert!(PREFIXES.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn current_and_withdrawn_codes_are_defined() {
        for code in [
            "110105", "210102", "440103", "210000", "110103", /* 崇文区, withdrawn 2010 */
        ] {
            assert!(is_defined_region(code), "{code}");
        }
    }

    #[test]
    fn codes_no_province_or_city_ever_had_are_refused() {
        for code in [
            "100000", "660000", "219999", "000000", "21010", "21010a", "990000",
        ] {
            assert!(!is_defined_region(code), "{code}");
        }
    }

    #[test]
    fn full_width_digits_and_letters_become_half_width() {
        assert_eq!(
            half_width("４４０１０３１９９００３０７８８３Ｘ"),
            "44010319900307883X"
        );
        assert_eq!(half_width("ｅ１２３"), "e123");
        assert_eq!(half_width("冯思媛"), "冯思媛");
    }
}
