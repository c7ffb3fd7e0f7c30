//! 培训机构 (online schools).

use crate::areas::Institutions;
use sqlx::FromRow;

use crate::StoreError;

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

pub async fn insert<'e, E>(db: E, inst: &NewInstitution<'_>, now: i64) -> Result<i64, StoreError>
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

impl Institutions<'_> {
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
        let id = insert(self.pool(), inst, now).await?;
        self.open_offers.clear();
        Ok(id)
    }
}

/// Everything about a school, for the partner API and the admins.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct InstitutionRow {
    pub id: i64,
    pub name: String,
    pub sso_url: String,
    pub webhook_url: Option<String>,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub website: String,
    pub secret_enc: String,
    pub disabled: i64,
}

/// A school offering a year and level, with its rating (tenths) and review count.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OfferedInstitution {
    pub id: i64,
    pub name: String,
    pub intro: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub price_fen: i64,
    pub rating_sum: i64,
    pub rating_count: i64,
}

/// An open offer with its school, as `offered_institutions` keeps them.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OpenOffer {
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub level: jxjy_domain::Level,
    #[sqlx(flatten)]
    pub institution: OfferedInstitution,
}

/// More open offers than this are not kept in memory (the query reads one more to know).
const MOST_OFFERS_KEPT: i64 = 5000;

impl Institutions<'_> {
    pub async fn institution(&self, id: i64) -> Result<InstitutionRow, StoreError> {
        sqlx::query_as::<_, InstitutionRow>(
            "SELECT id, name, sso_url, webhook_url, intro, contact_person, contact_phone, contact_email, website, secret_enc, disabled \
             FROM institutions WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The active schools that offer `year` and `level`, by id. Every learner's 网络培训 page
    /// asks this, and the answer is the same for all of them: every open offer is kept in memory
    /// for a second (`crate::fresh`), cleared by this process's writes to schools, offers and
    /// reviews. A province with more than `MOST_OFFERS_KEPT` open offers is asked directly.
    pub async fn offered_institutions(
        &self,
        year: i64,
        level: &str,
    ) -> Result<Vec<OfferedInstitution>, StoreError> {
        let open = match self.open_offers.get() {
            Ok(open) => open,
            Err(miss) => {
                let rows = sqlx::query_as::<_, OpenOffer>(
                    "SELECT o.year, o.level, i.id, i.name, i.intro, i.contact_person, i.contact_phone, o.price_fen, \
                     i.rating_sum, i.rating_count \
                     FROM offers o JOIN institutions i ON i.id = o.institution_id \
                     WHERE o.disabled = 0 AND i.disabled = 0 ORDER BY o.year, o.level, i.id LIMIT $1",
                )
                .bind(MOST_OFFERS_KEPT + 1)
                .fetch_all(self.pool())
                .await?;
                let open =
                    (rows.len() <= usize::try_from(MOST_OFFERS_KEPT).unwrap_or(0)).then_some(rows);
                let open = std::sync::Arc::new(open);
                self.open_offers.put(miss, open.clone());
                open
            }
        };
        let Some(open) = open.as_ref() else {
            return self.offered_institutions_now(year, level).await;
        };
        Ok(open
            .iter()
            .filter(|o| o.year == year && o.level.as_str() == level)
            .take(200)
            .map(|o| o.institution.clone())
            .collect())
    }

    async fn offered_institutions_now(
        &self,
        year: i64,
        level: &str,
    ) -> Result<Vec<OfferedInstitution>, StoreError> {
        Ok(sqlx::query_as::<_, OfferedInstitution>(
            "SELECT i.id, i.name, i.intro, i.contact_person, i.contact_phone, o.price_fen, \
             i.rating_sum, i.rating_count \
             FROM offers o JOIN institutions i ON i.id = o.institution_id \
             WHERE o.year = $1 AND o.level = $2 AND o.disabled = 0 AND i.disabled = 0 ORDER BY i.id LIMIT 200",
        )
        .bind(year)
        .bind(level)
        .fetch_all(self.pool())
        .await?)
    }

    /// Creates an offer (year x level x school) with its audit record; a duplicate is a conflict.
    pub async fn create_offer(
        &self,
        year: i64,
        level: &str,
        institution_id: i64,
        price_fen: i64,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_audited().await?;
        let id: i64 = sqlx::query_scalar("INSERT INTO offers (year, level, institution_id, price_fen, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(year)
            .bind(level)
            .bind(institution_id)
            .bind(price_fen)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
        let detail =
            serde_json::json!({"year": year, "level": level, "institution_id": institution_id})
                .to_string();
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "offer.create",
            ("offer", &id.to_string()),
            &detail,
        ))
        .await?;
        self.open_offers.clear();
        Ok(id)
    }

    /// Creates a school with its audit record.
    pub async fn create_institution_audited(
        &self,
        inst: &NewInstitution<'_>,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_audited().await?;
        let id = insert(&mut *tx, inst, now).await?;
        let detail = serde_json::json!({"name": inst.name, "sso_url": inst.sso_url}).to_string();
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "institution.create",
            ("institution", &id.to_string()),
            &detail,
        ))
        .await?;
        self.open_offers.clear();
        Ok(id)
    }
}

