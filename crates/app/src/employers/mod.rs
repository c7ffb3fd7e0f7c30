//! 单位 (employers, SPEC section 8): the account and its review, the two-sided staff links,
//! the staff list with each person's compliance, the staff export and 团报. Shared by the
//! employer console's pages, the learner's 个人信息 and the JSON API.

pub mod account;
pub mod group;
pub mod links;
pub mod review;
pub mod staff;
pub mod view;

use jxjy_domain::EmployerStatus;
use jxjy_store::audit::Actor;

use crate::AppError;
pub use account::{EmployerAuth, employer_session};
pub use view::{EmployerView, LinkView, StaffItem};

impl EmployerAuth {
    /// This employer as the actor of an audit record.
    pub fn actor(&self, ip: std::net::IpAddr) -> Actor {
        Actor {
            kind: "employer",
            id: Some(self.employer_id),
            ip: Some(ip.to_string()),
        }
    }

    /// Only an approved employer acts; a pending or rejected one sees why not.
    pub fn require_approved(&self) -> Result<(), AppError> {
        match self.status {
            s if s.may_act() => Ok(()),
            EmployerStatus::Rejected => Err(AppError::forbidden(
                "单位账号审核未通过，请按审核意见修改后重新注册",
            )
            .with_code("employer_rejected")),
            _ => Err(
                AppError::forbidden("单位账号正在等待主管部门审核，审核通过后才能管理人员")
                    .with_code("employer_pending"),
            ),
        }
    }
}
