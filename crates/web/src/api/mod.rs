//! What the JSON API's features share: the shapes of lists and simple answers, the OpenAPI
//! document and its completion (`contract`).

pub mod contract;
pub mod openapi;

use serde::Serialize;

/// A page of items, the shape of every paginated JSON list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The answer of a change that has nothing else to say.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    pub ok: bool,
}

/// The answer of a creation: the new record's id.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: i64,
}
