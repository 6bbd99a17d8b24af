/**
 * Finds the real Redis, PostgreSQL and MariaDB servers that integration tests run against, and runs
 * applications of the test class path as separate JVM processes.
 */
package dev.tgfsm.servers;
