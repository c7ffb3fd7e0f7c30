//! How the credits of an approved claim split between the two categories.

use crate::credits::Credits;
use crate::rule::{CreditRule, YearCredits};

/// Splits `credits` converted from an approved claim for a year that already
/// has `already`: they first fill what the year still lacks in professional,
/// then what it lacks in public, and any surplus counts as professional. So a
/// 90-credit exam completes an empty Liaoning year on its own (60 + 30).
///
/// Returns only the claim's share; add it to `already` for the new year total.
pub fn allocate_claim(credits: Credits, already: YearCredits, rule: &CreditRule) -> YearCredits {
    let credits = credits.max(Credits::zero());
    let professional_lack = rule
        .professional_required()
        .saturating_sub(already.professional());
    let public_lack = rule.public_min().saturating_sub(already.public());
    let to_professional = credits.min(professional_lack);
    let to_public = (credits - to_professional).min(public_lack);
    let surplus = credits - to_professional - to_public;
    YearCredits::new(to_professional + surplus, to_public)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn w(n: i64) -> Credits {
        Credits::whole(n)
    }

    fn year(professional: i64, public: i64) -> YearCredits {
        YearCredits::new(w(professional), w(public))
    }

    fn liaoning(credits: i64, already: YearCredits) -> YearCredits {
        allocate_claim(w(credits), already, &CreditRule::liaoning())
    }

    #[test]
    fn ninety_on_an_empty_liaoning_year_is_sixty_professional_and_thirty_public() {
        let share = liaoning(90, YearCredits::zero());
        assert_eq!(share, year(60, 30));
        let e = CreditRule::liaoning().evaluate(2025, Some(2025), share);
        assert!(e.is_met());
    }

    #[test]
    fn a_claim_first_fills_the_professional_gap() {
        assert_eq!(liaoning(30, YearCredits::zero()), year(30, 0));
        assert_eq!(liaoning(30, year(10, 0)), year(30, 0));
        assert_eq!(liaoning(60, year(10, 0)), year(50, 10));
    }

    #[test]
    fn a_claim_then_fills_the_public_gap() {
        assert_eq!(liaoning(30, year(60, 0)), year(0, 30));
        assert_eq!(liaoning(10, year(60, 25)), year(5, 5));
    }

    #[test]
    fn any_surplus_counts_as_professional() {
        assert_eq!(liaoning(90, year(60, 30)), year(90, 0));
        assert_eq!(liaoning(180, YearCredits::zero()), year(150, 30));
        assert_eq!(liaoning(60, year(55, 20)), year(50, 10));
    }

    #[test]
    fn half_credits_split_exactly() {
        let share = allocate_claim(
            w(10),
            YearCredits::new(Credits::from_tenths(575), w(30)),
            &CreditRule::liaoning(),
        );
        assert_eq!(share, YearCredits::new(w(10), Credits::zero()));
        let share = allocate_claim(
            w(10),
            YearCredits::new(w(60), Credits::from_tenths(275)),
            &CreditRule::liaoning(),
        );
        assert_eq!(
            share,
            YearCredits::new(Credits::from_tenths(75), Credits::from_tenths(25))
        );
    }

    #[test]
    fn under_the_national_rule_a_claim_is_all_professional() {
        let share = allocate_claim(w(90), YearCredits::zero(), &CreditRule::national());
        assert_eq!(share, year(90, 0));
    }

    #[test]
    fn a_zero_or_negative_claim_allocates_nothing() {
        assert_eq!(liaoning(0, YearCredits::zero()), YearCredits::zero());
        assert_eq!(liaoning(-5, YearCredits::zero()), YearCredits::zero());
    }

    proptest! {
        #[test]
        fn a_split_keeps_every_credit_and_never_makes_a_year_worse(
            credits in 0i64..2000, professional in 0i64..1200, public in 0i64..600,
        ) {
            let rule = CreditRule::liaoning();
            let already = YearCredits::new(Credits::from_tenths(professional), Credits::from_tenths(public));
            let share = allocate_claim(Credits::from_tenths(credits), already, &rule);
            prop_assert_eq!(share.total(), Credits::from_tenths(credits));
            prop_assert!(share.professional() >= Credits::zero());
            prop_assert!(share.public() >= Credits::zero());
            let before = rule.evaluate(2025, Some(2025), already);
            let after = rule.evaluate(2025, Some(2025), already + share);
            prop_assert!(after.missing.total() <= before.missing.total());
            prop_assert!(after.missing.professional() <= before.missing.professional());
            prop_assert!(after.missing.public() <= before.missing.public());
        }
    }
}
