//! 演示网校 (only with `--demo`): plays a school's side through the real signed partner API, in
//! process: it redeems the 进入网校 token, shows the learner, and reports payment, finished
//! courses (professional and public credits) and refunds exactly as a real school would.
//! Its pages have no login of their own: it is a demonstration, never part of production.

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::extract::{Path, Query};
use crate::partner::signing;
use crate::ui::chrome::Chrome;
use crate::{AppError, AppState, HttpError};
use jxjy_app::crypto;
use jxjy_app::format;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/demo-school/{inst}/sso", get(sso))
        .route("/demo-school/{inst}/enrollments/{id}/{action}", post(act))
}

/// Sends a signed request to the partner API, in process, as school `inst`.
async fn partner_call(
    state: &AppState,
    inst: i64,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Result<(StatusCode, Value), HttpError> {
    let (_, secret) = jxjy_app::partner::school::with_secret(state, inst).await?;
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let nonce = crypto::random_token().map_err(AppError::internal)?;
    let mut request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header("content-type", "application/json");
    for (name, value) in signing::headers(
        inst,
        &secret,
        method.as_str(),
        path,
        format::now(),
        &nonce[..32],
        &bytes,
    ) {
        request = request.header(name, value);
    }
    let request = request
        .body(Body::from(bytes))
        .map_err(AppError::internal)?;
    let response = axum::Router::from(crate::partner::routes().api)
        .with_state(state.clone())
        .oneshot(request)
        .await
        .map_err(AppError::internal)?;
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1024 * 1024)
        .await
        .map_err(AppError::internal)?;
    Ok((status, serde_json::from_slice(&body).unwrap_or(Value::Null)))
}

const DEMO_COOKIE: &str = "jxjy_demo_school";

/// The demo school's session value: which school and enrollment, signed with the server key.
fn school_session(state: &AppState, inst: i64, enrollment_id: i64) -> String {
    let claim = format!("{inst}.{enrollment_id}");
    format!(
        "{claim}.{}",
        crypto::hmac_hex(&state.secret_key, format!("demo-school:{claim}").as_bytes())
    )
}

#[derive(Template, WebTemplate)]
#[template(path = "demo_school.html")]
pub struct SchoolPage {
    pub chrome: Chrome,
    pub school: String,
    pub inst: i64,
    pub learner: String,
    pub document: String,
    pub enrollment: Value,
    pub message: String,
    pub is_error: bool,
}

impl SchoolPage {
    fn field(&self, name: &str) -> String {
        match &self.enrollment[name] {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        }
    }

    pub fn id(&self) -> String {
        self.field("id")
    }

    pub fn status(&self) -> String {
        self.field("status")
    }

    pub fn status_label(&self) -> &'static str {
        match self.field("status").as_str() {
            "enrolled" => "已报名，待缴费",
            "paid" => "已缴费，学习中",
            "credited" => "学分已登记",
            "cancelled" => "已取消",
            _ => "",
        }
    }

    pub fn credits(&self, which: &str) -> String {
        self.enrollment["credits"][which].to_string()
    }

    pub fn year(&self) -> String {
        self.field("year")
    }

    /// 返回 to the platform: its 报名记录, with this enrollment highlighted and a word on what
    /// the school reported.
    pub fn back_href(&self) -> String {
        let id = self.id();
        if id.is_empty() || id == "null" {
            return "/learner/training".to_string();
        }
        format!(
            "/learner/training?year={}&done=returned&enrollment={id}#enrollment-{id}",
            self.year()
        )
    }
}

