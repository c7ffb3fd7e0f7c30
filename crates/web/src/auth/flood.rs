//! The per-client flood guard in front of the sensitive endpoints (SMS, login, registration,
//! password reset, admin login): at most `sensitive_per_ip_per_minute` requests a minute per
//! client address, counted in the database so that every instance shares the count.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::auth::client_ip::client_ip;
use crate::{AppError, AppState, HttpError};
use jxjy_app::format;

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = state.settings.sensitive_per_ip_per_minute;
    if limit <= 0 || request.method() == axum::http::Method::GET {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let ip = client_ip(&parts, &state.settings.trusted_proxy_list());
    let now = format::now();
    let window = now - now.rem_euclid(60);
    match state
        .store
        .rate_limits()
        .hit_rate_counter(&format!("sensitive:{ip}"), window)
        .await
    {
        Ok(hits) if hits > limit => {
            let mut response = HttpError::from(AppError::too_many(
                "too_many_requests",
                "操作过于频繁，请一分钟后再试",
            ))
            .into_response();
            if let Ok(v) = HeaderValue::from_str(&(window + 60 - now).max(1).to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, v);
            }
            response
        }
        Ok(_) => next.run(Request::from_parts(parts, body)).await,
        Err(e) => HttpError::from(e).into_response(),
    }
}
