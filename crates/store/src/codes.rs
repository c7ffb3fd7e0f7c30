//! Columns that hold a domain enum's code, decoded into the enum (`jxjy_domain`'s
//! `TryFrom<String>`); a code the domain does not know is a decode error, never a string that
//! travels on. Rows with only required codes use `#[sqlx(try_from = "String")]`; these helpers
//! serve rows written by hand.

use sqlx::Row;
use sqlx::any::AnyRow;

/// The code in column `name`, as `T`.
pub fn code<T>(row: &AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: TryFrom<String>,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    let raw: String = row.try_get(name)?;
    T::try_from(raw).map_err(|e| sqlx::Error::ColumnDecode {
        index: name.to_string(),
        source: Box::new(e),
    })
}

/// The code in a nullable column, as `Option<T>`.
pub fn maybe_code<T>(row: &AnyRow, name: &str) -> Result<Option<T>, sqlx::Error>
where
    T: TryFrom<String>,
    T::Error: std::error::Error + Send + Sync + 'static,
{
    let raw: Option<String> = row.try_get(name)?;
    raw.map(T::try_from)
        .transpose()
        .map_err(|e| sqlx::Error::ColumnDecode {
            index: name.to_string(),
            source: Box::new(e),
        })
}
