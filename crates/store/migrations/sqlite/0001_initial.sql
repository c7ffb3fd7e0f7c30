-- jxjy schema, SQLite flavour. The PostgreSQL file of the same version must describe the same tables;
-- a test compares their table and column names. Times are unix seconds (UTC); credits are integer tenths.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- 主管部门: the province, its cities and districts. `path` is '/210000/210100/210102/' so that a
-- subtree is `path LIKE '/210000/210100/%'`.
CREATE TABLE regions (
    code           TEXT PRIMARY KEY,
    parent_code    TEXT REFERENCES regions(code),
    level          INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),
    name           TEXT NOT NULL,
    authority_name TEXT NOT NULL,
    path           TEXT NOT NULL UNIQUE,
    sort_order     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX regions_parent ON regions(parent_code, sort_order);

CREATE TABLE learners (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL,
    id_type             TEXT NOT NULL,
    id_number           TEXT NOT NULL,
    phone               TEXT,
    password_hash       TEXT,
    gender              TEXT,
    birth_date          TEXT,
    education           TEXT,
    employer            TEXT,
    region_code         TEXT NOT NULL REFERENCES regions(code),
    qualification_level TEXT NOT NULL DEFAULT 'none',
    qualification_year  INTEGER,
    work_start_year     INTEGER,
    first_required_year INTEGER,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
-- One account per document number and per phone.
CREATE UNIQUE INDEX learners_id_number ON learners(id_number);
CREATE UNIQUE INDEX learners_phone ON learners(phone);
CREATE INDEX learners_region ON learners(region_code, id);
CREATE INDEX learners_name ON learners(name);

CREATE TABLE admins (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('super', 'province', 'city', 'district')),
    region_code   TEXT NOT NULL REFERENCES regions(code),
    display_name  TEXT NOT NULL DEFAULT '',
    disabled      INTEGER NOT NULL DEFAULT 0,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
);

-- Sessions of learners and admins; only a hash of the token is stored.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('learner', 'admin')),
    subject_id   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX sessions_subject ON sessions(subject_kind, subject_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- SMS codes and the per-phone daily counter (limits hold across processes: they live here).
CREATE TABLE sms_codes (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'login', 'reset')),
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER
);
CREATE INDEX sms_codes_phone ON sms_codes(phone, purpose, created_at);

CREATE TABLE sms_daily (
    phone        TEXT NOT NULL,
    day          TEXT NOT NULL,
    sent         INTEGER NOT NULL DEFAULT 0,
    last_sent_at INTEGER NOT NULL,
    PRIMARY KEY (phone, day)
);

-- Fixed-window counters of the per-client flood guard, shared by every instance.
CREATE TABLE rate_counters (
    bucket       TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bucket, window_start)
);

CREATE TABLE institutions (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    sso_url        TEXT NOT NULL,
    webhook_url    TEXT,
    intro          TEXT NOT NULL DEFAULT '',
    contact_person TEXT NOT NULL DEFAULT '',
    contact_phone  TEXT NOT NULL DEFAULT '',
    contact_email  TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    secret_enc     TEXT NOT NULL,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

CREATE TABLE offers (
    id             INTEGER PRIMARY KEY,
    year           INTEGER NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('junior', 'intermediate', 'senior')),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    price_fen      INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    UNIQUE (year, level, institution_id)
);

CREATE TABLE enrollments (
    id             INTEGER PRIMARY KEY,
    learner_id     INTEGER NOT NULL REFERENCES learners(id),
    year           INTEGER NOT NULL,
    level          TEXT NOT NULL CHECK (level IN ('junior', 'intermediate', 'senior')),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    status         TEXT NOT NULL CHECK (status IN ('enrolled', 'paid', 'credited', 'cancelled')),
    enrolled_at    INTEGER NOT NULL,
    paid_at        INTEGER,
    credited_at    INTEGER,
    cancelled_at   INTEGER,
    updated_at     INTEGER NOT NULL,
    -- Monotonic change number for the partner change feed.
    change_seq     INTEGER NOT NULL DEFAULT 0
);
-- At most one non-cancelled enrollment per learner per year, held by the database itself.
CREATE UNIQUE INDEX enrollments_one_active ON enrollments(learner_id, year) WHERE status <> 'cancelled';
CREATE INDEX enrollments_learner ON enrollments(learner_id, year);
CREATE INDEX enrollments_institution_feed ON enrollments(institution_id, change_seq);

