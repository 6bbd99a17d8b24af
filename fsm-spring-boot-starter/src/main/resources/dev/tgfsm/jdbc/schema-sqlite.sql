-- tgfsm JDBC storage schema for SQLite. Times are epoch milliseconds; JSON is stored as text.
-- Written with the default table prefix tgfsm_, so it can be used as a Flyway or Liquibase migration as is.

CREATE TABLE IF NOT EXISTS tgfsm_records (
    record_key TEXT NOT NULL PRIMARY KEY,
    state TEXT,
    data TEXT NOT NULL,
    meta TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE INDEX IF NOT EXISTS tgfsm_records_expires_idx ON tgfsm_records (expires_at);

CREATE TABLE IF NOT EXISTS tgfsm_counters (
    counter_name TEXT NOT NULL PRIMARY KEY,
    counter_value INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE INDEX IF NOT EXISTS tgfsm_counters_expires_idx ON tgfsm_counters (expires_at);

CREATE TABLE IF NOT EXISTS tgfsm_locks (
    lock_key TEXT NOT NULL PRIMARY KEY,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS tgfsm_locks_expires_idx ON tgfsm_locks (expires_at);

-- Added in 0.1 for idle timeouts: the deadline index (safe to run on an existing schema).
CREATE TABLE IF NOT EXISTS tgfsm_deadlines (
    record_key TEXT NOT NULL PRIMARY KEY,
    due_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS tgfsm_deadlines_due_idx ON tgfsm_deadlines (due_at);
