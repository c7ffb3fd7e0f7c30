//! The JSON API under `/api/v1`, its OpenAPI document and an offline docs page.

pub mod docs;
pub mod notices;
pub mod openapi;

use axum::Router;
use axum::routing::get;
use serde::Serialize;

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/notices", get(notices::list))
        .route("/api/v1/notices/{id}", get(notices::detail))
        .route("/api/v1/faqs", get(notices::faqs))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/docs", get(docs::page))
}

/// A page of items, the shape of every paginated JSON list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}
