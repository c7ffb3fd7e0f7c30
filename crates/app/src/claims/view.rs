//! How claims are shown: to the learner, and to an admin (with the learner, document masked).

use jxjy_store::claims::{ClaimFileRow, ClaimRow};
use serde::Serialize;

use crate::accounts::view::masked_document;
use crate::format;
use crate::training::view::CreditsNum;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClaimFileView {
    pub id: i64,
    /// The cleaned original name.
    pub name: String,
    /// `application/pdf`, `image/jpeg` or `image/png`.
    pub content_type: String,
    pub size: i64,
    /// Where the owner (or, in the admin view, an admin) downloads it.
    pub url: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClaimView {
    pub id: i64,
    pub year: i64,
    /// `exam`, `conference`, `degree_course`, `research`, `paper` or `book`.
    pub kind: String,
    pub kind_label: String,
    /// `host`, `participant`, `sole`, `first` or `other`, for research, papers and books.
    pub role: Option<String>,
    pub role_label: String,
    /// Conference days.
    pub days: Option<i64>,
    /// Exam subjects passed.
    pub subjects: Option<i64>,
    pub title: String,
    /// The credits the claim is worth, computed on the server.
    pub credits: CreditsNum,
    /// `pending` (审核中), `approved` (已通过) or `rejected` (未通过).
    pub status: String,
    pub status_label: String,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// `2026-03-01 09:30` (Asia/Shanghai).
    pub submitted_at: String,
    pub reviewed_at: Option<String>,
    pub files: Vec<ClaimFileView>,
}

impl ClaimView {
    /// The claim with the files among `files` that belong to it, each linked under `url_base`
    /// (`/api/v1/claims` or `/api/v1/admin/claims`).
    pub fn new(c: &ClaimRow, files: &[ClaimFileRow], url_base: &str) -> ClaimView {
        let kind_label = c.kind.label().to_string();
        let role_label = c.role.map(|r| r.label().to_string()).unwrap_or_default();
        ClaimView {
            id: c.id,
            year: c.year,
            kind: c.kind.as_str().to_string(),
            kind_label,
            role: c.role.map(|r| r.as_str().to_string()),
            role_label,
            days: c.days,
            subjects: c.subjects,
            title: c.title.clone(),
            credits: CreditsNum(c.credits_tenths),
            status: c.status.as_str().to_string(),
            status_label: c.status.label().to_string(),
            reason: c.reason.clone(),
            submitted_at: format::datetime(c.created_at),
            reviewed_at: c.reviewed_at.map(format::datetime),
            files: files
                .iter()
                .filter(|f| f.claim_id == c.id)
                .map(|f| ClaimFileView {
                    id: f.id,
                    name: f.original_name.clone(),
                    content_type: f.content_type.clone(),
                    size: f.size_bytes,
                    url: format!("{url_base}/{}/evidence/{}", c.id, f.id),
                })
                .collect(),
        }
    }

    /// What the claim is about, in one line: `考试 · 2 科` or `论文 · 第一作者`.
    pub fn detail(&self) -> String {
        let mut parts = vec![self.kind_label.clone()];
        if let Some(s) = self.subjects.filter(|_| self.kind == "exam") {
            parts.push(format!("{s} 科"));
        }
        if let Some(d) = self.days.filter(|_| self.kind == "conference") {
            parts.push(format!("{d} 天"));
        }
        if !self.role_label.is_empty() {
            parts.push(self.role_label.clone());
        }
        parts.join(" · ")
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ClaimLearner {
    pub id: i64,
    pub name: String,
    /// Masked: `440103********883X`.
    pub id_number: String,
    pub authority: String,
}

/// A claim as an admin reviews it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AdminClaimView {
    #[serde(flatten)]
    pub claim: ClaimView,
    pub learner: ClaimLearner,
}

impl AdminClaimView {
    pub fn new(c: &ClaimRow, files: &[ClaimFileRow]) -> AdminClaimView {
        AdminClaimView {
            claim: ClaimView::new(c, files, "/api/v1/admin/claims"),
            learner: ClaimLearner {
                id: c.learner_id,
                name: c.learner_name.clone(),
                id_number: masked_document(&c.learner_id_type, &c.learner_id_number),
                authority: c.authority_name.clone(),
            },
        }
    }
}
