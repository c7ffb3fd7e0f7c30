//! Whether one year meets the rule, and what it still lacks.

use std::str::FromStr;

use super::{CreditRule, YearCredits};
use crate::credits::Credits;
use crate::error::ParseCodeError;

/// A year's compliance status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum YearStatus {
    /// 已达标
    Met,
    /// 未达标
    NotMet,
    /// 无需学习: before the learner's first required year.
    NotRequired,
    /// 以全国平台为准: before this platform's records begin (`records_since`), not judged here.
    NoRecord,
}

impl YearStatus {
    pub const ALL: &'static [YearStatus] = &[
        YearStatus::Met,
        YearStatus::NotMet,
        YearStatus::NotRequired,
        YearStatus::NoRecord,
    ];

    /// `met`, `not_met`, `not_required` or `no_record`.
    pub const fn as_str(self) -> &'static str {
        match self {
            YearStatus::Met => "met",
            YearStatus::NotMet => "not_met",
            YearStatus::NotRequired => "not_required",
            YearStatus::NoRecord => "no_record",
        }
    }

    /// 已达标, 未达标, 无需学习 or 以全国平台为准.
    pub const fn label(self) -> &'static str {
        match self {
            YearStatus::Met => "已达标",
            YearStatus::NotMet => "未达标",
            YearStatus::NotRequired => "无需学习",
            YearStatus::NoRecord => "以全国平台为准",
        }
    }
}

impl FromStr for YearStatus {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        YearStatus::ALL
            .iter()
            .copied()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| ParseCodeError::YearStatus(s.to_owned()))
    }
}

/// Credits a year still lacks; each amount is zero or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Missing {
    total: Credits,
    professional: Credits,
    public: Credits,
}

impl Missing {
    /// Nothing missing.
    pub const fn none() -> Missing {
        Missing {
            total: Credits::zero(),
            professional: Credits::zero(),
            public: Credits::zero(),
        }
    }

    /// Amounts lacking; negative amounts count as zero.
    pub fn new(total: Credits, professional: Credits, public: Credits) -> Missing {
        let floor = |c: Credits| c.max(Credits::zero());
        Missing {
            total: floor(total),
            professional: floor(professional),
            public: floor(public),
        }
    }

    /// Total credits still lacking, whatever their category.
    pub const fn total(&self) -> Credits {
        self.total
    }

    pub const fn professional(&self) -> Credits {
        self.professional
    }

    pub const fn public(&self) -> Credits {
        self.public
    }

    pub fn is_empty(&self) -> bool {
        self.total.is_zero() && self.professional.is_zero() && self.public.is_zero()
    }

    /// What is lacking, in Chinese: `还差专业课 10 学分、公需课 5 学分`;
    /// when the total lacks more than the categories together, the total
    /// leads: `还差总学分 40 学分，其中专业课至少 10 学分`; `""` when nothing
    /// is missing.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        let beyond_categories = self.total > self.professional + self.public;
        let at_least = if beyond_categories { "至少" } else { "" };
        if !self.professional.is_zero() {
            parts.push(format!("专业课{at_least} {} 学分", self.professional));
        }
        if !self.public.is_zero() {
            parts.push(format!("公需课{at_least} {} 学分", self.public));
        }
        match (beyond_categories, parts.is_empty()) {
            (true, true) => format!("还差总学分 {} 学分", self.total),
            (true, false) => format!("还差总学分 {} 学分，其中{}", self.total, parts.join("、")),
            (false, true) => String::new(),
            (false, false) => format!("还差{}", parts.join("、")),
        }
    }
}

/// The outcome of evaluating one year against a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct YearEvaluation {
    pub status: YearStatus,
    /// What the year still lacks; nothing when not required.
    pub missing: Missing,
    /// Whether the learner had to study this year.
    pub required: bool,
}

impl YearEvaluation {
    pub fn is_met(&self) -> bool {
        self.status == YearStatus::Met
    }
}

