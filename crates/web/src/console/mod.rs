//! The console of the 主管部门 and the system's admins, as pages (`/admin/...`) and as the admin
//! API. The use cases are `jxjy_app::admin`; the scope of every query is the admin's region.

pub mod api;
pub mod pages;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::routes::Routes;
use api::{audit, claims, employers, exports, faqs, learners, manage, session};
use pages as p;

/// Roster imports (xlsx or CSV) may be this large.
const IMPORT_LIMIT: usize = 20 * 1024 * 1024;

pub fn routes() -> Routes {
    Routes {
        api: OpenApiRouter::new()
            .routes(routes!(
                session::create_institution,
                manage::list_institutions
            ))
            .routes(routes!(session::create_offer))
            .routes(routes!(learners::learners))
            .routes(routes!(learners::learner))
            .routes(routes!(learners::unlock))
            .routes(routes!(learners::stats))
            .routes(routes!(learners::create_notice))
            .routes(routes!(learners::update_notice, learners::delete_notice))
            .routes(routes!(audit::audit))
            .routes(routes!(manage::create_admin, manage::list_admins))
            .routes(routes!(manage::change_admin))
            .routes(routes!(manage::correct_learner))
            .routes(routes!(manage::reset_learner_password))
            .routes(routes!(manage::edit_institution))
            .routes(routes!(manage::rotate_secret))
            .routes(routes!(faqs::create_faq))
            .routes(routes!(faqs::update_faq, faqs::delete_faq))
            .routes(routes!(manage::import_roster).layer(DefaultBodyLimit::max(IMPORT_LIMIT)))
            .routes(routes!(claims::list))
            .routes(routes!(claims::approve))
            .routes(routes!(claims::reject))
            .routes(routes!(claims::evidence))
            .routes(routes!(claims::reverse_record))
            .routes(routes!(employers::list))
            .routes(routes!(employers::show))
            .routes(routes!(employers::approve))
            .routes(routes!(employers::reject)),
        sensitive_api: OpenApiRouter::new().routes(routes!(session::login)),
        export_api: OpenApiRouter::new()
            .routes(routes!(exports::compliance_export))
            .routes(routes!(exports::stats_export))
            .routes(routes!(exports::export_credits))
            .routes(routes!(exports::learners_export)),
        pages: pages(),
        sensitive_pages: Router::new().route("/admin/login", post(p::login)),
        export_pages: Router::new().route("/admin/learners/export", get(p::learners_export)),
    }
}

fn pages() -> Router<crate::AppState> {
    Router::new()
        .route("/admin/login", get(p::login_form))
        .route("/admin/logout", post(p::logout))
        .route("/admin", get(p::dashboard))
        .route("/admin/learners", get(p::learners))
        .route("/admin/learners/{id}", get(p::learner::show))
        .route("/admin/learners/{id}/unlock", post(p::learner::unlock))
        .route("/admin/learners/{id}/profile", post(p::learner::correct))
        .route(
            "/admin/learners/{id}/password-reset",
            post(p::learner::send_reset),
        )
        .route("/admin/notices", get(p::notices).post(p::save_notice))
        .route("/admin/audit", get(p::audit))
        .route("/admin/faqs", get(p::faqs::list).post(p::faqs::save))
        .route(
            "/admin/institutions",
            get(p::schools::list).post(p::schools::create),
        )
        .route(
            "/admin/institutions/{id}",
            get(p::schools::show).post(p::schools::edit),
        )
        .route("/admin/institutions/{id}/secret", post(p::schools::rotate))
        .route("/admin/institutions/{id}/offers", post(p::schools::offer))
        .route("/admin/tools", get(p::tools::tools))
        .route(
            "/admin/tools/roster-template.csv",
            get(p::tools::roster_template),
        )
        .route(
            "/admin/tools/import",
            post(p::tools::import).layer(DefaultBodyLimit::max(IMPORT_LIMIT)),
        )
        .route("/admin/claims", get(p::claims::list))
        .route("/admin/claims/{id}", post(p::claims::decide))
        .route("/admin/employers", get(p::employers::list))
        .route("/admin/employers/{id}", post(p::employers::decide))
        .route("/admin/users", get(p::users::list).post(p::users::create))
        .route("/admin/users/{id}/disable", post(p::users::disable))
        .route("/admin/users/{id}/enable", post(p::users::enable))
}
