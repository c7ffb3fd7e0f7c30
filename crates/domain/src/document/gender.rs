//! Gender, as recorded by an identity document.

use std::str::FromStr;

use crate::error::ParseCodeError;

/// Gender as carried by an 18-character identity number (17th digit odd: male).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    pub const ALL: &'static [Gender] = &[Gender::Male, Gender::Female];

    /// `male` or `female`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// 男 or 女.
    pub const fn label(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }

    /// The gender an identity number's sequence digit stands for: odd is male.
    pub const fn from_sequence_digit(digit: u32) -> Gender {
        if digit % 2 == 1 {
            Gender::Male
        } else {
            Gender::Female
        }
    }
}

impl FromStr for Gender {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Gender::ALL
            .iter()
            .copied()
            .find(|g| g.as_str() == s)
            .ok_or_else(|| ParseCodeError::Gender(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn genders_round_trip_through_their_codes() {
        assert_eq!("male".parse::<Gender>().unwrap(), Gender::Male);
        assert_eq!("female".parse::<Gender>().unwrap(), Gender::Female);
        for g in Gender::ALL {
            assert_eq!(g.as_str().parse::<Gender>().unwrap(), *g);
        }
    }

    #[test]
    fn genders_have_chinese_labels() {
        assert_eq!(Gender::Male.label(), "男");
        assert_eq!(Gender::Female.label(), "女");
    }

    #[test]
    fn an_unknown_gender_code_is_rejected() {
        assert_eq!("男".parse::<Gender>().unwrap_err().code(), "invalid_gender");
        assert!("Male".parse::<Gender>().is_err());
    }

    #[test]
    fn odd_sequence_digits_are_male_and_even_ones_female() {
        for d in 0..10 {
            let expected = if d % 2 == 1 {
                Gender::Male
            } else {
                Gender::Female
            };
            assert_eq!(Gender::from_sequence_digit(d), expected);
        }
    }
}
