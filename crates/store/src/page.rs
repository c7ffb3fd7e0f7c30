//! Pagination shared by every list: no list is ever unbounded.

/// A requested page, 1-based, with a size clamped to `1..=MAX_PER_PAGE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    page: i64,
    per_page: i64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: i64 = 100;

    pub fn new(page: Option<i64>, per_page: i64) -> Self {
        let page = page.unwrap_or(1).clamp(1, 1_000_000);
        PageRequest {
            page,
            per_page: per_page.clamp(1, Self::MAX_PER_PAGE),
        }
    }

    /// Everything up to `most` rows in one page (an export of a list known to be small).
    pub fn unbounded(most: i64) -> Self {
        PageRequest {
            page: 1,
            per_page: most.max(1),
        }
    }

    pub fn page(&self) -> i64 {
        self.page
    }

    pub fn per_page(&self) -> i64 {
        self.per_page
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

/// One page of a list and the total number of items in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        if self.total == 0 {
            1
        } else {
            (self.total + self.per_page - 1) / self.per_page
        }
    }

    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_request_is_clamped_to_sane_bounds() {
        let p = PageRequest::new(Some(-3), 10_000);
        assert_eq!(p.page(), 1);
        assert_eq!(p.per_page(), PageRequest::MAX_PER_PAGE);
        assert_eq!(PageRequest::new(Some(3), 10).offset(), 20);
    }

    #[test]
    fn an_empty_list_still_has_one_page() {
        let page: Page<()> = Page {
            items: vec![],
            total: 0,
            page: 1,
            per_page: 10,
        };
        assert_eq!(page.pages(), 1);
        assert!(!page.has_next());
        let page: Page<()> = Page {
            items: vec![],
            total: 21,
            page: 2,
            per_page: 10,
        };
        assert_eq!(page.pages(), 3);
        assert!(page.has_next() && page.has_prev());
    }
}
