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

/// 下载学时证明, for the page and the API alike: the QR code points at `public_url`, else at
/// the host the learner used.
async fn certificate_download(
    state: &crate::AppState,
    learner: &jxjy_app::auth::LearnerAuth,
    headers: &axum::http::HeaderMap,
    year: i64,
    ip: std::net::IpAddr,
) -> Result<axum::response::Response, crate::HttpError> {
    use jxjy_app::credits::certificate;
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok());
    let base = certificate::public_base(&state.settings, host);
    let (code, bytes) = certificate::issue(state, learner, year, &base, ip).await?;
    Ok(crate::download::pdf_response(year, &code, bytes))
}
