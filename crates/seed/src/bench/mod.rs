//! `jxjy bench-data`: adds a synthetic province to an existing database for the benchmark.
//!
//! Learners are numbered over every batch ever added (the next number is kept in `meta` under
//! `bench_data_next`); everything about learner `k` is a pure function of `k` (see `people` and
//! `history`), so a second run adds new learners that collide with nobody. Rows are computed in
//! Rust and written chunk by chunk with explicit ids and change numbers taken from the database
//! at the start of each chunk, so the server should not be taking registrations while this runs.
//! On SQLite a chunk is one transaction of multi-row inserts; on PostgreSQL its rows go in with
//! `COPY` and its counters after them (see `pg_load` for what a load stopped half-way leaves).
//! Nothing that exists is changed, except that the bench schools' partner secrets are
//! re-encrypted (with the current key) when they already exist.

mod bulk;
mod chunk;
mod history;
pub mod people;
mod pg_load;
mod rows;

use jxjy_domain::{CreditRule, Level};
use sqlx::{Any, AnyConnection, Connection, Transaction};

use self::bulk::{Row, Sink, insert_all};
use self::history::Plan;
use self::people::rnd;
use self::pg_load::PgLoad;
use self::rows::{Bases, Context, RegionRef};
use jxjy_store::{Backend, Store, StoreError, admins, audit, institutions};

/// Bench schools: `基准测试网校1..5`, partner secrets `bench-secret-1..5`.
pub const INSTITUTIONS: usize = 5;
/// The bench province admin (password: the bench password).
pub const ADMIN_USERNAME: &str = "bench_admin";
/// How many of each the manifest offers (fewer when the batch is too small to have them).
pub const LOGIN_SAMPLE: usize = 1_000;
pub const READ_SESSIONS: usize = 2_000;
pub const ENROLL_SESSIONS: usize = 50_000;
pub const PAID_ENROLLMENTS: usize = 20_000;
/// Learners a transaction.
const CHUNK: u64 = 50_000;

pub fn institution_name(n: usize) -> String {
    format!("基准测试网校{n}")
}

pub fn institution_secret(n: usize) -> String {
    format!("bench-secret-{n}")
}

/// What the caller supplies: hashes, tokens and secrets are made outside the storage layer.
pub struct BenchInput<'a> {
    pub learners: u64,
    pub province_code: &'a str,
    /// The argon2 hash of the bench password, computed once and shared by every bench learner.
    pub password_hash: &'a str,
    pub encrypt_secret: &'a (dyn Fn(&str) -> Result<String, String> + Sync),
    /// A new session token and the hash that is stored, as a login makes them.
    pub new_session: &'a (dyn Fn() -> Result<(String, String), String> + Sync),
    /// The credit rule of a year (for splitting approved claims).
    pub rule: &'a (dyn Fn(i32) -> CreditRule + Sync),
    pub this_year: i32,
    pub now: i64,
    /// How long the manifest's sessions stay valid without being used.
    pub session_secs: i64,
    /// Called after each chunk: learners written so far, elapsed rows.
    pub progress: &'a (dyn Fn(u64, u64) + Sync),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchInstitution {
    pub id: i64,
    pub name: String,
    pub secret: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginSample {
    pub name: String,
    pub id_number: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrollSession {
    pub token: String,
    pub learner_id: i64,
    pub year: i32,
    pub level: Level,
    pub institution_id: i64,
}

/// What a run added, for the manifest.
#[derive(Debug, Clone, Default)]
pub struct BenchOutcome {
    /// The first learner number of this batch (0 for the first batch).
    pub first_number: u64,
    pub learners: u64,
    pub rows: u64,
    pub institutions: Vec<BenchInstitution>,
    pub login_sample: Vec<LoginSample>,
    /// (token, learner id)
    pub read_sessions: Vec<(String, i64)>,
    pub enroll_sessions: Vec<EnrollSession>,
    /// (institution id, enrollment id)
    pub paid_enrollments: Vec<(i64, i64)>,
}

/// Uniform random sample of a stream (reservoir sampling, deterministic per salt).
struct Reservoir<T> {
    cap: usize,
    seen: u64,
    salt: u64,
    items: Vec<T>,
}

impl<T> Reservoir<T> {
    fn new(cap: usize, salt: u64) -> Self {
        Reservoir {
            cap,
            seen: 0,
            salt,
            items: Vec::new(),
        }
    }

    fn offer(&mut self, make: impl FnOnce() -> T) {
        let n = self.seen;
        self.seen += 1;
        if self.items.len() < self.cap {
            self.items.push(make());
        } else {
            let j = (rnd(n, self.salt) % (n + 1)) as usize;
            if j < self.cap {
                self.items[j] = make();
            }
        }
    }
}

struct SessionRow {
    token_hash: String,
    learner_id: i64,
    now: i64,
    expires_at: i64,
}

impl Row for SessionRow {
    const TABLE: &'static str = "sessions";
    const COLUMNS: &'static [&'static str] = &[
        "token_hash",
        "subject_kind",
        "subject_id",
        "created_at",
        "last_seen_at",
        "expires_at",
    ];
    fn put<'s, S: Sink>(&self, s: &'s mut S) -> &'s mut S {
        s.put(self.token_hash.clone())
            .put("learner")
            .put(self.learner_id)
            .put(self.now)
            .put(self.now)
            .put(self.expires_at)
    }
}

