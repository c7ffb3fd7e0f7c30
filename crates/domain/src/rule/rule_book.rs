//! The rules in force, built once from the province's settings: the default yearly rule, the
//! years that have their own (a national change, say), and where this platform's own records
//! begin. Every judgement of a year asks this book, so no caller re-reads settings.

use std::collections::BTreeMap;

use super::{CreditRule, RecordsSince};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleBook {
    default: CreditRule,
    by_year: BTreeMap<i64, CreditRule>,
    records_since: RecordsSince,
}

impl RuleBook {
    pub fn new(
        default: CreditRule,
        by_year: BTreeMap<i64, CreditRule>,
        records_since: RecordsSince,
    ) -> RuleBook {
        RuleBook {
            default,
            by_year,
            records_since,
        }
    }

    /// The rule of `year`: its own where one is set, else the default.
    pub fn rule(&self, year: i64) -> CreditRule {
        self.by_year.get(&year).copied().unwrap_or(self.default)
    }

    pub fn records_since(&self) -> RecordsSince {
        self.records_since
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::{Credits, Date, ProfessionalMin};

    #[test]
    fn a_year_of_its_own_wins_over_the_default() {
        let national = CreditRule::new(
            Credits::whole(90),
            ProfessionalMin::FractionOfTotal {
                numerator: 2,
                denominator: 3,
            },
            Credits::zero(),
        )
        .unwrap();
        let since = RecordsSince::new("2025-03-01".parse::<Date>().unwrap());
        let book = RuleBook::new(
            CreditRule::liaoning(),
            BTreeMap::from([(2027, national)]),
            since,
        );
        assert_eq!(book.rule(2026), CreditRule::liaoning());
        assert_eq!(book.rule(2027), national);
        assert_eq!(book.rule(2028), CreditRule::liaoning());
        assert_eq!(book.records_since(), since);
    }
}
