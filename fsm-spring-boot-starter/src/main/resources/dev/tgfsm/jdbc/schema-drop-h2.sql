-- Drops the tgfsm JDBC storage tables (default prefix tgfsm_) on H2.

DROP TABLE IF EXISTS tgfsm_records;
DROP TABLE IF EXISTS tgfsm_counters;
DROP TABLE IF EXISTS tgfsm_locks;
DROP TABLE IF EXISTS tgfsm_deadlines;
