-- tgfsm JDBC storage schema for PostgreSQL. Times are epoch milliseconds; JSON is stored as text.
-- Version 1 of tgfsm's tables, in the form Flyway and Liquibase expect; tgfsm's own initializer runs it too.
-- Every table name starts with the placeholder tgfsm_table_prefix (default tgfsm_, see the README).

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}records (
    record_key VARCHAR(512) COLLATE "C" NOT NULL,
    state VARCHAR(1024),
    data TEXT NOT NULL,
    meta TEXT NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT,
    CONSTRAINT ${tgfsm_table_prefix}records_pk PRIMARY KEY (record_key)
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}records_expires_idx ON ${tgfsm_table_prefix}records (expires_at);

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}counters (
    counter_name VARCHAR(512) COLLATE "C" NOT NULL,
    counter_value BIGINT NOT NULL,
    expires_at BIGINT,
    CONSTRAINT ${tgfsm_table_prefix}counters_pk PRIMARY KEY (counter_name)
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}counters_expires_idx ON ${tgfsm_table_prefix}counters (expires_at);

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}locks (
    lock_key VARCHAR(512) COLLATE "C" NOT NULL,
    token VARCHAR(128) NOT NULL,
    expires_at BIGINT NOT NULL,
    CONSTRAINT ${tgfsm_table_prefix}locks_pk PRIMARY KEY (lock_key)
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}locks_expires_idx ON ${tgfsm_table_prefix}locks (expires_at);

-- The deadline index of idle timeouts.
CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}deadlines (
    record_key VARCHAR(512) COLLATE "C" NOT NULL,
    due_at BIGINT NOT NULL,
    CONSTRAINT ${tgfsm_table_prefix}deadlines_pk PRIMARY KEY (record_key)
);

CREATE INDEX IF NOT EXISTS ${tgfsm_table_prefix}deadlines_due_idx ON ${tgfsm_table_prefix}deadlines (due_at);
