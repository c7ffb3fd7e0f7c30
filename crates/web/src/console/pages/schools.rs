//! Console pages for schools and offers (province and super admins). They call the same use
//! cases as the admin API.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use jxjy_store::institutions::{InstitutionRow, OfferRow};
use serde::Deserialize;

use crate::auth::ClientIp;
use crate::console::pages::PageAdmin;
use crate::console::pages::confirm::{ConfirmPage, confirmed};
use crate::extract::{Form, Path};
use crate::ui::chrome::Chrome;
use crate::ui::form::FormState;
use crate::{AppState, HttpError};
use jxjy_app::admin::institutions::{
    self, EditInstitutionRequest, NewInstitutionRequest, NewOfferRequest, add_institution,
    add_offer, change_institution, new_secret,
};
use jxjy_app::format;

fn chrome(state: &AppState, a: &jxjy_app::admin::AdminAuth) -> Chrome {
    crate::console::pages::chrome(state, "admin_schools", a)
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_schools.html")]
pub struct SchoolsPage {
    pub chrome: Chrome,
    pub items: Vec<InstitutionRow>,
    pub form: FormState,
    pub secret: Option<(i64, String)>,
    pub can_manage: bool,
}

async fn schools_page(
    state: &AppState,
    a: &jxjy_app::admin::AdminAuth,
    form: FormState,
    secret: Option<(i64, String)>,
) -> Result<SchoolsPage, HttpError> {
    Ok(SchoolsPage {
        chrome: chrome(state, a),
        items: institutions::all(state).await?,
        form,
        secret,
        can_manage: a.role.manages_institutions(),
    })
}

pub async fn list(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
) -> Result<SchoolsPage, HttpError> {
    schools_page(&state, &a, FormState::default(), None).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SchoolForm {
    pub name: String,
    pub sso_url: String,
    pub webhook_url: String,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
    pub disabled: Option<String>,
    /// `yes` on the confirmation page's POST (disabling a school asks first).
    pub confirm: String,
}

impl SchoolForm {
    /// The values as typed, for the form shown again beside its errors.
    fn shown_again(self) -> FormState {
        FormState::with_values([
            ("name", self.name),
            ("sso_url", self.sso_url),
            ("webhook_url", self.webhook_url),
            ("intro", self.intro),
            ("contact_person", self.contact_person),
            ("contact_phone", self.contact_phone),
            ("contact_email", self.contact_email),
            ("website", self.website),
        ])
    }
}

pub async fn create(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Form(f): Form<SchoolForm>,
) -> Result<Response, HttpError> {
    let req = NewInstitutionRequest {
        name: f.name.clone(),
        sso_url: f.sso_url.clone(),
        intro: f.intro.clone(),
        contact_phone: f.contact_phone.clone(),
        contact_person: f.contact_person.clone(),
        contact_email: f.contact_email.clone(),
        website: f.website.clone(),
        webhook_url: f.webhook_url.clone(),
    };
    match add_institution(&state, &a, ip, &req).await {
        Ok(created) => Ok(schools_page(
            &state,
            &a,
            FormState::default(),
            Some((created.id, created.secret)),
        )
        .await?
        .into_response()),
        Err(e) => {
            let mut form = f.shown_again();
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                schools_page(&state, &a, form, None).await?,
            )
                .into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "admin_school.html")]
pub struct SchoolPage {
    pub chrome: Chrome,
    pub school: InstitutionRow,
    pub offers: Vec<OfferRow>,
    pub form: FormState,
    pub offer_form: FormState,
    pub secret: Option<String>,
    pub this_year: i64,
}

async fn school_page(
    state: &AppState,
    a: &jxjy_app::admin::AdminAuth,
    id: i64,
    form: Option<FormState>,
    offer_form: FormState,
    secret: Option<String>,
) -> Result<SchoolPage, HttpError> {
    let school = institutions::managed(state, a, id).await?;
    let form = form.unwrap_or_else(|| {
        FormState::with_values([
            ("name", school.name.clone()),
            ("sso_url", school.sso_url.clone()),
            (
                "webhook_url",
                school.webhook_url.clone().unwrap_or_default(),
            ),
            ("intro", school.intro.clone()),
            ("contact_person", school.contact_person.clone()),
            ("contact_phone", school.contact_phone.clone()),
            ("contact_email", school.contact_email.clone()),
            ("website", school.website.clone()),
        ])
    });
    Ok(SchoolPage {
        chrome: chrome(state, a),
        offers: institutions::offers_of(state, id).await?,
        school,
        form,
        offer_form,
        secret,
        this_year: i64::from(format::this_year()),
    })
}

pub async fn show(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    Path(id): Path<i64>,
) -> Result<SchoolPage, HttpError> {
    school_page(&state, &a, id, None, FormState::default(), None).await
}

pub async fn edit(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<SchoolForm>,
) -> Result<Response, HttpError> {
    if f.disabled.is_some() && !confirmed(&f.confirm) {
        let school = institutions::managed(&state, &a, id).await?;
        if school.disabled == 0 {
            return Ok(ConfirmPage::new(
                chrome(&state, &a),
                "停用培训机构",
                format!("确认停用“{}”？", school.name),
                format!("/admin/institutions/{id}"),
            )
            .detail("停用后学员不能再报名该机构，该机构的合作接口调用将被拒绝；已有报名记录保留，需要时可取消勾选“停用”重新启用。")
            .field("name", f.name)
            .field("sso_url", f.sso_url)
            .field("webhook_url", f.webhook_url)
            .field("intro", f.intro)
            .field("contact_person", f.contact_person)
            .field("contact_phone", f.contact_phone)
            .field("contact_email", f.contact_email)
            .field("website", f.website)
            .field("disabled", "1")
            .confirm_label("确认停用")
            .cancel(format!("/admin/institutions/{id}"))
            .into_response());
        }
    }
    let req = EditInstitutionRequest {
        name: Some(f.name.clone()),
        sso_url: Some(f.sso_url.clone()),
        webhook_url: Some(f.webhook_url.clone()),
        intro: Some(f.intro.clone()),
        contact_person: Some(f.contact_person.clone()),
        contact_phone: Some(f.contact_phone.clone()),
        contact_email: Some(f.contact_email.clone()),
        website: Some(f.website.clone()),
        disabled: Some(f.disabled.is_some()),
    };
    match change_institution(&state, &a, ip, id, &req).await {
        Ok(()) => Ok(Redirect::to(&format!("/admin/institutions/{id}")).into_response()),
        Err(e) => {
            let mut form = f.shown_again();
            form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                school_page(&state, &a, id, Some(form), FormState::default(), None).await?,
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

/// 重置密钥: the first POST asks for confirmation (the old secret stops working at once); the
/// confirmed one rotates and shows the new secret once.
pub async fn rotate(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<ConfirmForm>,
) -> Result<Response, HttpError> {
    if !confirmed(&f.confirm) {
        let school = institutions::managed(&state, &a, id).await?;
        return Ok(ConfirmPage::new(
            chrome(&state, &a),
            "重置合作密钥",
            format!("确认重置“{}”的合作密钥？", school.name),
            format!("/admin/institutions/{id}/secret"),
        )
        .detail("旧密钥立即失效，该机构须换用新密钥后才能继续调用合作接口。新密钥只显示一次。")
        .confirm_label("确认重置")
        .cancel(format!("/admin/institutions/{id}"))
        .into_response());
    }
    let secret = new_secret(&state, &a, ip, id).await?;
    Ok(
        school_page(&state, &a, id, None, FormState::default(), Some(secret))
            .await?
            .into_response(),
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    pub year: String,
    pub level: String,
    pub price_yuan: String,
}

pub async fn offer(
    State(state): State<AppState>,
    PageAdmin(a): PageAdmin,
    ClientIp(ip): ClientIp,
    Path(id): Path<i64>,
    Form(f): Form<OfferForm>,
) -> Result<Response, HttpError> {
    let price_fen = f
        .price_yuan
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && *p >= 0.0 && *p < 1e7)
        .map(|p| (p * 100.0).round() as i64)
        .unwrap_or(-1);
    let req = NewOfferRequest {
        year: f.year.trim().parse().unwrap_or(0),
        level: f.level.clone(),
        institution_id: id,
        price_fen: if f.price_yuan.trim().is_empty() {
            0
        } else {
            price_fen
        },
    };
    match add_offer(&state, &a, ip, &req).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/institutions/{id}")).into_response()),
        Err(e) => {
            let mut offer_form = FormState::with_values([
                ("year", f.year),
                ("level", f.level),
                ("price_yuan", f.price_yuan),
            ]);
            offer_form.fail(&e);
            Ok((
                crate::error::status_of(e.kind),
                school_page(&state, &a, id, None, offer_form, None).await?,
            )
                .into_response())
        }
    }
}
