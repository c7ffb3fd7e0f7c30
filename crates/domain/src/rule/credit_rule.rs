//! A year's credit requirement: a total and minimums per category.

use std::error::Error;
use std::fmt;

use crate::credits::Credits;

/// The least professional credits a year needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProfessionalMin {
    /// A fixed amount, e.g. Liaoning's 60.
    Fixed(Credits),
    /// A fraction of the required total, rounded up to a tenth: the national
    /// rule's "generally at least 2/3 of the total".
    FractionOfTotal { numerator: u32, denominator: u32 },
}

/// A consistent yearly rule: `total` credits, of which at least the
/// professional minimum and at least `public_min` public credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CreditRule {
    total: Credits,
    professional_min: ProfessionalMin,
    public_min: Credits,
}

impl CreditRule {
    /// A rule whose minimums are not negative and fit inside a positive total.
    pub fn new(
        total: Credits,
        professional_min: ProfessionalMin,
        public_min: Credits,
    ) -> Result<CreditRule, RuleError> {
        if total <= Credits::zero() {
            return Err(RuleError::TotalNotPositive);
        }
        if public_min < Credits::zero() {
            return Err(RuleError::NegativeMinimum);
        }
        match professional_min {
            ProfessionalMin::Fixed(p) if p < Credits::zero() => {
                return Err(RuleError::NegativeMinimum);
            }
            ProfessionalMin::FractionOfTotal { denominator: 0, .. } => {
                return Err(RuleError::ZeroDenominator);
            }
            ProfessionalMin::FractionOfTotal {
                numerator,
                denominator,
            } if numerator > denominator => return Err(RuleError::FractionAboveOne),
            _ => {}
        }
        let rule = CreditRule {
            total,
            professional_min,
            public_min,
        };
        if rule.professional_required() + public_min > total {
            return Err(RuleError::MinimumsExceedTotal);
        }
        Ok(rule)
    }

    /// Liaoning: 90 credits, at least 60 professional and 30 public.
    pub const fn liaoning() -> CreditRule {
        CreditRule {
            total: Credits::whole(90),
            professional_min: ProfessionalMin::Fixed(Credits::whole(60)),
            public_min: Credits::whole(30),
        }
    }

    /// National (财会〔2018〕10号): 90 credits, professional at least 2/3 of the total.
    pub const fn national() -> CreditRule {
        CreditRule {
            total: Credits::whole(90),
            professional_min: ProfessionalMin::FractionOfTotal {
                numerator: 2,
                denominator: 3,
            },
            public_min: Credits::zero(),
        }
    }

    pub const fn total(&self) -> Credits {
        self.total
    }

    pub const fn professional_min(&self) -> ProfessionalMin {
        self.professional_min
    }

    pub const fn public_min(&self) -> Credits {
        self.public_min
    }

    /// The professional credits the year needs, as an amount.
    pub fn professional_required(&self) -> Credits {
        match self.professional_min {
            ProfessionalMin::Fixed(p) => p,
            ProfessionalMin::FractionOfTotal {
                numerator,
                denominator,
            } => {
                let total = i128::from(self.total.tenths());
                let (n, d) = (i128::from(numerator), i128::from(denominator.max(1)));
                let tenths = (total * n + d - 1) / d;
                Credits::from_tenths(i64::try_from(tenths).unwrap_or(i64::MAX))
            }
        }
    }
}

/// Why a rule is inconsistent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleError {
    TotalNotPositive,
    NegativeMinimum,
    ZeroDenominator,
    FractionAboveOne,
    MinimumsExceedTotal,
}

impl RuleError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::TotalNotPositive => "rule_total_not_positive",
            Self::NegativeMinimum => "rule_negative_minimum",
            Self::ZeroDenominator => "rule_zero_denominator",
            Self::FractionAboveOne => "rule_fraction_above_one",
            Self::MinimumsExceedTotal => "rule_minimums_exceed_total",
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TotalNotPositive => "年度总学分要求必须大于0",
            Self::NegativeMinimum => "学分下限不能为负数",
            Self::ZeroDenominator => "专业课学分比例的分母不能为0",
            Self::FractionAboveOne => "专业课学分比例不能大于1",
            Self::MinimumsExceedTotal => "专业课与公需课学分下限之和不能超过总学分要求",
        })
    }
}

