//! Schools and their offers, managed by province and super admins: create, edit or disable a
//! school, rotate its partner secret, offer it for a year and level. Shared by the console
//! pages and the admin API.

use std::net::IpAddr;

use jxjy_store::institutions::{InstitutionEdit, InstitutionRow, NewInstitution, OfferRow};
use serde::{Deserialize, Serialize};

use crate::accounts::input::Errors;
use crate::admin::AdminAuth;
use crate::{AppError, Context, format, secrets, training};

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewInstitutionRequest {
    /// 1-100 characters, unique.
    #[schema(required = true, min_length = 1, max_length = 100)]
    pub name: String,
    /// Where 进入网校 sends the learner, with `?token=`.
    #[schema(required = true)]
    pub sso_url: String,
    pub intro: String,
    pub contact_phone: String,
    pub contact_person: String,
    pub contact_email: String,
    pub website: String,
    /// Where cancellations are POSTed (signed); optional.
    pub webhook_url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedInstitution {
    pub id: i64,
    /// The partner secret, shown this once; only an encrypted copy is kept.
    pub secret: String,
}

/// Creates a school: the use case behind the API and the console page.
pub async fn add_institution(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    req: &NewInstitutionRequest,
) -> Result<CreatedInstitution, AppError> {
    admin.require_institution_manager()?;
    let mut errors = Vec::new();
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(crate::FieldError {
            field: "name".into(),
            message: "机构名称应为 1-100 个字".into(),
        });
    }
    if !crate::urls::valid(req.sso_url.trim(), true) {
        errors.push(crate::FieldError {
            field: "sso_url".into(),
            message: "sso_url 应为 http(s):// 开头的地址".into(),
        });
    }
    if !req.webhook_url.trim().is_empty() && !crate::urls::valid(req.webhook_url.trim(), false) {
        errors.push(crate::FieldError {
            field: "webhook_url".into(),
            message: "webhook_url 应为 http(s):// 开头的地址".into(),
        });
    }
    if req.intro.chars().count() > 2000 {
        errors.push(crate::FieldError {
            field: "intro".into(),
            message: "机构介绍不能超过 2000 字".into(),
        });
    }
    if !errors.is_empty() {
        return Err(AppError::invalid_fields(errors));
    }
    let secret = secrets::new_partner_secret().map_err(AppError::internal)?;
    let secret_enc = secrets::encrypt(&state.secret_key, &secret).map_err(AppError::internal)?;
    let webhook = req.webhook_url.trim();
    let new = NewInstitution {
        name,
        sso_url: req.sso_url.trim(),
        webhook_url: (!webhook.is_empty()).then_some(webhook),
        intro: req.intro.trim(),
        contact_person: req.contact_person.trim(),
        contact_phone: req.contact_phone.trim(),
        contact_email: req.contact_email.trim(),
        website: req.website.trim(),
        secret_enc: &secret_enc,
    };
    let id = state
        .store
        .institutions()
        .create_institution_audited(&new, &admin.actor(ip), format::now())
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("institution_exists", "同名培训机构已存在").on_field("name")
            } else {
                e.into()
            }
        })?;
    Ok(CreatedInstitution { id, secret })
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NewOfferRequest {
    #[schema(required = true)]
    pub year: i64,
    /// junior | intermediate | senior
    #[schema(required = true, value_type = crate::schema_types::LevelCode)]
    pub level: String,
    #[schema(required = true)]
    pub institution_id: i64,
    /// Fee in fen; optional.
    pub price_fen: i64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedOffer {
    pub id: i64,
}

/// Offers a school for a year and level: the use case behind the API and the console page.
pub async fn add_offer(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    req: &NewOfferRequest,
) -> Result<i64, AppError> {
    admin.require_institution_manager()?;
    let level = training::parse_level(&req.level)?;
    if !(2000..=2100).contains(&req.year) {
        return Err(
            AppError::bad_request("invalid_input", "year 应为 2000-2100 之间的年份")
                .on_field("year"),
        );
    }
    if req.price_fen < 0 {
        return Err(
            AppError::bad_request("invalid_input", "price_fen 不能为负数").on_field("price_fen"),
        );
    }
    training::institution(state, req.institution_id)
        .await
        .map_err(|e| e.on_field("institution_id"))?;
    let id = state
        .store
        .institutions()
        .create_offer(
            req.year,
            level.as_str(),
            req.institution_id,
            req.price_fen,
            &admin.actor(ip),
            format::now(),
        )
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("offer_exists", "该机构已开设此年度、等级的培训")
            } else {
                e.into()
            }
        })?;
    Ok(id)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionItem {
    pub id: i64,
    pub name: String,
    pub sso_url: String,
    pub webhook_url: Option<String>,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
    pub disabled: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InstitutionList {
    pub items: Vec<InstitutionItem>,
}

#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EditInstitutionRequest {
    pub name: Option<String>,
    pub sso_url: Option<String>,
    pub webhook_url: Option<String>,
    pub intro: Option<String>,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub website: Option<String>,
    /// true disables the school: it is no longer offered and its partner calls are refused.
    pub disabled: Option<bool>,
}

