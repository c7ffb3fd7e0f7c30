//! Accounts over HTTP: registration, login (password or SMS code), 重置密码, the learner's
//! workspace and 个人信息. The use cases are `jxjy_app::accounts`.

pub mod api;
pub mod pages;
pub mod workspace;

use axum::Router;
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::routes::Routes;

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(api::logout))
            .routes(routes!(api::me))
            .routes(routes!(api::update_profile))
            .routes(routes!(api::change_password)),
        sensitive_api: OpenApiRouter::new()
            .routes(routes!(api::send_sms))
            .routes(routes!(api::register))
            .routes(routes!(api::login))
            .routes(routes!(api::reset_password)),
        pages: Router::new()
            .route("/login", get(pages::login_form))
            .route("/register", get(pages::register_form))
            .route("/reset-password", get(pages::reset_form))
            .route("/logout", post(pages::logout))
            .route("/learner", get(workspace::home))
            .route(
                "/learner/profile",
                get(workspace::profile).post(workspace::update_profile),
            )
            .route("/learner/password", post(workspace::change_password)),
        sensitive_pages: Router::new()
            .route("/login", post(pages::login_password))
            .route("/login/sms", post(pages::login_sms))
            .route("/register", post(pages::register))
            .route("/reset-password", post(pages::reset)),
        ..Routes::new()
    }
}
