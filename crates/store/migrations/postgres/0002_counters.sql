-- Named monotonic counters. `enrollment_change` numbers every enrollment change for the partner
-- feed: taken in the same transaction as the change, so the numbers follow commit order.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('enrollment_change', 0);

-- Admin lockout mirrors the learners'; institutions and reviews are looked up by these.
CREATE INDEX offers_lookup ON offers(year, level, disabled);
CREATE INDEX enrollments_institution ON enrollments(institution_id, year);
