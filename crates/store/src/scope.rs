//! The region scope in SQL, written once. An admin's region path (`/210000/210100/`) covers every
//! region whose path starts with it; a query says `r.path LIKE $n` and binds `pattern(path)`.

/// The `LIKE` pattern of a scope: the path and `%`. LIKE's own wildcards are dropped from the
/// path (region paths hold digits and slashes only, so this never changes a real one).
pub fn pattern(scope_path: &str) -> String {
    let path: String = scope_path
        .chars()
        .filter(|c| !matches!(c, '%' | '_' | '\\'))
        .collect();
    format!("{path}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_covers_its_subtree_and_nothing_can_widen_it() {
        assert_eq!(pattern("/210000/210100/"), "/210000/210100/%");
        assert_eq!(pattern("/210000/%_"), "/210000/%");
        assert_eq!(
            pattern(""),
            "%",
            "the empty path is the whole tree (system admins)"
        );
    }
}
