//! Where a 学分申报 stands: 审核中 until an authority decides, then 已通过 or 未通过.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseCodeError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimStatus {
    Pending,
    Approved,
    Rejected,
}

impl ClaimStatus {
    pub const ALL: [ClaimStatus; 3] = [
        ClaimStatus::Pending,
        ClaimStatus::Approved,
        ClaimStatus::Rejected,
    ];

    /// The stored and API code.
    pub const fn as_str(self) -> &'static str {
        match self {
            ClaimStatus::Pending => "pending",
            ClaimStatus::Approved => "approved",
            ClaimStatus::Rejected => "rejected",
        }
    }

    /// As the learner and the officer read it.
    pub const fn label(self) -> &'static str {
        match self {
            ClaimStatus::Pending => "审核中",
            ClaimStatus::Approved => "已通过",
            ClaimStatus::Rejected => "未通过",
        }
    }

    /// Only a pending claim may be decided.
    pub const fn is_decided(self) -> bool {
        !matches!(self, ClaimStatus::Pending)
    }
}

impl fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ClaimStatus {
    type Err = ParseCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ClaimStatus::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| ParseCodeError::ClaimStatus(s.to_owned()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_from_its_code() {
        for s in ClaimStatus::ALL {
            assert_eq!(s.as_str().parse::<ClaimStatus>().unwrap(), s);
        }
        assert_eq!(
            "done".parse::<ClaimStatus>(),
            Err(ParseCodeError::ClaimStatus("done".into()))
        );
    }

    #[test]
    fn labels_are_the_screens_words() {
        assert_eq!(ClaimStatus::Pending.label(), "审核中");
        assert_eq!(ClaimStatus::Approved.label(), "已通过");
        assert_eq!(ClaimStatus::Rejected.label(), "未通过");
        assert!(!ClaimStatus::Pending.is_decided());
        assert!(ClaimStatus::Rejected.is_decided());
    }
}
