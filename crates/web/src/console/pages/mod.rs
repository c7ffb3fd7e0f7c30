//! The 主管部门 console pages: login, dashboard (statistics with bar charts), learners with
//! search and filters, notices, and the audit log (a learner's file is `learner.rs`).
//! Everything goes through `admin::console`, which the admin API uses too.

pub mod claims;
pub mod confirm;
pub mod dashboard;
pub mod employers;
pub mod faqs;
pub mod learner;
pub mod schools;
pub mod tools;
pub mod users;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::auth::{self, ClientIp};
use crate::auth::{ADMIN_COOKIE, AdminAuth};
use crate::console::pages::confirm::{ConfirmPage, confirmed};
use crate::extract::{Form, Query};
use crate::ui::NoticeItem;
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppError, AppState, HttpError};
use jxjy_app::admin;
use jxjy_app::admin::console::parse_met;
use jxjy_app::admin::console::{self, AdminLearnerItem};
use jxjy_app::admin::notices::{self, NoticeRequest};
use jxjy_app::format;

/// An admin on a page; without a session the browser goes to the admin login.
pub struct PageAdmin(pub AdminAuth);

impl FromRequestParts<AppState> for PageAdmin {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match AdminAuth::from_request_parts(parts, state).await {
            Ok(a) => Ok(PageAdmin(a)),
            Err(e) if e.status == StatusCode::UNAUTHORIZED => {
                Err(Redirect::to("/admin/login").into_response())
            }
            Err(e) => Err(e.into_response()),
        }
    }
}

pub(crate) fn chrome(
    state: &AppState,
    nav: &'static str,
    admin: &jxjy_app::admin::AdminAuth,
) -> Chrome {
    Chrome {
        admin_name: Some(format!(
            "{}（{}）",
            admin.session.display_name, admin.session.username
        )),
        admin_reads_audit: admin.role.manages_institutions(),
        ..Chrome::new(state, nav)
    }
}

// ---- login ----

#[derive(Template, WebTemplate)]
#[template(path = "admin_login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub form: FormState,
}

