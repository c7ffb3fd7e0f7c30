//! The 信息采集 form's parts, shared by registration, 个人信息 and the console's correction form.

use jxjy_app::accounts::LearnerView;

/// Options of the 证件类型 select.
pub fn id_type_options() -> Vec<(&'static str, &'static str)> {
    jxjy_domain::IdType::ALL
        .iter()
        .map(|t| (t.as_str(), t.label()))
        .collect()
}

pub fn qualification_options() -> Vec<(&'static str, &'static str)> {
    jxjy_domain::QualificationLevel::ALL
        .iter()
        .map(|q| (q.as_str(), q.label()))
        .collect()
}

/// The 信息采集 fields a learner may correct, as the profile forms show them (the console's
/// correction form adds the document).
pub fn profile_values(l: &LearnerView) -> [(&'static str, String); 10] {
    [
        ("name", l.name.clone()),
        ("phone", l.phone.clone()),
        ("gender", l.gender.clone()),
        ("birth_date", l.birth_date.clone()),
        ("education", l.education.clone()),
        ("employer", l.employer.clone()),
        ("region_code", l.region_code.clone()),
        ("qualification_level", l.qualification_level.clone()),
        (
            "qualification_year",
            l.qualification_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
        ),
        (
            "work_start_year",
            l.work_start_year.map(|y| y.to_string()).unwrap_or_default(),
        ),
    ]
}
