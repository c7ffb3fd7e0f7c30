//! The 主管部门 select: the region tree in depth-first order, indented by level.

use crate::{AppError, AppState};

pub struct RegionOption {
    pub code: String,
    pub label: String,
}

pub async fn region_options(state: &AppState) -> Result<Vec<RegionOption>, AppError> {
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
