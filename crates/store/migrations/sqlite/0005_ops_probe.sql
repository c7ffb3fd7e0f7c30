-- /healthz writes and removes a row here while writes are being refused for lack of space,
-- to tell when space has returned (crates/store/src/probe.rs).
CREATE TABLE ops_probe (
    id INTEGER PRIMARY KEY,
    checked_at INTEGER NOT NULL,
    pad BLOB NOT NULL
);
