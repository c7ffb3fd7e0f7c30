//! 学分查询: the learner's credits per year and study method with each year's compliance and what
//! is missing, 详情 per year, 下载学时证明 for met years; and the public certificate check
//! `/verify/{code}`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use crate::auth::{ClientIp, LearnerToken, PageAuthRejection, PageLearner};
use crate::extract::Path;
use crate::ui::chrome::Chrome;
use crate::{AppState, HttpError};
use jxjy_app::credits::certificate::{self, Verification};
use jxjy_app::credits::{self, CreditReport, RowView, YearDetail, YearView};
use jxjy_app::format;

#[derive(Template, WebTemplate)]
#[template(path = "credits.html")]
pub struct CreditsPage {
    pub chrome: Chrome,
    pub report: CreditReport,
    /// Newest year first, as the page lists them.
    pub rows: Vec<RowView>,
    pub years: Vec<YearView>,
    pub first_required_year: Option<i64>,
    pub this_year: i64,
    /// The requirement sentence of this year's rule.
    pub rule_text: String,
    /// This year, the page's headline (absent when the report has no entry for it).
    pub current: Option<YearView>,
    /// `2025-03-01`: where the platform's own records begin.
    pub records_since: String,
}

pub async fn page(
    State(state): State<AppState>,
    session: LearnerToken,
) -> Result<CreditsPage, PageAuthRejection> {
    let found = match &session.token {
        Some(token) => credits::report_by_session(&state, token).await?,
        None => None,
    };
    let Some(credits::SessionReport {
        auth,
        report,
        first_required_year,
    }) = found
    else {
        return Err(session.to_login());
    };
    let auth = crate::auth::LearnerAuth(auth);
    let this_year = i64::from(format::this_year());
    let rule = credits::rule_of(&state, this_year)?;
    let current = report.years.iter().find(|y| y.year == this_year).cloned();
    Ok(CreditsPage {
        chrome: Chrome::for_learner(&state, "credits", &auth),
        current,
        records_since: credits::records_since(&state)?.date().to_string(),
        rows: report.rows.iter().rev().cloned().collect(),
        years: report.years.iter().rev().cloned().collect(),
        report,
        first_required_year,
        this_year,
        rule_text: credits::RuleView::from(&rule).description,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "credit_year.html")]
pub struct CreditYearPage {
    pub chrome: Chrome,
    pub year: i64,
    pub detail: YearDetail,
}

pub async fn year(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    Path(year): Path<i64>,
) -> Result<CreditYearPage, HttpError> {
    let detail = credits::year_detail(&state, auth.learner_id, year).await?;
    Ok(CreditYearPage {
        chrome: Chrome::for_learner(&state, "credits", &auth),
        year: detail.summary.year,
        detail,
    })
}

/// 下载学时证明 from the page: the PDF, or the friendly error page saying what is missing.
pub async fn certificate(
    State(state): State<AppState>,
    PageLearner(auth): PageLearner,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Path(year): Path<i64>,
) -> Result<Response, HttpError> {
    super::certificate_download(&state, &auth, &headers, year, ip).await
}

#[derive(Template, WebTemplate)]
#[template(path = "verify.html")]
pub struct VerifyPage {
    pub chrome: Chrome,
    pub v: Verification,
}

/// 学时证明核验: public; a forged or mistyped code is 404.
pub async fn verify(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<VerifyPage, HttpError> {
    let v = certificate::verify(&state, &code).await?;
    Ok(VerifyPage {
        chrome: Chrome::new(&state, ""),
        v,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "verify_form.html")]
pub struct VerifyFormPage {
    pub chrome: Chrome,
    pub code: String,
    pub error: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct VerifyQuery {
    pub code: String,
}

/// `/verify`: a form to type the code printed on a certificate; with `?code=` the result, or the
/// form again with what went wrong (404 for a code that matches no certificate).
pub async fn verify_form(
    State(state): State<AppState>,
    crate::extract::Query(q): crate::extract::Query<VerifyQuery>,
) -> Response {
    use axum::response::IntoResponse;
    let code = q.code.trim().to_string();
    if code.is_empty() {
        return VerifyFormPage {
            chrome: Chrome::new(&state, ""),
            code,
            error: String::new(),
        }
        .into_response();
    }
    match certificate::verify(&state, &code).await {
        Ok(v) => VerifyPage {
            chrome: Chrome::new(&state, ""),
            v,
        }
        .into_response(),
        Err(e) => {
            let status = crate::error::status_of(e.kind);
            let page = VerifyFormPage {
                chrome: Chrome::new(&state, ""),
                code,
                error: e.message,
            };
            (status, page).into_response()
        }
    }
}
