//! The JSON API under `/api/v1`, its OpenAPI document and an offline docs page.

pub mod accounts;
pub mod admin;
pub mod admin_audit;
pub mod admin_claims;
pub mod admin_console;
pub mod admin_exports;
pub mod admin_faqs;
pub mod admin_manage;
pub mod claims;
pub mod contract;
pub mod credits;
pub mod docs;
pub mod notices;
pub mod openapi;
pub mod training;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::routing::{delete, get, post, put};
use serde::Serialize;

use crate::AppState;

/// The sensitive endpoints sit behind the per-client flood guard.
pub fn sensitive_routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/api/v1/sms/send", post(accounts::send_sms))
        .route("/api/v1/register", post(accounts::register))
        .route("/api/v1/login", post(accounts::login))
        .route("/api/v1/password/reset", post(accounts::reset_password))
        .route("/api/v1/admin/login", post(admin::login))
        .route_layer(from_fn_with_state(state, crate::auth::flood::guard))
}

/// The exports: a province's million rows take longer than an ordinary request, so the router
/// gives these routes their own timeout (`export_timeout_secs`) instead of the global one.
pub fn export_routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/admin/exports/compliance",
            get(admin_exports::compliance_export),
        )
        .route(
            "/api/v1/admin/exports/stats",
            get(admin_exports::stats_export),
        )
        .route(
            "/api/v1/admin/exports/credits",
            get(admin_exports::export_credits),
        )
        .route(
            "/api/v1/admin/exports/learners",
            get(admin_exports::learners_export),
        )
        .route(
            "/admin/learners/export",
            get(crate::pages::admin::learners_export),
        )
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/logout", post(accounts::logout))
        .route("/api/v1/me", get(accounts::me))
        .route("/api/v1/me/profile", put(accounts::update_profile))
        .route("/api/v1/me/password", post(accounts::change_password))
        .route("/api/v1/offers", get(training::offers))
        .route("/api/v1/institutions/{id}", get(training::institution))
        .route(
            "/api/v1/enrollments",
            post(training::enroll).get(training::list),
        )
        .route("/api/v1/enrollments/{id}", delete(training::cancel))
        .route("/api/v1/enrollments/{id}/launch", post(training::launch))
        .route("/api/v1/enrollments/{id}/review", post(training::review))
        .route(
            "/api/v1/admin/institutions",
            post(admin::create_institution).get(admin_manage::list_institutions),
        )
        .route("/api/v1/admin/offers", post(admin::create_offer))
        .route("/api/v1/admin/learners", get(admin_console::learners))
        .route("/api/v1/admin/learners/{id}", get(admin_console::learner))
        .route(
            "/api/v1/admin/learners/{id}/unlock",
            post(admin_console::unlock),
        )
        .route("/api/v1/admin/stats", get(admin_console::stats))
        .route("/api/v1/admin/notices", post(admin_console::create_notice))
        .route(
            "/api/v1/admin/notices/{id}",
            put(admin_console::update_notice).delete(admin_console::delete_notice),
        )
        .route("/api/v1/admin/audit", get(admin_audit::audit))
        .route(
            "/api/v1/admin/admins",
            post(admin_manage::create_admin).get(admin_manage::list_admins),
        )
        .route("/api/v1/admin/admins/{id}", put(admin_manage::change_admin))
        .route(
            "/api/v1/admin/learners/{id}/profile",
            put(admin_manage::correct_learner),
        )
        .route(
            "/api/v1/admin/learners/{id}/password-reset",
            post(admin_manage::reset_learner_password),
        )
        .route(
            "/api/v1/admin/institutions/{id}",
            put(admin_manage::edit_institution),
        )
        .route(
            "/api/v1/admin/institutions/{id}/secret",
            post(admin_manage::rotate_secret),
        )
        .route("/api/v1/admin/faqs", post(admin_faqs::create_faq))
        .route(
            "/api/v1/admin/faqs/{id}",
            put(admin_faqs::update_faq).delete(admin_faqs::delete_faq),
        )
        .route(
            "/api/v1/admin/imports/roster",
            post(admin_manage::import_roster)
                .layer(axum::extract::DefaultBodyLimit::max(20 * 1024 * 1024)),
        )
        .route("/api/v1/credits", get(credits::report))
        .route("/api/v1/credits/{year}", get(credits::year))
        .route(
            "/api/v1/credits/{year}/certificate",
            get(credits::certificate),
        )
        .route(
            "/api/v1/claims",
            post(claims::submit)
                .layer(DefaultBodyLimit::max(
                    crate::claims::upload::UPLOAD_BODY_LIMIT,
                ))
                .get(claims::list),
        )
        .route(
            "/api/v1/claims/{id}/evidence/{file_id}",
            get(claims::evidence),
        )
        .route("/api/v1/admin/claims", get(admin_claims::list))
        .route(
            "/api/v1/admin/claims/{id}/approve",
            post(admin_claims::approve),
        )
        .route(
            "/api/v1/admin/claims/{id}/reject",
            post(admin_claims::reject),
        )
        .route(
            "/api/v1/admin/claims/{id}/evidence/{file_id}",
            get(admin_claims::evidence),
        )
        .route(
            "/api/v1/admin/credit-records/{id}/reverse",
            post(admin_claims::reverse_record),
        )
        .route("/api/v1/notices", get(notices::list))
        .route("/api/v1/notices/{id}", get(notices::detail))
        .route("/api/v1/faqs", get(notices::faqs))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/docs", get(docs::page))
}

/// A page of items, the shape of every paginated JSON list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The answer of a change that has nothing else to say.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    pub ok: bool,
}

/// The answer of a creation: the new record's id.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: i64,
}
