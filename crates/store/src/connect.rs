//! Opening the database: the backend is picked from the URL scheme.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU32, Ordering};

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::StoreError;

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Unsupported(
                "数据库地址必须以 sqlite: 或 postgres:// 开头",
            ))
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// The default database: an embedded SQLite file under `data_dir`.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("jxjy.db").display())
}

/// The most SQLite connections worth having: four a core.
fn sqlite_pool_cap() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    u32::try_from(cores * 4).unwrap_or(u32::MAX)
}

/// How SQLite makes a commit durable (`PRAGMA synchronous`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Synchronous {
    /// Every commit is on disk before it is acknowledged: a power cut loses nothing that was
    /// answered 200. The default.
    Full,
    /// Commits reach the disk at checkpoints: faster, but an OS crash or a power cut can lose
    /// the last acknowledged commits (a process crash cannot).
    Normal,
}

impl Synchronous {
    fn pragma(self) -> &'static str {
        match self {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        }
    }
}

impl std::str::FromStr for Synchronous {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "full" => Ok(Synchronous::Full),
            "normal" => Ok(Synchronous::Normal),
            other => Err(format!(
                "sqlite_synchronous 只能是 full 或 normal，而不是 {other}"
            )),
        }
    }
}

/// How the store opens its pool.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    /// How long a request waits for a connection before it is answered 503
    /// `database_unavailable`: short, so that an outage is a quick, clear answer, not a hang.
    pub acquire_timeout: Duration,
    pub sqlite_synchronous: Synchronous,
}

impl StoreOptions {
    pub fn new(max_connections: u32) -> StoreOptions {
        StoreOptions {
            max_connections,
            acquire_timeout: Duration::from_secs(2),
            sqlite_synchronous: Synchronous::Full,
        }
    }
}

/// What the store has seen go wrong outside the program, for `/healthz`.
#[derive(Debug, Default)]
pub struct Faults {
    /// Unix time of the last write refused for lack of space; 0 once a write went through.
    storage_full_since: AtomicI64,
    /// Fault injection for tests: SQLite's `max_page_count` on every connection (0 = none).
    page_limit: AtomicU32,
    page_limit_used: AtomicBool,
}

impl Faults {
    pub fn mark_storage_full(&self, now: i64) {
        let _ = self.storage_full_since.compare_exchange(
            0,
            now.max(1),
            Ordering::AcqRel,
            Ordering::Acquire,
        );
    }

    pub fn clear_storage_full(&self) {
        self.storage_full_since.store(0, Ordering::Release);
    }

    /// Since when writes have been refused for lack of space, if they are.
    pub fn storage_full_since(&self) -> Option<i64> {
        Some(self.storage_full_since.load(Ordering::Acquire)).filter(|t| *t > 0)
    }
}

/// SQLite's largest `max_page_count`: no limit.
const NO_PAGE_LIMIT: u32 = 4_294_967_294;

/// A handle on the database, cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    sqlite_path: Option<PathBuf>,
    /// SQLite takes one writer at a time; transactions wait here, in order, instead of in
    /// SQLite's busy handler, which sleeps in steps of up to 100 ms (see `begin_write`).
    write_gate: Option<Arc<Mutex<()>>>,
    /// The newest notices for 首页, kept a second (`crate::fresh`).
    /// Enrollments waiting for their group commit (`crate::enroll_group`).
    pub(crate) enrollment_group: Arc<crate::group::Group<crate::enroll_group::PendingEnrollment>>,
    /// Schools' credit reports waiting for their group commit (`crate::report_group`).
    pub(crate) report_group: Arc<crate::group::Group<crate::report_group::PendingReport>>,
    /// Session touches waiting to be written (`Store::touch_later`).
    pub(crate) touch_group: Arc<crate::group::Group<crate::sessions::Touch>>,
    /// Every open offer with its school for 网络培训, kept a second (`Store::offered_institutions`).
    pub(crate) open_offers: Arc<crate::fresh::Fresh<Option<Vec<crate::institutions::OpenOffer>>>>,
    pub(crate) latest_notices: Arc<crate::fresh::Fresh<Vec<crate::notices::NoticeSummary>>>,
    faults: Arc<Faults>,
    /// The hot reads' own connections (`crate::reader`).
    reader: Arc<crate::reader::Reader>,
}

