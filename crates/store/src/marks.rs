//! Numbered parameters (`$1, $2, …`) for statements whose size depends on the input: multi-row
//! inserts and `IN (…)` lists. Both backends read `$N` through the `Any` driver.

/// `$first, $first+1, …`: `count` numbers, for an `IN (…)` list.
pub(crate) fn list(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `rows` row tuples for `VALUES`, each of `width` parameters numbered after the `shared` ones
/// every row uses (`$1..$shared`). `row` writes one tuple from its parameters, so it can repeat
/// one or put literals between them.
pub(crate) fn rows(
    rows: usize,
    shared: usize,
    width: usize,
    row: impl Fn(&[String]) -> String,
) -> String {
    (0..rows)
        .map(|r| {
            let first = shared + r * width + 1;
            let params: Vec<String> = (first..first + width).map(|n| format!("${n}")).collect();
            row(&params)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_counts_from_its_first_number() {
        assert_eq!(list(3, 3), "$3, $4, $5");
        assert_eq!(list(1, 0), "");
    }

    #[test]
    fn rows_number_after_the_shared_parameters() {
        let sql = rows(2, 1, 2, |p| format!("($1, {}, 'x', {})", p[0], p[1]));
        assert_eq!(sql, "($1, $2, 'x', $3), ($1, $4, 'x', $5)");
    }
}