/// The editable fields of a school.
#[derive(Debug, Clone)]
pub struct InstitutionEdit<'a> {
    pub name: &'a str,
    pub sso_url: &'a str,
    pub webhook_url: Option<&'a str>,
    pub intro: &'a str,
    pub contact_person: &'a str,
    pub contact_phone: &'a str,
    pub contact_email: &'a str,
    pub website: &'a str,
    pub disabled: bool,
}

impl Institutions<'_> {
    /// Every school, active or not (the admins' list; bounded).
    pub async fn institutions_all(&self) -> Result<Vec<InstitutionRow>, StoreError> {
        Ok(sqlx::query_as::<_, InstitutionRow>(
            "SELECT id, name, sso_url, webhook_url, intro, contact_person, contact_phone, contact_email, website, secret_enc, disabled \
             FROM institutions ORDER BY id LIMIT 1000",
        )
        .fetch_all(self.pool())
        .await?)
    }

    pub async fn update_institution(
        &self,
        id: i64,
        e: &InstitutionEdit<'_>,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n = sqlx::query(
            "UPDATE institutions SET name = $1, sso_url = $2, webhook_url = $3, intro = $4, contact_person = $5, contact_phone = $6, \
             contact_email = $7, website = $8, disabled = $9, updated_at = $10 WHERE id = $11",
        )
        .bind(e.name)
        .bind(e.sso_url)
        .bind(e.webhook_url)
        .bind(e.intro)
        .bind(e.contact_person)
        .bind(e.contact_phone)
        .bind(e.contact_email)
        .bind(e.website)
        .bind(i64::from(e.disabled))
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let detail = serde_json::json!({"name": e.name, "disabled": e.disabled}).to_string();
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "institution.update",
            ("institution", &id.to_string()),
            &detail,
        ))
        .await?;
        self.open_offers.clear();
        Ok(())
    }

    /// Replaces a school's secret (already encrypted by the caller).
    pub async fn rotate_institution_secret(
        &self,
        id: i64,
        secret_enc: &str,
        actor: &crate::audit::Actor,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_audited().await?;
        let n =
            sqlx::query("UPDATE institutions SET secret_enc = $1, updated_at = $2 WHERE id = $3")
                .bind(secret_enc)
                .bind(now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit(&crate::audit::Entry::new(
            now,
            actor,
            "institution.rotate_secret",
            ("institution", &id.to_string()),
            "{}",
        ))
        .await?;
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct OfferRow {
    pub id: i64,
    pub year: i64,
    #[sqlx(try_from = "String")]
    pub level: jxjy_domain::Level,
    pub price_fen: i64,
    pub disabled: i64,
}

impl Institutions<'_> {
    pub async fn offers_of_institution(
        &self,
        institution_id: i64,
    ) -> Result<Vec<OfferRow>, StoreError> {
        Ok(sqlx::query_as::<_, OfferRow>("SELECT id, year, level, price_fen, disabled FROM offers WHERE institution_id = $1 ORDER BY year DESC, level LIMIT 200")
            .bind(institution_id)
            .fetch_all(self.pool())
            .await?)
    }
}
