//! 首页: banner, latest notices, the login box and the 学分获取流程. One query.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;

use crate::auth::MaybeLearner;
use crate::ui::NoticeItem;
use crate::ui::chrome::Chrome;
use crate::{AppState, HttpError};

/// The steps of the manual's 学分获取流程, each with what the person does there.
pub const CREDIT_FLOW: [(&str, &str); 6] = [
    ("信息采集", "首次使用点击【注册】，填写个人信息"),
    ("系统登录", "用姓名、证件号和密码或手机验证码登录"),
    ("网络继续教育培训", "点击【进入系统】，打开【网络培训】"),
    ("选择年度", "选择培训年度、等级和网校，确认报名"),
    ("网校缴费学习", "点击【进入网校】，缴费后学习课程"),
    ("获取继续教育学分", "网校报送学分，在【学分查询】中查看"),
];

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
pub struct HomePage {
    pub chrome: Chrome,
    pub notices: Vec<NoticeItem>,
    pub flow: [(&'static str, &'static str); 6],
}

pub async fn home(
    State(state): State<AppState>,
    MaybeLearner(learner): MaybeLearner,
) -> Result<HomePage, HttpError> {
    let notices = jxjy_app::portal::latest_notices(&state, 6)
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