async fn page(
    state: &AppState,
    inst: i64,
    learner: String,
    document: String,
    enrollment: Value,
    message: String,
    is_error: bool,
) -> Result<SchoolPage, HttpError> {
    let school = jxjy_app::partner::school::demo_school(state, inst)
        .await?
        .name;
    Ok(SchoolPage {
        chrome: Chrome::new(state, ""),
        school,
        inst,
        learner,
        document,
        enrollment,
        message,
        is_error,
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SsoQuery {
    pub token: String,
}

pub async fn sso(
    State(state): State<AppState>,
    Path(inst): Path<i64>,
    Query(q): Query<SsoQuery>,
) -> Result<Response, HttpError> {
    let (status, body) = partner_call(
        &state,
        inst,
        Method::POST,
        "/api/v1/partner/handoff/verify",
        Some(json!({"token": q.token})),
    )
    .await?;
    if !status.is_success() {
        let message = body["error"]["message"]
            .as_str()
            .unwrap_or("令牌无效")
            .to_string();
        return Ok((
            status,
            page(
                &state,
                inst,
                String::new(),
                String::new(),
                Value::Null,
                message,
                true,
            )
            .await?,
        )
            .into_response());
    }
    let learner = body["learner"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let document = jxjy_app::accounts::view::masked_document(
        body["learner"]["id_type"].as_str().unwrap_or_default(),
        body["learner"]["id_number"].as_str().unwrap_or_default(),
    );
    // The school's own session: only the enrollment whose token was redeemed may be acted on.
    let enrollment_id = body["enrollment"]["id"].as_i64().unwrap_or(0);
    let mut response = page(
        &state,
        inst,
        learner,
        document,
        body["enrollment"].clone(),
        "已通过学习平台登录本网校".into(),
        false,
    )
    .await?
    .into_response();
    let cookie = format!(
        "{DEMO_COOKIE}={}; Path=/demo-school; HttpOnly; SameSite=Lax",
        school_session(&state, inst, enrollment_id)
    );
    if let Ok(v) = axum::http::HeaderValue::from_str(&cookie) {
        response
            .headers_mut()
            .insert(axum::http::header::SET_COOKIE, v);
    }
    Ok(response)
}

pub async fn act(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    Path((inst, id, action)): Path<(i64, i64, String)>,
) -> Result<Response, HttpError> {
    let expected = school_session(&state, inst, id);
    if !crate::auth::cookie(&headers, DEMO_COOKIE)
        .is_some_and(|c| crypto::constant_time_eq(&c, &expected))
    {
        return Err(
            AppError::forbidden("请从学习平台点击【进入网校】进入本网校后再操作")
                .with_code("demo_school_session")
                .into(),
        );
    }
    let now = format::now();
    let (path, body, done) = match action.as_str() {
        "pay" => (
            format!("/api/v1/partner/enrollments/{id}/payment"),
            json!({"reference": format!("DEMO-PAY-{id}"), "amount_fen": 12000, "paid_at": format::rfc3339(now)}),
            "缴费成功，已通知学习平台",
        ),
        "finish" => {
            let e = jxjy_app::partner::reports::own(&state, inst, id).await?;
            // Credits count in the enrollment's year: a past year's courses end on its last day.
            let completed = if e.year < i64::from(format::this_year()) {
                format!("{}-12-31T12:00:00+08:00", e.year)
            } else {
                format::rfc3339(now)
            };
            (
                format!("/api/v1/partner/enrollments/{id}/credits"),
                json!({"records": [
                    {"record_id": format!("DEMO-{id}-P1"), "course": "企业会计准则专题（演示课程）", "category": "professional", "credits": 60, "completed_at": completed},
                    {"record_id": format!("DEMO-{id}-G1"), "course": "会计职业道德与公需知识（演示课程）", "category": "public", "credits": 30, "completed_at": completed}
                ]}),
                "课程已学完，学分已报送学习平台",
            )
        }
        "refund" => (
            format!("/api/v1/partner/enrollments/{id}/refund"),
            json!({"reference": format!("DEMO-REFUND-{id}"), "refunded_at": format::rfc3339(now)}),
            "已退费，学习平台已自动取消报名",
        ),
        _ => return Err(AppError::not_found("不支持的操作").into()),
    };
    let (status, result) = partner_call(&state, inst, Method::POST, &path, Some(body)).await?;
    let (_, learner) = jxjy_app::partner::reports::own_with_learner(&state, inst, id).await?;
    let masked = jxjy_app::accounts::view::masked_document(&learner.id_type, &learner.id_number);
    let (message, is_error, enrollment) = if status.is_success() {
        (done.to_string(), false, result["enrollment"].clone())
    } else {
        (
            result["error"]["message"]
                .as_str()
                .unwrap_or("操作失败")
                .to_string(),
            true,
            feed_view(&state, inst, id).await?,
        )
    };
    let page = page(
        &state,
        inst,
        learner.name,
        masked,
        enrollment,
        message,
        is_error,
    )
    .await?;
    Ok((if is_error { status } else { StatusCode::OK }, page).into_response())
}

/// The enrollment as the partner feed shows it (for a page after a refused action).
async fn feed_view(state: &AppState, inst: i64, id: i64) -> Result<Value, HttpError> {
    let (_, body) = partner_call(
        state,
        inst,
        Method::GET,
        "/api/v1/partner/enrollments?limit=500",
        None,
    )
    .await?;
    Ok(body["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == id).cloned())
        .unwrap_or(Value::Null))
}
