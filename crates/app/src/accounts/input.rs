//! Raw input of the account forms and JSON bodies, and its parsing into checked values. Every
//! rejected field is named with its reason; the person's typed values are kept by the caller.

use jxjy_domain::{
    Date, Gender, IdNumber, IdType, Password, PersonName, Phone, QualificationLevel,
};
use serde::Deserialize;

use crate::error::FieldError;

/// Years arrive as JSON numbers from clients and as text from forms.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum YearInput {
    Number(i64),
    Text(String),
    #[default]
    Missing,
}

impl YearInput {
    pub fn as_text(&self) -> String {
        match self {
            YearInput::Number(n) => n.to_string(),
            YearInput::Text(t) => t.trim().to_string(),
            YearInput::Missing => String::new(),
        }
    }
}

/// The 信息采集 as typed (all text), shared by 注册 and 个人信息.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    pub name: String,
    pub phone: String,
    pub gender: String,
    pub birth_date: String,
    pub education: String,
    pub employer: String,
    pub region_code: String,
    pub qualification_level: String,
    pub qualification_year: YearInput,
    pub work_start_year: YearInput,
}

/// 注册: the profile plus the document, the SMS code and the password.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RegistrationInput {
    pub id_type: String,
    pub id_number: String,
    pub sms_code: String,
    pub password: String,
    #[serde(flatten)]
    pub profile: ProfileInput,
}

/// The educations offered on the form; other text is accepted from API clients up to 20 chars.
pub const EDUCATIONS: [&str; 7] = [
    "高中及以下",
    "中专",
    "大专",
    "本科",
    "硕士研究生",
    "博士研究生",
    "其他",
];

/// A checked profile, ready to store.
#[derive(Debug, Clone)]
pub struct ValidProfile {
    pub name: PersonName,
    pub phone: Phone,
    pub gender: Option<Gender>,
    pub birth_date: Option<Date>,
    pub education: String,
    pub employer: String,
    pub region_code: String,
    pub qualification_level: QualificationLevel,
    pub qualification_year: Option<i32>,
    pub work_start_year: Option<i32>,
    pub first_required_year: Option<i32>,
}

#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: &str, message: impl std::fmt::Display) {
        if !self.0.iter().any(|f| f.field == field) {
            self.0.push(FieldError {
                field: field.to_string(),
                message: message.to_string(),
            });
        }
    }
}

fn year(
    errors: &mut Errors,
    field: &str,
    label: &str,
    input: &YearInput,
    this_year: i32,
) -> Option<i32> {
    let text = input.as_text();
    if text.is_empty() {
        return None;
    }
    match text.parse::<i32>() {
        Ok(y) if (1950..=this_year).contains(&y) => Some(y),
        _ => {
            errors.add(field, format!("{label}应为 1950 至 {this_year} 之间的年份"));
            None
        }
    }
}

/// Parses the profile. `document` (when known) supplies gender and birth date where it carries them.
pub fn parse_profile(
    p: &ProfileInput,
    document: Option<&IdNumber>,
    today: Date,
    errors: &mut Errors,
) -> Option<ValidProfile> {
    let errors_before = errors.0.len();
    let this_year = today.year();
    let name = PersonName::parse(&p.name)
        .map_err(|e| errors.add("name", e))
        .ok();
    let phone = Phone::parse(&p.phone)
        .map_err(|e| errors.add("phone", e))
        .ok();

    let gender = match document.and_then(IdNumber::gender) {
        Some(g) => Some(g),
        None if p.gender.trim().is_empty() => None,
        None => p
            .gender
            .trim()
            .parse::<Gender>()
            .map_err(|_| errors.add("gender", "请选择性别"))
            .ok(),
    };
    let birth_date = match document.and_then(IdNumber::birth_date) {
        Some(d) => Some(d),
        None if p.birth_date.trim().is_empty() => None,
        None => match p.birth_date.trim().parse::<Date>() {
            Ok(d) if d <= today => Some(d),
            _ => {
                errors.add("birth_date", "出生日期格式应为 YYYY-MM-DD，且不晚于今天");
                None
            }
        },
    };

    let education = p.education.trim().to_string();
    if education.is_empty() {
        errors.add("education", "请选择学历");
    } else if education.chars().count() > 20 {
        errors.add("education", "学历不能超过 20 个字");
    } else if let Err(e) = jxjy_domain::PlainText::parse(&education) {
        errors.add("education", format!("学历{e}"));
    }
    let employer = p.employer.trim().to_string();
    if employer.is_empty() {
        errors.add("employer", "请填写工作单位");
    } else if employer.chars().count() > 100 {
        errors.add("employer", "工作单位不能超过 100 个字");
    } else if let Err(e) = jxjy_domain::PlainText::parse(&employer) {
        errors.add("employer", format!("工作单位{e}"));
    }
    let region_code = p.region_code.trim().to_string();
    if region_code.is_empty() {
        errors.add("region_code", "请选择主管部门");
    }

    let level = if p.qualification_level.trim().is_empty() {
        errors.add(
            "qualification_level",
            "请选择会计专业技术资格等级（没有请选“无”）",
        );
        None
    } else {
        p.qualification_level
            .trim()
            .parse::<QualificationLevel>()
            .map_err(|_| {
                errors.add(
                    "qualification_level",
                    "资格等级只能是 无、初级、中级 或 高级",
                )
            })
            .ok()
    };
    let qualification_year = year(
        errors,
        "qualification_year",
        "取得资格年度",
        &p.qualification_year,
        this_year,
    );
    let work_start_year = year(
        errors,
        "work_start_year",
        "从事会计工作年度",
        &p.work_start_year,
        this_year,
    );
    match level {
        Some(QualificationLevel::None) if work_start_year.is_none() => errors.add(
            "work_start_year",
            "没有会计专业技术资格时，请填写开始从事会计工作的年度",
        ),
        Some(l)
            if l.is_held()
                && qualification_year.is_none()
                && p.qualification_year.as_text().is_empty() =>
        {
            errors.add("qualification_year", "请填写取得会计专业技术资格的年度")
        }
        _ => {}
    }
    let level = level?;
    if errors.0.len() > errors_before {
        return None;
    }
    // Without a qualification its year means nothing (SPEC: it is absent); it is dropped.
    let qualification_year = qualification_year.filter(|_| level.is_held());
    let first_required_year =
        jxjy_domain::first_required_year(level, qualification_year, work_start_year);
    Some(ValidProfile {
        name: name?,
        phone: phone?,
        gender,
        birth_date,
        education,
        employer,
        region_code,
        qualification_level: level,
        qualification_year,
        work_start_year,
        first_required_year,
    })
}

