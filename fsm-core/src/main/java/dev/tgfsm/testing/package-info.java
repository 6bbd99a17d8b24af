/**
 * Tools for testing bots and backends: a clock that tests move by hand.
 */
package dev.tgfsm.testing;
