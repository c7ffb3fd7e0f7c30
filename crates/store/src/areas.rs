//! The store read by table: `store.enrollments()`, `store.ledger()`, `store.claims()`… Each
//! handle borrows the store and offers only its area's queries; everything the store itself
//! does (the pool, the write gate, faults, backups) stays on `Store`.

use crate::Store;

macro_rules! areas {
    ($($(#[$doc:meta])* $handle:ident => $accessor:ident;)*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy)]
            pub struct $handle<'a>(&'a Store);

            impl std::ops::Deref for $handle<'_> {
                type Target = Store;
                fn deref(&self) -> &Store {
                    self.0
                }
            }
        )*

        impl Store {
            $(
                $(#[$doc])*
                pub fn $accessor(&self) -> $handle<'_> {
                    $handle(self)
                }
            )*
        }
    };
}

areas! {
    /// Admins, their sessions' scope and their credentials.
    Admins => admins;
    /// Reading the audit log (writing is `audit::record`, inside each change).
    AuditLog => audit_log;
    /// Issued 学时证明 and their verification codes.
    Certificates => certificates;
    /// 学分申报, their evidence files and decisions.
    Claims => claims;
    /// The console's scoped reads: learners, statistics.
    Console => console;
    /// The credit ledger: records, reversals, a learner's year sums.
    Ledger => ledger;
    /// 单位 accounts, their review and sessions.
    Employers => employers;
    /// Enrollments, their states, payments, school reports and the change feed.
    Enrollments => enrollments;
    /// The large exports' keyset pages.
    Exports => exports;
    /// 常见问题.
    Faqs => faqs;
    /// Schools and their offers.
    Institutions => institutions;
    /// Learners and their 信息采集.
    Learners => learners;
    /// Failed logins and locks.
    Lockout => lockout;
    /// 通知公告.
    Notices => notices;
    /// The partner API's nonces and hand-off tokens.
    PartnerCalls => partner;
    /// The flood guard's counters.
    RateLimits => rate_limits;
    /// The region tree.
    Regions => regions;
    /// 去评价.
    Reviews => reviews;
    /// Sessions of learners and admins.
    Sessions => sessions;
    /// Staff links between employers and learners; the employer's staff list.
    Staff => staff;
    /// 学习提醒: reminders, their messages and delivery, the learner's 消息.
    Reminders => reminders;
    /// SMS codes and their daily limits.
    SmsCodes => sms_codes;
    /// The webhook outbox.
    Webhooks => webhooks;
}
