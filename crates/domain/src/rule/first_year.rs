//! From which year a learner must study.

use crate::level::QualificationLevel;

/// The first year a learner must earn credits: the year after obtaining an
/// accounting qualification, or the year after starting accounting work,
/// whichever comes first (someone who worked before qualifying was already
/// required as an accountant without a qualification); `None` when neither
/// is known (the learner is then never required).
pub fn first_required_year(
    qualification: QualificationLevel,
    qualification_year: Option<i32>,
    work_start_year: Option<i32>,
) -> Option<i32> {
    // Whoever did accounting work before qualifying was already required as such.
    let qualified = qualification_year.filter(|_| qualification.is_held());
    let first = match (qualified, work_start_year) {
        (Some(q), Some(w)) => Some(q.min(w)),
        (q, w) => q.or(w),
    };
    first.map(|y| y.saturating_add(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use QualificationLevel as Q;

    #[test]
    fn a_qualified_learner_must_study_from_the_year_after_qualifying() {
        assert_eq!(first_required_year(Q::Junior, Some(2020), None), Some(2021));
        assert_eq!(
            first_required_year(Q::Senior, Some(2020), Some(2021)),
            Some(2021)
        );
    }

    #[test]
    fn accounting_work_before_qualifying_already_required_study() {
        assert_eq!(
            first_required_year(Q::Senior, Some(2020), Some(2010)),
            Some(2011)
        );
    }

    #[test]
    fn a_learner_without_a_qualification_must_study_from_the_year_after_starting_work() {
        assert_eq!(first_required_year(Q::None, None, Some(2018)), Some(2019));
    }

    #[test]
    fn a_qualification_year_without_a_qualification_is_ignored() {
        assert_eq!(
            first_required_year(Q::None, Some(2015), Some(2018)),
            Some(2019)
        );
        assert_eq!(first_required_year(Q::None, Some(2015), None), None);
    }

    #[test]
    fn a_qualification_of_unknown_year_falls_back_to_the_work_start() {
        assert_eq!(
            first_required_year(Q::Intermediate, None, Some(2012)),
            Some(2013)
        );
    }

    #[test]
    fn a_learner_with_neither_year_known_has_no_first_required_year() {
        assert_eq!(first_required_year(Q::None, None, None), None);
        assert_eq!(first_required_year(Q::Junior, None, None), None);
    }
}
