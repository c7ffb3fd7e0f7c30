//! A 学分申报 as it arrived: its text fields and evidence files, before any check.

/// One evidence part as sent.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The client's file name (not yet cleaned).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The fields of a claim as text, as a form or client sent them.
#[derive(Debug, Clone, Default)]
pub struct ClaimUpload {
    pub year: String,
    pub kind: String,
    pub role: String,
    pub days: String,
    pub subjects: String,
    pub title: String,
    pub files: Vec<UploadedFile>,
    /// Names of files over 5 MB (their content was discarded).
    pub too_large: Vec<String>,
}

impl ClaimUpload {
    /// The text values, for a form that is shown again.
    pub fn values(&self) -> [(&'static str, String); 6] {
        [
            ("year", self.year.clone()),
            ("kind", self.kind.clone()),
            ("role", self.role.clone()),
            ("days", self.days.clone()),
            ("subjects", self.subjects.clone()),
            ("title", self.title.clone()),
        ]
    }
}
