//! The credits a learner earned in one year, per category.

use std::iter::Sum;
use std::ops::{Add, AddAssign};

use crate::category::Category;
use crate::credits::Credits;

/// Professional and public credits of one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct YearCredits {
    professional: Credits,
    public: Credits,
}

impl YearCredits {
    pub const fn new(professional: Credits, public: Credits) -> YearCredits {
        YearCredits {
            professional,
            public,
        }
    }

    pub const fn zero() -> YearCredits {
        YearCredits::new(Credits::zero(), Credits::zero())
    }

    /// The given credits, all in one category.
    pub const fn of(category: Category, credits: Credits) -> YearCredits {
        match category {
            Category::Professional => YearCredits::new(credits, Credits::zero()),
            Category::Public => YearCredits::new(Credits::zero(), credits),
        }
    }

    pub const fn professional(&self) -> Credits {
        self.professional
    }

    pub const fn public(&self) -> Credits {
        self.public
    }

    pub const fn get(&self, category: Category) -> Credits {
        match category {
            Category::Professional => self.professional,
            Category::Public => self.public,
        }
    }

    pub fn total(&self) -> Credits {
        self.professional + self.public
    }
}

impl Add for YearCredits {
    type Output = YearCredits;
    fn add(self, rhs: YearCredits) -> YearCredits {
        YearCredits::new(
            self.professional + rhs.professional,
            self.public + rhs.public,
        )
    }
}

impl AddAssign for YearCredits {
    fn add_assign(&mut self, rhs: YearCredits) {
        *self = *self + rhs;
    }
}

impl Sum for YearCredits {
    fn sum<I: Iterator<Item = YearCredits>>(iter: I) -> YearCredits {
        iter.fold(YearCredits::zero(), Add::add)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(n: i64) -> Credits {
        Credits::whole(n)
    }

    #[test]
    fn the_total_is_professional_plus_public() {
        let y = YearCredits::new(Credits::from_tenths(25), w(30));
        assert_eq!(y.total(), Credits::from_tenths(325));
        assert_eq!(y.get(Category::Professional), Credits::from_tenths(25));
        assert_eq!(y.get(Category::Public), w(30));
    }

    #[test]
    fn credits_of_one_category_land_only_there() {
        assert_eq!(
            YearCredits::of(Category::Professional, w(10)),
            YearCredits::new(w(10), Credits::zero())
        );
        assert_eq!(
            YearCredits::of(Category::Public, w(10)),
            YearCredits::new(Credits::zero(), w(10))
        );
    }

    #[test]
    fn records_of_a_year_add_up_per_category() {
        let records = [
            YearCredits::of(Category::Professional, w(10)),
            YearCredits::of(Category::Public, Credits::from_tenths(25)),
            YearCredits::of(Category::Professional, Credits::from_tenths(5)),
        ];
        let sum: YearCredits = records.into_iter().sum();
        assert_eq!(
            sum,
            YearCredits::new(Credits::from_tenths(105), Credits::from_tenths(25))
        );
        let mut acc = YearCredits::zero();
        acc += sum;
        assert_eq!(acc, sum);
        assert_eq!(YearCredits::default(), YearCredits::zero());
    }
}
