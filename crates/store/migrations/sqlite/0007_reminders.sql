-- 学习提醒 (SPEC section 9): reminders of authorities, employers and the yearly dates, each
-- learner's message of one (the SMS and the in-app 消息 at once), the learner's opt-out, and the
-- SMS rate shared by every instance.
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    creator_kind   TEXT NOT NULL CHECK (creator_kind IN ('admin', 'employer', 'system')),
    creator_id     INTEGER,
    -- The scope: a region (admins, the yearly dates) or an employer's confirmed staff.
    region_code    TEXT REFERENCES regions(code),
    employer_id    INTEGER REFERENCES employers(id),
    year           INTEGER NOT NULL,
    audience       TEXT NOT NULL CHECK (audience IN ('not_met', 'not_enrolled', 'all')),
    sms            INTEGER NOT NULL,
    title          TEXT NOT NULL,
    text           TEXT NOT NULL,
    send_at        INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('scheduled', 'running', 'done', 'cancelled')),
    audience_count INTEGER NOT NULL,
    -- The instance delivering it, until when (a crashed instance's lease runs out).
    lease_owner    TEXT,
    lease_until    INTEGER,
    -- A yearly reminder's date (YYYY-MM-DD): created once across all instances.
    yearly_key     TEXT UNIQUE,
    created_at     INTEGER NOT NULL,
    finished_at    INTEGER
);
CREATE INDEX reminders_due ON reminders(status, send_at);
CREATE INDEX reminders_employer ON reminders(employer_id, id);

-- One row per reminder and learner, written when the reminder is created: the unique key is
-- what keeps a second SMS from going, whatever instances and crashes happen.
CREATE TABLE reminder_messages (
    id           INTEGER PRIMARY KEY,
    reminder_id  INTEGER NOT NULL REFERENCES reminders(id),
    learner_id   INTEGER NOT NULL REFERENCES learners(id),
    state        TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    not_before   INTEGER NOT NULL DEFAULT 0,
    error        TEXT,
    text         TEXT,
    sent_at      INTEGER,
    read_at      INTEGER,
    UNIQUE (reminder_id, learner_id)
);
CREATE INDEX reminder_messages_state ON reminder_messages(reminder_id, state, id);
CREATE INDEX reminder_messages_learner ON reminder_messages(learner_id, id);

-- 接收学习提醒短信 (个人信息), on unless the learner turns it off.
ALTER TABLE learners ADD COLUMN reminder_sms INTEGER NOT NULL DEFAULT 1;

-- Reminder SMS sent in each second, by every instance: the shared rate limit.
CREATE TABLE reminder_sms_rate (
    second INTEGER PRIMARY KEY,
    sent   INTEGER NOT NULL
);
