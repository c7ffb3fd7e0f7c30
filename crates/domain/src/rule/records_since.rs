//! Where this platform's own records begin (SPEC section 2, `records_since`). A year before the
//! year of that date is the national platform's to judge: it is shown only where it holds
//! records here, without a verdict (`no_record`, 以全国平台为准), and never counted as
//! non-compliant.

use std::collections::BTreeSet;

use super::{Missing, YearEvaluation, YearStatus};
use crate::date::Date;

/// The first day of the platform's own records (Liaoning: 2025-03-01).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RecordsSince {
    date: Date,
}

impl RecordsSince {
    pub const fn new(date: Date) -> RecordsSince {
        RecordsSince { date }
    }

    pub const fn date(&self) -> Date {
        self.date
    }

    /// The first year this platform judges: the year of the date.
    pub fn first_judged_year(&self) -> i32 {
        self.date.year()
    }

    /// Whether this platform gives `year` a verdict (met, not met, not required).
    pub fn judges(&self, year: i32) -> bool {
        year >= self.first_judged_year()
    }

    /// The evaluation as shown: unchanged for a judged year, `no_record` without anything
    /// missing for an earlier one (whether the learner had to study stays as it was).
    pub fn judge(&self, year: i32, evaluation: YearEvaluation) -> YearEvaluation {
        if self.judges(year) {
            evaluation
        } else {
            YearEvaluation {
                status: YearStatus::NoRecord,
                missing: Missing::none(),
                required: evaluation.required,
            }
        }
    }

    /// The years of a learner's report, oldest first: from the earlier of the first required
    /// year and the first year with activity (an enrollment or a credit record) to `this_year`,
    /// leaving out the years before the first judged year that hold nothing here.
    pub fn report_years(
        &self,
        first_required_year: Option<i32>,
        activity_years: &BTreeSet<i32>,
        this_year: i32,
    ) -> Vec<i32> {
        let first_activity = activity_years.first().copied();
        let start = match (first_required_year, first_activity) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return Vec::new(),
        };
        (start..=this_year)
            .filter(|y| self.judges(*y) || activity_years.contains(y))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::credits::Credits;
    use crate::rule::{CreditRule, YearCredits};

    fn liaoning() -> RecordsSince {
        RecordsSince::new(Date::new(2025, 3, 1).unwrap())
    }

    fn years(list: &[i32]) -> BTreeSet<i32> {
        list.iter().copied().collect()
    }

    #[test]
    fn the_first_judged_year_is_the_year_of_the_date() {
        let since = liaoning();
        assert_eq!(since.first_judged_year(), 2025);
        assert!(since.judges(2025) && since.judges(2026));
        assert!(!since.judges(2024));
    }

    #[test]
    fn the_manuals_learner_sees_only_the_judged_years_without_records_before() {
        // Required from 2014, one enrollment in 2025: 2025 and 2026 only, not 2014-2024.
        assert_eq!(
            liaoning().report_years(Some(2014), &years(&[2025]), 2026),
            [2025, 2026]
        );
    }

    #[test]
    fn an_earlier_year_with_records_here_is_kept_and_its_gaps_are_not() {
        assert_eq!(
            liaoning().report_years(Some(2014), &years(&[2020, 2023]), 2026),
            [2020, 2023, 2025, 2026]
        );
    }

    #[test]
    fn without_anything_known_the_report_is_empty() {
        assert!(liaoning().report_years(None, &years(&[]), 2026).is_empty());
        assert!(
            liaoning()
                .report_years(Some(2027), &years(&[]), 2026)
                .is_empty()
        );
    }

    #[test]
    fn a_late_first_required_year_still_starts_the_report() {
        assert_eq!(
            liaoning().report_years(Some(2026), &years(&[]), 2026),
            [2026]
        );
        assert_eq!(
            liaoning().report_years(None, &years(&[2024]), 2026),
            [2024, 2025, 2026]
        );
    }

    fn evaluate(year: i32, professional: i64, public: i64) -> YearEvaluation {
        let earned = YearCredits::new(Credits::whole(professional), Credits::whole(public));
        liaoning().judge(
            year,
            CreditRule::liaoning().evaluate(year, Some(2014), earned),
        )
    }

    #[test]
    fn a_year_before_records_is_no_record_whatever_its_credits() {
        for (p, q) in [(0, 0), (10, 0), (60, 30)] {
            let e = evaluate(2024, p, q);
            assert_eq!(e.status, YearStatus::NoRecord);
            assert!(e.missing.is_empty());
            assert!(e.required);
            assert!(!e.is_met());
        }
    }

    #[test]
    fn a_judged_year_keeps_its_verdict() {
        assert_eq!(evaluate(2025, 10, 0).status, YearStatus::NotMet);
        assert_eq!(evaluate(2025, 60, 30).status, YearStatus::Met);
        assert_eq!(
            evaluate(2026, 0, 0).missing.describe(),
            "还差专业课 60 学分、公需课 30 学分"
        );
    }

    #[test]
    fn not_required_before_records_is_still_no_record() {
        let earned = YearCredits::default();
        let e = liaoning().judge(
            2020,
            CreditRule::liaoning().evaluate(2020, Some(2022), earned),
        );
        assert_eq!(e.status, YearStatus::NoRecord);
        assert!(!e.required);
    }

    /// A ledger of (year, professional tenths, public tenths), evaluated year by year as the
    /// report does: each year only with its own records.
    fn evaluate_ledger(records: &[(i32, i64, i64)], first: i32, this_year: i32) -> Vec<YearStatus> {
        let mut by_year: BTreeMap<i32, YearCredits> = BTreeMap::new();
        for (year, p, q) in records {
            *by_year.entry(*year).or_default() +=
                YearCredits::new(Credits::from_tenths(*p), Credits::from_tenths(*q));
        }
        RecordsSince::new(Date::new(2000, 1, 1).unwrap())
            .report_years(Some(first), &by_year.keys().copied().collect(), this_year)
            .into_iter()
            .map(|y| {
                let earned = by_year.get(&y).copied().unwrap_or_default();
                CreditRule::liaoning()
                    .evaluate(y, Some(first), earned)
                    .status
            })
            .collect()
    }

    #[test]
    fn last_years_ninety_credits_do_not_count_this_year() {
        let statuses = evaluate_ledger(&[(2025, 600, 300), (2025, 300, 0)], 2025, 2026);
        assert_eq!(statuses, [YearStatus::Met, YearStatus::NotMet]);
    }

    #[test]
    fn a_year_before_the_first_required_year_is_not_required_even_with_credits() {
        let statuses = evaluate_ledger(&[(2024, 600, 300)], 2025, 2025);
        assert_eq!(statuses, [YearStatus::NotRequired, YearStatus::NotMet]);
    }

    #[test]
    fn fractional_records_add_up_to_a_met_year() {
        // 57.5 + 2.5 professional and 27.5 + 2.5 public: exactly 60 and 30.
        let statuses = evaluate_ledger(
            &[(2026, 575, 0), (2026, 25, 0), (2026, 0, 275), (2026, 0, 25)],
            2026,
            2026,
        );
        assert_eq!(statuses, [YearStatus::Met]);
        let short = evaluate_ledger(&[(2026, 575, 0), (2026, 0, 300)], 2026, 2026);
        assert_eq!(short, [YearStatus::NotMet]);
    }

    #[test]
    fn a_reversal_takes_its_record_out_of_the_year() {
        let statuses = evaluate_ledger(&[(2026, 600, 300), (2026, -100, 0)], 2026, 2026);
        assert_eq!(statuses, [YearStatus::NotMet]);
    }
}
