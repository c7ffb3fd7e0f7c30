//! 常见问题 in the console (province and super admins edit; every admin sees them): add, edit,
//! and delete after a confirmation page. The use cases are the admin API's (`jxjy_app::admin::faqs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jxjy_store::faqs::Faq;
use serde::Deserialize;

use crate::auth::AdminAuth;
use crate::auth::ClientIp;
use crate::console::pages::confirm::{ConfirmPage, confirmed};
use crate::console::pages::{PageAdmin, chrome};
use crate::extract::{Form, Query};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppError, AppState, HttpError};
use jxjy_app::admin::faqs::{self, FaqRequest};

#[derive(Template, WebTemplate)]
#[template(path = "admin_faqs.html")]
pub struct FaqsPage {
    pub chrome: Chrome,
    pub items: Vec<Faq>,
    pub form: FormState,
    pub editing: Option<i64>,
    pub can_edit: bool,
}

async fn faqs_page(
    state: &AppState,
    a: &AdminAuth,
    form: FormState,
    editing: Option<i64>,
) -> Result<FaqsPage, HttpError> {
    Ok(FaqsPage {
        chrome: chrome(state, "admin_faqs", a),
        items: faqs::all(state).await?,
        form,
        editing,
        can_edit: a.role.manages_institutions(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditQuery {
    pub edit: Option<i64>,
}

pub async fn list(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<EditQuery>,
) -> Result<FaqsPage, HttpError> {
    let form = match q.edit {
        Some(id) => {
            let f = faqs::one(&state, id).await?;
            FormState::with_values([
                ("question", f.question),
                ("answer", f.answer),
                ("sort_order", f.sort_order.to_string()),
            ])
        }
        None => FormState::with_values([("sort_order", "0".to_string())]),
    };
    faqs_page(&state, &a, form, q.edit).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FaqForm {
    pub id: Option<i64>,
    pub question: String,
    pub answer: String,
    pub sort_order: String,
    pub action: String,
    pub confirm: String,
}

pub async fn save(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Form(f): Form<FaqForm>,
) -> Result<Response, HttpError> {
    a.require_institution_manager()?;
    if f.action == "delete" {
        let id =
            f.id.ok_or_else(|| AppError::bad_request("invalid_input", "缺少问题编号"))?;
        if !confirmed(&f.confirm) {
            let entry = faqs::one(&state, id).await?;
            return Ok(ConfirmPage::new(
                chrome(&state, "admin_faqs", &a),
                "删除常见问题",
                format!("确认删除《{}》？此操作不可撤销。", entry.question),
                "/admin/faqs".into(),
            )
            .field("id", id.to_string())
            .field("action", "delete")
            .confirm_label("确认删除")
            .cancel("/admin/faqs")
            .into_response());
        }
        faqs::delete(&state, &a, ip, id).await?;
        return Ok(Redirect::to("/admin/faqs").into_response());
    }
    let order = f.sort_order.trim();
    let sort_order = if order.is_empty() {
        Ok(0)
    } else {
        order.parse::<i64>().map_err(|_| {
            AppError::bad_request("invalid_input", "排序应为整数，数字小的排在前面")
                .on_field("sort_order")
        })
    };
    let saved = match sort_order {
        Ok(sort_order) => {
            let req = FaqRequest {
                question: f.question.clone(),
                answer: f.answer.clone(),
                sort_order,
            };
            faqs::save(&state, &a, ip, f.id, &req).await
        }
        Err(e) => Err(e),
    };
    match saved {
        Ok(_) => Ok(Redirect::to("/admin/faqs").into_response()),
        Err(e) => {
            let mut form = FormState::with_values([
                ("question", f.question),
                ("answer", f.answer),
                ("sort_order", f.sort_order),
            ]);
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                faqs_page(&state, &a, form, f.id).await?,
            )
                .into_response())
        }
    }
}
