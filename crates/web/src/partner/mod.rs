//! The partner API for schools (SPEC section 6), signed with each school's secret; the webhook
//! outbox that tells schools of cancellations; the signing scheme both share.

pub mod auth;
pub mod handlers;
pub mod webhooks;

pub mod input;

pub use jxjy_app::partner::signing;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/partner/enrollments", get(handlers::feed))
        .route(
            "/api/v1/partner/handoff/verify",
            post(handlers::verify_handoff),
        )
        .route(
            "/api/v1/partner/enrollments/{id}/payment",
            post(handlers::payment),
        )
        .route(
            "/api/v1/partner/enrollments/{id}/refund",
            post(handlers::refund),
        )
        .route(
            "/api/v1/partner/enrollments/{id}/credits",
            post(handlers::credits),
        )
}
