//! 培训机构 (online schools).

use sqlx::FromRow;

use crate::{Store, StoreError};

/// What the public may see of a school: its name, introduction and contacts.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct InstitutionContact {
    pub id: i64,
    pub name: String,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
}

#[derive(Debug, Clone)]
pub struct NewInstitution<'a> {
    pub name: &'a str,
    pub sso_url: &'a str,
    pub webhook_url: Option<&'a str>,
    pub intro: &'a str,
    pub contact_person: &'a str,
    pub contact_phone: &'a str,
    pub contact_email: &'a str,
    pub website: &'a str,
    /// The partner secret, already encrypted by the caller.
    pub secret_enc: &'a str,
}

pub(crate) async fn insert<'e, E>(
    db: E,
    inst: &NewInstitution<'_>,
    now: i64,
) -> Result<i64, StoreError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    Ok(sqlx::query_scalar(
        "INSERT INTO institutions (name, sso_url, webhook_url, intro, contact_person, contact_phone, \
         contact_email, website, secret_enc, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(inst.name)
    .bind(inst.sso_url)
    .bind(inst.webhook_url)
    .bind(inst.intro)
    .bind(inst.contact_person)
    .bind(inst.contact_phone)
    .bind(inst.contact_email)
    .bind(inst.website)
    .bind(inst.secret_enc)
    .bind(now)
    .fetch_one(db)
    .await?)
}

impl Store {
    /// The contacts of every active school, for 常见问题 and 联系我们 (bounded).
    pub async fn institution_contacts(&self) -> Result<Vec<InstitutionContact>, StoreError> {
        Ok(sqlx::query_as::<_, InstitutionContact>(
            "SELECT id, name, intro, contact_person, contact_phone, contact_email, website \
             FROM institutions WHERE disabled = 0 ORDER BY id LIMIT 500",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn create_institution(
        &self,
        inst: &NewInstitution<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        insert(self.pool(), inst, now).await
    }
}
