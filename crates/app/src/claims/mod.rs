//! 学分申报 use cases: a learner's claim with evidence, the list of the learner's claims, the
//! evidence files (for the owner and for admins in scope), and an admin's decision. Shared by the
//! learner's pages and the JSON API. The credits a claim is worth come from the domain's
//! `claim_credits`, never from the client.

pub mod upload;
mod validate;
pub mod view;

use std::net::IpAddr;
use std::path::PathBuf;

use jxjy_domain::{ClaimRole, ClaimStatus, EvidenceType};
use jxjy_store::StoreError;
use jxjy_store::claims::{ClaimFileRow, ClaimRow, Decided, Decision, NewClaim, NewClaimFile};
use jxjy_store::{Page, PageRequest};

use crate::admin::AdminAuth;
use crate::auth::LearnerAuth;
use crate::{AppError, Context, crypto, format};
pub use upload::ClaimUpload;
pub use validate::{ValidClaim, validate};
pub use view::{AdminClaimView, ClaimView};

/// Admin claim lists show this many a page.
pub const ADMIN_PER_PAGE: i64 = 20;

fn evidence_dir(state: &Context) -> PathBuf {
    state.settings.data_dir.join("evidence")
}

async fn remove_files(state: &Context, names: &[String]) {
    for name in names {
        if let Err(e) = tokio::fs::remove_file(evidence_dir(state).join(name)).await {
            tracing::warn!(file = %name, error = %e, "evidence file not removed");
        }
    }
}

/// 学分申报: checks the submission, writes the evidence under random names in
/// `{data_dir}/evidence/`, and records the claim; files are removed again if recording fails.
pub async fn submit(
    state: &Context,
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
        .claims()
        .create_claim(&new, &files, &auth.actor(ip), format::now())
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
pub async fn own(state: &Context, auth: &LearnerAuth, id: i64) -> Result<ClaimView, AppError> {
    let c = state
        .store
        .claims()
        .claim_of_learner(id, auth.learner_id)
        .await
        .map_err(scoped)?;
    let files = state.store.claims().claim_files(id).await?;
    Ok(ClaimView::new(&c, &files, "/api/v1/claims"))
}

/// The learner's claims, newest first, with status and reason.
pub async fn list(state: &Context, auth: &LearnerAuth) -> Result<Vec<ClaimView>, AppError> {
    let claims = state
        .store
        .claims()
        .claims_of_learner(auth.learner_id)
        .await?;
    let files = state
        .store
        .claims()
        .claim_files_of_learner(auth.learner_id)
        .await?;
    Ok(claims
        .iter()
        .map(|c| ClaimView::new(c, &files, "/api/v1/claims"))
        .collect())
}

/// An evidence file read back: its detected type and content. The web layer serves it with a
/// cleaned name, never cached, under a sandboxing content policy.
#[derive(Debug)]
pub struct Evidence {
    pub file_id: i64,
    pub original_name: String,
    pub kind: EvidenceType,
    pub bytes: Vec<u8>,
}

/// Reads a stored evidence file; a name that is not ours or a missing file is a 404.
pub async fn read_evidence(state: &Context, f: &ClaimFileRow) -> Result<Evidence, AppError> {
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
    Ok(Evidence {
        file_id: f.id,
        original_name: f.original_name.clone(),
        kind,
        bytes,
    })
}

/// An evidence file of the learner's own claim.
pub async fn own_evidence(
    state: &Context,
    auth: &LearnerAuth,
    claim_id: i64,
    file_id: i64,
) -> Result<Evidence, AppError> {
    let f = state
        .store
        .claims()
        .claim_file_of_learner(claim_id, file_id, auth.learner_id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("证明材料不存在"),
            other => other.into(),
        })?;
    read_evidence(state, &f).await
}

// ---- admins ----

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
    state: &Context,
    admin: &AdminAuth,
    status: &str,
    page: Option<i64>,
) -> Result<Page<AdminClaimView>, AppError> {
    let status = parse_status(status)?;
    let (page, files) = state
        .store
        .claims()
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
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<AdminClaimView, AppError> {
    let c = state
        .store
        .claims()
        .claim_in_scope(id, &admin.session.region_path)
        .await
        .map_err(scoped)?;
    let files = state.store.claims().claim_files(id).await?;
    Ok(AdminClaimView::new(&c, &files))
}

fn already_decided(status: ClaimStatus) -> AppError {
    AppError::conflict(
        "claim_decided",
        format!("该申报已审核（{}），不能重复审核", status.label()),
    )
}

/// A claim of the admin's scope that may still be decided; a decided one is a 409.
async fn pending(state: &Context, admin: &AdminAuth, id: i64) -> Result<ClaimRow, AppError> {
    let c = state
        .store
        .claims()
        .claim_in_scope(id, &admin.session.region_path)
        .await
        .map_err(scoped)?;
    if c.status.is_decided() {
        return Err(already_decided(c.status));
    }
    Ok(c)
}

/// Approves a pending claim: its credits enter the ledger of its year, filling what the year
/// lacks in professional first, then public, any surplus professional.
pub async fn approve(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
    ip: IpAddr,
) -> Result<AdminClaimView, AppError> {
    let c = pending(state, admin, id).await?;
    let rule = crate::credits::rule_of(state, c.year)?;
    let decided = state
        .store
        .claims()
        .decide_claim(
            id,
            &admin.session.region_path,
            Decision::Approve(&rule),
            &admin.actor(ip),
            format::now(),
        )
        .await
        .map_err(scoped)?;
    if let Decided::AlreadyDecided(status) = decided {
        return Err(already_decided(status));
    }
    admin_claim(state, admin, id).await
}

/// Rejects a pending claim with the reason the learner reads; the learner may claim again.
pub async fn reject(
    state: &Context,
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
    pending(state, admin, id).await?;
    let decided = state
        .store
        .claims()
        .decide_claim(
            id,
            &admin.session.region_path,
            Decision::Reject(reason),
            &admin.actor(ip),
            format::now(),
        )
        .await
        .map_err(scoped)?;
    if let Decided::AlreadyDecided(status) = decided {
        return Err(already_decided(status));
    }
    admin_claim(state, admin, id).await
}

/// An evidence file of a claim in the admin's scope.
pub async fn admin_evidence(
    state: &Context,
    admin: &AdminAuth,
    claim_id: i64,
    file_id: i64,
) -> Result<Evidence, AppError> {
    let f = state
        .store
        .claims()
        .claim_file_in_scope(claim_id, file_id, &admin.session.region_path)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("证明材料不存在"),
            other => other.into(),
        })?;
    read_evidence(state, &f).await
}

/// A claim of the admin's scope as stored (for the console's confirmation and notices).
pub async fn row_in_scope(
    state: &Context,
    admin: &AdminAuth,
    id: i64,
) -> Result<jxjy_store::claims::ClaimRow, AppError> {
    state
        .store
        .claims()
        .claim_in_scope(id, &admin.session.region_path)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => AppError::not_found("学分申报不存在或不在您的管辖范围内"),
            other => other.into(),
        })
}