/// Held for the length of a write transaction on SQLite; nothing on PostgreSQL.
pub type WriteGate = Option<OwnedMutexGuard<()>>;

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Store {
    /// Connects with at most `max_connections`; for SQLite, creates the file (and its folder) if
    /// missing and sets WAL, a busy timeout and foreign keys on every connection.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        Store::connect_with(url, StoreOptions::new(max_connections)).await
    }

    /// Connects with the given options (see [`StoreOptions`]).
    pub async fn connect_with(url: &str, opts: StoreOptions) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let max_connections = opts.max_connections;
        let synchronous = opts.sqlite_synchronous.pragma();
        let faults = Arc::new(Faults::default());
        let backend = Backend::from_url(url)?;
        let sqlite_path = match backend {
            Backend::Sqlite => {
                let path = sqlite_file_of(url);
                if let Some(dir) = path.as_ref().and_then(|p| p.parent())
                    && !dir.as_os_str().is_empty()
                {
                    tokio::fs::create_dir_all(dir).await?;
                }
                path
            }
            Backend::Postgres => None,
        };
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let max_connections = match backend {
            // Each SQLite connection is a thread with its own page cache; past four a core they
            // only add memory and switching (32 connections: 174 MB and 10 % fewer answers a
            // second than 8, on two cores; docs/performance.md).
            Backend::Sqlite => max_connections.min(sqlite_pool_cap()),
            Backend::Postgres => max_connections,
        };
        let on_connect = faults.clone();
        let on_acquire = faults.clone();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(opts.acquire_timeout)
            .after_connect(move |conn, _meta| {
                let faults = on_connect.clone();
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // No checkpoint inside a commit (`wal_autocheckpoint = 0`): the
                        // store's checkpointer task does them beside the writers, see
                        // `spawn_checkpointer`. The WAL file is cut back to 64 MB after each.
                        conn.execute(sqlx::AssertSqlSafe(format!(
                            "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 10000; \
                             PRAGMA foreign_keys = ON; PRAGMA synchronous = {synchronous}; \
                             PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = 67108864;"
                        )))
                        .await?;
                        apply_page_limit(conn, &faults).await?;
                    }
                    Ok(())
                })
            })
            .before_acquire(move |conn, _meta| {
                let faults = on_acquire.clone();
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        apply_page_limit(conn, &faults).await?;
                    }
                    Ok(true)
                })
            })
            .after_release(|conn, _meta| {
                Box::pin(async move { Ok(!left_in_transaction(conn).await) })
            })
            .connect_with(options)
            .await?;
        if backend == Backend::Sqlite {
            spawn_checkpointer(pool.clone());
        }
        let reader = crate::reader::Reader::open(
            backend,
            &url,
            sqlite_path.as_deref(),
            max_connections.div_ceil(2),
            opts.acquire_timeout,
        )?;
        Ok(Store {
            reader: Arc::new(reader),
            pool,
            backend,
            sqlite_path,
            write_gate: (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(()))),
            enrollment_group: Arc::new(crate::group::Group::new()),
            touch_group: Arc::new(crate::group::Group::new()),
            report_group: Arc::new(crate::group::Group::new()),
            open_offers: Arc::new(crate::fresh::Fresh::new(Duration::from_secs(1))),
            latest_notices: Arc::new(crate::fresh::Fresh::new(Duration::from_secs(1))),
            faults,
        })
    }

    /// What has gone wrong outside the program (a full disk), for `/healthz`.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Fault injection for tests: caps every SQLite connection's `max_page_count` at `pages`
    /// (a database already that large is full at once), or lifts the cap with `None`. Applied
    /// as each connection is next taken from the pool. Nothing in production calls it.
    pub fn limit_sqlite_pages(&self, pages: Option<u32>) {
        self.faults
            .page_limit
            .store(pages.unwrap_or(0), Ordering::Release);
        self.faults.page_limit_used.store(true, Ordering::Release);
    }

    /// The write gate alone, for a single write statement outside a transaction (a session,
    /// a nonce, a rate counter): the same queue as `begin_write`.
    pub async fn write_gate(&self) -> WriteGate {
        match &self.write_gate {
            Some(gate) => Some(gate.clone().lock_owned().await),
            None => None,
        }
    }

    /// Begins a write transaction. On SQLite it first takes the process's write gate: with
    /// 64 requests writing at once, waiting for SQLite's lock in its busy handler (sleeps of 1 to
    /// 100 ms) halved the enrollments a second and put p99 at 400 ms; a queue hands the lock on
    /// the moment the previous transaction commits. Keep the gate until the transaction ends.
    pub async fn begin_write(
        &self,
    ) -> Result<(WriteGate, sqlx::Transaction<'static, sqlx::Any>), StoreError> {
        let gate = self.write_gate().await;
        Ok((gate, self.pool.begin().await?))
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub(crate) fn reader(&self) -> &crate::reader::Reader {
        &self.reader
    }

    /// Applies every migration not yet applied; running it twice changes nothing.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Connections open and idle, for `/metrics`.
    pub fn pool_usage(&self) -> (u32, usize) {
        (self.pool.size(), self.pool.num_idle())
    }

    /// An online, consistent copy of the SQLite database (`VACUUM INTO`). PostgreSQL is backed up
    /// with its own tools (`pg_dump`), as the README says.
    pub async fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unsupported(
                "PostgreSQL 请使用 pg_dump 备份，见 README",
            ));
        }
        if target.exists() {
            return Err(StoreError::Unsupported(
                "备份目标文件已存在，请换一个文件名",
            ));
        }
        let target = target.to_string_lossy().to_string();
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The SQLite file behind this store, if any.
    pub fn sqlite_path(&self) -> Option<&Path> {
        self.sqlite_path.as_deref()
    }

    /// Folds the WAL into the database file (SQLite) and closes every connection.
    pub async fn close(&self) {
        if self.backend == Backend::Sqlite
            && let Err(e) = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await
        {
            tracing::warn!(error = %e, "final checkpoint failed");
        }
        self.reader.close().await;
        self.pool.close().await;
    }
}

