//! 单位 (employers): an account's review, and the two-sided link between an employer and a
//! learner. A link needs both sides: the learner names the employer (`Requested`) and the
//! employer confirms, or the employer invites (`Invited`) and the learner accepts. Only a
//! confirmed link shows the learner's data, and only for the years from its confirmation on.

use std::fmt;
use std::str::FromStr;

use crate::error::ParseCodeError;

/// Where an employer account stands: 待审核 until an authority admin decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EmployerStatus {
    Pending,
    Approved,
    Rejected,
}

impl EmployerStatus {
    pub const ALL: [EmployerStatus; 3] = [
        EmployerStatus::Pending,
        EmployerStatus::Approved,
        EmployerStatus::Rejected,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EmployerStatus::Pending => "pending",
            EmployerStatus::Approved => "approved",
            EmployerStatus::Rejected => "rejected",
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            EmployerStatus::Pending => "待审核",
            EmployerStatus::Approved => "已通过",
            EmployerStatus::Rejected => "未通过",
        }
    }

    /// Only an approved employer acts (sees staff, invites, 团报).
    pub const fn may_act(self) -> bool {
        matches!(self, EmployerStatus::Approved)
    }

    /// Only a pending account is decided; a decision is final (a rejected employer registers
    /// again after correcting what the reason names — its USCC is freed, see the store).
    pub const fn may_be_decided(self) -> bool {
        matches!(self, EmployerStatus::Pending)
    }
}

/// A staff link's state. `Ended` and `Declined` are history that shows nothing to anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkState {
    Requested,
    Invited,
    Confirmed,
    Ended,
    Declined,
}

impl LinkState {
    pub const ALL: [LinkState; 5] = [
        LinkState::Requested,
        LinkState::Invited,
        LinkState::Confirmed,
        LinkState::Ended,
        LinkState::Declined,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            LinkState::Requested => "requested",
            LinkState::Invited => "invited",
            LinkState::Confirmed => "confirmed",
            LinkState::Ended => "ended",
            LinkState::Declined => "declined",
        }
    }

    /// As the employer reads it in its staff list.
    pub const fn label(self) -> &'static str {
        match self {
            LinkState::Requested => "待单位确认",
            LinkState::Invited => "已邀请，待本人接受",
            LinkState::Confirmed => "已确认",
            LinkState::Ended => "已解除",
            LinkState::Declined => "已拒绝",
        }
    }

    /// Open links are listed and hold their place (one per employer and learner).
    pub const fn is_open(self) -> bool {
        matches!(
            self,
            LinkState::Requested | LinkState::Invited | LinkState::Confirmed
        )
    }
}

/// What one side does to a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LinkEvent {
    /// The employer confirms a learner's request.
    EmployerConfirms,
    /// The learner accepts an employer's invitation.
    LearnerAccepts,
    /// The learner declines an invitation.
    LearnerDeclines,
    /// The employer removes the learner (a request, an invitation or a confirmed link).
    EmployerRemoves,
    /// The learner ends its link (withdraws a request, or leaves the employer).
    LearnerEnds,
}

impl LinkEvent {
    pub const ALL: [LinkEvent; 5] = [
        LinkEvent::EmployerConfirms,
        LinkEvent::LearnerAccepts,
        LinkEvent::LearnerDeclines,
        LinkEvent::EmployerRemoves,
        LinkEvent::LearnerEnds,
    ];
}

/// A link event that does not apply to the link's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Confirming something that is not a learner's request (an invitation waits for the learner).
    NotARequest,
    /// Accepting or declining something that is not an invitation.
    NotAnInvitation,
    /// The link has already ended or been declined.
    Closed,
}

impl LinkError {
    pub const fn code(self) -> &'static str {
        match self {
            LinkError::NotARequest => "link_not_requested",
            LinkError::NotAnInvitation => "link_not_invited",
            LinkError::Closed => "link_closed",
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LinkError::NotARequest => "该人员没有待确认的关联申请（邀请需由本人在工作台接受）",
            LinkError::NotAnInvitation => "没有待接受的单位邀请",
            LinkError::Closed => "该关联已解除",
        })
    }
}

impl std::error::Error for LinkError {}

impl crate::ErrorCode for LinkError {
    fn code(&self) -> &'static str {
        LinkError::code(*self)
    }
}

/// The state a link moves to, or why the event does not apply.
pub fn link_transition(from: LinkState, event: LinkEvent) -> Result<LinkState, LinkError> {
    use LinkEvent as E;
    use LinkState as S;
    match (from, event) {
        (S::Ended | S::Declined, _) => Err(LinkError::Closed),
        (S::Requested, E::EmployerConfirms) => Ok(S::Confirmed),
        (_, E::EmployerConfirms) => Err(LinkError::NotARequest),
        (S::Invited, E::LearnerAccepts) => Ok(S::Confirmed),
        (S::Invited, E::LearnerDeclines) => Ok(S::Declined),
        (_, E::LearnerAccepts | E::LearnerDeclines) => Err(LinkError::NotAnInvitation),
        (S::Requested | S::Invited | S::Confirmed, E::EmployerRemoves | E::LearnerEnds) => {
            Ok(S::Ended)
        }
    }
}

