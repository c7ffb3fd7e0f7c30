//! The partner API for schools (SPEC section 6), signed with each school's secret; the webhook
//! outbox that tells schools of cancellations; the signing scheme both share.

pub mod api;
pub mod auth;
pub mod webhooks;

pub mod input;

pub use jxjy_app::partner::signing;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::feed))
            .routes(routes!(api::verify_handoff))
            .routes(routes!(api::payment))
            .routes(routes!(api::refund))
            .routes(routes!(api::credits)),
        ..Routes::new()
    }
}
