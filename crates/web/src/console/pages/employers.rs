//! 单位审核: the employer accounts of the admin's scope by status, each with its details, and
//! the decision on a pending one (通过, or 不予通过 with a reason the employer reads). Through
//! the same use cases as the admin API; every decision is audited there.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::console::pages::PageAdmin;
use crate::extract::{Form, Path, Query};
use crate::ui::chrome::Chrome;
use crate::{AppError, AppState, HttpError};
use jxjy_app::employers::{EmployerView, review};

#[derive(Template, WebTemplate)]
#[template(path = "admin_employers.html")]
pub struct EmployersPage {
    pub chrome: Chrome,
    pub items: Vec<EmployerView>,
    pub status: String,
    pub q: String,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub notice: String,
    pub notice_is_error: bool,
}

impl EmployersPage {
    pub fn at_page(&self, p: i64) -> String {
        let page = p.to_string();
        let pairs = [("status", &self.status), ("q", &self.q), ("page", &page)];
        let kept: Vec<_> = pairs.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        format!("?{}", serde_urlencoded::to_string(kept).unwrap_or_default())
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EmployersQuery {
    pub status: Option<String>,
    pub q: String,
    pub page: Option<i64>,
    pub done: String,
    /// The employer just decided, named in the notice.
    pub employer: Option<i64>,
}

async fn page(
    state: &AppState,
    a: &jxjy_app::admin::AdminAuth,
    status: &str,
    q: &str,
    page_no: Option<i64>,
) -> Result<EmployersPage, HttpError> {
    let parsed = review::parse_status(Some(status))?;
    let list = review::list(state, a, parsed, q, page_no).await?;
    Ok(EmployersPage {
        chrome: crate::console::pages::chrome(state, "admin_employers", a),
        pages: list.pages(),
        page: list.page,
        total: list.total,
        items: list.items,
        status: status.to_string(),
        q: q.to_string(),
        notice: String::new(),
        notice_is_error: false,
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<EmployersQuery>,
) -> Result<EmployersPage, HttpError> {
    let status = q.status.clone().unwrap_or_else(|| "pending".into());
    let mut p = page(&state, &a, &status, &q.q, q.page).await?;
    let decided = match q.employer {
        Some(id) => review::detail(&state, &a, id).await.ok(),
        None => None,
    };
    let who = decided.map(|e| e.name).unwrap_or_else(|| "该单位".into());
    p.notice = match q.done.as_str() {
        "approved" => format!("已通过{who}的注册，该单位现在可以登录并管理人员。"),
        "rejected" => format!("已不予通过{who}的注册，该单位登录后会看到原因，可修改后重新提交。"),
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
) -> Result<Response, HttpError> {
    let result = match f.action.as_str() {
        "approve" => review::approve(&state, &a, id, ip)
            .await
            .map(|_| "approved"),
        "reject" => review::reject(&state, &a, id, &f.reason, ip)
            .await
            .map(|_| "rejected"),
        _ => Err(AppError::bad_request(
            "invalid_input",
            "请选择通过或不予通过",
        )),
    };
    match result {
        Ok(done) => Ok(
            Redirect::to(&format!("/admin/employers?done={done}&employer={id}")).into_response(),
        ),
        Err(e) => {
            let mut p = page(&state, &a, "pending", "", None).await?;
            p.notice = e
                .fields
                .first()
                .map(|f| f.message.clone())
                .unwrap_or_else(|| e.message.clone());
            p.notice_is_error = true;
            Ok((crate::error::status_of(e.kind), p).into_response())
        }
    }
}
