//! 主管部门 regions: the province tree. Scope checks use `path`, a prefix of every descendant's path.

use crate::areas::Regions;
use sqlx::{Any, Executor, FromRow};

use crate::StoreError;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct Region {
    pub code: String,
    pub parent_code: Option<String>,
    pub level: i64,
    pub name: String,
    pub authority_name: String,
    pub path: String,
    pub sort_order: i64,
}

/// A region to insert; the path is derived from the parent's.
#[derive(Debug, Clone)]
pub struct NewRegion<'a> {
    pub code: &'a str,
    pub parent_code: Option<&'a str>,
    pub name: &'a str,
    pub authority_name: &'a str,
    pub sort_order: i64,
}

/// `SELECT` of every region column followed by the given tail (a literal, so the SQL stays static).
macro_rules! select_regions {
    ($tail:literal) => {
        concat!(
            "SELECT code, parent_code, level, name, authority_name, path, sort_order FROM regions ",
            $tail
        )
    };
}

pub async fn insert<'e, E>(
    db: E,
    parent: Option<&Region>,
    region: &NewRegion<'_>,
) -> Result<(), StoreError>
where
    E: Executor<'e, Database = Any>,
{
    let (level, path) = match parent {
        Some(p) => (p.level + 1, format!("{}{}/", p.path, region.code)),
        None => (1, format!("/{}/", region.code)),
    };
    sqlx::query(
        "INSERT INTO regions (code, parent_code, level, name, authority_name, path, sort_order) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(region.code)
    .bind(region.parent_code)
    .bind(level)
    .bind(region.name)
    .bind(region.authority_name)
    .bind(path)
    .bind(region.sort_order)
    .execute(db)
    .await?;
    Ok(())
}

impl Regions<'_> {
    /// Ensures the province root exists (the province is configuration, not code).
    pub async fn ensure_root_region(
        &self,
        code: &str,
        name: &str,
        authority_name: &str,
    ) -> Result<(), StoreError> {
        if self.region(code).await?.is_some() {
            return Ok(());
        }
        let root = NewRegion {
            code,
            parent_code: None,
            name,
            authority_name,
            sort_order: 0,
        };
        match insert(self.pool(), None, &root).await {
            Ok(()) => Ok(()),
            // Another instance created it first.
            Err(e) if e.is_conflict() => Ok(()),
            Err(e) => Err(e),
        }
    }

    pub async fn add_region(&self, region: &NewRegion<'_>) -> Result<(), StoreError> {
        let parent = match region.parent_code {
            Some(code) => Some(self.region(code).await?.ok_or(StoreError::NotFound)?),
            None => None,
        };
        insert(self.pool(), parent.as_ref(), region).await
    }

    pub async fn region(&self, code: &str) -> Result<Option<Region>, StoreError> {
        Ok(
            sqlx::query_as::<_, Region>(select_regions!("WHERE code = $1"))
                .bind(code)
                .fetch_optional(self.pool())
                .await?,
        )
    }

    /// Every region, ordered as a tree (parents before their children). The tree is small
    /// (hundreds of rows for a province), so this is one bounded query.
    pub async fn all(&self) -> Result<Vec<Region>, StoreError> {
        Ok(sqlx::query_as::<_, Region>(select_regions!(
            "ORDER BY level, sort_order, code LIMIT 5000"
        ))
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn region_children(&self, parent_code: &str) -> Result<Vec<Region>, StoreError> {
        Ok(sqlx::query_as::<_, Region>(select_regions!(
            "WHERE parent_code = $1 ORDER BY sort_order, code LIMIT 1000"
        ))
        .bind(parent_code)
        .fetch_all(self.pool())
        .await?)
    }
}
