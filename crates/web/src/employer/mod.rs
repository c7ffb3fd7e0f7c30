//! 单位 over HTTP (SPEC section 8): the employer API and console pages, and the learner's side
//! of the link (API and the 我的单位 forms of 个人信息).

pub mod api;
pub mod console;
pub mod learner_api;
pub mod learner_pages;
pub mod pages;

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
            .routes(routes!(api::staff_list))
            .routes(routes!(api::invite))
            .routes(routes!(api::confirm))
            .routes(routes!(api::remove))
            .routes(routes!(api::group_enroll))
            .routes(routes!(
                learner_api::show,
                learner_api::name,
                learner_api::leave
            ))
            .routes(routes!(learner_api::accept))
            .routes(routes!(learner_api::decline)),
        sensitive_api: OpenApiRouter::new()
            .routes(routes!(api::register))
            .routes(routes!(api::login))
            .routes(routes!(api::reset_password)),
        export_api: OpenApiRouter::new().routes(routes!(api::export_staff)),
        pages: Router::new()
            .route("/employer", get(console::show))
            .route("/employer/login", get(pages::login_form))
            .route("/employer/register", get(pages::register_form))
            .route("/employer/reset-password", get(pages::reset_form))
            .route("/employer/logout", post(pages::logout))
            .route("/employer/invite", post(console::invite))
            .route(
                "/employer/staff/{learner_id}/confirm",
                post(console::confirm),
            )
            .route("/employer/staff/{learner_id}/remove", post(console::remove))
            .route("/employer/group-enrollments", post(console::group_enroll))
            .route("/learner/employer", post(learner_pages::name))
            .route("/learner/employer/leave", post(learner_pages::leave))
            .route("/learner/employer/accept", post(learner_pages::accept))
            .route("/learner/employer/decline", post(learner_pages::decline)),
        sensitive_pages: Router::new()
            .route("/employer/login", post(pages::login))
            .route("/employer/register", post(pages::register))
            .route("/employer/reset-password", post(pages::reset)),
        export_pages: Router::new().route("/employer/export", get(console::export)),
    }
}
