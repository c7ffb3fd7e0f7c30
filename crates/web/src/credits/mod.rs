//! 学分查询 over HTTP: the report, a year's 详情, the 学时证明 PDF and its public 验证. The use
//! cases are `jxjy_app::credits`.

pub mod api;
pub mod pages;

use axum::Router;
use axum::routing::get;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::report))
            .routes(routes!(api::year))
            .routes(routes!(api::certificate)),
        pages: Router::new()
            .route("/learner/credits", get(pages::page))
            .route("/learner/credits/{year}", get(pages::year))
            .route(
                "/learner/credits/{year}/certificate",
                get(pages::certificate),
            )
            .route("/verify", get(pages::verify_form))
            .route("/verify/{code}", get(pages::verify)),
        ..Routes::new()
    }
}
