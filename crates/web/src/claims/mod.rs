//! 学分申报 use cases: a learner's claim with evidence, the list of the learner's claims, the
//! evidence files (for the owner and for admins in scope), and an admin's decision. Shared by the
//! learner's pages and the JSON API. The credits a claim is worth come from the domain's
//! `claim_credits`, never from the client.

pub mod upload;
pub mod view;

use std::net::IpAddr;
use std::path::PathBuf;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jxjy_domain::{
    ClaimError, ClaimInput, ClaimKind, ClaimRole, EvidenceType, MAX_EVIDENCE_FILES, claim_credits,
    clean_file_name,
};
use jxjy_store::StoreError;
use jxjy_store::audit::Actor;
use jxjy_store::claims::{ClaimFileRow, Decided, Decision, NewClaim, NewClaimFile};
use jxjy_store::{Page, PageRequest};

use crate::admin::AdminAuth;
use crate::auth::LearnerAuth;
use crate::error::FieldError;
use crate::{AppError, AppState, crypto, format, training};
pub use upload::ClaimUpload;
pub use view::{AdminClaimView, ClaimView};

/// Admin claim lists show this many a page.
pub const ADMIN_PER_PAGE: i64 = 20;

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
            e.status = StatusCode::PAYLOAD_TOO_LARGE;
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

fn evidence_dir(state: &AppState) -> PathBuf {
    state.settings.data_dir.join("evidence")
}

async fn remove_files(state: &AppState, names: &[String]) {
    for name in names {
        if let Err(e) = tokio::fs::remove_file(evidence_dir(state).join(name)).await {
            tracing::warn!(file = %name, error = %e, "evidence file not removed");
        }
    }
}

fn learner_actor(auth: &LearnerAuth, ip: IpAddr) -> Actor {
    Actor {
        kind: "learner",
        id: Some(auth.learner_id),
        ip: Some(ip.to_string()),
    }
}

/// 学分申报: checks the submission, writes the evidence under random names in
/// `{data_dir}/evidence/`, and records the claim; files are removed again if recording fails.
pub async fn submit(
    state: &AppState,
    auth: &LearnerAuth,
    upload: &ClaimUpload,
    ip: IpAddr,
) -> Result<ClaimView, AppError> {
    let claim = validate(upload)?;
    let dir = evidence_dir(state);
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(AppError::internal)?;
    let mut stored = Vec::new();
    for (kind, _, bytes) in &claim.files {
        let token = crypto::random_token().map_err(AppError::internal)?;
        let name = format!("{}.{}", &token[..32], kind.extension());
        if let Err(e) = tokio::fs::write(dir.join(&name), bytes).await {
            remove_files(state, &stored).await;
            return Err(AppError::internal(e));
        }
        stored.push(name);
    }
    let files: Vec<NewClaimFile<'_>> = claim
        .files
        .iter()
        .zip(&stored)
        .map(|((kind, original, bytes), stored_name)| NewClaimFile {
            stored_name,
            original_name: original,
            content_type: kind.content_type(),
            size_bytes: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        })
        .collect();
    let new = NewClaim {
        learner_id: auth.learner_id,
        year: claim.year,
        kind: claim.kind.as_str(),
        role: claim.role.map(ClaimRole::as_str),
        days: claim.days,
        subjects: claim.subjects,
        title: &claim.title,
        credits_tenths: claim.credits_tenths,
    };
    let id = match state
        .store
        .create_claim(&new, &files, &learner_actor(auth, ip), format::now())
        .await
    {
        Ok(id) => id,
        Err(e) => {
            remove_files(state, &stored).await;
            return Err(if e.is_conflict() {
                AppError::conflict(
                    "claim_exists",
                    format!(
                        "您已申报过 {} 年度的{}“{}”，正在审核或已通过，不能重复申报",
                        claim.year,
                        claim.kind.label(),
                        claim.title
                    ),
                )
                .on_field("title")
            } else {
                e.into()
            });
        }
    };
    own(state, auth, id).await
}

fn claim_not_found() -> AppError {
    AppError::not_found("申报记录不存在")
}

fn scoped(e: StoreError) -> AppError {
    match e {
        StoreError::NotFound => claim_not_found(),
        other => other.into(),
    }
}

/// The learner's own claim.
pub async fn own(state: &AppState, auth: &LearnerAuth, id: i64) -> Result<ClaimView, AppError> {
    let c = state
        .store
        .claim_of_learner(id, auth.learner_id)
        .await
        .map_err(scoped)?;
    let files = state.store.claim_files(id).await?;
    Ok(ClaimView::new(&c, &files, "/api/v1/claims"))
}

/// The learner's claims, newest first, with status and reason.
pub async fn list(state: &AppState, auth: &LearnerAuth) -> Result<Vec<ClaimView>, AppError> {
    let claims = state.store.claims_of_learner(auth.learner_id).await?;
    let files = state.store.claim_files_of_learner(auth.learner_id).await?;
    Ok(claims
        .iter()
        .map(|c| ClaimView::new(c, &files, "/api/v1/claims"))
        .collect())
}

/// An evidence file as a download: its detected type, a cleaned name, never cached, and a
/// sandboxing content policy; images are shown inline, PDFs saved.
pub async fn evidence_response(state: &AppState, f: &ClaimFileRow) -> Result<Response, AppError> {
    let missing = || AppError::not_found("证明材料文件不存在");
    if !f
        .stored_name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.')
    {
        return Err(missing());
    }
    let kind = EvidenceType::from_content_type(&f.content_type).ok_or_else(missing)?;
    let bytes = match tokio::fs::read(evidence_dir(state).join(&f.stored_name)).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(file = %f.stored_name, error = %e, "evidence file unreadable");
            return Err(missing());
        }
    };
    let disposition = format!(
        "{}; filename=\"evidence-{}.{}\"; filename*=UTF-8''{}",
        if kind.is_image() {
            "inline"
        } else {
            "attachment"
        },
        f.id,
        kind.extension(),
        percent_encode(&f.original_name)
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(kind.content_type()),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; img-src 'self'; sandbox"),
    );
    Ok(response)
}