/// Whether a link in `state`, confirmed for the years from `since_year` on, shows the
/// learner's data of `year` to the employer.
pub fn shows_year(state: LinkState, since_year: Option<i64>, year: i64) -> bool {
    state == LinkState::Confirmed && since_year.is_some_and(|since| since <= year)
}

macro_rules! code_enum {
    ($t:ident, $err:ident) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $t {
            type Err = ParseCodeError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $t::ALL
                    .iter()
                    .copied()
                    .find(|c| c.as_str() == s)
                    .ok_or_else(|| ParseCodeError::$err(s.to_owned()))
            }
        }
    };
}

code_enum!(EmployerStatus, EmployerStatus);
code_enum!(LinkState, LinkState);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use LinkEvent as E;
    use LinkState as S;

    #[test]
    fn every_code_reads_back_and_a_stranger_is_refused() {
        for s in EmployerStatus::ALL {
            assert_eq!(s.as_str().parse::<EmployerStatus>().unwrap(), s);
        }
        for s in LinkState::ALL {
            assert_eq!(s.as_str().parse::<LinkState>().unwrap(), s);
        }
        assert_eq!(
            "open".parse::<LinkState>(),
            Err(ParseCodeError::LinkState("open".into()))
        );
        assert!("Approved".parse::<EmployerStatus>().is_err());
    }

    #[test]
    fn only_an_approved_employer_acts_and_only_a_pending_one_is_decided() {
        assert!(EmployerStatus::Approved.may_act());
        assert!(!EmployerStatus::Pending.may_act());
        assert!(!EmployerStatus::Rejected.may_act());
        assert!(EmployerStatus::Pending.may_be_decided());
        assert!(!EmployerStatus::Approved.may_be_decided());
        assert!(!EmployerStatus::Rejected.may_be_decided());
    }

    /// Every state and event, written out: the table is the rule.
    #[test]
    fn the_link_table_is_exhaustive() {
        let expected = |from: S, event: E| -> Result<S, LinkError> {
            match (from, event) {
                (S::Requested, E::EmployerConfirms) => Ok(S::Confirmed),
                (S::Invited, E::EmployerConfirms) => Err(LinkError::NotARequest),
                (S::Confirmed, E::EmployerConfirms) => Err(LinkError::NotARequest),
                (S::Invited, E::LearnerAccepts) => Ok(S::Confirmed),
                (S::Invited, E::LearnerDeclines) => Ok(S::Declined),
                (S::Requested | S::Confirmed, E::LearnerAccepts | E::LearnerDeclines) => {
                    Err(LinkError::NotAnInvitation)
                }
                (S::Requested | S::Invited | S::Confirmed, E::EmployerRemoves) => Ok(S::Ended),
                (S::Requested | S::Invited | S::Confirmed, E::LearnerEnds) => Ok(S::Ended),
                (S::Ended | S::Declined, _) => Err(LinkError::Closed),
            }
        };
        for from in S::ALL {
            for event in E::ALL {
                assert_eq!(
                    link_transition(from, event),
                    expected(from, event),
                    "{from:?} {event:?}"
                );
            }
        }
    }

    #[test]
    fn a_link_never_confirms_itself_from_one_side() {
        // The learner cannot confirm its own request, nor the employer its own invitation.
        assert!(link_transition(S::Requested, E::LearnerAccepts).is_err());
        assert!(link_transition(S::Invited, E::EmployerConfirms).is_err());
    }

    #[test]
    fn only_a_confirmed_link_shows_data_and_only_from_its_year() {
        assert!(shows_year(S::Confirmed, Some(2025), 2025));
        assert!(shows_year(S::Confirmed, Some(2025), 2026));
        assert!(!shows_year(S::Confirmed, Some(2026), 2025));
        assert!(!shows_year(S::Confirmed, None, 2026));
        for s in [S::Requested, S::Invited, S::Ended, S::Declined] {
            assert!(!shows_year(s, Some(2020), 2026), "{s:?}");
        }
    }

    #[test]
    fn open_states_are_the_listed_ones() {
        let open: Vec<_> = S::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, vec![S::Requested, S::Invited, S::Confirmed]);
        for s in S::ALL {
            assert!(!s.label().is_empty());
        }
        for e in [
            LinkError::NotARequest,
            LinkError::NotAnInvitation,
            LinkError::Closed,
        ] {
            assert!(e.code().starts_with("link_"));
            assert!(!e.to_string().is_empty());
        }
    }
}