-- Payments and refunds reported by schools; idempotent on (institution, kind, reference).
CREATE TABLE payments (
    id             INTEGER PRIMARY KEY,
    enrollment_id  INTEGER NOT NULL REFERENCES enrollments(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    kind           TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
    reference      TEXT NOT NULL,
    amount_fen     INTEGER,
    occurred_at    INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    UNIQUE (institution_id, kind, reference)
);
CREATE INDEX payments_enrollment ON payments(enrollment_id);

CREATE TABLE claims (
    id             INTEGER PRIMARY KEY,
    learner_id     INTEGER NOT NULL REFERENCES learners(id),
    year           INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    role           TEXT,
    days           INTEGER,
    subjects       INTEGER,
    title          TEXT NOT NULL,
    credits_tenths INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reason         TEXT,
    reviewed_by    INTEGER REFERENCES admins(id),
    reviewed_at    INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE INDEX claims_learner ON claims(learner_id, year);
CREATE INDEX claims_status ON claims(status, created_at);

CREATE TABLE claim_files (
    id            INTEGER PRIMARY KEY,
    claim_id      INTEGER NOT NULL REFERENCES claims(id),
    stored_name   TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL
);
CREATE INDEX claim_files_claim ON claim_files(claim_id);

-- The credit ledger: records are never edited; a correction is a reversing record.
CREATE TABLE credit_records (
    id             INTEGER PRIMARY KEY,
    learner_id     INTEGER NOT NULL REFERENCES learners(id),
    year           INTEGER NOT NULL,
    category       TEXT NOT NULL CHECK (category IN ('professional', 'public')),
    credits_tenths INTEGER NOT NULL,
    method         TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('school', 'claim', 'admin')),
    -- Unique per source: 'INSTITUTION_ID:RECORD_ID' for a school, the claim id, or an admin reference.
    source_ref     TEXT NOT NULL,
    institution_id INTEGER REFERENCES institutions(id),
    enrollment_id  INTEGER REFERENCES enrollments(id),
    claim_id       INTEGER REFERENCES claims(id),
    course         TEXT NOT NULL DEFAULT '',
    completed_at   INTEGER NOT NULL,
    reverses_id    INTEGER REFERENCES credit_records(id),
    created_at     INTEGER NOT NULL,
    UNIQUE (source, source_ref)
);
CREATE INDEX credit_records_learner ON credit_records(learner_id, year);
CREATE INDEX credit_records_enrollment ON credit_records(enrollment_id);

CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    enrollment_id  INTEGER NOT NULL UNIQUE REFERENCES enrollments(id),
    institution_id INTEGER NOT NULL REFERENCES institutions(id),
    learner_id     INTEGER NOT NULL REFERENCES learners(id),
    rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    comment        TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL
);
CREATE INDEX reviews_institution ON reviews(institution_id);

CREATE TABLE certificates (
    code         TEXT PRIMARY KEY,
    learner_id   INTEGER NOT NULL REFERENCES learners(id),
    year         INTEGER NOT NULL,
    total_tenths INTEGER NOT NULL,
    professional_tenths INTEGER NOT NULL,
    public_tenths INTEGER NOT NULL,
    issued_at    INTEGER NOT NULL
);
CREATE INDEX certificates_learner ON certificates(learner_id, year);

CREATE TABLE notices (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE INDEX notices_published ON notices(published_at, id);

CREATE TABLE faqs (
    id         INTEGER PRIMARY KEY,
    question   TEXT NOT NULL,
    answer     TEXT NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX faqs_order ON faqs(sort_order, id);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    INTEGER,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}',
    client_ip   TEXT
);
CREATE INDEX audit_log_at ON audit_log(at, id);
CREATE INDEX audit_log_target ON audit_log(target_kind, target_id);

-- Partner API replay protection: a nonce is accepted once per institution.
CREATE TABLE partner_nonces (
    institution_id INTEGER NOT NULL,
    nonce          TEXT NOT NULL,
    expires_at     INTEGER NOT NULL,
    PRIMARY KEY (institution_id, nonce)
);
CREATE INDEX partner_nonces_expiry ON partner_nonces(expires_at);

-- 进入网校 hand-off tokens: single use.
CREATE TABLE handoff_tokens (
    jti           TEXT PRIMARY KEY,
    enrollment_id INTEGER NOT NULL REFERENCES enrollments(id),
    expires_at    INTEGER NOT NULL,
    used_at       INTEGER
);

-- Durable outbox of signed webhooks to schools.
CREATE TABLE webhook_outbox (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institutions(id),
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL
);
CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, next_attempt_at);
