//! 通知公告: paginated list and detail.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use jxjy_store::Page;
use jxjy_store::notices::Notice;

use crate::extract::{PageQuery, Path, Query};
use crate::ui::NoticeItem;
use crate::ui::{chrome::Chrome, paragraphs};
use crate::{AppState, HttpError};
use jxjy_app::format;
use jxjy_app::portal;

#[derive(Template, WebTemplate)]
#[template(path = "notices.html")]
pub struct NoticesPage {
    pub chrome: Chrome,
    pub items: Vec<NoticeItem>,
    pub page: Page<()>,
}

#[derive(Template, WebTemplate)]
#[template(path = "notice.html")]
pub struct NoticePage {
    pub chrome: Chrome,
    pub notice: Notice,
    pub date: String,
    pub paragraphs: Vec<String>,
}

pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<NoticesPage, HttpError> {
    let page = portal::notices(&state, q.page).await?;
    let items = page.items.into_iter().map(NoticeItem::from).collect();
    let page = Page {
        items: vec![],
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    };
    Ok(NoticesPage {
        chrome: Chrome::new(&state, "notices"),
        items,
        page,
    })
}

pub async fn detail(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<NoticePage, HttpError> {
    let notice = portal::notice(&state, id).await?;
    let paragraphs = paragraphs(&notice.body);
    let date = format::date(notice.published_at);
    Ok(NoticePage {
        chrome: Chrome::new(&state, "notices"),
        notice,
        date,
        paragraphs,
    })
}
