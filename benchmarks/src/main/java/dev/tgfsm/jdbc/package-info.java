/**
 * Benchmark access to the JDBC backend's own SQL, so that the raw JDBC baselines run exactly the
 * statements {@link dev.tgfsm.jdbc.JdbcFsmStorage} runs.
 */
package dev.tgfsm.jdbc;
