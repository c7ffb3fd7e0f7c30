//! 学时证明: issued certificates and their verification codes. The same learner, year and totals
//! keep one code (a unique index holds it), so downloading a certificate again does not mint a
//! new one unless the year's credits changed.

use crate::areas::Certificates;
use sqlx::FromRow;

use crate::StoreError;
use crate::audit::{self, Actor, Entry};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CertificateRow {
    pub code: String,
    pub learner_id: i64,
    pub year: i64,
    pub total_tenths: i64,
    pub professional_tenths: i64,
    pub public_tenths: i64,
    pub issued_at: i64,
}

/// A certificate with whom it was issued to, for the public verification page.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct VerifiedCertificate {
    pub code: String,
    pub year: i64,
    pub total_tenths: i64,
    pub professional_tenths: i64,
    pub public_tenths: i64,
    pub issued_at: i64,
    pub learner_id: i64,
    pub name: String,
    pub id_type: String,
    pub id_number: String,
    pub authority_name: String,
}

/// The credits a certificate states, in tenths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub professional: i64,
    pub public: i64,
}

impl Totals {
    pub fn total(&self) -> i64 {
        self.professional + self.public
    }
}

impl Certificates<'_> {
    async fn certificate_with_totals(
        &self,
        learner_id: i64,
        year: i64,
        totals: Totals,
    ) -> Result<Option<CertificateRow>, StoreError> {
        Ok(sqlx::query_as::<_, CertificateRow>(
            "SELECT code, learner_id, year, total_tenths, professional_tenths, public_tenths, issued_at FROM certificates \
             WHERE learner_id = $1 AND year = $2 AND total_tenths = $3 AND professional_tenths = $4 AND public_tenths = $5",
        )
        .bind(learner_id)
        .bind(year)
        .bind(totals.total())
        .bind(totals.professional)
        .bind(totals.public)
        .fetch_optional(self.pool())
        .await?)
    }

    /// The certificate of a learner's year with these totals: the one issued before, or a new one
    /// under `new_code` (recorded with its audit entry). Racing requests end with the same code.
    pub async fn issue_certificate(
        &self,
        learner_id: i64,
        year: i64,
        totals: Totals,
        new_code: &str,
        actor: &Actor,
        now: i64,
    ) -> Result<CertificateRow, StoreError> {
        if let Some(existing) = self
            .certificate_with_totals(learner_id, year, totals)
            .await?
        {
            return Ok(existing);
        }
        let (_gate, mut tx) = self.begin_write().await?;
        let inserted = sqlx::query(
            "INSERT INTO certificates (code, learner_id, year, total_tenths, professional_tenths, public_tenths, issued_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(new_code)
        .bind(learner_id)
        .bind(year)
        .bind(totals.total())
        .bind(totals.professional)
        .bind(totals.public)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            let detail = serde_json::json!({
                "code": new_code, "learner_id": learner_id, "year": year,
                "professional_tenths": totals.professional, "public_tenths": totals.public,
            });
            audit::record(
                &mut *tx,
                &Entry::new(
                    now,
                    actor,
                    "certificate.issue",
                    ("certificate", new_code),
                    &detail.to_string(),
                ),
            )
            .await?;
        }
        tx.commit().await?;
        self.certificate_with_totals(learner_id, year, totals)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A certificate by its verification code, with the learner it was issued to.
    pub async fn certificate_by_code(
        &self,
        code: &str,
    ) -> Result<Option<VerifiedCertificate>, StoreError> {
        Ok(sqlx::query_as::<_, VerifiedCertificate>(
            "SELECT c.code, c.year, c.total_tenths, c.professional_tenths, c.public_tenths, c.issued_at, c.learner_id, \
             l.name, l.id_type, l.id_number, r.authority_name \
             FROM certificates c JOIN learners l ON l.id = c.learner_id JOIN regions r ON r.code = l.region_code \
             WHERE c.code = $1",
        )
        .bind(code)
        .fetch_optional(self.pool())
        .await?)
    }
}
