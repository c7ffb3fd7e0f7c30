//! "Write, then audit, in the same transaction", owned by one type. An admin's, an employer's or
//! a school's change begins with `Store::begin_audited` and can end only with
//! `AuditedWrite::commit(entry)`, which writes the audit record inside the transaction and then
//! commits: a change without its record cannot be committed, and a record never outlives a
//! change that rolled back.

use sqlx::{Any, AnyConnection, Transaction};

use crate::audit::{self, Entry};
use crate::connect::WriteGate;
use crate::{Store, StoreError};

pub struct AuditedWrite {
    _gate: WriteGate,
    tx: Transaction<'static, Any>,
}

impl Store {
    /// A write transaction (behind the SQLite write gate) that commits with its audit record.
    pub async fn begin_audited(&self) -> Result<AuditedWrite, StoreError> {
        let (gate, tx) = self.begin_write().await?;
        Ok(AuditedWrite { _gate: gate, tx })
    }
}

impl AuditedWrite {
    /// Writes the audit record, then commits the change and the record together.
    pub async fn commit(mut self, entry: &Entry<'_>) -> Result<(), StoreError> {
        audit::record(&mut *self.tx, entry).await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Gives up the change (nothing was written, so nothing is audited).
    pub async fn rollback(self) -> Result<(), StoreError> {
        self.tx.rollback().await?;
        Ok(())
    }
}

impl std::ops::Deref for AuditedWrite {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl std::ops::DerefMut for AuditedWrite {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}