pub async fn login_form(State(state): State<AppState>) -> LoginPage {
    LoginPage {
        chrome: Chrome::new(&state, ""),
        form: FormState::default(),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    pub username: String,
    pub password: String,
}

pub async fn login(State(state): State<AppState>, Form(f): Form<LoginForm>) -> Response {
    match admin::login(&state, &f.username, &f.password).await {
        Ok(token) => {
            let mut response = Redirect::to("/admin").into_response();
            if let Ok(v) =
                HeaderValue::from_str(&auth::session_cookie(ADMIN_COOKIE, &token, &state.settings))
            {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            response
        }
        Err(e) => {
            let mut form = FormState::with_values([("username", f.username.clone())]);
            form.fail(&e);
            (
                crate::error::status_of(e.kind),
                LoginPage {
                    chrome: Chrome::new(&state, ""),
                    form,
                },
            )
                .into_response()
        }
    }
}

pub async fn logout(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
) -> Result<Response, HttpError> {
    admin::logout(&state, &a).await?;
    let mut response = Redirect::to("/admin/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::clear_cookie(ADMIN_COOKIE, &state.settings)) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(response)
}

pub use crate::console::pages::dashboard::dashboard;

// ---- learners ----

#[derive(Template, WebTemplate)]
#[template(path = "admin_learners.html")]
pub struct LearnersPage {
    pub chrome: Chrome,
    pub items: Vec<AdminLearnerItem>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub q: String,
    pub region: String,
    pub year: i64,
    pub met: String,
    pub regions: Vec<jxjy_app::regions::RegionOption>,
}

impl LearnersPage {
    pub fn status_label(&self, s: &str) -> &'static str {
        s.parse::<jxjy_domain::YearStatus>()
            .map(|s| s.label())
            .unwrap_or("")
    }

    /// The query string of this list at another page.
    pub fn at_page(&self, page: i64) -> String {
        let enc = |s: &str| {
            s.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        };
        format!(
            "?q={}&region={}&year={}&met={}&page={page}",
            enc(&self.q),
            enc(&self.region),
            self.year,
            enc(&self.met)
        )
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LearnersQuery {
    pub q: String,
    pub region: String,
    pub year: Option<i64>,
    pub met: String,
    pub page: Option<i64>,
}

/// 导出当前列表: the list as filtered on the page, as xlsx.
pub async fn learners_export(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Query(q): Query<LearnersQuery>,
) -> Result<Response, HttpError> {
    let query = console::LearnerListQuery {
        q: (!q.q.trim().is_empty()).then(|| q.q.trim().to_string()),
        region: Some(q.region.clone()),
        year: q.year.unwrap_or_else(|| i64::from(format::this_year())),
        met: parse_met(Some(q.met.as_str()))?,
    };
    crate::download::send(
        jxjy_app::admin::learner_export::learner_list(&state, &a, ip, &query).await?,
    )
}

pub async fn learners(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<LearnersQuery>,
) -> Result<LearnersPage, HttpError> {
    let year = q.year.unwrap_or_else(|| i64::from(format::this_year()));
    let met = parse_met(Some(q.met.as_str()))?;
    let search = (!q.q.trim().is_empty()).then(|| q.q.trim().to_string());
    let page = console::learners(
        &state,
        &a,
        search,
        Some(q.region.as_str()),
        year,
        met,
        q.page,
    )
    .await?;
    let pages = page.pages();
    Ok(LearnersPage {
        chrome: chrome(&state, "admin_learners", &a),
        items: page.items,
        total: page.total,
        page: page.page,
        pages,
        q: q.q,
        region: q.region,
        year,
        met: q.met,
        regions: jxjy_app::regions::region_options_within(&state, &a.session.region_path).await?,
    })
}

// ---- notices ----

#[derive(Template, WebTemplate)]
#[template(path = "admin_notices.html")]
pub struct NoticesPage {
    pub chrome: Chrome,
    pub items: Vec<NoticeItem>,
    pub form: FormState,
    pub editing: Option<i64>,
    pub can_publish: bool,
}

async fn notices_page(
    state: &AppState,
    a: &AdminAuth,
    form: FormState,
    editing: Option<i64>,
) -> Result<NoticesPage, HttpError> {
    Ok(NoticesPage {
        chrome: chrome(state, "admin_notices", a),
        items: notices::newest(state)
            .await?
            .into_iter()
            .map(NoticeItem::from)
            .collect(),
        form,
        editing,
        can_publish: a.role.manages_institutions(),
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EditQuery {
    pub edit: Option<i64>,
}

pub async fn notices(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<EditQuery>,
) -> Result<NoticesPage, HttpError> {
    let form = match q.edit {
        Some(id) => {
            let n = notices::one(&state, id).await?;
            FormState::with_values([
                ("title", n.title),
                ("body", n.body),
                ("published_at", format::date(n.published_at)),
            ])
        }
        None => FormState::with_values([("published_at", format::date(format::now()))]),
    };
    notices_page(&state, &a, form, q.edit).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    pub id: Option<i64>,
    pub title: String,
    pub body: String,
    pub published_at: String,
    pub action: String,
    /// `yes` on the confirmation page's POST (deleting asks first).
    pub confirm: String,
}

pub async fn save_notice(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Form(f): Form<NoticeForm>,
) -> Result<Response, HttpError> {
    a.require_publisher()?;
    if f.action == "delete" {
        let id =
            f.id.ok_or_else(|| AppError::bad_request("invalid_input", "缺少通知编号"))?;
        if !confirmed(&f.confirm) {
            let n = notices::one(&state, id).await?;
            return Ok(ConfirmPage::new(
                chrome(&state, "admin_notices", &a),
                "删除通知",
                format!("确认删除《{}》？此操作不可撤销。", n.title),
                "/admin/notices".into(),
            )
            .field("id", id.to_string())
            .field("action", "delete")
            .confirm_label("确认删除")
            .cancel("/admin/notices")
            .into_response());
        }
        notices::delete(&state, &a, ip, id).await?;
        return Ok(Redirect::to("/admin/notices").into_response());
    }
    let req = NoticeRequest {
        title: f.title.clone(),
        body: f.body.clone(),
        published_at: f.published_at.clone(),
    };
    let saved = notices::save(&state, &a, ip, f.id, &req).await;
    match saved {
        Ok(_) => Ok(Redirect::to("/admin/notices").into_response()),
        Err(e) => {
            let mut form = FormState::with_values([
                ("title", f.title),
                ("body", f.body),
                ("published_at", f.published_at),
            ]);
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                notices_page(&state, &a, form, f.id).await?,
            )
                .into_response())
        }
    }
}

// ---- audit ----

#[derive(Template, WebTemplate)]
#[template(path = "admin_audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub items: Vec<jxjy_app::admin::audit::AuditView>,
    pub q: AuditQuery,
    pub actions: &'static [(&'static str, &'static str)],
    /// The query string of the filters, for the pager's links.
    pub filters: String,
    pub page: i64,
    pub pages: i64,
    pub total: i64,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AuditQuery {
    pub action: String,
    pub who: String,
    pub from: String,
    pub to: String,
    #[serde(skip_serializing)]
    pub page: Option<i64>,
}

impl AuditQuery {
    pub fn is_empty(&self) -> bool {
        [&self.action, &self.who, &self.from, &self.to]
            .iter()
            .all(|s| s.trim().is_empty())
    }
}

pub async fn audit(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<AuditQuery>,
) -> Result<AuditPage, HttpError> {
    let query = jxjy_app::admin::audit::AuditQuery {
        action: q.action.clone(),
        who: q.who.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        page: q.page,
        ..Default::default()
    };
    let page = jxjy_app::admin::audit::page(&state, &a, &query).await?;
    let pages = page.pages();
    Ok(AuditPage {
        chrome: chrome(&state, "admin_audit", &a),
        items: page.items,
        filters: serde_urlencoded::to_string(&q).unwrap_or_default(),
        q,
        actions: jxjy_app::admin::audit::ACTIONS,
        page: page.page,
        pages,
        total: page.total,
    })
}
