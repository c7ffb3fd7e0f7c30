//! 单位 over HTTP (SPEC section 8): the employer API, the learner's side of the link.
//! (WIP of issue 17: add `pub mod employer;` to lib.rs and `.merge(crate::employer::routes())`
//! to `routes::all()`; the `/employer` pages and the admin queue are still to come.)

pub mod api;
pub mod learner_api;

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
            .routes(routes!(learner_api::show, learner_api::name, learner_api::leave))
            .routes(routes!(learner_api::accept))
            .routes(routes!(learner_api::decline)),
        sensitive_api: OpenApiRouter::new()
            .routes(routes!(api::register))
            .routes(routes!(api::login))
            .routes(routes!(api::reset_password)),
        export_api: OpenApiRouter::new().routes(routes!(api::export_staff)),
        ..Routes::new()
    }
}