/// Sets `max_page_count` once a test has asked for a limit; in production this does nothing.
async fn apply_page_limit(
    conn: &mut sqlx::AnyConnection,
    faults: &Faults,
) -> Result<(), sqlx::Error> {
    if !faults.page_limit_used.load(Ordering::Acquire) {
        return Ok(());
    }
    let pages = match faults.page_limit.load(Ordering::Acquire) {
        0 => NO_PAGE_LIMIT,
        n => n,
    };
    conn.execute(sqlx::AssertSqlSafe(format!(
        "PRAGMA max_page_count = {pages}"
    )))
    .await?;
    Ok(())
}

/// True when a connection comes back to the pool still inside a transaction, and must be
/// closed rather than reused. When SQLite rolls a transaction back by itself (SQLITE_FULL,
/// SQLITE_IOERR at commit), sqlx's own `ROLLBACK` fails and its transaction depth stays at 1;
/// reused, that connection would open every later "transaction" as a SAVEPOINT inside one that
/// never commits, answering 200 for writes a restart then loses, and holding the write lock
/// against every other connection. Closing it ends SQLite's transaction, if any, for good.
async fn left_in_transaction(conn: &mut sqlx::AnyConnection) -> bool {
    if !conn.is_in_transaction() {
        return false;
    }
    // A dropped transaction queues its ROLLBACK; a round trip lets it run, then look again.
    if conn.ping().await.is_err() {
        return true;
    }
    let stuck = conn.is_in_transaction();
    if stuck {
        tracing::warn!("a connection came back inside a transaction: closed, not reused");
    }
    stuck
}

/// How often the checkpointer copies committed pages from the WAL into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// SQLite's own checkpoints run inside the commit that fills the WAL past 1,000 pages, with two
/// `fsync`s, while every other writer waits for the lock: at a deadline's rush of credit reports
/// that left a third of the CPU idle (docs/performance.md). A `PASSIVE` checkpoint from its own
/// task needs no writer's lock, so commits only append to the WAL. The task ends with the pool.
fn spawn_checkpointer(pool: AnyPool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                return;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %e, "checkpoint failed");
            }
        }
    });
}

fn sqlite_file_of(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        None
    } else {
        Some(PathBuf::from(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/x.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert!(Backend::from_url("mysql://h/db").is_err());
    }

    #[test]
    fn the_sqlite_file_is_read_from_the_url() {
        assert_eq!(
            sqlite_file_of("sqlite://./data/jxjy.db?mode=rwc"),
            Some(PathBuf::from("./data/jxjy.db"))
        );
        assert_eq!(sqlite_file_of("sqlite::memory:"), None);
    }
}
