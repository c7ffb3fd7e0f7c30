//! Server-rendered pages of the public portal. Each handler loads what its page shows and hands
//! it to an askama template (compile-checked, auto-escaped) that extends `layout.html`.

pub mod accounts;
pub mod admin;
pub mod admin_claims;
pub mod admin_confirm;
pub mod admin_dashboard;
pub mod admin_faqs;
pub mod admin_learner;
pub mod admin_schools;
pub mod admin_tools;
pub mod admin_users;
pub mod assets;
pub mod chrome;
pub mod claim_form;
pub mod claims;
pub mod credits;
pub mod form;
pub mod home;
pub mod info;
pub mod learner;
pub mod manual_shots;
pub mod notices;
pub mod training;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
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
        .route("/login", get(accounts::login_form))
        .route("/register", get(accounts::register_form))
        .route("/reset-password", get(accounts::reset_form))
        .route("/logout", post(accounts::logout))
        .route("/learner", get(learner::home))
        .route(
            "/learner/profile",
            get(learner::profile).post(learner::update_profile),
        )
        .route("/learner/password", post(learner::change_password))
        .route("/learner/training", get(training::page))
        .route("/learner/training/confirm", get(training::confirm))
        .route("/learner/enrollments", post(training::enroll))
        .route(
            "/learner/enrollments/{id}/cancel",
            get(training::cancel_confirm).post(training::cancel),
        )
        .route("/learner/enrollments/{id}/launch", post(training::launch))
        .route(
            "/learner/enrollments/{id}/review",
            get(training::review_form).post(training::review),
        )
        .route("/learner/institutions/{id}", get(training::institution))
        .route("/admin/login", get(admin::login_form))
        .route("/admin/logout", post(admin::logout))
        .route("/admin", get(admin::dashboard))
        .route("/admin/learners", get(admin::learners))
        .route("/admin/learners/{id}", get(admin_learner::show))
        .route("/admin/learners/{id}/unlock", post(admin_learner::unlock))
        .route("/admin/learners/{id}/profile", post(admin_learner::correct))
        .route(
            "/admin/learners/{id}/password-reset",
            post(admin_learner::send_reset),
        )
        .route(
            "/admin/notices",
            get(admin::notices).post(admin::save_notice),
        )
        .route("/admin/audit", get(admin::audit))
        .route("/admin/faqs", get(admin_faqs::list).post(admin_faqs::save))
        .route(
            "/admin/institutions",
            get(admin_schools::list).post(admin_schools::create),
        )
        .route(
            "/admin/institutions/{id}",
            get(admin_schools::show).post(admin_schools::edit),
        )
        .route(
            "/admin/institutions/{id}/secret",
            post(admin_schools::rotate),
        )
        .route(
            "/admin/institutions/{id}/offers",
            post(admin_schools::offer),
        )
        .route("/admin/tools", get(admin_tools::tools))
        .route(
            "/admin/tools/roster-template.csv",
            get(admin_tools::roster_template),
        )
        .route("/admin/claims", get(admin_claims::list))
        .route(
            "/admin/users",
            get(admin_users::list).post(admin_users::create),
        )
        .route("/admin/users/{id}/disable", post(admin_users::disable))
        .route("/admin/users/{id}/enable", post(admin_users::enable))
        .route("/admin/claims/{id}", post(admin_claims::decide))
        .route(
            "/admin/tools/import",
            post(admin_tools::import).layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/learner/credits", get(credits::page))
        .route("/learner/credits/{year}", get(credits::year))
        .route(
            "/learner/credits/{year}/certificate",
            get(credits::certificate),
        )
        .route(
            "/learner/claims",
            get(claims::page).post(claims::submit.layer(DefaultBodyLimit::max(
                crate::claims::upload::UPLOAD_BODY_LIMIT,
            ))),
        )
        .route("/verify", get(credits::verify_form))
        .route("/verify/{code}", get(credits::verify))
}

/// Form posts that log in, register or reset: behind the per-client flood guard.
pub fn sensitive_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/login", post(accounts::login_password))
        .route("/login/sms", post(accounts::login_sms))
        .route("/register", post(accounts::register))
        .route("/reset-password", post(accounts::reset))
        .route("/admin/login", post(admin::login))
        .route_layer(from_fn_with_state(state, crate::auth::flood::guard))
}

/// Splits stored plain text into paragraphs for display (the template escapes each one).
pub fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}
