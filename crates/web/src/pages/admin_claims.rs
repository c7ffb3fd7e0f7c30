//! The console's claims queue: pending claims of the admin's scope with their evidence, approved
//! or rejected (with a reason) by form posts, through the same use cases as the admin API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::claims::view::AdminClaimView;
use crate::extract::{Form, Path, Query};
use crate::pages::admin::PageAdmin;
use crate::pages::chrome::Chrome;
use crate::{AppError, AppState, claims};

#[derive(Template, WebTemplate)]
#[template(path = "admin_claims.html")]
pub struct ClaimsPage {
    pub chrome: Chrome,
    pub items: Vec<AdminClaimView>,
    pub status: String,
    pub total: i64,
    pub notice: String,
    pub notice_is_error: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ClaimsQuery {
    pub status: Option<String>,
    pub done: Option<String>,
}

async fn page(
    state: &AppState,
    a: &crate::admin::AdminAuth,
    status: &str,
) -> Result<ClaimsPage, AppError> {
    let list = claims::admin_list(state, a, status, Some(1)).await?;
    Ok(ClaimsPage {
        chrome: Chrome {
            admin_name: Some(format!(
                "{}（{}）",
                a.session.display_name, a.session.username
            )),
            ..Chrome::new(state, "admin_claims")
        },
        items: list.items,
        status: status.to_string(),
        total: list.total,
        notice: String::new(),
        notice_is_error: false,
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<ClaimsQuery>,
) -> Result<ClaimsPage, AppError> {
    let status = q.status.unwrap_or_else(|| "pending".into());
    let mut p = page(&state, &a, &status).await?;
    p.notice = match q.done.as_deref() {
        Some("approved") => "已通过，学分已计入该学员的当年学分。".into(),
        Some("rejected") => "已退回，学员会看到原因并可重新申报。".into(),
        _ => String::new(),
    };
    Ok(p)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// `approve` or `reject`.
    pub action: String,
    pub reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, AppError> {
    let result = match f.action.as_str() {
        "approve" => claims::approve(&state, &a, id, ip)
            .await
            .map(|_| "approved"),
        "reject" => claims::reject(&state, &a, id, &f.reason, ip)
            .await
            .map(|_| "rejected"),
        _ => Err(AppError::bad_request(
            "invalid_input",
            "请选择通过或不予通过",
        )),
    };
    match result {
        Ok(done) => Ok(Redirect::to(&format!("/admin/claims?done={done}")).into_response()),
        Err(e) => {
            let mut p = page(&state, &a, "pending").await?;
            p.notice = e.message.clone();
            p.notice_is_error = true;
            Ok((e.status, p).into_response())
        }
    }
}