impl CreditRule {
    /// Evaluates the credits `earned` in `year` alone (credits never carry
    /// over). Years before `first_required_year`, or every year when it is
    /// unknown, are not required.
    pub fn evaluate(
        &self,
        year: i32,
        first_required_year: Option<i32>,
        earned: YearCredits,
    ) -> YearEvaluation {
        let required = first_required_year.is_some_and(|first| year >= first);
        if !required {
            return YearEvaluation {
                status: YearStatus::NotRequired,
                missing: Missing::none(),
                required,
            };
        }
        let missing = Missing::new(
            self.total().saturating_sub(earned.total()),
            self.professional_required()
                .saturating_sub(earned.professional()),
            self.public_min().saturating_sub(earned.public()),
        );
        let status = if missing.is_empty() {
            YearStatus::Met
        } else {
            YearStatus::NotMet
        };
        YearEvaluation {
            status,
            missing,
            required,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::rule::ProfessionalMin;
    use proptest::prelude::*;

    fn w(n: i64) -> Credits {
        Credits::whole(n)
    }

    fn t(tenths: i64) -> Credits {
        Credits::from_tenths(tenths)
    }

    fn earned(professional: Credits, public: Credits) -> YearCredits {
        YearCredits::new(professional, public)
    }

    fn liaoning(professional: Credits, public: Credits) -> YearEvaluation {
        CreditRule::liaoning().evaluate(2025, Some(2020), earned(professional, public))
    }

    #[test]
    fn exactly_sixty_professional_and_thirty_public_is_met() {
        let e = liaoning(w(60), w(30));
        assert_eq!(e.status, YearStatus::Met);
        assert!(e.required && e.is_met());
        assert!(e.missing.is_empty());
        assert_eq!(e.missing.describe(), "");
    }

    #[test]
    fn ninety_five_with_only_fifty_five_professional_is_not_met() {
        let e = liaoning(w(55), w(40));
        assert_eq!(e.status, YearStatus::NotMet);
        assert_eq!(e.missing, Missing::new(w(0), w(5), w(0)));
        assert_eq!(e.missing.describe(), "还差专业课 5 学分");
    }

    #[test]
    fn ninety_professional_without_public_is_not_met() {
        let e = liaoning(w(90), w(0));
        assert_eq!(e.status, YearStatus::NotMet);
        assert_eq!(e.missing.public(), w(30));
        assert_eq!(e.missing.describe(), "还差公需课 30 学分");
    }

    #[test]
    fn the_manuals_ten_professional_credits_lack_fifty_and_thirty() {
        let e = liaoning(w(10), w(0));
        assert_eq!(e.status, YearStatus::NotMet);
        assert_eq!(e.missing.total(), w(80));
        assert_eq!(e.missing.describe(), "还差专业课 50 学分、公需课 30 学分");
    }

    #[test]
    fn more_than_enough_in_both_categories_is_met() {
        assert_eq!(liaoning(w(70), w(35)).status, YearStatus::Met);
    }

    #[test]
    fn half_credits_count_exactly() {
        assert_eq!(liaoning(t(595), t(305)).status, YearStatus::NotMet);
        assert_eq!(
            liaoning(t(595), t(305)).missing.describe(),
            "还差专业课 0.5 学分"
        );
        assert_eq!(liaoning(t(600), t(300)).status, YearStatus::Met);
        assert_eq!(
            liaoning(t(625), t(275)).missing.describe(),
            "还差公需课 2.5 学分"
        );
    }

    #[test]
    fn ninety_five_total_with_fifty_five_professional_lacks_five_professional() {
        // The total is above 90, the public minimum is met, and still the year is not met.
        let e = liaoning(w(55), w(40));
        assert!(!e.is_met());
        assert!(e.missing.total().is_zero());
        assert_eq!(e.missing.professional(), w(5));
    }

    #[test]
    fn two_and_a_half_credits_close_a_gap_of_two_and_a_half() {
        assert_eq!(
            liaoning(t(575), w(30)).missing.describe(),
            "还差专业课 2.5 学分"
        );
        assert!(liaoning(t(575) + t(25), w(30)).is_met());
        assert_eq!(liaoning(t(575) + t(20), w(30)).status, YearStatus::NotMet);
    }

    #[test]
    fn years_before_the_first_required_year_are_not_required() {
        let rule = CreditRule::liaoning();
        let e = rule.evaluate(2019, Some(2020), YearCredits::zero());
        assert_eq!(e.status, YearStatus::NotRequired);
        assert!(!e.required);
        assert!(e.missing.is_empty());
        assert_eq!(
            rule.evaluate(2020, Some(2020), YearCredits::zero()).status,
            YearStatus::NotMet
        );
    }

    #[test]
    fn credits_in_a_year_before_the_first_required_year_do_not_make_it_required() {
        let e = CreditRule::liaoning().evaluate(2019, Some(2020), earned(w(90), w(30)));
        assert_eq!(e.status, YearStatus::NotRequired);
    }

    #[test]
    fn without_a_first_required_year_no_year_is_required() {
        let e = CreditRule::liaoning().evaluate(2025, None, YearCredits::zero());
        assert_eq!(e.status, YearStatus::NotRequired);
    }

    #[test]
    fn the_national_rule_needs_the_total_beyond_the_professional_minimum() {
        let national = CreditRule::national();
        let e = national.evaluate(2025, Some(2020), earned(w(60), w(10)));
        assert_eq!(e.status, YearStatus::NotMet);
        assert_eq!(e.missing, Missing::new(w(20), w(0), w(0)));
        assert_eq!(e.missing.describe(), "还差总学分 20 学分");

        let e = national.evaluate(2025, Some(2020), earned(w(50), w(0)));
        assert_eq!(
            e.missing.describe(),
            "还差总学分 40 学分，其中专业课至少 10 学分"
        );

        assert!(
            national
                .evaluate(2025, Some(2020), earned(w(90), w(0)))
                .is_met()
        );
        assert!(
            national
                .evaluate(2025, Some(2020), earned(w(60), w(30)))
                .is_met()
        );
    }

    #[test]
    fn a_custom_rule_mentions_every_lacking_part() {
        let rule = CreditRule::new(w(100), ProfessionalMin::Fixed(w(50)), w(20)).unwrap();
        let e = rule.evaluate(2025, Some(2025), earned(w(40), w(10)));
        assert_eq!(
            e.missing.describe(),
            "还差总学分 50 学分，其中专业课至少 10 学分、公需课至少 10 学分"
        );
    }

    #[test]
    fn missing_amounts_are_never_negative() {
        assert_eq!(Missing::new(w(-5), w(-1), w(-2)), Missing::none());
    }

    #[test]
    fn year_statuses_have_the_documented_codes_and_labels() {
        let actual: Vec<_> = YearStatus::ALL
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect();
        assert_eq!(
            actual,
            [
                ("met", "已达标"),
                ("not_met", "未达标"),
                ("not_required", "无需学习"),
                ("no_record", "以全国平台为准")
            ]
        );
        for s in YearStatus::ALL {
            assert_eq!(s.as_str().parse::<YearStatus>().unwrap(), *s);
        }
        assert_eq!(
            "done".parse::<YearStatus>().unwrap_err().code(),
            "invalid_year_status"
        );
    }

    proptest! {
        #[test]
        fn a_required_year_is_met_exactly_when_nothing_is_missing(
            professional in 0i64..2000, public in 0i64..2000,
        ) {
            let e = liaoning(t(professional), t(public));
            let met = professional >= 600 && public >= 300;
            prop_assert_eq!(e.is_met(), met);
            prop_assert_eq!(e.missing.is_empty(), met);
            prop_assert_eq!(e.missing.describe().is_empty(), met);
        }
    }
}
