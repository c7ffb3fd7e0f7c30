//! 我的单位 on 个人信息: the learner names its employer by USCC, withdraws or leaves, and
//! answers an employer's invitation. Each form posts and returns to `/learner/profile#employer`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts::workspace::profile_page;
use crate::auth::{ClientIp, PageLearner};
use crate::extract::Form;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::AppError;
use jxjy_app::employers::links;

fn done(what: &str) -> Response {
    Redirect::to(&format!("/learner/profile?employer={what}#employer")).into_response()
}

/// 个人信息 again, with 我的单位's error.
async fn failed(
    state: &AppState,
    learner: &crate::auth::LearnerAuth,
    values: FormState,
    e: &AppError,
) -> Result<Response, HttpError> {
    let mut page = profile_page(state, learner, None, FormState::default()).await?;
    page.employer_form = values;
    page.employer_form.fail(e);
    let status: StatusCode = crate::error::status_of(e.kind);
    Ok((status, page).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NameForm {
    pub uscc: String,
}

pub async fn name(
    State(state): State<AppState>,
    PageLearner(learner): PageLearner,
    ClientIp(ip): ClientIp,
    Form(f): Form<NameForm>,
) -> Result<Response, HttpError> {
    match links::request(&state, &learner, &f.uscc, ip).await {
        Ok(mine) if mine.current.is_some() => Ok(done("accepted")),
        Ok(_) => Ok(done("requested")),
        Err(e) => {
            failed(
                &state,
                &learner,
                FormState::with_values([("uscc", f.uscc)]),
                &e,
            )
            .await
        }
    }
}

pub async fn leave(
    State(state): State<AppState>,
    PageLearner(learner): PageLearner,
    ClientIp(ip): ClientIp,
) -> Result<Response, HttpError> {
    match links::leave(&state, &learner, ip).await {
        Ok(_) => Ok(done("left")),
        Err(e) => failed(&state, &learner, FormState::default(), &e).await,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AnswerForm {
    pub employer_id: Option<i64>,
}

pub async fn accept(
    State(state): State<AppState>,
    PageLearner(learner): PageLearner,
    ClientIp(ip): ClientIp,
    Form(f): Form<AnswerForm>,
) -> Result<Response, HttpError> {
    match links::accept(&state, &learner, f.employer_id, ip).await {
        Ok(_) => Ok(done("accepted")),
        Err(e) => failed(&state, &learner, FormState::default(), &e).await,
    }
}

pub async fn decline(
    State(state): State<AppState>,
    PageLearner(learner): PageLearner,
    ClientIp(ip): ClientIp,
    Form(f): Form<AnswerForm>,
) -> Result<Response, HttpError> {
    match links::decline(&state, &learner, f.employer_id, ip).await {
        Ok(_) => Ok(done("declined")),
        Err(e) => failed(&state, &learner, FormState::default(), &e).await,
    }
}
