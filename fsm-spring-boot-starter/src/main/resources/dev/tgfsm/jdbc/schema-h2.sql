-- tgfsm JDBC storage schema for H2 2.x. Times are epoch milliseconds; JSON is stored as text.
-- Written with the default table prefix tgfsm_, so it can be used as a Flyway or Liquibase migration as is.

CREATE TABLE IF NOT EXISTS tgfsm_records (
    record_key VARCHAR(512) NOT NULL,
    state VARCHAR(1024),
    data CHARACTER VARYING NOT NULL,
    meta CHARACTER VARYING NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT,
    CONSTRAINT tgfsm_records_pk PRIMARY KEY (record_key)
);

CREATE INDEX IF NOT EXISTS tgfsm_records_expires_idx ON tgfsm_records (expires_at);

CREATE TABLE IF NOT EXISTS tgfsm_counters (
    counter_name VARCHAR(512) NOT NULL,
    counter_value BIGINT NOT NULL,
    expires_at BIGINT,
    CONSTRAINT tgfsm_counters_pk PRIMARY KEY (counter_name)
);

CREATE INDEX IF NOT EXISTS tgfsm_counters_expires_idx ON tgfsm_counters (expires_at);

CREATE TABLE IF NOT EXISTS tgfsm_locks (
    lock_key VARCHAR(512) NOT NULL,
    token VARCHAR(128) NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT tgfsm_locks_pk PRIMARY KEY (lock_key)
);

CREATE INDEX IF NOT EXISTS tgfsm_locks_expires_idx ON tgfsm_locks (expires_at);

-- Added in 0.1 for idle timeouts: the deadline index (safe to run on an existing schema).
CREATE TABLE IF NOT EXISTS tgfsm_deadlines (
    record_key VARCHAR(512) NOT NULL,
    due_at BIGINT NOT NULL,
    CONSTRAINT tgfsm_deadlines_pk PRIMARY KEY (record_key)
);

CREATE INDEX IF NOT EXISTS tgfsm_deadlines_due_idx ON tgfsm_deadlines (due_at);
