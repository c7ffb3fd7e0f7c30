//! Codes read back from storage: each enum stored as its code decodes from that text, so the
//! store's rows carry domain values, never strings to re-parse.

use std::str::FromStr;

macro_rules! decodes_from_stored_code {
    ($($t:ty),* $(,)?) => {
        $(
            impl TryFrom<String> for $t {
                type Error = <$t as FromStr>::Err;
                fn try_from(code: String) -> Result<Self, Self::Error> {
                    code.parse()
                }
            }
        )*
    };
}

decodes_from_stored_code!(
    crate::AdminRole,
    crate::Category,
    crate::ClaimKind,
    crate::ClaimRole,
    crate::ClaimStatus,
    crate::EmployerStatus,
    crate::EnrollmentStatus,
    crate::LinkState,
    crate::Audience,
    crate::ReminderStatus,
    crate::MessageState,
    crate::Level,
);

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use crate::{AdminRole, ClaimStatus, EnrollmentStatus, Level};

    #[test]
    fn a_stored_code_decodes_and_a_stranger_is_refused() {
        assert_eq!(
            Level::try_from("senior".to_string()).unwrap(),
            Level::Senior
        );
        assert_eq!(
            EnrollmentStatus::try_from("paid".to_string()).unwrap(),
            EnrollmentStatus::Paid
        );
        assert_eq!(
            AdminRole::try_from("district".to_string()).unwrap(),
            AdminRole::District
        );
        assert!(ClaimStatus::try_from("maybe".to_string()).is_err());
    }
}
