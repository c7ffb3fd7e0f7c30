//! The ISO 7064 MOD 11-2 check character of 18-character identity numbers.

/// Weights of the first 17 digits: 2^(17-i) mod 11.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each remainder 0..=10 of the weighted sum.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character (`0`-`9` or upper-case `X`) that completes the first
/// 17 digits of an 18-character identity number, or `None` when `first17`
/// is not exactly 17 ASCII digits.
pub fn check_char(first17: &str) -> Option<char> {
    let digits = first17.as_bytes();
    if digits.len() != 17 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = digits
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    CHECK_CHARS.get((sum % 11) as usize).copied()
}

/// For a number of the 18-character shape (17 digits and a digit or X: resident IDs and the
/// residence permits of 港澳台 residents), whether its check character is right; `None` for any
/// other shape (a passport's number carries no such check).
pub fn check_char_holds(number: &str) -> Option<bool> {
    if number.len() != 18 || !number.is_ascii() {
        return None;
    }
    let (first17, last) = number.split_at(17);
    let last = last.chars().next()?;
    check_char(first17).map(|c| c == last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_holds_only_for_the_eighteen_character_shape() {
        assert_eq!(check_char_holds("44010319900307883X"), Some(true));
        assert_eq!(check_char_holds("440103199003078831"), Some(false));
        assert_eq!(
            check_char_holds("44010319900307883x"),
            Some(false),
            "lower case is not normalised here"
        );
        assert_eq!(check_char_holds("E12345678"), None);
        assert_eq!(check_char_holds("4401031990030788XX"), None);
        assert_eq!(check_char_holds("44010319900307883"), None);
        assert_eq!(check_char_holds("四40103199003078831"), None);
    }

    #[test]
    fn weights_are_powers_of_two_modulo_eleven() {
        for (i, w) in WEIGHTS.iter().enumerate() {
            let expected = (0..17 - i).fold(1u32, |acc, _| acc * 2 % 11);
            assert_eq!(*w, expected, "weight {i}");
        }
    }

    #[test]
    fn the_manuals_example_number_ends_with_x() {
        assert_eq!(check_char("44010319900307883"), Some('X'));
    }

    #[test]
    fn well_known_valid_numbers_get_their_check_char() {
        // The example of GB 11643-1999 and a few computed by hand.
        assert_eq!(check_char("11010519491231002"), Some('X'));
        assert_eq!(check_char("44052418800101001"), Some('4'));
        assert_eq!(check_char("00000000000000000"), Some('1'));
    }

    #[test]
    fn anything_but_seventeen_ascii_digits_has_no_check_char() {
        assert_eq!(check_char(""), None);
        assert_eq!(check_char("4401031990030788"), None);
        assert_eq!(check_char("440103199003078831"), None);
        assert_eq!(check_char("4401031990030788a"), None);
        assert_eq!(check_char("4401031990030788３"), None);
    }

    #[test]
    fn every_remainder_maps_to_its_documented_character() {
        // A single 1 in the last place weighs 2; shifting it finds each remainder.
        let mut seen = std::collections::BTreeSet::new();
        for a in 0..10u8 {
            for b in 0..10u8 {
                let s = format!("000000000000000{a}{b}");
                seen.insert(check_char(&s));
            }
        }
        assert_eq!(seen.len(), 11);
    }
}
