//! The public portal: 首页, 通知公告 (page and API), 常见问题, 联系我们, 操作手册, the
//! privacy and copyright pages, the API's offline docs page and the OpenAPI document.

pub mod api;
pub mod docs;
pub mod home;
pub mod info;
pub mod notices;

use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;
use crate::ui::{assets, manual_shots};

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::list))
            .routes(routes!(api::detail))
            .routes(routes!(api::faqs)),
        pages: Router::new()
            .route("/", get(home::home))
            .route("/notices", get(notices::list))
            .route("/notices/{id}", get(notices::detail))
            .route("/faq", get(info::faq))
            .route("/contact", get(info::contact))
            .route("/privacy", get(info::privacy))
            .route("/copyright", get(info::copyright))
            .route("/manual", get(info::manual))
            .route("/static/{file}", get(assets::serve))
            .route("/static/manual/{file}", get(manual_shots::serve))
            .route("/favicon.ico", get(assets::favicon))
            .route("/api/openapi.json", get(crate::api::openapi::document))
            .route("/api/docs", get(docs::page)),
        ..Routes::new()
    }
}
