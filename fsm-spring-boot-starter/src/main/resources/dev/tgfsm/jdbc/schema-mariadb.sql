-- tgfsm JDBC storage schema for MariaDB and MySQL (InnoDB). Times are epoch milliseconds; JSON is
-- stored as text. Keys are ASCII with binary collation, so LIKE and ordering are exact.
-- Written with the default table prefix tgfsm_, so it can be used as a Flyway or Liquibase migration as is.

CREATE TABLE IF NOT EXISTS tgfsm_records (
    record_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    state VARCHAR(1024) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,
    data MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL,
    meta MEDIUMTEXT CHARACTER SET utf8mb4 NOT NULL,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (record_key),
    INDEX tgfsm_records_expires_idx (expires_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS tgfsm_counters (
    counter_name VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    counter_value BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (counter_name),
    INDEX tgfsm_counters_expires_idx (expires_at)
) ENGINE = InnoDB;

CREATE TABLE IF NOT EXISTS tgfsm_locks (
    lock_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    token VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (lock_key),
    INDEX tgfsm_locks_expires_idx (expires_at)
) ENGINE = InnoDB;

-- Added in 0.1 for idle timeouts: the deadline index (safe to run on an existing schema).
CREATE TABLE IF NOT EXISTS tgfsm_deadlines (
    record_key VARCHAR(512) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    due_at BIGINT NOT NULL,
    PRIMARY KEY (record_key),
    INDEX tgfsm_deadlines_due_idx (due_at)
) ENGINE = InnoDB;