/// The document of a registration.
pub fn parse_document(
    id_type: &str,
    id_number: &str,
    today: Date,
    errors: &mut Errors,
) -> Option<IdNumber> {
    let id_type = if id_type.trim().is_empty() {
        "resident_id"
    } else {
        id_type.trim()
    };
    let Ok(kind) = id_type.parse::<IdType>() else {
        errors.add("id_type", "证件类型不正确");
        return None;
    };
    IdNumber::parse(kind, id_number, today)
        .map_err(|e| errors.add("id_number", e))
        .ok()
}

pub fn parse_password(field: &str, raw: &str, errors: &mut Errors) -> Option<Password> {
    Password::parse(raw).map_err(|e| errors.add(field, e)).ok()
}

/// A 6-digit SMS code.
pub fn parse_sms_code(raw: &str, errors: &mut Errors) -> Option<String> {
    let code = raw.trim();
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Some(code.to_string())
    } else {
        errors.add("sms_code", "请输入 6 位短信验证码");
        None
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 27).unwrap()
    }

    fn valid() -> ProfileInput {
        ProfileInput {
            name: "买买提·艾力".into(),
            phone: "13800138000".into(),
            education: "本科".into(),
            employer: "示例公司".into(),
            region_code: "210102".into(),
            qualification_level: "junior".into(),
            qualification_year: YearInput::Number(2020),
            ..ProfileInput::default()
        }
    }

    #[test]
    fn a_complete_profile_parses_and_derives_the_first_required_year() {
        let mut e = Errors::default();
        let p = parse_profile(&valid(), None, today(), &mut e).unwrap();
        assert!(e.0.is_empty());
        assert_eq!(p.first_required_year, Some(2021));
        assert_eq!(p.name.as_str(), "买买提·艾力");
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = ProfileInput {
            name: "".into(),
            phone: "123".into(),
            qualification_year: YearInput::Text("19x".into()),
            ..valid()
        };
        let mut e = Errors::default();
        assert!(parse_profile(&input, None, today(), &mut e).is_none());
        let fields: Vec<_> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "phone", "qualification_year"]);
    }

    #[test]
    fn without_a_qualification_the_work_start_year_decides() {
        let input = ProfileInput {
            qualification_level: "none".into(),
            qualification_year: YearInput::Missing,
            work_start_year: YearInput::Number(2019),
            ..valid()
        };
        let mut e = Errors::default();
        assert_eq!(
            parse_profile(&input, None, today(), &mut e)
                .unwrap()
                .first_required_year,
            Some(2020)
        );
        let input = ProfileInput {
            qualification_level: "none".into(),
            qualification_year: YearInput::Missing,
            ..valid()
        };
        let mut e = Errors::default();
        assert!(parse_profile(&input, None, today(), &mut e).is_none());
        assert_eq!(e.0[0].field, "work_start_year");
    }

    #[test]
    fn the_document_supplies_gender_and_birth_date() {
        let mut e = Errors::default();
        let doc = parse_document("resident_id", "44010319900307883x", today(), &mut e).unwrap();
        assert_eq!(doc.as_str(), "44010319900307883X");
        let p = parse_profile(
            &ProfileInput {
                gender: "female".into(),
                ..valid()
            },
            Some(&doc),
            today(),
            &mut e,
        )
        .unwrap();
        assert_eq!(p.gender, Some(Gender::Male));
        assert_eq!(p.birth_date.unwrap().to_string(), "1990-03-07");
    }

    #[test]
    fn sms_codes_are_six_digits() {
        let mut e = Errors::default();
        assert_eq!(
            parse_sms_code(" 012345 ", &mut e).as_deref(),
            Some("012345")
        );
        assert!(parse_sms_code("12345", &mut e).is_none());
        assert_eq!(e.0[0].field, "sms_code");
    }
}
