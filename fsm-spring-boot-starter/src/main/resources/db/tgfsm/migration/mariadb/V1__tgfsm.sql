-- tgfsm JDBC storage schema for MariaDB and MySQL (InnoDB). Times are epoch milliseconds; JSON is
-- stored as text. Keys are ASCII with binary collation, so LIKE and ordering are exact.
-- Version 1 of tgfsm's tables, in the form Flyway and Liquibase expect; tgfsm's own initializer runs it too.
-- Every table name starts with the placeholder tgfsm_table_prefix (default tgfsm_, see the README).

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}records (
    record_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    data MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL,
    meta MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (record_key),
    INDEX ${tgfsm_table_prefix}records_expires_idx (expires_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}counters (
    counter_name VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    counter_value BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (counter_name),
    INDEX ${tgfsm_table_prefix}counters_expires_idx (expires_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}locks (
    lock_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    token VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (lock_key),
    INDEX ${tgfsm_table_prefix}locks_expires_idx (expires_at)
) ENGINE = InnoDB;

-- The deadline index of idle timeouts.
CREATE TABLE IF NOT EXISTS ${tgfsm_table_prefix}deadlines (
    record_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    due_at BIGINT NOT NULL,
    PRIMARY KEY (record_key),
    INDEX ${tgfsm_table_prefix}deadlines_due_idx (due_at)
) ENGINE = InnoDB;
