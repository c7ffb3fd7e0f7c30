//! The 主管部门 select: the region tree in depth-first order, indented by level.

use crate::{AppState, HttpError};

pub struct RegionOption {
    pub code: String,
    pub label: String,
}

pub async fn region_options(state: &AppState) -> Result<Vec<RegionOption>, HttpError> {
    let mut regions = state.store.regions().await?;
    // Paths are fixed-width codes, so their order is the tree's depth-first order.
    regions.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(regions
        .into_iter()
        .map(|r| {
            let indent = "　".repeat(usize::try_from(r.level - 1).unwrap_or(0));
            RegionOption {
                label: format!("{indent}{}", r.authority_name),
                code: r.code,
            }
        })
        .collect())
}

/// The select's regions inside an admin's scope (its region and everything below it).
pub async fn region_options_in_scope(
    state: &AppState,
    scope_path: &str,
) -> Result<Vec<RegionOption>, HttpError> {
    let mut regions = state
        .store
        .regions()
        .await?
        .into_iter()
        .filter(|r| r.path.starts_with(scope_path))
        .collect::<Vec<_>>();
    regions.sort_by(|a, b| a.path.cmp(&b.path));
    let top = regions.iter().map(|r| r.level).min().unwrap_or(1);
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
