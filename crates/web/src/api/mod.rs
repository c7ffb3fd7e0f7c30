//! What the JSON API's features share: the shapes of lists and simple answers, the OpenAPI
//! document and its completion (`contract`).

pub mod contract;
pub mod openapi;

use serde::Serialize;

/// A page of items, the shape of every paginated JSON list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The answer of a change that has nothing else to say.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Done {
    pub ok: bool,
}

/// The answer of a creation: the new record's id.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

/// The documented shape of a registration (the handler reads it as `RegistrationInput`).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct RegisterRequestDoc {
    #[schema(min_length = 1, max_length = 50)]
    pub name: String,
    /// resident_id | hmt_residence_permit | foreign_permanent_id | hk_macao_permit | taiwan_permit | passport
    pub id_type: String,
    pub id_number: String,
    pub phone: String,
    pub sms_code: String,
    /// At least 8 characters with letters and digits.
    pub password: String,
    pub region_code: String,
    #[schema(min_length = 1, max_length = 20)]
    pub education: String,
    #[schema(min_length = 1, max_length = 100)]
    pub employer: String,
    /// none | junior | intermediate | senior
    #[schema(pattern = "^(none|junior|intermediate|senior)$")]
    pub qualification_level: String,
    pub qualification_year: Option<i64>,
    pub work_start_year: Option<i64>,
    /// male | female; derived from an 18-character document number.
    pub gender: Option<String>,
    /// YYYY-MM-DD; derived from an 18-character document number.
    pub birth_date: Option<String>,
}
