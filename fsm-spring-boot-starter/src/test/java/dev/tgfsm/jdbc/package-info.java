/**
 * Tests of the JDBC storage: the shared contract on every database, statement counts, two instances
 * on one database, and connection faults.
 */
package dev.tgfsm.jdbc;