/// Adds `input.learners` bench learners with three years of history (see the module doc).
pub async fn add_bench_data(
    store: &Store,
    input: &BenchInput<'_>,
) -> Result<BenchOutcome, StoreError> {
    let root = store
        .regions()
        .region(input.province_code)
        .await?
        .ok_or(StoreError::NotFound)?;
    let regions: Vec<RegionRef> = sqlx::query_as::<_, (String, String)>(
        "SELECT code, name FROM regions WHERE path LIKE $1 || '%' ORDER BY path LIMIT 5000",
    )
    .bind(&root.path)
    .fetch_all(store.pool())
    .await?
    .into_iter()
    .map(|(code, name)| RegionRef { code, name })
    .collect();
    let mut conn = store.pool().acquire().await?;
    if store.backend() == Backend::Sqlite {
        // A big page cache for this connection only: the indexes of a million learners.
        sqlx::query("PRAGMA cache_size = -1000000")
            .execute(&mut *conn)
            .await?;
    }
    let (institutions, admin_id, first) = bench_setup(&mut conn, input, &root.code).await?;
    let institution_ids: Vec<i64> = institutions.iter().map(|i| i.id).collect();
    let ctx = Context {
        regions: &regions,
        institution_ids: &institution_ids,
        password_hash: input.password_hash,
        admin_id: Some(admin_id),
        plan: Plan {
            this_year: input.this_year,
            now: input.now,
            institutions: institution_ids.len(),
            rule: input.rule,
        },
    };
    let mut logins = Reservoir::new(LOGIN_SAMPLE, 1);
    let mut readers = Reservoir::new(READ_SESSIONS, 2);
    let mut enrollers = Reservoir::new(ENROLL_SESSIONS, 3);
    let mut paid = Reservoir::new(PAID_ENROLLMENTS, 4);
    let mut rows_written = 0u64;
    let mut done = 0u64;
    let mut pg_load = PgLoad::begin(store).await?;
    while done < input.learners {
        let count = CHUNK.min(input.learners - done);
        let mut tx = conn.begin().await?;
        let bases = bases(&mut tx).await?;
        let (chunk, after) =
            chunk::build(&ctx, first + done, count, bases).map_err(StoreError::Invalid)?;
        let backend = store.backend();
        if let Some(load) = &mut pg_load {
            load.write(&chunk).await?;
        } else {
            insert_all(&mut tx, backend, &chunk.learners).await?;
            insert_all(&mut tx, backend, &chunk.enrollments).await?;
            insert_all(&mut tx, backend, &chunk.payments).await?;
            insert_all(&mut tx, backend, &chunk.claims).await?;
            insert_all(&mut tx, backend, &chunk.credits).await?;
            insert_all(&mut tx, backend, &chunk.reviews).await?;
            insert_all(&mut tx, backend, &chunk.audit).await?;
        }
        // The schools' running rating totals, as `create_review` keeps them.
        let mut ratings = std::collections::BTreeMap::<i64, (i64, i64)>::new();
        for (institution, rating) in chunk.reviews.iter().map(rows::ReviewRow::rating) {
            let t = ratings.entry(institution).or_default();
            t.0 += rating;
            t.1 += 1;
        }
        for (institution, (sum, count)) in ratings {
            sqlx::query(
                "UPDATE institutions SET rating_sum = rating_sum + $1, rating_count = rating_count + $2 WHERE id = $3",
            )
            .bind(sum)
            .bind(count)
            .bind(institution)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query("UPDATE counters SET value = $1 WHERE name = 'enrollment_change'")
            .bind(after.change_seq - 1)
            .execute(&mut *tx)
            .await?;
        set_meta(
            &mut tx,
            "bench_data_next",
            &(first + done + count).to_string(),
        )
        .await?;
        if backend == Backend::Postgres {
            // Explicit ids leave the identity sequences behind: move them past the new rows.
            for table in ["learners", "enrollments", "claims"] {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        for l in &chunk.learners {
            logins.offer(|| LoginSample {
                name: l.name.clone(),
                id_number: l.id_number.clone(),
                phone: l.phone.clone(),
            });
            readers.offer(|| l.id);
        }
        for c in &chunk.enroll_candidates {
            enrollers.offer(|| *c);
        }
        for p in &chunk.paid_candidates {
            paid.offer(|| *p);
        }
        rows_written += chunk.rows() as u64;
        done += count;
        (input.progress)(done, rows_written);
    }
    if let Some(load) = pg_load {
        load.finish().await?;
    }
    let (read_sessions, enroll_sessions) =
        bench_sessions(store, &mut conn, input, readers.items, enrollers.items).await?;
    rows_written += (read_sessions.len() + enroll_sessions.len()) as u64;
    if store.backend() == Backend::Postgres {
        // Fresh statistics, as autovacuum would gather them in an hour: without them the
        // planner took the new tables for empty and scanned them (the 报名记录 page at 3 a
        // second on 200,000 learners). A database copied from this one keeps them.
        sqlx::query("ANALYZE").execute(&mut *conn).await?;
    }
    if store.backend() == Backend::Sqlite {
        sqlx::query("PRAGMA cache_size = -2000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await?;
    }
    Ok(BenchOutcome {
        first_number: first,
        learners: input.learners,
        rows: rows_written,
        institutions,
        login_sample: logins.items,
        read_sessions,
        enroll_sessions,
        paid_enrollments: paid.items,
    })
}

/// The bench schools (created, or found and their secrets re-encrypted), their offers for
/// the three years, the bench admin, and the first learner number of this batch.
async fn bench_setup(
    conn: &mut AnyConnection,
    input: &BenchInput<'_>,
    root_code: &str,
) -> Result<(Vec<BenchInstitution>, i64, u64), StoreError> {
    let mut tx = conn.begin().await?;
    let mut list = Vec::new();
    for n in 1..=INSTITUTIONS {
        let name = institution_name(n);
        let secret = institution_secret(n);
        let secret_enc = (input.encrypt_secret)(&secret).map_err(StoreError::Invalid)?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM institutions WHERE name = $1")
            .bind(&name)
            .fetch_optional(&mut *tx)
            .await?;
        let id = match found {
            Some(id) => {
                sqlx::query("UPDATE institutions SET secret_enc = $1 WHERE id = $2")
                    .bind(&secret_enc)
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                id
            }
            None => {
                let sso = format!("https://bench{n}.example.cn/sso");
                let email = format!("service@bench{n}.example.cn");
                let website = format!("https://bench{n}.example.cn");
                institutions::insert(
                    &mut *tx,
                    &institutions::NewInstitution {
                        name: &name,
                        sso_url: &sso,
                        webhook_url: None,
                        intro: "基准测试用的合成网校（jxjy bench-data 生成），提供各层级的专业科目与公需科目课程。",
                        contact_person: "测试老师",
                        contact_phone: "024-00000000",
                        contact_email: &email,
                        website: &website,
                        secret_enc: &secret_enc,
                    },
                    input.now,
                )
                .await?
            }
        };
        for year in input.this_year - 2..=input.this_year {
            for level in Level::ALL {
                sqlx::query(
                    "INSERT INTO offers (year, level, institution_id, price_fen, created_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (year, level, institution_id) DO NOTHING",
                )
                .bind(i64::from(year))
                .bind(level.as_str())
                .bind(id)
                .bind(match level {
                    Level::Junior => 12_000_i64,
                    Level::Intermediate => 15_000,
                    Level::Senior => 18_000,
                })
                .bind(input.now)
                .execute(&mut *tx)
                .await?;
            }
        }
        list.push(BenchInstitution { id, name, secret });
    }
    let admin: Option<i64> = sqlx::query_scalar("SELECT id FROM admins WHERE username = $1")
        .bind(ADMIN_USERNAME)
        .fetch_optional(&mut *tx)
        .await?;
    let admin_id = match admin {
        Some(id) => id,
        None => {
            admins::insert(
                &mut *tx,
                &admins::NewAdmin {
                    username: ADMIN_USERNAME,
                    password_hash: input.password_hash,
                    role: "province",
                    region_code: root_code,
                    display_name: "基准测试管理员",
                },
                input.now,
            )
            .await?
        }
    };
    let next: Option<String> =
        sqlx::query_scalar("SELECT value FROM meta WHERE key = 'bench_data_next'")
            .fetch_optional(&mut *tx)
            .await?;
    let first = next.and_then(|v| v.parse().ok()).unwrap_or(0);
    audit::record(
        &mut *tx,
        &audit::Entry {
            at: input.now,
            actor: &audit::Actor::system(),
            action: "bench_data.add",
            target_kind: "database",
            target_id: "bench",
            detail: &format!(r#"{{"first":{first},"learners":{}}}"#, input.learners),
        },
    )
    .await?;
    tx.commit().await?;
    Ok((list, admin_id, first))
}

/// Sessions for the manifest, stored as a login stores them (only the token's hash).
async fn bench_sessions(
    store: &Store,
    conn: &mut AnyConnection,
    input: &BenchInput<'_>,
    readers: Vec<i64>,
    enrollers: Vec<chunk::EnrollCandidate>,
) -> Result<(Vec<(String, i64)>, Vec<EnrollSession>), StoreError> {
    let mut rows = Vec::with_capacity(readers.len() + enrollers.len());
    let mut session = |learner_id: i64| -> Result<String, StoreError> {
        let (token, token_hash) = (input.new_session)().map_err(StoreError::Invalid)?;
        rows.push(SessionRow {
            token_hash,
            learner_id,
            now: input.now,
            expires_at: input.now + input.session_secs,
        });
        Ok(token)
    };
    let mut read = Vec::with_capacity(readers.len());
    for id in readers {
        read.push((session(id)?, id));
    }
    let mut enroll = Vec::with_capacity(enrollers.len());
    for c in enrollers {
        enroll.push(EnrollSession {
            token: session(c.learner_id)?,
            learner_id: c.learner_id,
            year: input.this_year,
            level: c.level,
            institution_id: c.institution_id,
        });
    }
    let mut tx = conn.begin().await?;
    insert_all(&mut tx, store.backend(), &rows).await?;
    tx.commit().await?;
    Ok((read, enroll))
}

/// The next free ids and change number, read inside the chunk's transaction.
async fn bases(tx: &mut Transaction<'_, Any>) -> Result<Bases, StoreError> {
    let (learner, enrollment, claim): (i64, i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE((SELECT MAX(id) FROM learners), 0) AS BIGINT), \
         CAST(COALESCE((SELECT MAX(id) FROM enrollments), 0) AS BIGINT), \
         CAST(COALESCE((SELECT MAX(id) FROM claims), 0) AS BIGINT)",
    )
    .fetch_one(&mut **tx)
    .await?;
    let seq: i64 =
        sqlx::query_scalar("SELECT value FROM counters WHERE name = 'enrollment_change'")
            .fetch_one(&mut **tx)
            .await?;
    Ok(Bases {
        learner_id: learner + 1,
        enrollment_id: enrollment + 1,
        claim_id: claim + 1,
        change_seq: seq + 1,
    })
}

async fn set_meta(tx: &mut Transaction<'_, Any>, key: &str, value: &str) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
