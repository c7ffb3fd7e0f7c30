//! Which years a learner's credit report (学分查询) shows.

/// The years of a learner's report, oldest first: from the earlier of the
/// first required year and the first year with any activity (an enrollment or
/// a credit record), to `this_year`. Empty when neither is known, or when
/// both lie after `this_year`.
pub fn report_years(
    first_required_year: Option<i32>,
    first_activity_year: Option<i32>,
    this_year: i32,
) -> Vec<i32> {
    let start = match (first_required_year, first_activity_year) {
        (Some(a), Some(b)) => a.min(b),
        (Some(a), None) | (None, Some(a)) => a,
        (None, None) => return Vec::new(),
    };
    (start..=this_year).collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::credits::Credits;
    use crate::rule::{CreditRule, YearCredits, YearStatus};

    #[test]
    fn the_report_runs_from_the_first_required_year_to_this_year() {
        assert_eq!(
            report_years(Some(2023), None, 2026),
            [2023, 2024, 2025, 2026]
        );
        assert_eq!(report_years(Some(2026), None, 2026), [2026]);
    }

    #[test]
    fn an_earlier_activity_starts_the_report_earlier() {
        assert_eq!(
            report_years(Some(2026), Some(2024), 2026),
            [2024, 2025, 2026]
        );
        assert_eq!(report_years(None, Some(2025), 2026), [2025, 2026]);
        assert_eq!(
            report_years(Some(2024), Some(2025), 2026),
            [2024, 2025, 2026]
        );
    }

    #[test]
    fn nothing_known_or_everything_in_the_future_is_an_empty_report() {
        assert!(report_years(None, None, 2026).is_empty());
        assert!(report_years(Some(2027), None, 2026).is_empty());
    }

    /// A ledger of (year, professional tenths, public tenths), evaluated year by year as the
    /// report does: each year only with its own records.
    fn evaluate_ledger(records: &[(i32, i64, i64)], first: i32, this_year: i32) -> Vec<YearStatus> {
        let mut by_year: BTreeMap<i32, YearCredits> = BTreeMap::new();
        for (year, p, q) in records {
            *by_year.entry(*year).or_default() +=
                YearCredits::new(Credits::from_tenths(*p), Credits::from_tenths(*q));
        }
        let first_activity = by_year.keys().next().copied();
        report_years(Some(first), first_activity, this_year)
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
