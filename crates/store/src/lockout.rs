//! Password lockout, shared by learners, admins and employers. An attempt is taken atomically *before* the
//! password is checked, so parallel guesses cannot slip past the limit while a slow hash runs;
//! a lock that has ended starts a new run of failures.

use crate::StoreError;
use crate::areas::Lockout;

/// Whose account: the two tables have the same lockout columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    Learner,
    Admin,
    Employer,
}

impl Account {
    /// The accounts' tables share the lockout columns (`failed_logins`, `locked_until`).
    const fn table(self) -> &'static str {
        match self {
            Account::Learner => "learners",
            Account::Admin => "admins",
            Account::Employer => "employers",
        }
    }
}

/// A lockout statement for the account's table; `{t}` stands for the table (one of three
/// fixed names, never input).
fn per_table(account: Account, sql: &str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(sql.replace("{t}", account.table()))
}

impl Lockout<'_> {
    /// Takes an attempt: `None` when the account is locked now, else the attempt's number in the
    /// current run of failures (1 for the first).
    pub async fn begin_login_attempt(
        &self,
        account: Account,
        id: i64,
        now: i64,
    ) -> Result<Option<i64>, StoreError> {
        let sql = per_table(
            account,
            "UPDATE {t} SET \
             failed_logins = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_logins + 1 END, \
             locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL ELSE locked_until END \
             WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) RETURNING failed_logins",
        );
        let _gate = self.write_gate().await;
        Ok(sqlx::query_scalar(sql)
            .bind(id)
            .bind(now)
            .fetch_optional(self.pool())
            .await?)
    }

    /// Locks the account until `until` (after the last allowed wrong password).
    pub async fn lock_account(
        &self,
        account: Account,
        id: i64,
        until: i64,
    ) -> Result<(), StoreError> {
        let sql = per_table(account, "UPDATE {t} SET locked_until = $1 WHERE id = $2");
        let _gate = self.write_gate().await;
        sqlx::query(sql)
            .bind(until)
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// A successful login ends the run of failures.
    pub async fn end_login_failures(&self, account: Account, id: i64) -> Result<(), StoreError> {
        let sql = per_table(
            account,
            "UPDATE {t} SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
        );
        let _gate = self.write_gate().await;
        sqlx::query(sql).bind(id).execute(self.pool()).await?;
        Ok(())
    }

    /// When the account's lock ends (for the message), if it is locked.
    pub async fn locked_until(&self, account: Account, id: i64) -> Result<Option<i64>, StoreError> {
        let sql = per_table(account, "SELECT locked_until FROM {t} WHERE id = $1");
        Ok(sqlx::query_scalar::<_, Option<i64>>(sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .flatten())
    }
}
