//! The learner as the owner sees it (full document number and phone: these are the owner's own).

use jxjy_domain::{IdType, QualificationLevel};
use jxjy_store::learners::{LearnerRow, Profile};
use serde::Serialize;

use crate::{AppError, Context, format};

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LearnerView {
    pub id: i64,
    pub name: String,
    pub id_type: String,
    pub id_type_label: String,
    pub id_number: String,
    pub phone: String,
    /// `male`, `female` or empty.
    pub gender: String,
    /// `YYYY-MM-DD` or empty.
    pub birth_date: String,
    pub education: String,
    pub employer: String,
    pub region_code: String,
    /// The 主管部门, e.g. 和平区财政局.
    pub authority: String,
    pub qualification_level: String,
    pub qualification_level_label: String,
    pub qualification_year: Option<i64>,
    pub work_start_year: Option<i64>,
    /// The first year the learner must earn credits (SPEC section 2), if known.
    pub first_required_year: Option<i64>,
    pub registered_at: String,
}

impl From<LearnerRow> for LearnerView {
    fn from(l: LearnerRow) -> Self {
        let id_type_label = l
            .id_type
            .parse::<IdType>()
            .map(|t| t.label().to_string())
            .unwrap_or_default();
        let qualification_level_label = l
            .qualification_level
            .parse::<QualificationLevel>()
            .map(|q| q.label().to_string())
            .unwrap_or_default();
        LearnerView {
            id: l.id,
            name: l.name,
            id_type: l.id_type,
            id_type_label,
            id_number: l.id_number,
            phone: l.phone.unwrap_or_default(),
            gender: l.gender.unwrap_or_default(),
            birth_date: l.birth_date.unwrap_or_default(),
            education: l.education.unwrap_or_default(),
            employer: l.employer.unwrap_or_default(),
            region_code: l.region_code,
            authority: l.authority_name,
            qualification_level: l.qualification_level,
            qualification_level_label,
            qualification_year: l.qualification_year,
            work_start_year: l.work_start_year,
            first_required_year: l.first_required_year,
            registered_at: format::datetime(l.created_at),
        }
    }
}

pub async fn load(state: &Context, id: i64) -> Result<LearnerView, AppError> {
    Ok(state.store.learners().learner(id).await?.into())
}

/// The names of the 信息采集 fields a correction changes, for the audit record.
pub fn changed_fields(current: &LearnerRow, new: &Profile<'_>) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    if current.name != new.name {
        changed.push("name");
    }
    if opt(&current.phone) != new.phone {
        changed.push("phone");
    }
    if opt(&current.gender) != new.gender {
        changed.push("gender");
    }
    if opt(&current.birth_date) != new.birth_date {
        changed.push("birth_date");
    }
    if opt(&current.education) != new.education {
        changed.push("education");
    }
    if opt(&current.employer) != new.employer {
        changed.push("employer");
    }
    if current.region_code != new.region_code {
        changed.push("region_code");
    }
    if current.qualification_level != new.qualification_level {
        changed.push("qualification_level");
    }
    if current.qualification_year != new.qualification_year {
        changed.push("qualification_year");
    }
    if current.work_start_year != new.work_start_year {
        changed.push("work_start_year");
    }
    changed
}

/// A stored document number with its middle hidden, as `IdNumber::masked` shows it
/// (`440103********883X`); a number that no longer parses is masked the same way by length, so
/// the full number never leaks to a page that must not show it.
pub fn masked_document(id_type: &str, id_number: &str) -> String {
    let parsed = id_type.parse::<IdType>().ok().and_then(|t| {
        let today = format::today()?;
        jxjy_domain::IdNumber::parse(t, id_number, today).ok()
    });
    if let Some(n) = parsed {
        return n.masked();
    }
    let n = id_number.chars().count();
    let (head, tail) = if n == 18 { (6, 4) } else { (2, 2) };
    id_number
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if n > head + tail && (i < head || i + tail >= n) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::masked_document;

    #[test]
    fn a_document_number_is_shown_with_its_middle_hidden() {
        assert_eq!(
            masked_document("resident_id", "44010319900307883X"),
            "440103********883X"
        );
        assert_eq!(
            masked_document("resident_id", "44010319900307883Y"),
            "440103********883Y",
            "a number that no longer parses is masked by length"
        );
        assert_eq!(masked_document("passport", "E12345678"), "E1*****78");
        assert_eq!(masked_document("unknown", "1234"), "****");
    }
}
