//! 学习提醒 over HTTP (SPEC section 9): the API, the console's and the employer's reminder
//! pages, the learner's 消息; and the delivery loop each `jxjy serve` runs.

pub mod api;
pub mod pages;
pub mod worker;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::admin_create, api::admin_list))
            .routes(routes!(api::admin_preview))
            .routes(routes!(api::admin_show))
            .routes(routes!(api::admin_cancel))
            .routes(routes!(api::employer_create, api::employer_list))
            .routes(routes!(api::employer_show))
            .routes(routes!(api::employer_cancel))
            .routes(routes!(api::settings, api::save_settings))
            .routes(routes!(api::messages))
            .routes(routes!(api::read)),
        pages: Router::new()
            .route(
                "/admin/reminders",
                get(pages::admin_list).post(pages::admin_create),
            )
            .route("/admin/reminders/{id}", get(pages::admin_show))
            .route("/admin/reminders/{id}/cancel", post(pages::admin_cancel))
            .route(
                "/employer/reminders",
                get(pages::employer_list).post(pages::employer_create),
            )
            .route("/employer/reminders/{id}", get(pages::employer_show))
            .route(
                "/employer/reminders/{id}/cancel",
                post(pages::employer_cancel),
            )
            .route("/learner/messages", get(pages::messages))
            .route("/learner/messages/{id}", get(pages::message))
            .route("/learner/settings", post(pages::save_settings)),
        ..Routes::new()
    }
}