/// Edits or disables a school: the use case behind the API and the console page.
pub async fn change_institution(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
    req: &EditInstitutionRequest,
) -> Result<(), AppError> {
    admin.require_institution_manager()?;
    let cur = state
        .store
        .institutions()
        .institution(id)
        .await
        .map_err(|_| AppError::not_found("培训机构不存在"))?;
    let pick =
        |new: &Option<String>, old: &str| new.as_deref().map(str::trim).unwrap_or(old).to_string();
    let name = pick(&req.name, &cur.name);
    let sso = pick(&req.sso_url, &cur.sso_url);
    let webhook = pick(&req.webhook_url, cur.webhook_url.as_deref().unwrap_or(""));
    let mut errors = Errors::default();
    if name.is_empty() || name.chars().count() > 100 {
        errors.add("name", "机构名称应为 1-100 个字");
    }
    if !crate::urls::valid(&sso, true) {
        errors.add("sso_url", "sso_url 应为 http(s):// 开头的地址");
    }
    if !webhook.is_empty() && !crate::urls::valid(&webhook, false) {
        errors.add("webhook_url", "webhook_url 应为 http(s):// 开头的地址");
    }
    if !errors.0.is_empty() {
        return Err(AppError::invalid_fields(errors.0));
    }
    let (intro, person, phone, email, site) = (
        pick(&req.intro, &cur.intro),
        pick(&req.contact_person, &cur.contact_person),
        pick(&req.contact_phone, &cur.contact_phone),
        pick(&req.contact_email, &cur.contact_email),
        pick(&req.website, &cur.website),
    );
    let edit = InstitutionEdit {
        name: &name,
        sso_url: &sso,
        webhook_url: (!webhook.is_empty()).then_some(webhook.as_str()),
        intro: &intro,
        contact_person: &person,
        contact_phone: &phone,
        contact_email: &email,
        website: &site,
        disabled: req.disabled.unwrap_or(cur.disabled != 0),
    };
    state
        .store
        .institutions()
        .update_institution(id, &edit, &admin.actor(ip), format::now())
        .await
        .map_err(|e| {
            if e.is_conflict() {
                AppError::conflict("institution_exists", "同名培训机构已存在").on_field("name")
            } else {
                e.into()
            }
        })?;
    Ok(())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct NewSecret {
    /// The new partner secret, shown this once; the old one stops working at once.
    pub secret: String,
}

/// Rotates a school's secret and returns the new one: the use case behind the API and the page.
pub async fn new_secret(
    state: &Context,
    admin: &AdminAuth,
    ip: IpAddr,
    id: i64,
) -> Result<String, AppError> {
    admin.require_institution_manager()?;
    let secret = secrets::new_partner_secret().map_err(AppError::internal)?;
    let enc = secrets::encrypt(&state.secret_key, &secret).map_err(AppError::internal)?;
    state
        .store
        .institutions()
        .rotate_institution_secret(id, &enc, &admin.actor(ip), format::now())
        .await
        .map_err(|e| match e {
            jxjy_store::StoreError::NotFound => AppError::not_found("培训机构不存在"),
            other => other.into(),
        })?;
    Ok(secret)
}

/// Every school (never the secrets).
pub async fn list(state: &Context) -> Result<InstitutionList, AppError> {
    let items = state
        .store
        .institutions()
        .institutions_all()
        .await?
        .into_iter()
        .map(|i| InstitutionItem {
            id: i.id,
            name: i.name,
            sso_url: i.sso_url,
            webhook_url: i.webhook_url,
            intro: i.intro,
            contact_person: i.contact_person,
            contact_phone: i.contact_phone,
            contact_email: i.contact_email,
            website: i.website,
            disabled: i.disabled != 0,
        })
        .collect();
    Ok(InstitutionList { items })
}

/// Every school as stored, for the console's list (never shown: the secret).
pub async fn all(state: &Context) -> Result<Vec<InstitutionRow>, AppError> {
    Ok(state.store.institutions().institutions_all().await?)
}

/// One school, for those who manage schools; a 404 if there is none.
pub async fn managed(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<InstitutionRow, AppError> {
    admin.require_institution_manager()?;
    state
        .store
        .institutions()
        .institution(id)
        .await
        .map_err(|_| AppError::not_found("培训机构不存在"))
}

/// A school's offers, every year.
pub async fn offers_of(state: &Context, id: i64) -> Result<Vec<OfferRow>, AppError> {
    Ok(state.store.institutions().offers_of_institution(id).await?)
}
