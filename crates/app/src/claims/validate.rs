//! 学分申报's checks: every field of a submission at once, with the credits computed by the
//! domain's `claim_credits` (never taken from the client), and the evidence's type and size.

use crate::ErrorKind;
use jxjy_domain::{
    ClaimError, ClaimInput, ClaimKind, ClaimRole, EvidenceType, MAX_EVIDENCE_FILES, claim_credits,
    clean_file_name,
};

use crate::claims::ClaimUpload;
use crate::error::FieldError;
use crate::{AppError, training};

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// A claim that passed every check, ready to be stored; the files' content stays borrowed from
/// the upload.
#[derive(Debug)]
pub struct ValidClaim<'a> {
    pub year: i64,
    pub kind: ClaimKind,
    pub role: Option<ClaimRole>,
    pub days: Option<i64>,
    pub subjects: Option<i64>,
    pub title: String,
    pub credits_tenths: i64,
    /// Detected type, cleaned name, content.
    pub files: Vec<(EvidenceType, String, &'a [u8])>,
}

fn kinds_text() -> String {
    ClaimKind::ALL
        .iter()
        .map(|k| format!("{}（{}）", k.as_str(), k.label()))
        .collect::<Vec<_>>()
        .join("、")
}

fn count(raw: &str, name: &str, what: &str, errors: &mut Vec<FieldError>) -> Option<u32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(field(name, format!("{what}应为正整数")));
            None
        }
    }
}

