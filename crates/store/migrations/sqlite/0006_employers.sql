-- 单位 (employers): accounts approved by an authority admin, their sessions, and the two-sided
-- links to their staff (SPEC section 8). Reminders (section 9) build on these.
CREATE TABLE employers (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    uscc          TEXT NOT NULL UNIQUE,
    region_code   TEXT NOT NULL REFERENCES regions(code),
    contact_name  TEXT NOT NULL,
    phone         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    reject_reason TEXT,
    decided_by    INTEGER REFERENCES admins(id),
    decided_at    INTEGER,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER,
    created_at    INTEGER NOT NULL
);
CREATE INDEX employers_status ON employers(status, id);
CREATE INDEX employers_phone ON employers(phone);

-- Only a hash of the token is stored, as for learners and admins.
CREATE TABLE employer_sessions (
    token_hash   TEXT PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers(id),
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
);
CREATE INDEX employer_sessions_employer ON employer_sessions(employer_id);
CREATE INDEX employer_sessions_expiry ON employer_sessions(expires_at);

-- requested: the learner named the employer; invited: the employer asked the learner;
-- confirmed: both sides agreed (since_year is the first year the employer may see);
-- ended / declined: history, shown to nobody.
CREATE TABLE staff_links (
    id           INTEGER PRIMARY KEY,
    employer_id  INTEGER NOT NULL REFERENCES employers(id),
    learner_id   INTEGER NOT NULL REFERENCES learners(id),
    state        TEXT NOT NULL CHECK (state IN ('requested', 'invited', 'confirmed', 'ended', 'declined')),
    since_year   INTEGER,
    created_at   INTEGER NOT NULL,
    confirmed_at INTEGER,
    ended_at     INTEGER
);
-- One current employer per learner; one open link per employer and learner; one request per learner.
CREATE UNIQUE INDEX staff_links_one_employer ON staff_links(learner_id) WHERE state = 'confirmed';
CREATE UNIQUE INDEX staff_links_one_open ON staff_links(employer_id, learner_id)
    WHERE state IN ('requested', 'invited', 'confirmed');
CREATE UNIQUE INDEX staff_links_one_request ON staff_links(learner_id) WHERE state = 'requested';
CREATE INDEX staff_links_employer ON staff_links(employer_id, state, learner_id);

-- 团报: the employer that made an enrollment, if one did.
ALTER TABLE enrollments ADD COLUMN employer_id INTEGER REFERENCES employers(id);

-- SMS codes for the employer's registration and 重置密码: SQLite cannot alter a CHECK, so the
-- table is rebuilt with the wider list.
CREATE TABLE sms_codes_new (
    id         INTEGER PRIMARY KEY,
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL CHECK (purpose IN ('register', 'login', 'reset', 'employer_register', 'employer_reset')),
    code_hash  TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    used_at    INTEGER
);
INSERT INTO sms_codes_new SELECT id, phone, purpose, code_hash, created_at, expires_at, attempts, used_at FROM sms_codes;
DROP TABLE sms_codes;
ALTER TABLE sms_codes_new RENAME TO sms_codes;
CREATE INDEX sms_codes_phone ON sms_codes(phone, purpose, created_at);
