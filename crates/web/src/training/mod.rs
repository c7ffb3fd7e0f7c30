//! 网络培训 over HTTP: offers, 报名, cancelling, 进入网校, reviews. The use cases are
//! `jxjy_app::training`.

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::offers))
            .routes(routes!(api::institution))
            .routes(routes!(api::enroll, api::list))
            .routes(routes!(api::cancel))
            .routes(routes!(api::launch))
            .routes(routes!(api::review)),
        pages: Router::new()
            .route("/learner/training", get(pages::page))
            .route("/learner/training/confirm", get(pages::confirm))
            .route("/learner/enrollments", post(pages::enroll))
            .route(
                "/learner/enrollments/{id}/cancel",
                get(pages::cancel_confirm).post(pages::cancel),
            )
            .route("/learner/enrollments/{id}/launch", post(pages::launch))
            .route(
                "/learner/enrollments/{id}/review",
                get(pages::review_form).post(pages::review),
            )
            .route("/learner/institutions/{id}", get(pages::institution)),
        ..Routes::new()
    }
}