/// Checks every field of a submission and converts it; all problems are named at once. A file
/// over 5 MB makes the answer a 413 naming `evidence`.
pub fn validate(u: &ClaimUpload) -> Result<ValidClaim<'_>, AppError> {
    let mut errors = Vec::new();
    let years = training::enrollable_years();
    let year = match u.year.trim().parse::<i64>() {
        Ok(y) if years.contains(&y) => Some(y),
        _ if u.year.trim().is_empty() => {
            errors.push(field("year", "请选择申报年度"));
            None
        }
        _ => {
            let allowed: Vec<_> = years.iter().map(i64::to_string).collect();
            errors.push(field(
                "year",
                format!("申报年度只能是 {}", allowed.join(" 或 ")),
            ));
            None
        }
    };
    let kind = match u.kind.trim().parse::<ClaimKind>() {
        Ok(k) => Some(k),
        Err(_) => {
            errors.push(field("kind", format!("申报类型只能是 {}", kinds_text())));
            None
        }
    };
    let role = match u.role.trim() {
        "" => None,
        raw => match raw.parse::<ClaimRole>() {
            Ok(r) => Some(r),
            Err(_) => {
                errors.push(field(
                    "role",
                    "本人角色只能是 host（主持）、participant（参与）、sole（独立完成）、first（第一作者）或 other（其他作者）",
                ));
                None
            }
        },
    };
    let days = count(&u.days, "days", "参加学术会议的天数", &mut errors);
    let subjects = count(&u.subjects, "subjects", "通过的考试科目数", &mut errors);
    let title = u.title.trim().to_string();
    let title_len = title.chars().count();
    if title_len == 0 {
        errors.push(field(
            "title",
            "请填写名称：考试、会议、课程、课题、论文或著作的名称",
        ));
    } else if title_len > 200 || title.chars().any(char::is_control) {
        errors.push(field(
            "title",
            "名称不能超过 200 个字，且不能包含换行等控制字符",
        ));
    }
    let mut credits = None;
    if let Some(kind) = kind {
        let input = ClaimInput {
            kind,
            role,
            days,
            subjects,
        };
        match claim_credits(&input) {
            Ok(c) => credits = Some(c.tenths()),
            Err(e) => {
                let name = match e {
                    ClaimError::SubjectsMissing | ClaimError::SubjectsOutOfRange => "subjects",
                    ClaimError::DaysMissing | ClaimError::DaysOutOfRange => "days",
                    ClaimError::RoleMissing(_) | ClaimError::RoleNotAllowed { .. } => "role",
                };
                if !errors.iter().any(|f| f.field == name) {
                    errors.push(field(name, e.to_string()));
                }
            }
        }
    }
    let mut files = Vec::new();
    let mut file_problems = Vec::new();
    for f in &u.files {
        match EvidenceType::sniff(&f.bytes) {
            Some(t) => files.push((t, clean_file_name(&f.name, t), f.bytes.as_slice())),
            None => {
                let shown = clean_file_name(&f.name, EvidenceType::Pdf);
                let shown = shown.trim_end_matches(".pdf");
                file_problems.push(format!(
                    "文件“{shown}”不是 PDF、JPG 或 PNG 格式（按文件内容判断），请转换后重新上传"
                ));
            }
        }
    }
    for name in &u.too_large {
        let shown = clean_file_name(name, EvidenceType::Pdf);
        file_problems.push(format!(
            "文件“{}”超过 5 MB，请压缩或拆分后重新上传",
            shown.trim_end_matches(".pdf")
        ));
    }
    let count_sent = u.files.len() + u.too_large.len();
    if count_sent > MAX_EVIDENCE_FILES {
        file_problems.push(format!(
            "证明材料最多 {MAX_EVIDENCE_FILES} 个文件，您上传了 {count_sent} 个"
        ));
    } else if count_sent == 0 {
        file_problems.push("请上传证明材料：PDF、JPG 或 PNG，每个不超过 5 MB，最多 5 个".into());
    }
    if !file_problems.is_empty() {
        errors.push(field("evidence", file_problems.join("；")));
    }
    if !errors.is_empty() {
        let mut e = AppError::invalid_fields(errors);
        if !u.too_large.is_empty() {
            e.kind = ErrorKind::TooLarge;
            e.code = "payload_too_large";
        }
        return Err(e);
    }
    match (year, kind, credits) {
        (Some(year), Some(kind), Some(credits_tenths)) => Ok(ValidClaim {
            year,
            kind,
            role: role.filter(|r| kind.allowed_roles().contains(r)),
            days: days
                .filter(|_| kind == ClaimKind::Conference)
                .map(i64::from),
            subjects: subjects.filter(|_| kind == ClaimKind::Exam).map(i64::from),
            title,
            credits_tenths,
            files,
        }),
        _ => Err(AppError::invalid_fields(Vec::new())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::claims::upload::UploadedFile;
    use crate::format;

    fn pdf() -> UploadedFile {
        UploadedFile {
            name: "合格证.pdf".into(),
            bytes: b"%PDF-1.4 ...".to_vec(),
        }
    }

    fn exam() -> ClaimUpload {
        ClaimUpload {
            year: format::this_year().to_string(),
            kind: "exam".into(),
            subjects: "1".into(),
            title: "中级会计职称考试".into(),
            files: vec![pdf()],
            ..ClaimUpload::default()
        }
    }

    fn fields(e: &AppError) -> Vec<&str> {
        e.fields.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn an_exam_claim_is_worth_ninety_per_subject_whatever_the_client_says() {
        let upload = ClaimUpload {
            subjects: "2".into(),
            days: "3".into(),
            ..exam()
        };
        let c = validate(&upload).unwrap();
        assert_eq!(c.credits_tenths, 1800);
        assert_eq!((c.subjects, c.days), (Some(2), None));
        assert_eq!(c.files[0].1, "合格证.pdf");
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let e = validate(&ClaimUpload {
            year: "1999".into(),
            kind: "patent".into(),
            title: String::new(),
            files: vec![],
            ..ClaimUpload::default()
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::Invalid);
        assert_eq!(fields(&e), ["year", "kind", "title", "evidence"]);
    }

    #[test]
    fn zero_or_negative_days_are_refused_on_the_days_field() {
        for days in ["0", "-2", "abc"] {
            let e = validate(&ClaimUpload {
                kind: "conference".into(),
                days: days.into(),
                ..exam()
            })
            .unwrap_err();
            assert_eq!(fields(&e), ["days"], "{days}");
        }
    }

    #[test]
    fn a_role_its_kind_does_not_allow_is_refused_on_the_role_field() {
        let e = validate(&ClaimUpload {
            kind: "research".into(),
            role: "first".into(),
            ..exam()
        })
        .unwrap_err();
        assert_eq!(fields(&e), ["role"]);
        let e = validate(&ClaimUpload {
            kind: "paper".into(),
            role: "boss".into(),
            ..exam()
        })
        .unwrap_err();
        assert_eq!(fields(&e), ["role"]);
    }

    #[test]
    fn a_file_that_is_not_pdf_jpeg_or_png_is_refused_whatever_its_name() {
        let e = validate(&ClaimUpload {
            files: vec![UploadedFile {
                name: "scan.pdf".into(),
                bytes: b"<html>".to_vec(),
            }],
            ..exam()
        })
        .unwrap_err();
        assert_eq!(fields(&e), ["evidence"]);
        assert!(e.message.contains("scan"), "{}", e.message);
    }

    #[test]
    fn a_file_over_five_megabytes_makes_a_413_naming_the_evidence() {
        let e = validate(&ClaimUpload {
            too_large: vec!["big.pdf".into()],
            ..exam()
        })
        .unwrap_err();
        assert_eq!(e.kind, ErrorKind::TooLarge);
        assert_eq!(fields(&e), ["evidence"]);
    }

    #[test]
    fn more_than_five_files_are_refused() {
        let e = validate(&ClaimUpload {
            files: vec![pdf(); 6],
            ..exam()
        })
        .unwrap_err();
        assert_eq!(fields(&e), ["evidence"]);
    }
}
