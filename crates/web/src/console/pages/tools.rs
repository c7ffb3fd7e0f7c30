//! 导入导出: the exports of a chosen year (达标名单, 统计, 学分记录) with Chinese file names, the
//! roster import with its template to download, and the report of what an import did.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Multipart, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::console::pages::PageAdmin;
use crate::extract::Query;
use crate::ui::chrome::Chrome;
use crate::{AppError, AppState};
use jxjy_app::admin::roster::ImportReport;
use jxjy_app::format;

#[derive(Template, WebTemplate)]
#[template(path = "admin_tools.html")]
pub struct ToolsPage {
    pub chrome: Chrome,
    pub year: i64,
    /// The years offered in the picker, newest first.
    pub years: Vec<i64>,
    pub report: Option<ImportReport>,
    pub error: String,
    /// The admin's authority, as the download names begin.
    pub scope: String,
}

impl ToolsPage {
    fn new(state: &AppState, a: &jxjy_app::admin::AdminAuth, year: Option<i64>) -> ToolsPage {
        let this = i64::from(format::this_year());
        ToolsPage {
            chrome: crate::console::pages::chrome(state, "admin_tools", a),
            year: year.filter(|y| (2000..=this).contains(y)).unwrap_or(this),
            years: (2000..=this).rev().take(10).collect(),
            report: None,
            error: String::new(),
            scope: a.session.display_name.clone(),
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ToolsQuery {
    pub year: Option<i64>,
}

pub async fn tools(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Query(q): Query<ToolsQuery>,
) -> ToolsPage {
    ToolsPage::new(&state, &a, q.year)
}

/// 下载导入模板: the roster's columns and an example row (for the admin's own region).
pub async fn roster_template(PageAdmin(a): PageAdmin) -> Response {
    let body = jxjy_app::admin::roster::roster_template_csv(&a.session.region_code);
    (
        [
            (
                header::CONTENT_TYPE,
                jxjy_app::admin::export::CSV.to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                crate::download::attachment("roster-template.csv", "学员名册导入模板.csv"),
            ),
        ],
        body,
    )
        .into_response()
}

pub async fn import(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    mut multipart: Multipart,
) -> Response {
    let mut page = ToolsPage::new(&state, &a, None);
    let mut file = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            file = field.bytes().await.ok();
        }
    }
    let result = match file.filter(|b| !b.is_empty()) {
        Some(bytes) => jxjy_app::admin::roster::import(&state, &a, &bytes, &a.actor(ip)).await,
        None => Err(AppError::bad_request(
            "invalid_input",
            "请选择要导入的文件（xlsx 或 UTF-8 CSV），文件不能超过 20 MB",
        )),
    };
    match result {
        Ok(report) => {
            page.report = Some(report);
            page.into_response()
        }
        Err(e) => {
            page.error = e.message.clone();
            (crate::error::status_of(e.kind), page).into_response()
        }
    }
}
