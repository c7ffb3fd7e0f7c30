//! 学分申报 over HTTP: the learner's claims (page and API), reading the multipart body, and
//! serving an evidence file. The use cases are `jxjy_app::claims`; the console's side is in
//! `console`.

pub mod api;
pub mod form;
pub mod pages;
pub mod upload;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::routing::get;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    let upload_limit = || DefaultBodyLimit::max(upload::UPLOAD_BODY_LIMIT);
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::submit).layer(upload_limit()))
            .routes(routes!(api::list))
            .routes(routes!(api::evidence)),
        pages: Router::new().route(
            "/learner/claims",
            get(pages::page).post(pages::submit.layer(upload_limit())),
        ),
        ..Routes::new()
    }
}
