//! Console page for administrators: those in one's scope, and a form to add one (province and
//! super admins), through the same use case as the admin API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jxjy_store::admins::AdminRow;
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::console::pages::PageAdmin;
use crate::console::pages::confirm::{ConfirmPage, confirmed};
use crate::extract::{Form, Path};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::admin::AdminRole;
use jxjy_app::admin::admins;
use jxjy_app::admin::admins::{NewAdminRequest, add_admin};
use jxjy_app::regions::{RegionOption, region_options_within};

#[derive(Template, WebTemplate)]
#[template(path = "admin_users.html")]
pub struct UsersPage {
    pub chrome: Chrome,
    pub items: Vec<AdminRow>,
    pub form: FormState,
    pub regions: Vec<RegionOption>,
    pub can_create: bool,
    pub me: i64,
    pub role: AdminRole,
}

impl UsersPage {
    /// Whether this admin may disable or re-enable `u` (the same rule as the use case).
    pub fn can_manage(&self, u: &AdminRow) -> bool {
        u.id != self.me && self.role.may_manage(u.role)
    }
}

async fn users_page(
    state: &AppState,
    a: &jxjy_app::admin::AdminAuth,
    form: FormState,
) -> Result<UsersPage, HttpError> {
    Ok(UsersPage {
        chrome: crate::console::pages::chrome(state, "admin_users", a),
        items: jxjy_app::admin::admins::rows_in_scope(state, a).await?,
        form,
        regions: region_options_within(state, &a.session.region_path).await?,
        can_create: a.role.manages_institutions(),
        me: a.session.id,
        role: a.role,
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
) -> Result<UsersPage, HttpError> {
    users_page(&state, &a, FormState::default()).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub username: String,
    pub password: String,
    pub role: String,
    pub region_code: String,
}

pub async fn create(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Form(f): Form<UserForm>,
) -> Result<Response, HttpError> {
    let req = NewAdminRequest {
        username: f.username.clone(),
        password: f.password.clone(),
        role: f.role.clone(),
        region_code: f.region_code.clone(),
    };
    match add_admin(&state, &a, ip, &req).await {
        Ok(_) => Ok(Redirect::to("/admin/users").into_response()),
        Err(e) => {
            let mut form = FormState::with_values([
                ("username", f.username),
                ("role", f.role),
                ("region_code", f.region_code),
            ]);
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                users_page(&state, &a, form).await?,
            )
                .into_response())
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ConfirmForm {
    pub confirm: String,
}

/// 停用: the first POST asks for confirmation; the confirmed one disables the admin.
pub async fn disable(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, HttpError> {
    if confirmed(&f.confirm) {
        admins::set_disabled(&state, &a, ip, id, true).await?;
        return Ok(Redirect::to("/admin/users").into_response());
    }
    let target = admins::check_manageable(&state, &a, id).await?;
    let chrome = crate::console::pages::chrome(&state, "admin_users", &a);
    Ok(ConfirmPage::new(
        chrome,
        "停用管理员",
        format!(
            "确认停用管理员“{}”（{}）？",
            target.username, target.display_name
        ),
        format!("/admin/users/{id}/disable"),
    )
    .detail("停用后该账号立即退出登录且不能再登录，需要时可以重新启用。")
    .confirm_label("确认停用")
    .cancel("/admin/users")
    .into_response())
}

/// 启用: re-enables an admin (nothing is lost, so no confirmation).
pub async fn enable(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
) -> Result<Response, HttpError> {
    admins::set_disabled(&state, &a, ip, id, false).await?;
    Ok(Redirect::to("/admin/users").into_response())
}
