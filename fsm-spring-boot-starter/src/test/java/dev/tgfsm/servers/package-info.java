/**
 * Finds the real Redis, PostgreSQL and MariaDB servers that integration tests run against.
 */
package dev.tgfsm.servers;
