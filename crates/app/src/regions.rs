//! The 主管部门 select: the region tree in depth-first order, indented by level.

use crate::{AppError, Context};

pub struct RegionOption {
    pub code: String,
    pub label: String,
}

/// Every region, for a learner choosing its 主管部门.
pub async fn region_options(state: &Context) -> Result<Vec<RegionOption>, AppError> {
    options(state, "", false).await
}

/// The regions inside an admin's scope, indented as in the whole tree (a filter's select).
pub async fn region_options_within(
    state: &Context,
    scope_path: &str,
) -> Result<Vec<RegionOption>, AppError> {
    options(state, scope_path, false).await
}

/// The select's regions inside an admin's scope (its region and everything below it), the
/// scope's own region unindented.
pub async fn region_options_in_scope(
    state: &Context,
    scope_path: &str,
) -> Result<Vec<RegionOption>, AppError> {
    options(state, scope_path, true).await
}

async fn options(
    state: &Context,
    scope_path: &str,
    from_scope: bool,
) -> Result<Vec<RegionOption>, AppError> {
    let mut regions = state
        .store
        .regions()
        .all()
        .await?
        .into_iter()
        .filter(|r| r.path.starts_with(scope_path))
        .collect::<Vec<_>>();
    // Paths are fixed-width codes, so their order is the tree's depth-first order.
    regions.sort_by(|a, b| a.path.cmp(&b.path));
    let top = if from_scope {
        regions.iter().map(|r| r.level).min().unwrap_or(1)
    } else {
        1
    };
    Ok(regions
        .into_iter()
        .map(|r| {
            let indent = "　".repeat(usize::try_from(r.level - top).unwrap_or(0));
            RegionOption {
                label: format!("{indent}{}", r.authority_name),
                code: r.code,
            }
        })
        .collect())
}
