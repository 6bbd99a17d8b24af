-- tgfsm JDBC storage schema for SQLite. Times are epoch milliseconds; JSON is stored as text.
-- Version 1 of tgfsm's tables, in the form Flyway and Liquibase expect; tgfsm's own initializer runs it too.
-- Every table name starts with the placeholder tgfsm_table_prefix (default tgfsm_, see the README).

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}records (
    record_key TEXT NOT NULL PRIMARY KEY,
    state TEXT,
    data TEXT NOT NULL,
    meta TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}records_expires_idx ON ${tgfsm_table_prefix}records (expires_at);

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}counters (
    counter_name TEXT NOT NULL PRIMARY KEY,
    counter_value INTEGER NOT NULL,
    expires_at INTEGER
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}counters_expires_idx ON ${tgfsm_table_prefix}counters (expires_at);

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}locks (
    lock_key TEXT NOT NULL PRIMARY KEY,
    token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}locks_expires_idx ON ${tgfsm_table_prefix}locks (expires_at);

-- The deadline index of idle timeouts.
CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}deadlines (
    record_key TEXT NOT NULL PRIMARY KEY,
    due_at INTEGER NOT NULL
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}deadlines_due_idx ON ${tgfsm_table_prefix}deadlines (due_at);