impl Error for RuleError {}

impl crate::error::ErrorCode for RuleError {
    fn code(&self) -> &'static str {
        RuleError::code(self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn w(n: i64) -> Credits {
        Credits::whole(n)
    }

    #[test]
    fn liaoning_requires_ninety_with_sixty_professional_and_thirty_public() {
        let r = CreditRule::liaoning();
        assert_eq!(r.total(), w(90));
        assert_eq!(r.professional_required(), w(60));
        assert_eq!(r.professional_min(), ProfessionalMin::Fixed(w(60)));
        assert_eq!(r.public_min(), w(30));
    }

    #[test]
    fn national_requires_ninety_with_two_thirds_professional() {
        let r = CreditRule::national();
        assert_eq!(r.total(), w(90));
        assert_eq!(r.professional_required(), w(60));
        assert_eq!(r.public_min(), Credits::zero());
    }

    #[test]
    fn the_presets_are_consistent_by_the_constructors_own_checks() {
        for r in [CreditRule::liaoning(), CreditRule::national()] {
            assert_eq!(
                CreditRule::new(r.total(), r.professional_min(), r.public_min()),
                Ok(r)
            );
        }
    }

    #[test]
    fn a_fraction_of_the_total_rounds_up_to_a_tenth() {
        let r = CreditRule::new(
            Credits::from_tenths(100),
            ProfessionalMin::FractionOfTotal {
                numerator: 2,
                denominator: 3,
            },
            Credits::zero(),
        )
        .unwrap();
        // 2/3 of 10 is 6.666…, rounded up to 6.7.
        assert_eq!(r.professional_required(), Credits::from_tenths(67));
    }

    #[test]
    fn a_rule_needs_a_positive_total() {
        let fixed = ProfessionalMin::Fixed(Credits::zero());
        assert_eq!(
            CreditRule::new(Credits::zero(), fixed, Credits::zero()),
            Err(RuleError::TotalNotPositive)
        );
    }

    #[test]
    fn a_rule_rejects_negative_minimums() {
        assert_eq!(
            CreditRule::new(w(90), ProfessionalMin::Fixed(w(-1)), w(30)),
            Err(RuleError::NegativeMinimum)
        );
        assert_eq!(
            CreditRule::new(w(90), ProfessionalMin::Fixed(w(60)), w(-1)),
            Err(RuleError::NegativeMinimum)
        );
    }

    #[test]
    fn a_rule_rejects_a_zero_denominator_and_a_fraction_above_one() {
        let frac = |numerator, denominator| ProfessionalMin::FractionOfTotal {
            numerator,
            denominator,
        };
        assert_eq!(
            CreditRule::new(w(90), frac(1, 0), w(0)),
            Err(RuleError::ZeroDenominator)
        );
        assert_eq!(
            CreditRule::new(w(90), frac(4, 3), w(0)),
            Err(RuleError::FractionAboveOne)
        );
        assert!(CreditRule::new(w(90), frac(3, 3), w(0)).is_ok());
    }

    #[test]
    fn a_rule_rejects_minimums_that_exceed_the_total() {
        assert_eq!(
            CreditRule::new(w(90), ProfessionalMin::Fixed(w(61)), w(30)),
            Err(RuleError::MinimumsExceedTotal)
        );
        assert_eq!(
            CreditRule::new(
                w(90),
                ProfessionalMin::FractionOfTotal {
                    numerator: 2,
                    denominator: 3
                },
                w(31)
            ),
            Err(RuleError::MinimumsExceedTotal)
        );
    }

    #[test]
    fn every_rule_error_has_a_distinct_code_and_a_message() {
        let all = [
            RuleError::TotalNotPositive,
            RuleError::NegativeMinimum,
            RuleError::ZeroDenominator,
            RuleError::FractionAboveOne,
            RuleError::MinimumsExceedTotal,
        ];
        let mut codes: Vec<_> = all.iter().map(RuleError::code).collect();
        assert!(all.iter().all(|e| !e.to_string().is_empty()));
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
