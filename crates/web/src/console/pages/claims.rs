//! The console's claims queue: pending claims of the admin's scope with their evidence, approved
//! or rejected (with a reason) by form posts, through the same use cases as the admin API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::console::pages::PageAdmin;
use crate::console::pages::confirm::{ConfirmPage, confirmed};
use crate::extract::{Form, Path, Query};
use crate::ui::chrome::Chrome;
use crate::{AppError, AppState, HttpError};
use jxjy_app::claims;
use jxjy_app::claims::view::AdminClaimView;

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
    /// The claim just decided, named in the notice.
    pub claim: Option<i64>,
}

async fn page(
    state: &AppState,
    a: &jxjy_app::admin::AdminAuth,
    status: &str,
) -> Result<ClaimsPage, HttpError> {
    let list = claims::admin_list(state, a, status, Some(1)).await?;
    Ok(ClaimsPage {
        chrome: crate::console::pages::chrome(state, "admin_claims", a),
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
) -> Result<ClaimsPage, HttpError> {
    let decided = match q.claim {
        Some(id) => claims::row_in_scope(&state, &a, id).await.ok(),
        None => None,
    };
    // After a decision the queue goes on (待审核); the notice names what was decided.
    let status = q.status.clone().unwrap_or_else(|| "pending".into());
    let mut p = page(&state, &a, &status).await?;
    let who = decided
        .as_ref()
        .map(|c| format!("{}的 {} 年度申报", c.learner_name, c.year))
        .unwrap_or_else(|| "该申报".into());
    p.notice = match q.done.as_deref() {
        Some("approved") => match &decided {
            Some(c) => format!(
                "已通过{who}，{} 学分已计入该学员 {} 年度的学分。",
                jxjy_domain::Credits::from_tenths(c.credits_tenths),
                c.year
            ),
            None => "已通过，学分已计入该学员申报年度的学分。".into(),
        },
        Some("rejected") => format!("已退回{who}，学员会看到原因并可重新申报。"),
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
    /// `yes` once 通过 was confirmed on the confirmation page.
    pub confirm: String,
}

pub async fn decide(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<DecisionForm>,
) -> Result<Response, HttpError> {
    if f.action == "approve" && !confirmed(&f.confirm) {
        // 通过 adds credits to a learner's year: asked once more, with what it adds.
        let c = claims::row_in_scope(&state, &a, id).await?;
        let kind = c.kind.label();
        let credits = jxjy_domain::Credits::from_tenths(c.credits_tenths);
        let page = ConfirmPage::new(
            crate::console::pages::chrome(&state, "admin_claims", &a),
            "通过学分申报",
            format!(
                "确认通过 {} 的 {} 年度{}申报《{}》，折算 {} 学分？",
                c.learner_name, c.year, kind, c.title, credits
            ),
            format!("/admin/claims/{id}"),
        )
        .detail("通过后学分立即计入该学员申报年度的学分，学员可在【学分查询】中看到；如有错误，需冲销学分记录。")
        .field("action", "approve")
        .confirm_label("确认通过")
        .cancel("/admin/claims?status=pending");
        return Ok(page.into_response());
    }
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
        Ok(done) => {
            Ok(Redirect::to(&format!("/admin/claims?done={done}&claim={id}")).into_response())
        }
        Err(e) => {
            let mut p = page(&state, &a, "pending").await?;
            p.notice = e.message.clone();
            p.notice_is_error = true;
            Ok((crate::error::status_of(e.kind), p).into_response())
        }
    }
}
