//! The demo's employer (SPEC section 8): 辽宁示例会计服务有限公司, approved, with the manual's
//! learner and two more accountants as confirmed staff since 2025, so that the employer
//! console has people, a compliance picture and someone to enroll by 团报.

use sqlx::{Any, Transaction};

use jxjy_domain::{EmployerStatus, LinkState};
use jxjy_store::{StoreError, employers, staff};

use crate::demo::DemoInput;

pub const DEMO_EMPLOYER_NAME: &str = "辽宁示例会计服务有限公司";
/// Valid by GB 32100-2015 (checked in the tests below): 91 企业, 210102 和平区, MA0XJY206.
pub const DEMO_EMPLOYER_USCC: &str = "91210102MA0XJY2067";
pub const DEMO_EMPLOYER_CONTACT: &str = "周敏";
pub const DEMO_EMPLOYER_PHONE: &str = "13800138100";
/// The year from which the links show the staff's data.
const SINCE_YEAR: i64 = 2025;

/// The two more staff: name, resident ID number (valid), phone, birth date.
pub const DEMO_STAFF: &[(&str, &str, &str, &str)] = &[
    ("李静", "210102198805120020", "13800138001", "1988-05-12"),
    ("张敏", "210102199209180048", "13800138002", "1992-09-18"),
];

/// Seeds the employer and its confirmed staff (the manual's learner is `manual_learner`).
pub async fn seed_employer(
    tx: &mut Transaction<'static, Any>,
    input: &DemoInput<'_>,
    manual_learner: i64,
) -> Result<(String, String), StoreError> {
    let employer_id = employers::insert(
        &mut **tx,
        &employers::NewEmployer {
            name: DEMO_EMPLOYER_NAME,
            uscc: DEMO_EMPLOYER_USCC,
            region_code: "210102",
            contact_name: DEMO_EMPLOYER_CONTACT,
            phone: DEMO_EMPLOYER_PHONE,
            password_hash: input.password_hash,
        },
        EmployerStatus::Approved,
        input.now,
    )
    .await?;
    let mut staff_ids = vec![manual_learner];
    for (name, id_number, phone, birth) in DEMO_STAFF {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO learners (name, id_type, id_number, phone, password_hash, gender, birth_date, education, employer, \
             region_code, qualification_level, qualification_year, work_start_year, first_required_year, created_at, updated_at) \
             VALUES ($1, 'resident_id', $2, $3, $4, 'female', $5, '本科', $6, '210102', 'intermediate', 2018, 2012, 2019, $7, $7) \
             RETURNING id",
        )
        .bind(*name)
        .bind(*id_number)
        .bind(*phone)
        .bind(input.password_hash)
        .bind(*birth)
        .bind(DEMO_EMPLOYER_NAME)
        .bind(input.now)
        .fetch_one(&mut **tx)
        .await?;
        staff_ids.push(id);
    }
    for learner_id in staff_ids {
        let link = staff::insert_link(
            &mut **tx,
            employer_id,
            learner_id,
            LinkState::Invited,
            input.now,
        )
        .await?;
        staff::move_link(
            &mut **tx,
            link,
            LinkState::Invited,
            LinkState::Confirmed,
            Some(SINCE_YEAR),
            input.now,
        )
        .await?;
    }
    Ok((
        DEMO_EMPLOYER_NAME.to_string(),
        DEMO_EMPLOYER_USCC.to_string(),
    ))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_employers_code_and_its_staffs_documents_are_valid() {
        assert_eq!(
            jxjy_domain::Uscc::parse(DEMO_EMPLOYER_USCC)
                .unwrap()
                .as_str(),
            DEMO_EMPLOYER_USCC
        );
        let today = jxjy_domain::Date::new(2026, 1, 1).unwrap();
        for (_, id_number, _, birth) in DEMO_STAFF {
            let doc =
                jxjy_domain::IdNumber::parse(jxjy_domain::IdType::ResidentId, id_number, today)
                    .unwrap();
            assert_eq!(
                doc.birth_date().map(|d| d.to_string()),
                Some(birth.to_string())
            );
        }
    }
}