/// RFC 5987 encoding of a file name for `filename*`.
pub fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An evidence file of the learner's own claim.
pub async fn own_evidence(
    state: &AppState,
    auth: &LearnerAuth,
    claim_id: i64,
    file_id: i64,
) -> Result<Response, AppError> {
    let f = state
        .store
        .claim_file_of_learner(claim_id, file_id, auth.learner_id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("证明材料不存在"),
            other => other.into(),
        })?;
    evidence_response(state, &f).await
}

// ---- admins ----

fn admin_actor(admin: &AdminAuth, ip: IpAddr) -> Actor {
    Actor {
        kind: "admin",
        id: Some(admin.session.id),
        ip: Some(ip.to_string()),
    }
}

/// `pending`, `approved`, `rejected`, or empty for every status.
pub fn parse_status(raw: &str) -> Result<&'static str, AppError> {
    match raw.trim() {
        "" => Ok(""),
        "pending" => Ok("pending"),
        "approved" => Ok("approved"),
        "rejected" => Ok("rejected"),
        _ => Err(AppError::bad_request(
            "invalid_input",
            "status 只能是 pending（审核中）、approved（已通过）或 rejected（未通过）",
        )
        .on_field("status")),
    }
}

/// The claims of the admin's scope, oldest first, optionally of one status.
pub async fn admin_list(
    state: &AppState,
    admin: &AdminAuth,
    status: &str,
    page: Option<i64>,
) -> Result<Page<AdminClaimView>, AppError> {
    let status = parse_status(status)?;
    let (page, files) = state
        .store
        .claims_in_scope(
            &admin.session.region_path,
            status,
            PageRequest::new(page, ADMIN_PER_PAGE),
        )
        .await?;
    Ok(Page {
        items: page
            .items
            .iter()
            .map(|c| AdminClaimView::new(c, &files))
            .collect(),
        total: page.total,
        page: page.page,
        per_page: page.per_page,
    })
}

/// One claim of the admin's scope.
pub async fn admin_claim(
    state: &AppState,
    admin: &AdminAuth,
    id: i64,
) -> Result<AdminClaimView, AppError> {
    let c = state
        .store
        .claim_in_scope(id, &admin.session.region_path)
        .await
        .map_err(scoped)?;
    let files = state.store.claim_files(id).await?;
    Ok(AdminClaimView::new(&c, &files))
}

fn already_decided(status: &str) -> AppError {
    AppError::conflict(
        "claim_decided",
        format!(
            "该申报已审核（{}），不能重复审核",
            view::status_label(status)
        ),
    )
}

/// Approves a pending claim: its credits enter the ledger of its year, filling what the year
/// lacks in professional first, then public, any surplus professional.
pub async fn approve(
    state: &AppState,
    admin: &AdminAuth,
    id: i64,
    ip: IpAddr,
) -> Result<AdminClaimView, AppError> {
    let c = admin_claim(state, admin, id).await?;
    if c.claim.status != "pending" {
        return Err(already_decided(&c.claim.status));
    }
    let rule = crate::credits::rule_of(state, c.claim.year)?;
    let decided = state
        .store
        .decide_claim(
            id,
            &admin.session.region_path,
            Decision::Approve(&rule),
            &admin_actor(admin, ip),
            format::now(),
        )
        .await
        .map_err(scoped)?;
    if let Decided::AlreadyDecided(status) = decided {
        return Err(already_decided(&status));
    }
    admin_claim(state, admin, id).await
}

/// Rejects a pending claim with the reason the learner reads; the learner may claim again.
pub async fn reject(
    state: &AppState,
    admin: &AdminAuth,
    id: i64,
    reason: &str,
    ip: IpAddr,
) -> Result<AdminClaimView, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 200 {
        return Err(AppError::bad_request(
            "invalid_input",
            "请填写不予通过的原因（1-200 字），学员会看到它并据此重新申报",
        )
        .on_field("reason"));
    }
    let c = admin_claim(state, admin, id).await?;
    if c.claim.status != "pending" {
        return Err(already_decided(&c.claim.status));
    }
    let decided = state
        .store
        .decide_claim(
            id,
            &admin.session.region_path,
            Decision::Reject(reason),
            &admin_actor(admin, ip),
            format::now(),
        )
        .await
        .map_err(scoped)?;
    if let Decided::AlreadyDecided(status) = decided {
        return Err(already_decided(&status));
    }
    admin_claim(state, admin, id).await
}

/// An evidence file of a claim in the admin's scope.
pub async fn admin_evidence(
    state: &AppState,
    admin: &AdminAuth,
    claim_id: i64,
    file_id: i64,
) -> Result<Response, AppError> {
    let f = state
        .store
        .claim_file_in_scope(claim_id, file_id, &admin.session.region_path)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("证明材料不存在"),
            other => other.into(),
        })?;
    evidence_response(state, &f).await
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::upload::UploadedFile;
    use super::*;

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
        assert_eq!(e.status, StatusCode::BAD_REQUEST);
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
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
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

    #[test]
    fn file_names_are_encoded_for_the_download_header() {
        assert_eq!(percent_encode("a b.pdf"), "a%20b.pdf");
        assert_eq!(percent_encode("证.pdf"), "%E8%AF%81.pdf");
    }
}
