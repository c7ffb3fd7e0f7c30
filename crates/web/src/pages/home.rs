//! 首页: banner, latest notices, the login box and the 学分获取流程. One query.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::auth::MaybeLearner;
use crate::pages::chrome::Chrome;
use crate::pages::notices::NoticeItem;
use crate::{AppError, AppState};

/// The steps of the manual's 学分获取流程.
pub const CREDIT_FLOW: [&str; 6] = [
    "信息采集",
    "系统登录",
    "网络继续教育培训",
    "选择年度",
    "网校缴费学习",
    "获取继续教育学分",
];

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub notices: Vec<NoticeItem>,
    pub flow: [&'static str; 6],
}

pub async fn home(
    State(state): State<AppState>,
    MaybeLearner(learner): MaybeLearner,
) -> Result<HomePage, AppError> {
    let notices = state
        .store
        .latest_notices(6)
        .await?
        .into_iter()
        .map(NoticeItem::from)
        .collect();
    Ok(HomePage {
        chrome: Chrome::with_learner(&state, "home", learner.as_ref()),
        notices,
        flow: CREDIT_FLOW,
    })
}
